/// How a ``ParquetFileReader`` reads data pages.
public struct ReadOptions: Sendable, Hashable {
    /// Check the CRC-32 of every data and dictionary page whose header has one, and fail on
    /// a mismatch (naming the column, row group and page). On by default.
    public var verifyChecksums: Bool

    public init(verifyChecksums: Bool = true) {
        self.verifyChecksums = verifyChecksums
    }
}

/// Reads one Parquet file: its footer, schema, and its records one batch at a time.
///
/// ```swift
/// let reader = try ParquetFileReader(path: "batch_00000.parquet")
/// var batches = try reader.batches(columns: ["id", "score"])
/// while let batch = try batches.next() {
///     print(batch.numRows)
/// }
/// ```
/// Opening a reader reads only the footer; data pages are read by the batch iterator.
public final class ParquetFileReader: Sendable {
    /// The path as given.
    public let path: String
    /// The decoded footer.
    public let metadata: FileMetaData
    /// The schema tree and leaf columns.
    public let schema: Schema
    let file: RandomAccessFile
    /// Known bugs of the writer that made the file, and how to read around them.
    let quirks: WriterQuirks
    /// How data pages are read.
    public let options: ReadOptions

    /// Opens `path` and reads its footer and schema.
    public init(path: String, options: ReadOptions = ReadOptions()) throws {
        self.path = path
        self.options = options
        let file = try RandomAccessFile(path: path)
        let metadata = try Footer.read(file)
        self.file = file
        self.metadata = metadata
        self.quirks = WriterQuirks(createdBy: metadata.createdBy)
        let schema = try withContext(file: path, column: nil) { try Schema(elements: metadata.schema) }
        try withContext(file: path) { try schema.checkAnnotations() }
        self.schema = schema
        for (index, group) in metadata.rowGroups.enumerated() where group.columns.count != schema.columns.count {
            throw ParquetError(.corrupt, "row group \(index) has \(group.columns.count) column chunks but the schema has \(schema.columns.count) columns", file: path)
        }
    }

    /// The compression codecs this reader can decompress.
    public static var supportedCodecs: Set<CompressionCodec> { Decompression.supported }

    /// The number of records: the sum of the row groups' `num_rows` (the file-level
    /// `num_rows` is not trusted; some writers get it wrong).
    public var numRows: Int64 {
        get throws { try Self.recordCount(of: metadata, path: path) }
    }

    /// Counts the records of the file at `path` from its footer alone (no data page is read).
    public static func recordCount(path: String) throws -> Int64 {
        let file = try RandomAccessFile(path: path)
        return try recordCount(of: Footer.read(file), path: path)
    }

    static func recordCount(of metadata: FileMetaData, path: String) throws -> Int64 {
        var total: Int64 = 0
        for (index, group) in metadata.rowGroups.enumerated() {
            guard group.numRows >= 0 else {
                throw ParquetError(.corrupt, "row group \(index) has a negative row count \(group.numRows)", file: path)
            }
            let (sum, overflow) = total.addingReportingOverflow(group.numRows)
            guard !overflow else {
                throw ParquetError(.corrupt, "the row groups' row counts overflow a 64-bit integer", file: path)
            }
            total = sum
        }
        return total
    }

    /// The leaf columns selected by `names`: each name is a top-level field (selecting all
    /// of its leaves) or a dotted leaf path. `nil` selects every column.
    public func columns(named names: [String]?) throws -> [ColumnDescriptor] {
        guard let names else { return schema.columns }
        var selected = Set<Int>()
        for name in names {
            let matches = schema.columns.filter { $0.dottedPath == name || $0.path.first == name || $0.dottedPath.hasPrefix(name + ".") }
            guard !matches.isEmpty else {
                throw ParquetError(.invalidArgument, "no column named '\(name)'", file: path)
            }
            for column in matches { selected.insert(column.index) }
        }
        return schema.columns.filter { selected.contains($0.index) }
    }

    /// An iterator over the file's records, one batch at a time.
    ///
    /// - Parameters:
    ///   - columns: the columns to decode (see ``columns(named:)``); nil for all.
    ///   - maxRowsPerBatch: split row groups larger than this into several batches; nil
    ///     yields one batch per row group.
    public func batches(columns: [String]? = nil, maxRowsPerBatch: Int? = nil) throws -> BatchIterator {
        BatchIterator(reader: self, columns: try self.columns(named: columns), maxRowsPerBatch: maxRowsPerBatch)
    }
}

/// Yields the record batches of a file in order; each call decodes one batch.
public struct BatchIterator {
    private let reader: ParquetFileReader
    private let columns: [ColumnDescriptor]
    private let maxRows: Int
    private var rowGroup = -1
    private var rowsLeft = 0
    private var chunkReaders: [ColumnChunkReader] = []

    init(reader: ParquetFileReader, columns: [ColumnDescriptor], maxRowsPerBatch: Int?) {
        self.reader = reader
        self.columns = columns
        self.maxRows = max(1, maxRowsPerBatch ?? Int.max)
    }

    /// The next batch, or nil after the last row group.
    public mutating func next() throws -> RecordBatch? {
        let path = reader.path
        while rowsLeft == 0 {
            rowGroup += 1
            let groups = reader.metadata.rowGroups
            guard rowGroup < groups.count else { return nil }
            let group = groups[rowGroup]
            guard group.numRows >= 0, group.numRows <= Int64(Int32.max) * 64 else {
                throw ParquetError(.corrupt, "row group \(rowGroup) claims \(group.numRows) rows", file: path)
            }
            rowsLeft = Int(group.numRows)
            chunkReaders = []
            if rowsLeft > 0 {
                for column in columns {
                    let chunk = group.columns[column.index]
                    chunkReaders.append(try withContext(file: path, column: column.dottedPath) {
                        try ColumnChunkReader(file: reader.file, descriptor: column, chunk: chunk, quirks: reader.quirks,
                                              verifyChecksums: reader.options.verifyChecksums, rowGroup: rowGroup)
                    })
                }
            }
        }
        let rows = min(rowsLeft, maxRows)
        var data: [ColumnData] = []
        data.reserveCapacity(chunkReaders.count)
        for i in chunkReaders.indices {
            let column = chunkReaders[i].descriptor
            let columnData = try withContext(file: path, column: column.dottedPath) { () throws -> ColumnData in
                let read = try chunkReaders[i].read(records: rows)
                let records = column.maxRepetitionLevel == 0
                    ? read.levelCount : read.repetitionLevels.lazy.filter { $0 == 0 }.count
                guard records == rows else {
                    throw ParquetError.corrupt("row group \(rowGroup) ends after \(records) of \(rows) rows in this column")
                }
                return read
            }
            data.append(columnData)
        }
        rowsLeft -= rows
        if rowsLeft == 0 { chunkReaders = [] }
        return RecordBatch(schema: reader.schema, columns: data, numRows: rows, rowGroupIndex: rowGroup)
    }
}
