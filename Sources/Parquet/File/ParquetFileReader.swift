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
