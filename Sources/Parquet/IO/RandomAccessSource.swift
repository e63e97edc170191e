import Foundation

/// Bytes that can be read at any offset: what a ``ParquetFileReader`` reads a file from.
///
/// The library ships a file source (``FileSource``, also ``RandomAccessFile``) and a memory
/// source (``MemorySource``); apps may write their own (a memory-mapped region, a cache, a
/// blob store with a synchronous client). A source must be safe to read from several threads
/// at once, since separate batch iterators of one reader may run on separate tasks.
///
/// ```swift
/// let reader = try ParquetFileReader(source: MemorySource(bytes, name: "upload.parquet"))
/// ```
public protocol RandomAccessSource: Sendable {
    /// What error messages call the source: a file's path, or a label.
    var name: String { get }
    /// The number of bytes the source holds.
    var size: Int64 { get throws }
    /// Reads exactly `count` bytes at `offset` into `buffer`, replacing its contents but
    /// reusing its storage (for a scratch buffer read again and again).
    ///
    /// - Throws: `ParquetError` naming the source: `.corrupt` when the range does not lie
    ///   inside the source (a negative offset or count included), `.io` when reading fails.
    func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws
    /// Reads exactly `count` bytes at `offset` (see ``read(at:count:into:)``).
    func read(at offset: Int64, count: Int) throws -> [UInt8]
}

extension RandomAccessSource {
    /// Reads into a new buffer through ``read(at:count:into:)``.
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try read(at: offset, count: count, into: &bytes)
        return bytes
    }

    /// Throws `.corrupt` naming the source unless `offset ..< offset + count` lies inside
    /// `0 ..< size` (never traps, whatever the values).
    public func checkRange(offset: Int64, count: Int, size: Int64) throws {
        try SourceRange.check(offset: offset, count: count, size: size, name: name)
    }
}

/// A ``RandomAccessSource`` for which every read is a round trip (a blob store or web server
/// behind a synchronous client, a bridge to an ``AsyncRandomAccessSource``), that can ask for
/// several ranges in one.
///
/// A reader over such a source plans its reads exactly as over an async source (the same
/// plan, see ``SelectionIterator``): per row group, the selected chunks; for row ranges and
/// filters, first the page-index regions the selection needs, then all the pages its batches
/// decode. Each step's ranges are merged when at most 64 KiB apart and asked for in ONE
/// ``read(ranges:)`` call, then decoded from memory; footer and page-index reads that lie in
/// the tail read with the footer are served from it. Other sources are read as they are
/// decoded, page by page.
///
/// ```swift
/// struct BlobSource: MultiRangeSource {
///     // name, size, read(at:count:into:) as for any source, and:
///     func read(ranges: [Range<Int64>]) throws -> [[UInt8]] { try client.get(ranges) }
/// }
/// ```
public protocol MultiRangeSource: RandomAccessSource {
    /// Reads several byte ranges (each inside the source), returning their bytes in the order
    /// asked, with as few round trips as the source can (one, ideally).
    ///
    /// - Throws: `ParquetError` naming the source, as ``RandomAccessSource/read(at:count:into:)``.
    func read(ranges: [Range<Int64>]) throws -> [[UInt8]]
}

/// Bytes that can be read at any offset with `async` reads: remote storage (object stores,
/// HTTP range requests) or anything else that should not block a thread.
///
/// ``ParquetFileReader/open(source:options:)`` reads the footer with one or two range reads,
/// and its batch iterators then read only the byte ranges of the column chunks they decode.
/// ``AsyncSourceAdapter`` makes any ``RandomAccessSource`` an async one.
public protocol AsyncRandomAccessSource: Sendable {
    /// What error messages call the source: a URL, a path, or a label.
    var name: String { get }
    /// The number of bytes the source holds.
    var size: Int64 { get async throws }
    /// Reads exactly `count` bytes at `offset` into `buffer`, replacing its contents.
    ///
    /// - Throws: `ParquetError` naming the source: `.corrupt` when the range does not lie
    ///   inside the source, `.io` when reading fails.
    func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) async throws
    /// Reads exactly `count` bytes at `offset` (see ``read(at:count:into:)``).
    func read(at offset: Int64, count: Int) async throws -> [UInt8]
    /// Reads several byte ranges (each inside the source), returning their bytes in the order
    /// asked. Readers call it with all the ranges one step needs (the page-index regions of a
    /// selection, the pages of a row group), so a source that can ask for several ranges at
    /// once does so (``HTTPRangeSource`` in `ParquetRemote` sends one multi-range request);
    /// the default reads them one by one with ``read(at:count:)``.
    func read(ranges: [Range<Int64>]) async throws -> [[UInt8]]
}

extension AsyncRandomAccessSource {
    /// Reads the ranges one by one with ``read(at:count:)``.
    public func read(ranges: [Range<Int64>]) async throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(ranges.count)
        for range in ranges {
            guard let count = Int(exactly: range.count) else {
                throw ParquetError(.corrupt, "byte range \(range) is too large to read", file: name)
            }
            out.append(try await read(at: range.lowerBound, count: count))
        }
        return out
    }

    /// Reads into a new buffer through ``read(at:count:into:)``.
    public func read(at offset: Int64, count: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        try await read(at: offset, count: count, into: &bytes)
        return bytes
    }

    /// Throws `.corrupt` naming the source unless `offset ..< offset + count` lies inside
    /// `0 ..< size` (never traps, whatever the values).
    public func checkRange(offset: Int64, count: Int, size: Int64) throws {
        try SourceRange.check(offset: offset, count: count, size: size, name: name)
    }
}

/// A source whose bytes are in memory already: readers run over them in place instead of
/// copying them into a read window first.
protocol ContiguousSource: RandomAccessSource {
    /// Runs `body` over the bytes `offset ..< offset + count` in place.
    ///
    /// - Throws: `.corrupt` naming the source when the range is not inside it.
    func withBytes<T>(at offset: Int64, count: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T
}

/// The range check every source makes before it reads.
enum SourceRange {
    /// Throws `.corrupt` naming `name` unless `offset ..< offset + count` lies in `0 ..< size`.
    static func check(offset: Int64, count: Int, size: Int64, name: String) throws {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ParquetError(.corrupt, "byte range \(offset)+\(count) lies outside the file (\(size) bytes)", file: name)
        }
    }
}

extension Array where Element == UInt8 {
    /// Makes the array exactly `count` bytes long, keeping its storage (new bytes are zero).
    mutating func resize(to count: Int) {
        if self.count > count {
            removeSubrange(count...)
        } else if self.count < count {
            append(contentsOf: repeatElement(0, count: count - self.count))
        }
    }
}

// MARK: - Files

/// A file read by path: a ``RandomAccessSource`` over a ``ReopenableFile``, so a reader over
/// it can let go of the descriptor between reads (``ParquetFileReader/closeFile()``) and a
/// program holding readers for thousands of files keeps only the ones it reads open.
public struct FileSource: RandomAccessSource {
    /// The path as given.
    public let path: String
    /// The file, opened again when it is read after ``close()``.
    let file: ReopenableFile

    /// Opens `path` (it stays open until ``close()``).
    ///
    /// - Throws: `.io` naming the path when it cannot be opened or is a directory.
    public init(path: String) throws {
        self.path = path
        self.file = try ReopenableFile(path: path)
    }

    /// Opens the file at a `file:` URL.
    ///
    /// - Throws: `.invalidArgument` when `url` is not a file URL, and the errors of ``init(path:)``.
    public init(url: URL) throws {
        guard url.isFileURL else {
            throw ParquetError(.invalidArgument, "not a file URL; read remote data through an AsyncRandomAccessSource", file: url.absoluteString)
        }
        try self.init(path: url.path(percentEncoded: false))
    }

    /// The path.
    public var name: String { path }
    /// The file's size when it was first opened.
    public var size: Int64 { file.size }

    /// Reads through the open file, opening it again if ``close()`` released it (it must
    /// still have its first size).
    public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
        try file.file().read(at: offset, count: count, into: &buffer)
    }

    /// Reads through the open file (see ``read(at:count:into:)``).
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        try file.file().read(at: offset, count: count)
    }

    /// Lets go of the descriptor; the next read opens the path again. Files already handed
    /// to running iterators stay open until they finish.
    public func close() { file.close() }
}

extension RandomAccessFile: RandomAccessSource {
    /// The path.
    public var name: String { path }
}

// MARK: - Memory

/// Bytes in memory as a ``RandomAccessSource``: a `[UInt8]` or a `Data`, kept as given
/// (no copy is made).
public struct MemorySource: RandomAccessSource, ContiguousSource {
    private enum Storage: Sendable {
        case bytes([UInt8])
        case data(Data)
    }
    private let storage: Storage
    /// What error messages call the bytes.
    public let name: String
    /// The number of bytes.
    public let size: Int64

    /// A source over `bytes`, called `name` in error messages.
    public init(_ bytes: [UInt8], name: String = "<memory>") {
        storage = .bytes(bytes)
        self.name = name
        size = Int64(bytes.count)
    }

    /// A source over `data`, called `name` in error messages.
    public init(_ data: Data, name: String = "<memory>") {
        storage = .data(data)
        self.name = name
        size = Int64(data.count)
    }

    /// Copies `count` bytes at `offset` into `buffer`.
    public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
        try checkRange(offset: offset, count: count, size: size)
        buffer.resize(to: count)
        guard count > 0 else { return }
        let start = Int(offset)
        buffer.withUnsafeMutableBytes { target in
            withStorage { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start ..< start + count]))
            }
        }
    }

    /// Copies `count` bytes at `offset` into a new array.
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        try checkRange(offset: offset, count: count, size: size)
        let start = Int(offset)
        return withStorage { Array($0[start ..< start + count]) }
    }

    func withBytes<T>(at offset: Int64, count: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        try checkRange(offset: offset, count: count, size: size)
        let start = Int(offset)
        return try withStorage { try body(UnsafeRawBufferPointer(rebasing: $0[start ..< start + count])) }
    }

    private func withStorage<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        switch storage {
        case .bytes(let bytes): return try bytes.withUnsafeBytes(body)
        case .data(let data): return try data.withUnsafeBytes(body)
        }
    }
}

// MARK: - Adapters

/// Any ``RandomAccessSource`` as an ``AsyncRandomAccessSource`` (reads run synchronously on
/// the calling task). Lets the async reading path be used, and tested, over files and memory.
public struct AsyncSourceAdapter<Base: RandomAccessSource>: AsyncRandomAccessSource {
    /// The wrapped source.
    public let base: Base

    /// Wraps `base`.
    public init(_ base: Base) { self.base = base }

    /// The base source's name.
    public var name: String { base.name }
    /// The base source's size.
    public var size: Int64 { get async throws { try base.size } }

    /// Reads from the base source.
    public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) async throws {
        try base.read(at: offset, count: count, into: &buffer)
    }

    /// Reads from the base source.
    public func read(at offset: Int64, count: Int) async throws -> [UInt8] {
        try base.read(at: offset, count: count)
    }
}

/// Wraps a source and counts what is read from it: the number of reads, the bytes they
/// returned and the ranges asked for. A ``RandomAccessSource`` (``MultiRangeSource``,
/// ``AsyncRandomAccessSource``) when `Base` is one. Used to check which bytes a reader reads
/// (a footer in one or two reads, only the chunks of projected columns, ...).
public final class CountingSource<Base: Sendable>: @unchecked Sendable {
    /// The wrapped source.
    public let base: Base
    private let lock = NSLock()
    private var counts = (reads: 0, bytes: Int64(0), ranges: [Range<Int64>]())

    /// Wraps `base`, with all counts at zero.
    public init(_ base: Base) { self.base = base }

    /// Reads asked for so far (failed ones included; a read of several ranges at once, by
    /// ``AsyncRandomAccessSource/read(ranges:)`` or ``MultiRangeSource/read(ranges:)``, counts
    /// as one).
    public var reads: Int { locked { counts.reads } }
    /// Bytes returned by the reads that succeeded.
    public var bytesRead: Int64 { locked { counts.bytes } }
    /// The byte range of every read asked for, in order.
    public var ranges: [Range<Int64>] { locked { counts.ranges } }

    /// Sets all counts back to zero.
    public func reset() {
        locked { counts = (0, 0, []) }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Notes a read of `count` bytes at `offset` (a range that cannot be formed, from a
    /// negative or overflowing count, is noted as empty).
    fileprivate func note(_ offset: Int64, _ count: Int) {
        let (end, overflow) = offset.addingReportingOverflow(Int64(count))
        let range = !overflow && count >= 0 ? offset ..< end : offset ..< offset
        locked {
            counts.reads += 1
            counts.ranges.append(range)
        }
    }

    /// Notes one read of several ranges.
    fileprivate func note(_ ranges: [Range<Int64>]) {
        locked {
            counts.reads += 1
            counts.ranges += ranges
        }
    }

    fileprivate func noteBytes(_ count: Int) {
        locked { counts.bytes += Int64(count) }
    }
}

extension CountingSource: RandomAccessSource where Base: RandomAccessSource {
    /// The base source's name.
    public var name: String { base.name }
    /// The base source's size.
    public var size: Int64 { get throws { try base.size } }

    /// Reads from the base source and counts the read.
    public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
        note(offset, count)
        try base.read(at: offset, count: count, into: &buffer)
        noteBytes(count)
    }

    /// Reads from the base source and counts the read.
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        note(offset, count)
        let bytes = try base.read(at: offset, count: count)
        noteBytes(bytes.count)
        return bytes
    }
}

extension CountingSource: MultiRangeSource where Base: MultiRangeSource {
    /// Reads the ranges with the base source's ``MultiRangeSource/read(ranges:)`` and counts
    /// ONE read (``ranges`` gets every range asked for).
    public func read(ranges: [Range<Int64>]) throws -> [[UInt8]] {
        note(ranges)
        let pieces = try base.read(ranges: ranges)
        noteBytes(pieces.reduce(0) { $0 + $1.count })
        return pieces
    }
}

extension CountingSource: AsyncRandomAccessSource where Base: AsyncRandomAccessSource {
    /// The base source's name.
    public var name: String { base.name }
    /// The base source's size.
    public var size: Int64 { get async throws { try await base.size } }

    /// Reads from the base source and counts the read.
    public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) async throws {
        note(offset, count)
        try await base.read(at: offset, count: count, into: &buffer)
        noteBytes(count)
    }

    /// Reads from the base source and counts the read.
    public func read(at offset: Int64, count: Int) async throws -> [UInt8] {
        note(offset, count)
        let bytes = try await base.read(at: offset, count: count)
        noteBytes(bytes.count)
        return bytes
    }

    /// Reads the ranges with the base source's ``AsyncRandomAccessSource/read(ranges:)`` and
    /// counts ONE read (``ranges`` gets every range asked for).
    public func read(ranges: [Range<Int64>]) async throws -> [[UInt8]] {
        note(ranges)
        let pieces = try await base.read(ranges: ranges)
        noteBytes(pieces.reduce(0) { $0 + $1.count })
        return pieces
    }
}
