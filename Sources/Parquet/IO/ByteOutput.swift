#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A byte destination: a file written atomically, or standard output (the Parquet writer,
/// ``ParquetEncoder`` and the export sinks all write through it).
///
/// Bytes are gathered in a large buffer and written with few system calls. A file target is
/// written to a temporary file in the destination's folder and renamed onto the destination
/// only by ``commit()``; ``discard()`` (or deinit without commit) removes the temporary file,
/// leaving any earlier file at the destination untouched. So no reader ever sees a partial
/// file, and a killed or failed process leaves none behind.
///
/// A `durable` file is also flushed to the storage device (`fsync`) before the rename, so it
/// survives a power loss or kernel crash whole or not at all. That costs a wait for the disk
/// (a tenth of a second or more per hundred MB), so it is off by default, as in DuckDB and
/// polars; the `create` command's batch files and run metadata use it.
public final class ByteOutput {
    /// Where the bytes end up.
    public let destination: String
    private var descriptor: Int32
    private let temporaryPath: String?
    private let durable: Bool
    private var buffer: [UInt8] = []
    private var finished = false

    /// Flush threshold for the internal buffer.
    static let bufferSize = 1 << 20

    /// Standard output.
    public static func standardOutput() -> ByteOutput { ByteOutput(stdout: ()) }

    private init(stdout: Void) {
        destination = "-"
        descriptor = 1
        temporaryPath = nil
        durable = false
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// A file at `path`, created atomically; `durable` also syncs it to the storage device
    /// before it is renamed into place.
    public init(atomicFileAt path: String, durable: Bool = false) throws {
        destination = path
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ParquetError(.io, "the output folder \(folder) does not exist", file: path)
        }
        var random = SystemRandomNumberGenerator()
        let temp = (folder as NSString).appendingPathComponent(".\(name).tmp-\(getpid())-\(String(random.next() & 0xFFFF_FFFF, radix: 36))")
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw ParquetError(.io, "cannot create output file: \(String(cString: strerror(errno)))", file: path)
        }
        descriptor = fd
        temporaryPath = temp
        self.durable = durable
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// The output `path` names: standard output for `-`, else a file created atomically
    /// (``init(atomicFileAt:durable:)``).
    public convenience init(destination path: String, durable: Bool = false) throws {
        if path == "-" {
            self.init(stdout: ())
        } else {
            try self.init(atomicFileAt: path, durable: durable)
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends bytes, flushing when the buffer is full; a large block goes straight to the
    /// file after the pending bytes, without a copy into the buffer.
    public func write(_ bytes: [UInt8]) throws {
        if bytes.count >= Self.bufferSize / 2 {
            try flush()
            try writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Appends several blocks in order. When they hold about the buffer's size or more, they
    /// go to the file with the pending bytes in one gathered write (`writev`), without a copy
    /// into the buffer; smaller ones are buffered.
    package func write(blocks: [UnsafeRawBufferPointer]) throws {
        let total = blocks.reduce(0) { $0 + $1.count }
        if total < Self.bufferSize / 2 {
            for block in blocks { buffer.append(contentsOf: block) }
            if buffer.count >= Self.bufferSize { try flush() }
            return
        }
        try buffer.withUnsafeBytes { pending in
            try writeGathered(pending.isEmpty ? blocks : [pending] + blocks)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `pieces` back to back with `writev` (at most 64 at a time), resuming after
    /// partial writes.
    private func writeGathered(_ pieces: [UnsafeRawBufferPointer]) throws {
        var piece = 0, offset = 0
        while piece < pieces.count {
            let count = Swift.min(pieces.count - piece, 64)
            let n = withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
                for k in 0 ..< count {
                    let p = pieces[piece + k], skip = k == 0 ? offset : 0
                    vectors[k] = iovec(iov_base: p.baseAddress.map { UnsafeMutableRawPointer(mutating: $0 + skip) }, iov_len: p.count - skip)
                }
                return Foundation.writev(descriptor, vectors.baseAddress, Int32(count))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ParquetError(.io, "write failed: \(String(cString: strerror(errno)))", file: destination)
            }
            var left = n
            while piece < pieces.count && left >= pieces[piece].count - offset {
                left -= pieces[piece].count - offset
                piece += 1
                offset = 0
            }
            offset += left
        }
    }

    /// Gives direct access to the pending buffer (to format into it without a copy).
    public func withBuffer<T>(_ body: (inout [UInt8]) throws -> T) throws -> T {
        let result = try body(&buffer)
        if buffer.count >= Self.bufferSize { try flush() }
        return result
    }

    /// Writes out the buffered bytes.
    public func flush() throws {
        try writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var done = 0
        let count = bytes.count
        try bytes.withUnsafeBytes { raw in
            while done < count {
                guard let base = raw.baseAddress else { return }
                let n = Foundation.write(descriptor, base + done, count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParquetError(.io, "write failed: \(String(cString: strerror(errno)))", file: destination)
                }
                done += n
            }
        }
    }

    /// Flushes, syncs a durable file and (for a file) renames the temporary file onto the
    /// destination.
    public func commit() throws {
        try flush()
        guard let temporaryPath else {
            finished = true
            return
        }
        guard !durable || fsync(descriptor) == 0 else {
            throw ParquetError(.io, "fsync failed: \(String(cString: strerror(errno)))", file: destination)
        }
        close(descriptor)
        descriptor = -1
        guard FileReplacement.replace(destination, with: temporaryPath) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            finished = true
            throw ParquetError(.io, "cannot move the output into place: \(message)", file: destination)
        }
        finished = true
    }

    /// Runs `body`, which writes the output, then ``commit()``s it; when either throws, the
    /// output is ``discard()``ed (a file destination is left as it was) and the error rethrown.
    public func committing<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            discard()
            throw error
        }
    }

    /// Abandons the output: the temporary file is removed; the destination is untouched.
    public func discard() {
        finished = true
        buffer = []
        guard let temporaryPath else { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }
}

/// A ``ParquetFileWriter`` (or ``ParquetEncoder``) can write to a ``ByteOutput`` directly.
extension ByteOutput: ByteWriter {}
