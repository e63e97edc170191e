import Foundation

/// How large one batch of a ``BatchIterator`` may grow: a cap on records and one on decoded
/// bytes (values and levels as ``ColumnData/byteCount`` counts them).
public struct BatchLimits: Sendable, Hashable {
    /// Most records in one batch.
    public var maxRows: Int
    /// Most decoded bytes in one batch (a batch holds at least one record).
    public var maxBytes: Int
    /// Hand out the dictionary-encoded values of flat top-level BYTE_ARRAY columns as indices
    /// (``ColumnData/dictionaryPrefix``) instead of gathering them; for export's text sinks,
    /// which read them so. Off everywhere else.
    package var keepsDictionaryIndices = false
    /// Decode the columns of a batch on two threads (``BatchIterator``), for a caller that
    /// formats on the others (export); the batches are the same. Off everywhere else.
    package var decodesInParallel = false

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
///
/// The iterator is both a throwing iterator (``next()``) and an `AsyncSequence` of batches:
///
/// ```swift
/// for try await batch in try reader.batches(columns: ["user.id", "score"]) { … }
/// ```
/// Both yield the same batches. Over an ``AsyncRandomAccessSource`` only the async form
/// reads. (It is not a `Sequence`: a `Sequence` cannot throw, and a read can fail.)
public struct BatchIterator: Sendable {
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
        var limits = limits
        limits.maxRows = Swift.max(1, limits.maxRows)
        limits.maxBytes = Swift.max(1, limits.maxBytes)
        self.limits = limits
    }

    /// The next batch, or nil after the last row group.
    ///
    /// - Throws: `ParquetError` naming the file (or source), column and fault; `.invalidArgument`
    ///   for a reader over an ``AsyncRandomAccessSource`` (iterate it with `for try await`).
    public mutating func next() throws -> RecordBatch? {
        let planned = reader.plannedSource
        while rowsLeft == 0 {
            guard try advance() else { return nil }
            guard rowsLeft > 0 else { continue }
            if case .sync(let source) = planned {
                try openChunks(from: try reader.fetchChunks(rowGroup: rowGroup, columns: columns, from: source))
            } else {
                try openChunks(from: try reader.file)  // over an async source: throws
            }
        }
        return try decodeBatch()
    }

    /// The next batch, reading through the reader's async source when it has one: the row
    /// group's selected column chunks are fetched (runs of nearly adjacent chunks merged, all
    /// in one ``AsyncRandomAccessSource/read(ranges:)``) when the group starts, then decoded
    /// from memory; ``next()`` does the same over a ``MultiRangeSource``. Over a synchronous
    /// source this is ``next()``.
    mutating func nextAsync() async throws -> RecordBatch? {
        guard case .async(let source) = reader.storage else { return try next() }
        try Task.checkCancellation()
        while rowsLeft == 0 {
            guard try advance() else { return nil }
            if rowsLeft > 0 {
                let fetched = try await reader.fetchChunks(rowGroup: rowGroup, columns: columns, from: source)
                try openChunks(from: fetched)
            }
        }
        return try decodeBatch()
    }

    /// Moves to the next row group of the plan; false after the last. (A row range or a
    /// skip predicate plugs in here: it shortens ``groups`` and, per group, the records and
    /// pages ``openChunks(from:)`` reads.)
    private mutating func advance() throws -> Bool {
        position += 1
        guard position < groups.count else { return false }
        rowGroup = groups[position]
        let group = reader.metadata.rowGroups[rowGroup]
        guard group.numRows >= 0, group.numRows <= Int64(Int32.max) * 64 else {
            throw ParquetError(.corrupt, "row group \(rowGroup) claims \(group.numRows) rows", file: reader.path)
        }
        rowsLeft = Int(group.numRows)
        rowsDone = 0
        chunkReaders = []
        bytesPerRow = []
        releasing = []
        held = 0
        return true
    }

    /// Makes the column readers of the current row group, reading from `file`.
    private mutating func openChunks(from file: any RandomAccessSource) throws {
        let path = reader.path
        let group = reader.metadata.rowGroups[rowGroup]
        // Readers of many columns at once read ahead less each.
        let window = Swift.min(PageReader.windowSize, Swift.max(4096, Self.readAheadBytes / Swift.max(1, columns.count)))
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

    /// Decodes the next batch of the current row group (which has records left).
    private mutating func decodeBatch() throws -> RecordBatch {
        let path = reader.path
        var rows = Swift.min(rowsLeft, limits.maxRows)
        let estimate = bytesPerRow.reduce(0, +)
        if limits.maxBytes != .max, estimate > 0 {
            // The pages the column readers hold count against the cap too (a row group of
            // thousands of one-page columns holds them all), down to a floor for the batch.
            let share = releasing.contains(true) ? Self.rereadShare : Self.floorShare
            let budget = Swift.max(Double(limits.maxBytes) / share, Double(limits.maxBytes) - held)
            let fitting = budget * Self.estimateTarget / estimate
            rows = Swift.min(rows, Swift.max(1, fitting >= Double(Int.max) ? Int.max : Int(fitting)))
        }
        var data: [ColumnData] = []
        data.reserveCapacity(chunkReaders.count)
        var sequential = chunkReaders.indices
        if limits.decodesInParallel, let reads = try decodeInParallel(rows: rows) {
            data = reads
            sequential = 0 ..< 0
        }
        var used = 0
        for i in sequential {
            let column = chunkReaders[i].descriptor
            let budget = limits.maxBytes == .max ? Int.max : Swift.max(0, limits.maxBytes - used)
            let read = try withContext(file: path, column: column.dottedPath) { () throws -> ColumnRead in
                let expected = Swift.min(Double(budget), bytesPerRow[i] * Double(rows))
                let read = try chunkReaders[i].read(records: rows, maxBytes: budget, expectedBytes: Int(expected),
                                                    keepingIndices: limits.keepsDictionaryIndices)
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
        for i in data.indices { bytesPerRow[i] = Double(data[i].byteCount) / Double(Swift.max(1, rows)) }
        held = Double(chunkReaders.reduce(0) { $0 + $1.heldBytes })
        let offset = rowsDone
        rowsLeft -= rows
        rowsDone += rows
        if rowsLeft == 0 { chunkReaders = [] }
        return RecordBatch(schema: reader.schema, columns: data, numRows: rows, rowGroupIndex: rowGroup,
                           rowGroupOffset: offset, endsRowGroup: rowsLeft == 0)
    }

    /// Whether the current row group's chunks are compressed with a codec slow enough to
    /// decode that decoding, not the caller's formatting, sets the pace (ZSTD, BROTLI, GZIP):
    /// only then do columns get decoded in parallel. For SNAPPY, LZ4 and uncompressed chunks
    /// the export measured no gain (formatting already keeps the other core busy) and two
    /// threads' page buffers cost memory.
    private var decodingIsHeavy: Bool {
        let heavy: Set<CompressionCodec> = [.zstd, .brotli, .gzip]
        let chunks = reader.metadata.rowGroups[rowGroup].columns
        return columns.contains { chunks.indices.contains($0.index) && chunks[$0.index].metaData.map { heavy.contains($0.codec) } == true }
    }

    /// Reads `rows` records of every column on two threads (columns split by estimated
    /// bytes), each column within its share of the byte cap (by the estimates). Nil when that
    /// does not give a whole batch: a column stopped at its share, or read fewer records than
    /// asked. Everything read is then given back (``ColumnChunkReader/unread(_:)``) and the
    /// caller reads the batch column by column as usual, so the cap holds as there. Nil also
    /// when there is one column or no estimate to share the cap by.
    private mutating func decodeInParallel(rows: Int) throws -> [ColumnData]? {
        let count = chunkReaders.count
        let estimate = bytesPerRow.reduce(0, +)
        guard count > 1, rows > 0, estimate > 0, bytesPerRow.count == count, decodingIsHeavy else { return nil }
        // Two groups of columns with about equal estimated bytes (largest first, each to the
        // lighter group).
        var split: [[Int]] = [[], []]
        var weights = [0.0, 0.0]
        for i in (0 ..< count).sorted(by: { bytesPerRow[$0] > bytesPerRow[$1] }) {
            let g = weights[0] <= weights[1] ? 0 : 1
            split[g].append(i)
            weights[g] += bytesPerRow[i]
        }
        let groups = split
        let maxBytes = limits.maxBytes, keeping = limits.keepsDictionaryIndices
        let shares = bytesPerRow.map { maxBytes == .max ? Int.max : Int(Swift.min(Double(maxBytes), Double(maxBytes) * $0 / estimate)) }
        let expected = bytesPerRow.map { Int(Swift.min(Double(Int.max / 2), $0 * Double(rows))) }
        let path = reader.path, releasing = self.releasing
        var reads = [ColumnRead?](repeating: nil, count: count)
        var errors = [Error?](repeating: nil, count: count)
        chunkReaders.withUnsafeMutableBufferPointer { readers in
            reads.withUnsafeMutableBufferPointer { reads in
                errors.withUnsafeMutableBufferPointer { errors in
                    nonisolated(unsafe) let readers = readers, reads = reads, errors = errors
                    DispatchQueue.concurrentPerform(iterations: 2) { g in
                        for i in groups[g] {
                            do {
                                let column = readers[i].descriptor
                                reads[i] = try withContext(file: path, column: column.dottedPath) {
                                    try readers[i].read(records: rows, maxBytes: Swift.max(1, shares[i]), expectedBytes: expected[i],
                                                        keepingIndices: keeping)
                                }
                                if releasing[i] { readers[i].releaseDictionary() }
                            } catch {
                                errors[i] = error
                                return
                            }
                        }
                    }
                }
            }
        }
        // The first column's error, as reading in order would report it.
        if let error = errors.compactMap({ $0 }).first { throw error }
        let complete = reads.allSatisfy { $0.map { $0.records == rows && !$0.limited } ?? false }
        var data: [ColumnData] = []
        data.reserveCapacity(count)
        for read in reads { if let read { data.append(read.data) } }
        guard complete, data.count == count else {
            for i in data.indices where i < chunkReaders.count { chunkReaders[i].unread(data[i]) }
            return nil
        }
        return data
    }

    /// Decoded bytes of one page of a chunk, estimated from its metadata: a typical page's
    /// share of the chunk's decoded size, or the whole chunk when it is smaller.
    static func estimatedPageBytes(_ metadata: ColumnMetaData?, decodedChunk: Double) -> Double {
        guard let metadata, metadata.totalUncompressedSize > 0 else { return 0 }
        let pages = Swift.max(1, Double(metadata.totalUncompressedSize) / Double(typicalPageBytes))
        return decodedChunk / pages + estimatedDictionaryBytes(metadata)
    }

    /// Decoded bytes of a chunk's dictionary, estimated from its metadata: a dictionary page
    /// is held for the whole chunk; its size is the gap before the first data page (scaled
    /// by the chunk's compression ratio). 0 without a dictionary page.
    static func estimatedDictionaryBytes(_ metadata: ColumnMetaData?) -> Double {
        guard let metadata, let dictionary = metadata.dictionaryPageOffset, dictionary > 0, dictionary < metadata.dataPageOffset,
              metadata.totalCompressedSize > 0, metadata.totalUncompressedSize > 0 else { return 0 }
        let ratio = Double(metadata.totalUncompressedSize) / Double(metadata.totalCompressedSize)
        return Double(metadata.dataPageOffset - dictionary) * Swift.min(ratio, 64)
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
        case .fixedLenByteArray: perEntry += Double(Swift.max(0, column.typeLength))
        default:
            perEntry += 8 + Swift.max(0, Double(metadata.totalUncompressedSize) / Double(metadata.numValues) - 4)
        }
        return entries * perEntry
    }
}

extension BatchIterator: AsyncSequence {
    /// Each element is one batch.
    public typealias Element = RecordBatch

    /// Iterates a copy of the batch iterator from where it stands.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self) }

    /// The async iterator of a ``BatchIterator``: the same batches as its ``BatchIterator/next()``.
    /// Checks for task cancellation before each batch.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var base: BatchIterator

        /// The next batch, or nil after the last row group.
        public mutating func next() async throws -> RecordBatch? {
            try await base.nextAsync()
        }
    }
}
