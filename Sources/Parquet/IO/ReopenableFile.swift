import Foundation

/// A file that is opened when it is read and can be closed in between, so that a program
/// holding many readers (a dataset of thousands of batch files) keeps only the descriptors
/// of the files it is reading open.
///
/// ``file()`` hands out an open ``RandomAccessFile``, opening the path again after
/// ``close()``; a reopened file must have the size it had when first opened (else the footer
/// read earlier may no longer describe it). A handed-out file stays usable after `close()`:
/// its descriptor is released when the last holder lets go of it.
///
/// ``FileSource`` is the ``RandomAccessSource`` built on it.
public final class ReopenableFile: @unchecked Sendable {
    /// The path as given.
    public let path: String
    /// The size at the first open.
    public let size: Int64
    private let lock = NSLock()
    private var handle: RandomAccessFile?

    /// Opens `path` (it stays open until ``close()``).
    public init(path: String) throws {
        let file = try RandomAccessFile(path: path)
        self.path = path
        self.size = file.size
        self.handle = file
    }

    /// The open file, opened again if ``close()`` released it.
    ///
    /// - Throws: `.io` when the file cannot be opened or its size changed since the first open.
    public func file() throws -> RandomAccessFile {
        lock.lock()
        defer { lock.unlock() }
        if let handle { return handle }
        let file = try RandomAccessFile(path: path)
        guard file.size == size else {
            throw ParquetError(.io, "the file changed since its footer was read (\(size) bytes then, \(file.size) now)", file: path)
        }
        handle = file
        return file
    }

    /// Whether a descriptor is held right now (by this object; handed-out files may still be open).
    public var isOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return handle != nil
    }

    /// Lets go of the descriptor; the next ``file()`` opens the path again.
    public func close() {
        lock.lock()
        handle = nil
        lock.unlock()
    }
}
