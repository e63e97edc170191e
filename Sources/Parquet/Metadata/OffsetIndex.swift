// The offset index of the page index (parquet.thrift `OffsetIndex`, `PageLocation`): where each
// data page of a column chunk starts and which row it starts with. It is stored outside the
// footer, at `ColumnChunk.offset_index_offset`.

/// `PageLocation`: one data page of a column chunk.
public struct PageLocation: Sendable, Hashable {
    /// File offset of the page header.
    public var offset: Int64                          // 1
    /// Size of the page, header included.
    public var compressedPageSize: Int32              // 2
    /// Index of the page's first row within the row group.
    public var firstRowIndex: Int64                   // 3
    public init(offset: Int64, compressedPageSize: Int32, firstRowIndex: Int64) {
        self.offset = offset
        self.compressedPageSize = compressedPageSize
        self.firstRowIndex = firstRowIndex
    }
}

/// `OffsetIndex`: the locations of a column chunk's data pages, in file order.
public struct OffsetIndex: Sendable, Hashable {
    public var pageLocations: [PageLocation] = []     // 1
    /// Per page, the bytes of BYTE_ARRAY data before encoding (optional).
    public var unencodedByteArrayDataBytes: [Int64]?  // 2
    public init() {}

    /// Decodes an offset index from the Thrift compact protocol.
    ///
    /// - Throws: `ParquetError` of kind `.corrupt` when the bytes are malformed, truncated or
    ///   miss a required field.
    public init(thriftCompact bytes: UnsafeRawBufferPointer) throws {
        var reader = ThriftCompactReader(bytes)
        self = try OffsetIndex.decode(&reader, .structure)
    }

    /// parquet.thrift's names of `OffsetIndex` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("OffsetIndex", [1: "page_locations", 2: "unencoded_byte_array_data_bytes"], required: [1])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> OffsetIndex {
        var index = OffsetIndex()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: index.pageLocations = try r.readList(f.type, Self.thrift.field(f.id)) { try PageLocation.decode(&$0, $1) }
            case 2:
                index.unencodedByteArrayDataBytes = try r.readList(f.type, Self.thrift.field(f.id)) { r, t in
                    try r.readInteger(t, Self.thrift.field(f.id))
                }
            default: try r.skip(f)
            }
        }
        return index
    }

    /// Whether the locations describe the data pages of a chunk of `rows` rows lying in
    /// `chunk` (file offsets): at least one page, the first starting at row 0, pages in
    /// increasing file offset and first-row order, each inside the chunk and not overlapping
    /// the next, every first row below `rows`.
    public func isConsistent(chunk: Range<Int64>, rows: Int64) -> Bool {
        guard let first = pageLocations.first, first.firstRowIndex == 0, rows > 0 else { return false }
        var previousEnd = chunk.lowerBound
        var previousRow: Int64 = -1
        for location in pageLocations {
            guard location.offset >= previousEnd, location.compressedPageSize > 0,
                  location.firstRowIndex > previousRow, location.firstRowIndex < rows else { return false }
            let (end, overflow) = location.offset.addingReportingOverflow(Int64(location.compressedPageSize))
            guard !overflow, end <= chunk.upperBound else { return false }
            previousEnd = end
            previousRow = location.firstRowIndex
        }
        return true
    }
}

extension PageLocation {
    /// parquet.thrift's names of `PageLocation` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("PageLocation", [1: "offset", 2: "compressed_page_size", 3: "first_row_index"], required: [1, 2, 3])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> PageLocation {
        var location = PageLocation(offset: 0, compressedPageSize: 0, firstRowIndex: 0)
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: location.offset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: location.compressedPageSize = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 3: location.firstRowIndex = try r.readInteger(f.type, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return location
    }
}

extension ParquetFileReader {
    /// Largest page-index structure read (a bigger stated length is treated as corrupt).
    public static let maxPageIndexLength = 64 << 20

    /// The offset index of a column chunk, or nil when the chunk has none.
    ///
    /// - Parameters:
    ///   - rowGroup: the row group index.
    ///   - column: the leaf column index (``ColumnDescriptor/index``).
    /// - Throws: `ParquetError` naming the file and column when the index lies outside the
    ///   file, is larger than ``maxPageIndexLength``, or does not decode.
    public func offsetIndex(rowGroup: Int, column: Int) throws -> OffsetIndex? {
        guard metadata.rowGroups.indices.contains(rowGroup), schema.columns.indices.contains(column) else {
            throw ParquetError(.invalidArgument, "no column chunk \(column) in row group \(rowGroup)", file: path)
        }
        let chunks = metadata.rowGroups[rowGroup].columns
        guard chunks.indices.contains(column) else { return nil }
        let chunk = chunks[column]
        guard let offset = chunk.offsetIndexOffset, let length = chunk.offsetIndexLength else { return nil }
        return try withContext(file: path, column: schema.columns[column].dottedPath) {
            let bytes = try readMetadataRegion(offset: offset, length: Int64(length), limit: Self.maxPageIndexLength,
                                               what: "row group \(rowGroup): offset index")
            do {
                return try bytes.withUnsafeBytes { try OffsetIndex(thriftCompact: $0) }
            } catch let error as ParquetError {
                throw ParquetError(error.kind, "row group \(rowGroup): offset index: \(error.message)")
            }
        }
    }
}
