import Foundation

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
/// A reader reads from a ``RandomAccessSource`` — a file by path or `file:` URL, bytes in
/// memory (`Data`, `[UInt8]`), or an app's own — or, opened with ``open(source:options:)``,
/// from an ``AsyncRandomAccessSource`` (remote storage), whose batches are read with
/// `for try await`. Opening a reader reads only the footer; data pages are read by the
/// batch iterators. A reader is `Sendable`: separate iterators over one reader may run on
/// separate tasks. ``closeFile()`` releases a file's descriptor until pages are read again.
public final class ParquetFileReader: Sendable {
    /// The path as given, or the name of the source (``RandomAccessSource/name``): what
    /// error messages call the file.
    public let path: String
    /// The decoded footer.
    public let metadata: FileMetaData
    /// The schema tree and leaf columns.
    public let schema: Schema
    /// What the reader reads from.
    let storage: Storage
    /// The source's size when the reader was opened: the bound every read is checked against.
    let size: Int64
    /// The length of the Thrift-encoded footer.
    let footerSize: Int64
    /// The tail of the file read with the footer; page-index and bloom-filter reads that lie
    /// in it are served from it (see ``readMetadataRegion(offset:length:limit:what:)``).
    let tail: FileTail
    /// Known bugs of the writer that made the file, and how to read around them.
    let quirks: WriterQuirks
    /// How data pages are read.
    public let options: ReadOptions

    /// The source of a reader: read synchronously, or only through async iterators.
    enum Storage: Sendable {
        case sync(any RandomAccessSource)
        case async(any AsyncRandomAccessSource)
    }

    /// Opens the file at `path` and reads its footer and schema.
    ///
    /// - Throws: `ParquetError` naming the path when the file cannot be opened or is not a
    ///   readable Parquet file.
    public convenience init(path: String, options: ReadOptions = ReadOptions()) throws {
        try self.init(source: FileSource(path: path), options: options)
    }

    /// Opens the file at a `file:` URL (other URLs are refused with `.invalidArgument`; read
    /// them through an ``AsyncRandomAccessSource``).
    public convenience init(url: URL, options: ReadOptions = ReadOptions()) throws {
        try self.init(source: FileSource(url: url), options: options)
    }

    /// Reads a Parquet file held in memory; `name` is what error messages call it.
    public convenience init(data: Data, name: String = "<memory>", options: ReadOptions = ReadOptions()) throws {
        try self.init(source: MemorySource(data, name: name), options: options)
    }

    /// Reads a Parquet file held in memory; `name` is what error messages call it.
    public convenience init(bytes: [UInt8], name: String = "<memory>", options: ReadOptions = ReadOptions()) throws {
        try self.init(source: MemorySource(bytes, name: name), options: options)
    }

    /// Reads the footer and schema of the file in `source`; pages are read from it later
    /// (over a ``MultiRangeSource``, with the plan and few `read(ranges:)` calls of an async
    /// source, see ``MultiRangeSource``).
    ///
    /// - Throws: `ParquetError` naming the source (``RandomAccessSource/name``).
    public convenience init(source: some RandomAccessSource, options: ReadOptions = ReadOptions()) throws {
        let name = source.name
        let size = try withContext(file: name) { try source.size }
        let footer = try withContext(file: name) { try Footer.read(source, size: size) }
        try self.init(storage: .sync(source), name: name, size: size, footer: footer, options: options)
    }

    /// Opens the file in an async source (remote storage): reads its footer with one or two
    /// range reads (the tail; the footer's part before it when the footer is longer than the tail read).
    ///
    /// The batch iterators of the reader are read with `for try await`; each row group's
    /// selected column chunks are fetched with one read per run of adjacent chunks and decoded
    /// from memory. Synchronous reads (`next()`, ``offsetIndex(rowGroup:column:)``, page
    /// headers, row positions) throw `.invalidArgument` on such a reader.
    ///
    /// ```swift
    /// let reader = try await ParquetFileReader.open(source: AsyncSourceAdapter(FileSource(path: path)))
    /// for try await batch in try reader.batches(columns: ["id"]) { print(batch.numRows) }
    /// ```
    public static func open(source: some AsyncRandomAccessSource, options: ReadOptions = ReadOptions()) async throws -> ParquetFileReader {
        let name = source.name
        do {
            let size = try await source.size
            let footer = try await Footer.read(source, size: size)
            return try ParquetFileReader(storage: .async(source), name: name, size: size, footer: footer, options: options)
        } catch let error as ParquetError {
            throw error.adding(file: name)
        }
    }

    private init(storage: Storage, name: String, size: Int64, footer: Footer.Decoded, options: ReadOptions) throws {
        let metadata = footer.metadata
        self.footerSize = footer.length
        self.tail = footer.tail
        self.path = name
        self.options = options
        self.storage = storage
        self.size = size
        self.metadata = metadata
        self.quirks = WriterQuirks(createdBy: metadata.createdBy)
        let schema = try withContext(file: name, column: nil) { try Schema(elements: metadata.schema) }
        try withContext(file: name) { try schema.checkAnnotations() }
        self.schema = schema
        for (index, group) in metadata.rowGroups.enumerated() where group.columns.count != schema.columns.count {
            throw ParquetError(.corrupt, "row group \(index) has \(group.columns.count) column chunks but the schema has \(schema.columns.count) columns", file: name)
        }
    }

    /// The same file (footer, schema, options, the tail read) read from `storage` instead.
    private init(copying other: ParquetFileReader, storage: Storage) {
        path = other.path
        metadata = other.metadata
        schema = other.schema
        self.storage = storage
        size = other.size
        footerSize = other.footerSize
        tail = other.tail
        quirks = other.quirks
        options = other.options
    }

    /// A reader of the same file that reads `source` (bytes of it fetched into memory): how
    /// an async iterator runs the synchronous planning and decoding over what it fetched.
    func reading(from source: FetchedRanges) -> ParquetFileReader {
        ParquetFileReader(copying: self, storage: .sync(source))
    }

    /// The source to read pages from now: for a file source the open file itself, so that an
    /// iterator keeps its descriptor until it finishes even if ``closeFile()`` is called
    /// meanwhile (and reading opens the path again after it).
    ///
    /// - Throws: `.invalidArgument` for a reader over an async source.
    var file: any RandomAccessSource {
        get throws {
            switch storage {
            case .sync(let source):
                if let file = source as? FileSource { return try file.file.file() }
                return source
            case .async:
                throw ParquetError(.invalidArgument, "this reader reads an async source: read its batches with `for try await`", file: path)
            }
        }
    }

    /// Where a reader that plans its reads (see ``SelectionIterator``) fetches them from: an
    /// async source, or a synchronous ``MultiRangeSource``.
    enum PlannedSource: Sendable {
        case async(any AsyncRandomAccessSource)
        case sync(any MultiRangeSource)
    }

    /// The source this reader plans its reads for, fetching each step's ranges into memory in
    /// one read; nil for a source read as it is decoded (files, memory).
    var plannedSource: PlannedSource? {
        switch storage {
        case .async(let source): return .async(source)
        case .sync(let source): return (source as? any MultiRangeSource).map { .sync($0) }
        }
    }

    /// Whether the reader reads an ``AsyncRandomAccessSource`` (its batches only with `for try await`).
    public var isAsync: Bool {
        if case .async = storage { return true }
        return false
    }

    /// Closes the file descriptor of a file source; the footer, schema and metadata stay
    /// available, and the file is opened again when pages are read (it must not have changed
    /// size meanwhile). Iterators already reading keep their own descriptor until they
    /// finish. Lets a program hold readers for any number of files while only the ones being
    /// read are open. Does nothing for other sources.
    public func closeFile() {
        if case .sync(let source) = storage, let file = source as? FileSource { file.close() }
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
        return try recordCount(of: Footer.read(file, size: file.size).metadata, path: path)
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

extension ParquetFileReader {
    /// Gaps between byte ranges up to this many bytes are read along with them, so that a
    /// run of nearly adjacent ranges (column chunks, page-index entries, pages) costs one read
    /// of an async source.
    static let coalesceGap: Int64 = 64 << 10

    /// Fetches the byte ranges of the `columns` chunks of row group `rowGroup` from an async
    /// source — nearly adjacent ranges merged, all in one read — into memory.
    func fetchChunks(rowGroup: Int, columns: [ColumnDescriptor], from source: any AsyncRandomAccessSource) async throws -> FetchedRanges {
        let fetched = FetchedRanges(name: path, size: size, refetchable: false)
        try await fetch(try chunkRanges(rowGroup: rowGroup, columns: columns), from: source, into: fetched, group: rowGroup)
        return fetched
    }

    /// The same as the async ``fetchChunks(rowGroup:columns:from:)`` from a ``MultiRangeSource``.
    func fetchChunks(rowGroup: Int, columns: [ColumnDescriptor], from source: any MultiRangeSource) throws -> FetchedRanges {
        let fetched = FetchedRanges(name: path, size: size, refetchable: false)
        try fetch(try chunkRanges(rowGroup: rowGroup, columns: columns), from: source, into: fetched, group: rowGroup)
        return fetched
    }

    /// The byte ranges a whole-chunk read of the `columns` chunks of row group `rowGroup`
    /// reads (see ``PageReader/chunkRange(_:padding:fileSize:)``).
    func chunkRanges(rowGroup: Int, columns: [ColumnDescriptor]) throws -> [Range<Int64>] {
        let group = metadata.rowGroups[rowGroup]
        var ranges: [Range<Int64>] = []
        for column in columns {
            let chunk = group.columns[column.index]
            // A chunk without usable metadata is refused by its ColumnChunkReader, with context.
            guard let metadata = chunk.metaData, !chunk.isEncrypted, chunk.filePath == nil else { continue }
            let range = try withContext(file: path, column: column.dottedPath) {
                try PageReader.chunkRange(metadata, padding: quirks.chunkPadding, fileSize: size)
            }
            if !range.isEmpty { ranges.append(range) }
        }
        return ranges
    }

    /// Reads `ranges` of an async source into `fetched` (tagged as data of row group `group`,
    /// or nil for metadata kept while the iterator runs): those at most ``coalesceGap`` apart
    /// are merged, and all of them are asked for in one ``AsyncRandomAccessSource/read(ranges:)``
    /// call (one multi-range request for ``HTTPRangeSource``-like sources).
    func fetch(_ ranges: [Range<Int64>], from source: any AsyncRandomAccessSource, into fetched: FetchedRanges, group: Int?) async throws {
        let merged = Self.mergedForFetch(ranges)
        guard !merged.isEmpty else { return }
        let pieces: [[UInt8]]
        do {
            pieces = try await source.read(ranges: merged)
        } catch let error as ParquetError {
            throw error.adding(file: path)
        }
        try store(pieces, of: merged, into: fetched, group: group)
    }

    /// The same as the async ``fetch(_:from:into:group:)`` from a ``MultiRangeSource``: one
    /// ``MultiRangeSource/read(ranges:)`` call.
    func fetch(_ ranges: [Range<Int64>], from source: any MultiRangeSource, into fetched: FetchedRanges, group: Int?) throws {
        let merged = Self.mergedForFetch(ranges)
        guard !merged.isEmpty else { return }
        let pieces = try withContext(file: path) { try source.read(ranges: merged) }
        try store(pieces, of: merged, into: fetched, group: group)
    }

    /// What one fetch asks for: `ranges` sorted, with those at most ``coalesceGap`` apart merged.
    static func mergedForFetch(_ ranges: [Range<Int64>]) -> [Range<Int64>] {
        FetchedRanges.coalesce(ranges.filter { !$0.isEmpty }, gap: coalesceGap)
    }

    /// Keeps the `pieces` a source returned for `merged` in `fetched`, checking that there is
    /// one of the right length per range.
    ///
    /// - Throws: `.io` naming the file when the source returned something else.
    private func store(_ pieces: [[UInt8]], of merged: [Range<Int64>], into fetched: FetchedRanges, group: Int?) throws {
        guard pieces.count == merged.count else {
            throw ParquetError(.io, "a read of \(merged.count) byte ranges returned \(pieces.count)", file: path)
        }
        for (range, bytes) in zip(merged, pieces) {
            guard bytes.count == Int(range.count) else {
                throw ParquetError(.io, "a read of \(range.count) bytes at \(range.lowerBound) returned \(bytes.count)", file: path)
            }
            fetched.insert(offset: range.lowerBound, bytes: bytes, group: group)
        }
    }
}

/// A read of bytes an async iterator has not fetched yet: it fetches `ranges` and runs its
/// step again.
struct FetchMiss: Error {
    /// What the bytes are kept as.
    enum Tier {
        /// Kept while the iterator runs (page-index regions).
        case metadata
        /// Data of this row group.
        case data(Int)
        /// Data of the row group the iterator was reading when the read missed.
        case current
    }
    var ranges: [Range<Int64>]
    var tier: Tier
}

/// Byte ranges of a source fetched into memory, read as a source of the original's size.
///
/// A read must lie inside one fetched piece. When it does not, a refetchable store throws
/// ``FetchMiss`` (the async iterators then fetch the bytes and retry); a fixed one throws
/// `.corrupt`, naming the source. Pieces hold metadata (kept) or one row group's data
/// (dropped by ``keepData(of:)`` when the iterator moves on).
final class FetchedRanges: ContiguousSource, @unchecked Sendable {
    let name: String
    let size: Int64
    /// Whether a miss throws ``FetchMiss`` (else `.corrupt`).
    let refetchable: Bool
    private struct Piece {
        var offset: Int64
        var bytes: [UInt8]
        /// The row group whose data the piece holds; nil for metadata.
        var group: Int?
        var end: Int64 { offset + Int64(bytes.count) }
    }
    private let lock = NSLock()
    /// In increasing offset order, disjoint and not touching (touching ones are merged).
    private var pieces: [Piece] = []

    init(name: String, size: Int64, refetchable: Bool) {
        self.name = name
        self.size = size
        self.refetchable = refetchable
    }

    /// A fixed store of `pieces` (in increasing offset order, not overlapping).
    convenience init(name: String, size: Int64, pieces: [(offset: Int64, bytes: [UInt8])]) {
        self.init(name: name, size: size, refetchable: false)
        for piece in pieces { insert(offset: piece.offset, bytes: piece.bytes, group: nil) }
    }

    /// `ranges` sorted, with overlapping ones and those at most `gap` bytes apart merged.
    static func coalesce(_ ranges: [Range<Int64>], gap: Int64) -> [Range<Int64>] {
        var merged: [Range<Int64>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound || range.lowerBound - last.upperBound <= gap {
                merged[merged.count - 1] = last.lowerBound ..< max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// The index of the last piece starting at or before `offset`, if any (`pieces` locked).
    private func pieceIndex(at offset: Int64) -> Int? {
        var low = 0, high = pieces.count
        while low < high {
            let mid = (low + high) / 2
            if pieces[mid].offset <= offset { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? low - 1 : nil
    }

    /// Adds the bytes `bytes` read at `offset`, merged with the pieces they overlap or touch.
    func insert(offset: Int64, bytes: [UInt8], group: Int?) {
        guard !bytes.isEmpty else { return }
        locked {
            var piece = Piece(offset: offset, bytes: bytes, group: group)
            var first = pieces.firstIndex { $0.end >= piece.offset } ?? pieces.count
            while first < pieces.count, pieces[first].offset <= piece.end {
                let other = pieces.remove(at: first)
                let start = min(other.offset, piece.offset), end = max(other.end, piece.end)
                var merged = [UInt8](repeating: 0, count: Int(end - start))
                merged.replaceSubrange(Int(other.offset - start) ..< Int(other.end - start), with: other.bytes)
                merged.replaceSubrange(Int(piece.offset - start) ..< Int(piece.end - start), with: piece.bytes)
                piece = Piece(offset: start, bytes: merged, group: other.group == nil ? nil : piece.group)
            }
            first = pieces.firstIndex { $0.offset > piece.offset } ?? pieces.count
            pieces.insert(piece, at: first)
        }
    }

    /// Drops the data pieces of row groups other than `group` (metadata stays).
    func keepData(of group: Int) {
        locked { pieces.removeAll { $0.group != nil && $0.group != group } }
    }

    /// The ranges of `ranges` not inside one piece.
    func missing(_ ranges: [Range<Int64>]) -> [Range<Int64>] {
        locked {
            ranges.filter { range in
                guard !range.isEmpty else { return false }
                guard let i = pieceIndex(at: range.lowerBound) else { return true }
                return range.upperBound > pieces[i].end
            }
        }
    }

    func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
        buffer = try withBytes(at: offset, count: count) { Array($0) }
    }

    func withBytes<T>(at offset: Int64, count: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        try checkRange(offset: offset, count: count, size: size)
        let found: Piece? = locked {
            guard let i = pieceIndex(at: offset), offset + Int64(count) <= pieces[i].end else { return nil }
            return pieces[i]
        }
        guard let piece = found else {
            if count == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            if refetchable { throw FetchMiss(ranges: [offset ..< offset + Int64(count)], tier: .current) }
            throw ParquetError(.corrupt, "byte range \(offset)+\(count) lies outside the column chunks read", file: name)
        }
        let from = Int(offset - piece.offset)
        return try piece.bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[from ..< from + count])) }
    }
}
