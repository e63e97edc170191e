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
/// ``closeFile()`` releases the descriptor until pages are read again.
public final class ParquetFileReader: Sendable {
    /// The path as given.
    public let path: String
    /// The decoded footer.
    public let metadata: FileMetaData
    /// The schema tree and leaf columns.
    public let schema: Schema
    /// The file, opened when its pages are read (see ``closeFile()``).
    let source: ReopenableFile
    /// Known bugs of the writer that made the file, and how to read around them.
    let quirks: WriterQuirks
    /// How data pages are read.
    public let options: ReadOptions

    /// Opens `path` and reads its footer and schema.
    public init(path: String, options: ReadOptions = ReadOptions()) throws {
        self.path = path
        self.options = options
        let source = try ReopenableFile(path: path)
        let metadata = try Footer.read(try source.file())
        self.source = source
        self.metadata = metadata
        self.quirks = WriterQuirks(createdBy: metadata.createdBy)
        let schema = try withContext(file: path, column: nil) { try Schema(elements: metadata.schema) }
        try withContext(file: path) { try schema.checkAnnotations() }
        self.schema = schema
        for (index, group) in metadata.rowGroups.enumerated() where group.columns.count != schema.columns.count {
            throw ParquetError(.corrupt, "row group \(index) has \(group.columns.count) column chunks but the schema has \(schema.columns.count) columns", file: path)
        }
    }

    /// The open file (opened again after ``closeFile()``).
    var file: RandomAccessFile {
        get throws { try source.file() }
    }

    /// Closes the file descriptor; the footer, schema and metadata stay available, and the
    /// file is opened again when pages are read (it must not have changed size meanwhile).
    /// Iterators already reading keep their own descriptor until they finish. Lets a program
    /// hold readers for any number of files while only the ones being read are open.
    public func closeFile() {
        source.close()
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
        var total = RecordTotal()
        for (index, group) in metadata.rowGroups.enumerated() {
            try total.add(group.numRows, part: "row group \(index)", file: path)
        }
        return total.value
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
    /// Batches are capped by rows and by decoded bytes (``BatchLimits/default``: 65,536 rows
    /// and 64 MiB of values and levels), whatever the row-group size: a large row group is
    /// read page by page in several batches, each ending on a record boundary. Batches never
    /// span two row groups.
    ///
    /// - Parameters:
    ///   - columns: the columns to decode (see ``columns(named:)``); nil for all.
    ///   - maxRowsPerBatch: at most this many records per batch; nil for the default cap.
    ///     `Int.max` with `maxBytesPerBatch: Int.max` yields one batch per row group.
    ///   - maxBytesPerBatch: at most about this many decoded bytes per batch (a batch holds at
    ///     least one record, so one huge record may exceed it); nil for the default cap.
    public func batches(columns: [String]? = nil, maxRowsPerBatch: Int? = nil, maxBytesPerBatch: Int? = nil) throws -> BatchIterator {
        var limits = BatchLimits.default
        if let maxRowsPerBatch { limits.maxRows = maxRowsPerBatch }
        if let maxBytesPerBatch { limits.maxBytes = maxBytesPerBatch }
        return try batches(columns: columns, limits: limits)
    }

    /// An iterator over the file's records in batches of at most `limits`.
    public func batches(columns: [String]? = nil, limits: BatchLimits) throws -> BatchIterator {
        BatchIterator(reader: self, columns: try self.columns(named: columns), limits: limits,
                      rowGroups: Array(metadata.rowGroups.indices))
    }

    /// An iterator over row groups `rowGroups` only (each must be an index of
    /// `metadata.rowGroups`), in the order given.
    package func batches(rowGroups: [Int], limits: BatchLimits) throws -> BatchIterator {
        guard rowGroups.allSatisfy({ metadata.rowGroups.indices.contains($0) }) else {
            throw ParquetError(.invalidArgument, "row groups \(rowGroups) are not all in the file's \(metadata.rowGroups.count)", file: path)
        }
        return BatchIterator(reader: self, columns: schema.columns, limits: limits, rowGroups: rowGroups)
    }
}

/// How large one batch of a ``BatchIterator`` may grow: a cap on records and one on decoded
/// bytes (values and levels as ``ColumnData/byteCount`` counts them).
public struct BatchLimits: Sendable, Hashable {
    /// Most records in one batch.
    public var maxRows: Int
    /// Most decoded bytes in one batch (a batch holds at least one record).
    public var maxBytes: Int

    public init(maxRows: Int, maxBytes: Int) {
        self.maxRows = maxRows
        self.maxBytes = maxBytes
    }

    /// The caps used by `batches()`, `export`, and everything built on them: 65,536 records
    /// and 64 MiB (docs/architecture.md says why).
    public static let `default` = BatchLimits(maxRows: 65_536, maxBytes: 64 << 20)
    /// One batch per row group, however large (memory then follows the writer's row groups).
    public static let rowGroups = BatchLimits(maxRows: .max, maxBytes: .max)
}

/// Yields the record batches of a file in order; each call decodes one batch.
///
/// A batch is at most ``BatchLimits/maxRows`` records and about ``BatchLimits/maxBytes``
/// decoded bytes. The number of records is chosen from an estimate of each column's decoded
/// bytes per record (the chunk metadata for a row group's first batch, then what the last
/// batch measured); when a column turns out larger, its read stops at the byte limit and the
/// columns read before it give back the records past that point, so the cap holds even where
/// the metadata misleads (dictionary-encoded strings).
public struct BatchIterator {
    private let reader: ParquetFileReader
    private let columns: [ColumnDescriptor]
    private let limits: BatchLimits
    private let groups: [Int]
    private var position = -1
    private var rowGroup = -1
    private var rowsLeft = 0
    private var rowsDone = 0
    private var chunkReaders: [ColumnChunkReader] = []
    /// Estimated decoded bytes per record of each selected column in the current row group.
    private var bytesPerRow: [Double] = []
    /// Decoded bytes the column readers hold between batches (their current pages): estimated
    /// from the metadata for a row group's first batch, then measured.
    private var held: Double = 0
    /// Columns whose dictionary is dropped after each read and read again for the next batch
    /// (see ``rereadDictionaries(_:maxBytes:)``).
    private var releasing: [Bool] = []
    /// The buffer the column readers read large pages into.
    private let scratch = PageScratch()

    /// Bytes of read-ahead shared by the column readers of one iterator (each gets at most
    /// ``PageReader/windowSize``).
    static let readAheadBytes = 8 << 20
    /// A batch may use at least 1/`floorShare` of the byte cap, however much the pages held take.
    static let floorShare = 8.0
    /// The share of the byte cap a batch may use when dictionaries are read again for each
    /// batch (each batch then costs a read of them, so batches are kept large).
    static let rereadShare = 2.0
    /// Page size most writers aim at (pyarrow, parquet-mr, DuckDB: about 1 MiB encoded).
    static let typicalPageBytes = 1 << 20

    /// The share of ``BatchLimits/maxBytes`` the record estimate aims at, so that a slightly
    /// low estimate does not make the byte limit cut the batch (which costs a copy of the cut
    /// records).
    static let estimateTarget = 0.8

    init(reader: ParquetFileReader, columns: [ColumnDescriptor], limits: BatchLimits, rowGroups: [Int]) {
        self.reader = reader
        self.columns = columns
        self.groups = rowGroups
        self.limits = BatchLimits(maxRows: max(1, limits.maxRows), maxBytes: max(1, limits.maxBytes))
    }

    /// The next batch, or nil after the last row group.
    public mutating func next() throws -> RecordBatch? {
        let path = reader.path
        while rowsLeft == 0 {
            position += 1
            guard position < groups.count else { return nil }
            rowGroup = groups[position]
            let group = reader.metadata.rowGroups[rowGroup]
            guard group.numRows >= 0, group.numRows <= Int64(Int32.max) * 64 else {
                throw ParquetError(.corrupt, "row group \(rowGroup) claims \(group.numRows) rows", file: path)
            }
            rowsLeft = Int(group.numRows)
            rowsDone = 0
            chunkReaders = []
            bytesPerRow = []
            releasing = []
            held = 0
            if rowsLeft > 0 {
                let file = try reader.file
                // Readers of many columns at once read ahead less each.
                let window = min(PageReader.windowSize, max(4096, Self.readAheadBytes / max(1, columns.count)))
                for column in columns {
                    let chunk = group.columns[column.index]
                    chunkReaders.append(try withContext(file: path, column: column.dottedPath) {
                        try ColumnChunkReader(file: file, descriptor: column, chunk: chunk, quirks: reader.quirks, windowSize: window, scratch: scratch,
                                              verifyChecksums: reader.options.verifyChecksums, rowGroup: rowGroup)
                    })
                    let perRow = Self.estimatedBytesPerRow(column, chunk.metaData, rows: group.numRows)
                    bytesPerRow.append(perRow)
                    held += Self.estimatedPageBytes(chunk.metaData, decodedChunk: perRow * Double(group.numRows))
                }
                let dictionaries = columns.map { Self.estimatedDictionaryBytes(group.columns[$0.index].metaData) }
                releasing = Self.rereadDictionaries(dictionaries, maxBytes: limits.maxBytes)
                for i in dictionaries.indices where releasing[i] { held -= dictionaries[i] }
            }
        }
        var rows = min(rowsLeft, limits.maxRows)
        let estimate = bytesPerRow.reduce(0, +)
        if limits.maxBytes != .max, estimate > 0 {
            // The pages the column readers hold count against the cap too (a row group of
            // thousands of one-page columns holds them all), down to a floor for the batch.
            let share = releasing.contains(true) ? Self.rereadShare : Self.floorShare
            let budget = max(Double(limits.maxBytes) / share, Double(limits.maxBytes) - held)
            let fitting = budget * Self.estimateTarget / estimate
            rows = min(rows, max(1, fitting >= Double(Int.max) ? Int.max : Int(fitting)))
        }
        var data: [ColumnData] = []
        data.reserveCapacity(chunkReaders.count)
        var used = 0
        for i in chunkReaders.indices {
            let column = chunkReaders[i].descriptor
            let budget = limits.maxBytes == .max ? Int.max : max(0, limits.maxBytes - used)
            let read = try withContext(file: path, column: column.dottedPath) { () throws -> ColumnRead in
                let expected = min(Double(budget), bytesPerRow[i] * Double(rows))
                let read = try chunkReaders[i].read(records: rows, maxBytes: budget, expectedBytes: Int(expected))
                if releasing[i] { chunkReaders[i].releaseDictionary() }
                guard read.records == rows || (read.limited && read.records > 0 && read.records < rows) else {
                    throw ParquetError.corrupt("row group \(rowGroup) ends after \(rowsDone + read.records) of \(rowsDone + rowsLeft) rows in this column")
                }
                return read
            }
            if read.records < rows {
                // This column reached the byte limit first: the batch ends where it stopped,
                // and the columns before it give back what they read past that point.
                rows = read.records
                used = 0
                for j in data.indices {
                    chunkReaders[j].unread(data[j].splitOff(records: rows))
                    used += data[j].byteCount
                }
            }
            used += read.data.byteCount
            data.append(read.data)
        }
        for i in data.indices { bytesPerRow[i] = Double(data[i].byteCount) / Double(max(1, rows)) }
        held = Double(chunkReaders.reduce(0) { $0 + $1.heldBytes })
        let offset = rowsDone
        rowsLeft -= rows
        rowsDone += rows
        if rowsLeft == 0 { chunkReaders = [] }
        return RecordBatch(schema: reader.schema, columns: data, numRows: rows, rowGroupIndex: rowGroup,
                           rowGroupOffset: offset, endsRowGroup: rowsLeft == 0)
    }

    /// Decoded bytes of one page of a chunk, estimated from its metadata: a typical page's
    /// share of the chunk's decoded size, or the whole chunk when it is smaller.
    static func estimatedPageBytes(_ metadata: ColumnMetaData?, decodedChunk: Double) -> Double {
        guard let metadata, metadata.totalUncompressedSize > 0 else { return 0 }
        let pages = max(1, Double(metadata.totalUncompressedSize) / Double(typicalPageBytes))
        return decodedChunk / pages + estimatedDictionaryBytes(metadata)
    }

    /// Decoded bytes of a chunk's dictionary, estimated from its metadata: a dictionary page
    /// is held for the whole chunk; its size is the gap before the first data page (scaled
    /// by the chunk's compression ratio). 0 without a dictionary page.
    static func estimatedDictionaryBytes(_ metadata: ColumnMetaData?) -> Double {
        guard let metadata, let dictionary = metadata.dictionaryPageOffset, dictionary > 0, dictionary < metadata.dataPageOffset,
              metadata.totalCompressedSize > 0, metadata.totalUncompressedSize > 0 else { return 0 }
        let ratio = Double(metadata.totalUncompressedSize) / Double(metadata.totalCompressedSize)
        return Double(metadata.dataPageOffset - dictionary) * min(ratio, 64)
    }

    /// Which columns read their dictionary again for each batch instead of holding it: the
    /// small ones (at most 1/``smallDictionaryShare`` of the cap each), when together they
    /// pass the byte cap — a wide row group, thousands of columns with a dictionary each.
    /// Larger dictionaries stay held (one read per chunk): reading them for each batch would
    /// cost more than the batch.
    static func rereadDictionaries(_ dictionaries: [Double], maxBytes: Int) -> [Bool] {
        let small = Double(maxBytes) / smallDictionaryShare
        let marked = dictionaries.map { $0 > 0 && $0 <= small }
        let total = zip(dictionaries, marked).reduce(0.0) { $0 + ($1.1 ? $1.0 : 0) }
        guard maxBytes != .max, total > Double(maxBytes) else { return Array(repeating: false, count: dictionaries.count) }
        return marked
    }

    /// See ``rereadDictionaries(_:maxBytes:)``.
    static let smallDictionaryShare = 64.0

    /// Decoded bytes per record of a column chunk, estimated from its metadata: fixed-width
    /// values and levels for each level entry; BYTE_ARRAY values from the uncompressed size
    /// (an underestimate for dictionary-encoded chunks, which the byte limit of a read catches).
    static func estimatedBytesPerRow(_ column: ColumnDescriptor, _ metadata: ColumnMetaData?, rows: Int64) -> Double {
        guard let metadata, rows > 0, metadata.numValues > 0 else { return 0 }
        let entries = Double(metadata.numValues) / Double(rows)
        var perEntry = 4.0 * Double((column.maxDefinitionLevel > 0 ? 1 : 0) + (column.maxRepetitionLevel > 0 ? 1 : 0))
        switch column.physicalType {
        case .boolean: perEntry += 1
        case .int32, .float: perEntry += 4
        case .int64, .double: perEntry += 8
        case .int96: perEntry += 12
        case .fixedLenByteArray: perEntry += Double(max(0, column.typeLength))
        default:
            perEntry += 8 + max(0, Double(metadata.totalUncompressedSize) / Double(metadata.numValues) - 4)
        }
        return entries * perEntry
    }
}
