// The column index of the page index (parquet.thrift `ColumnIndex`): per data page of a column
// chunk, whether it holds only nulls, its min and max values (PLAIN-encoded, in the column's
// order) and optionally its null count. Stored outside the footer, at
// `ColumnChunk.column_index_offset`; its pages are those of the chunk's offset index.

/// `BoundaryOrder`: how the pages' bounds of a column index are ordered.
public enum BoundaryOrder: Int32, Sendable, Hashable {
    case unordered = 0
    case ascending = 1
    case descending = 2
}

/// `ColumnIndex`: the min/max values and null facts of each data page of a column chunk.
public struct ColumnIndex: Sendable, Hashable {
    /// Per page: it holds only nulls (its bounds are then meaningless, usually empty).
    public var nullPages: [Bool] = []                 // 1
    /// Per page: the PLAIN-encoded lower bound (may be truncated for byte arrays).
    public var minValues: [[UInt8]] = []              // 2
    /// Per page: the PLAIN-encoded upper bound (may be truncated for byte arrays).
    public var maxValues: [[UInt8]] = []              // 3
    public var boundaryOrder: BoundaryOrder = .unordered  // 4
    /// Per page: the number of nulls (optional).
    public var nullCounts: [Int64]?                   // 5
    /// Repetition-level histograms of all pages, concatenated (optional).
    public var repetitionLevelHistograms: [Int64]?    // 6
    /// Definition-level histograms of all pages, concatenated (optional).
    public var definitionLevelHistograms: [Int64]?    // 7
    public init() {}

    /// The number of pages the index describes.
    public var pageCount: Int { nullPages.count }

    /// Decodes a column index from the Thrift compact protocol.
    ///
    /// - Throws: `ParquetError` of kind `.corrupt` when the bytes are malformed, truncated,
    ///   miss a required field, or the per-page lists differ in length.
    public init(thriftCompact bytes: UnsafeRawBufferPointer) throws {
        var reader = ThriftCompactReader(bytes)
        self = try ColumnIndex.decode(&reader, .structure)
    }

    /// parquet.thrift's names of `ColumnIndex` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("ColumnIndex", [1: "null_pages", 2: "min_values", 3: "max_values", 4: "boundary_order", 5: "null_counts", 6: "repetition_level_histograms", 7: "definition_level_histograms"], required: [1, 2, 3, 4])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> ColumnIndex {
        var index = ColumnIndex()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: index.nullPages = try r.readList(f.type, Self.thrift.field(f.id)) { try $0.readBoolElement($1, Self.thrift.field(f.id)) }
            case 2: index.minValues = try r.readList(f.type, Self.thrift.field(f.id)) { try $0.readBinary($1, Self.thrift.field(f.id)) }
            case 3: index.maxValues = try r.readList(f.type, Self.thrift.field(f.id)) { try $0.readBinary($1, Self.thrift.field(f.id)) }
            case 4:
                let raw: Int32 = try r.readInteger(f.type, Self.thrift.field(f.id))
                // An unknown order promises nothing.
                index.boundaryOrder = BoundaryOrder(rawValue: raw) ?? .unordered
            case 5: index.nullCounts = try r.readList(f.type, Self.thrift.field(f.id)) { try $0.readInteger($1, Self.thrift.field(f.id)) }
            case 6: index.repetitionLevelHistograms = try r.readList(f.type, Self.thrift.field(f.id)) { try $0.readInteger($1, Self.thrift.field(f.id)) }
            case 7: index.definitionLevelHistograms = try r.readList(f.type, Self.thrift.field(f.id)) { try $0.readInteger($1, Self.thrift.field(f.id)) }
            default: try r.skip(f)
            }
        }
        let pages = index.nullPages.count
        guard index.minValues.count == pages, index.maxValues.count == pages, index.nullCounts.map({ $0.count == pages }) ?? true else {
            throw ParquetError.corrupt("ColumnIndex: \(pages) null_pages but \(index.minValues.count) min_values, \(index.maxValues.count) max_values and \(index.nullCounts.map { String($0.count) } ?? "no") null_counts")
        }
        return index
    }
}

extension ParquetFileReader {
    /// The column index of a column chunk, or nil when the chunk has none.
    ///
    /// - Parameters:
    ///   - rowGroup: the row group index.
    ///   - column: the leaf column index (``ColumnDescriptor/index``).
    /// - Throws: `ParquetError` naming the file and column when the index lies outside the
    ///   file, is larger than ``maxPageIndexLength``, or does not decode.
    public func columnIndex(rowGroup: Int, column: Int) throws -> ColumnIndex? {
        guard metadata.rowGroups.indices.contains(rowGroup), schema.columns.indices.contains(column) else {
            throw ParquetError(.invalidArgument, "no column chunk \(column) in row group \(rowGroup)", file: path)
        }
        let chunks = metadata.rowGroups[rowGroup].columns
        guard chunks.indices.contains(column) else { return nil }
        let chunk = chunks[column]
        guard let offset = chunk.columnIndexOffset, let length = chunk.columnIndexLength else { return nil }
        return try withContext(file: path, column: schema.columns[column].dottedPath) {
            let bytes = try readMetadataRegion(offset: offset, length: Int64(length), limit: Self.maxPageIndexLength,
                                               what: "row group \(rowGroup): column index")
            do {
                return try bytes.withUnsafeBytes { try ColumnIndex(thriftCompact: $0) }
            } catch let error as ParquetError {
                throw ParquetError(error.kind, "row group \(rowGroup): column index: \(error.message)")
            }
        }
    }

    /// Reads `length` bytes at `offset` that a footer field points to (a page index, a bloom
    /// filter), refusing a region outside the file or larger than `limit`. A region inside
    /// the tail read with the footer is taken from it, without a read of the source.
    func readMetadataRegion(offset: Int64, length: Int64, limit: Int, what: String) throws -> [UInt8] {
        guard length > 0, length <= Int64(limit), offset >= 0, offset <= size, length <= size - offset else {
            throw ParquetError.corrupt("\(what) at byte \(offset) of \(length) bytes does not fit in the file (\(size) bytes, at most \(limit) read)")
        }
        if let bytes = tail.slice(at: offset, count: length) { return bytes }
        return try file.read(at: offset, count: Int(length))
    }
}
