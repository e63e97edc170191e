#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A read-only file read with positioned reads (`pread`), safe to share across threads; a
/// ``RandomAccessSource`` that holds its descriptor for as long as it lives (``FileSource``
/// can let go of it between reads).
///
/// Every read is checked against the file size, so a length or offset taken from a hostile
/// footer can never read past the end or allocate more than the file holds.
public final class RandomAccessFile: @unchecked Sendable {
    /// The path the file was opened with (used in error messages).
    public let path: String
    /// The file size in bytes at open time.
    public let size: Int64
    private let descriptor: Int32

    /// Opens `path` for reading.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ParquetError(.io, "cannot open file: \(String(cString: strerror(errno)))", file: path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw ParquetError(.io, "cannot stat file: \(message)", file: path)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ParquetError(.io, "is a directory, not a Parquet file", file: path)
        }
        self.descriptor = fd
        self.size = Int64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads exactly `count` bytes at `offset` into `buffer`, replacing its contents but
    /// reusing its storage (for a scratch buffer read again and again).
    public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
        try SourceRange.check(offset: offset, count: count, size: size, name: path)
        buffer.resize(to: count)
        try buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            try readFully(offset, count, into: base)
        }
    }

    /// `pread`s exactly `count` bytes at `offset` into `base`.
    private func readFully(_ offset: Int64, _ count: Int, into base: UnsafeMutableRawPointer) throws {
        var done = 0
        while done < count {
            let n = pread(descriptor, base + done, count - done, off_t(offset + Int64(done)))
            if n < 0 {
                if errno == EINTR { continue }
                throw ParquetError(.io, "read failed: \(String(cString: strerror(errno)))", file: path)
            }
            if n == 0 { break }
            done += n
        }
        if done < count {
            throw ParquetError(.io, "unexpected end of file at byte \(offset + Int64(done))", file: path)
        }
    }

    /// Reads exactly `count` bytes at `offset`; throws `.corrupt` if the range is outside the file.
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        try SourceRange.check(offset: offset, count: count, size: size, name: path)
        if count == 0 { return [] }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            try readFully(offset, count, into: UnsafeMutableRawPointer(base))
            initialized = count
        }
    }
}
