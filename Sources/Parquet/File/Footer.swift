/// Reading and validating the footer of a Parquet file.
enum Footer {
    static let magic: [UInt8] = Array("PAR1".utf8)
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)
    /// Bytes read from the end of a file at once: enough for most footers.
    static let tailReadSize: Int64 = 16 << 10

    /// A decoded footer, the length of its Thrift encoding, and the bytes of the file's tail
    /// that were read (kept to serve later reads of the page index and bloom filters that
    /// lie in them: pyarrow and parquet-mr write the page index just before the footer).
    struct Decoded {
        var metadata: FileMetaData
        var length: Int64
        var tail: FileTail
    }

    /// Reads the footer of `source` (`size` bytes): checks the magic numbers and decodes
    /// `FileMetaData`. One read of the tail, a second of the footer's part before it when
    /// the footer is longer than it, and one of the head unless the tail covers it — or the
    /// source is a ``MultiRangeSource`` (each read a round trip), whose head is not read, as
    /// for an async source.
    static func read(_ source: some RandomAccessSource, size: Int64) throws -> Decoded {
        let name = source.name
        let tailRange = try Self.tailRange(size: size, name: name)
        let tail = try source.read(at: tailRange.lowerBound, count: Int(tailRange.count))
        try checkTailMagic(tail, name: name)
        if tailRange.lowerBound == 0 {
            try checkHead(Array(tail.prefix(4)), name: name)
        } else if !(source is any MultiRangeSource) {
            try checkHead(source.read(at: 0, count: 4), name: name)
        }
        let range = try footerRange(tail: tail, size: size, name: name)
        let bytes = range.lowerBound >= tailRange.lowerBound
            ? Array(tail[Int(range.lowerBound - tailRange.lowerBound) ..< Int(range.upperBound - tailRange.lowerBound)])
            : try source.read(at: range.lowerBound, count: Int(tailRange.lowerBound - range.lowerBound)) + footerPart(of: tail, range, tailRange)
        return Decoded(metadata: try decode(bytes, name: name), length: Int64(range.count),
                       tail: FileTail(offset: tailRange.lowerBound, bytes: tail))
    }

    /// Reads the footer of an async source with one read of the tail, and a second when the
    /// footer is longer than it. The leading magic is checked when the tail covers it (small
    /// files); otherwise it is not read, to keep remote opens at one or two requests.
    static func read(_ source: some AsyncRandomAccessSource, size: Int64) async throws -> Decoded {
        let name = source.name
        let tailRange = try Self.tailRange(size: size, name: name)
        let tail = try await source.read(at: tailRange.lowerBound, count: Int(tailRange.count))
        try checkTailMagic(tail, name: name)
        if tailRange.lowerBound == 0 { try checkHead(Array(tail.prefix(4)), name: name) }
        let range = try footerRange(tail: tail, size: size, name: name)
        let bytes = range.lowerBound >= tailRange.lowerBound
            ? Array(tail[Int(range.lowerBound - tailRange.lowerBound) ..< Int(range.upperBound - tailRange.lowerBound)])
            : try await source.read(at: range.lowerBound, count: Int(tailRange.lowerBound - range.lowerBound)) + footerPart(of: tail, range, tailRange)
        return Decoded(metadata: try decode(bytes, name: name), length: Int64(range.count),
                       tail: FileTail(offset: tailRange.lowerBound, bytes: tail))
    }

    /// The part of the footer `range` that lies in `tail` (read at `tailRange`).
    private static func footerPart(of tail: [UInt8], _ range: Range<Int64>, _ tailRange: Range<Int64>) -> ArraySlice<UInt8> {
        tail[0 ..< Int(range.upperBound - tailRange.lowerBound)]
    }

    /// The last ``tailReadSize`` bytes (or the whole file when smaller).
    private static func tailRange(size: Int64, name: String) throws -> Range<Int64> {
        guard size >= 12 else {
            throw ParquetError(.notParquet, "not a Parquet file (only \(size) bytes)", file: name)
        }
        return (size - min(size, tailReadSize)) ..< size
    }

    private static func checkTailMagic(_ tail: [UInt8], name: String) throws {
        guard tail.count >= 8 else {
            throw ParquetError(.io, "short read of the file's tail (\(tail.count) bytes)", file: name)
        }
        let tailMagic = Array(tail.suffix(4))
        if tailMagic == encryptedMagic {
            throw ParquetError(.encrypted, "encrypted Parquet files are not supported", file: name)
        }
        guard tailMagic == magic else {
            throw ParquetError(.notParquet, "not a Parquet file (missing PAR1 magic at the end)", file: name)
        }
    }

    private static func checkHead(_ head: [UInt8], name: String) throws {
        guard head == magic else {
            throw ParquetError(.notParquet, "not a Parquet file (missing PAR1 magic at the start)", file: name)
        }
    }

    /// The footer's byte range, from the length stored before the closing magic.
    private static func footerRange(tail: [UInt8], size: Int64, name: String) throws -> Range<Int64> {
        let l = Array(tail.suffix(8).prefix(4))
        let length = Int64(UInt32(l[0]) | UInt32(l[1]) << 8 | UInt32(l[2]) << 16 | UInt32(l[3]) << 24)
        guard length > 0, length <= size - 12 else {
            throw ParquetError(.corrupt, "footer length \(length) does not fit in a file of \(size) bytes", file: name)
        }
        return (size - 8 - length) ..< (size - 8)
    }

    private static func decode(_ bytes: [UInt8], name: String) throws -> FileMetaData {
        let metadata = try withContext(file: name, column: nil) {
            try bytes.withUnsafeBytes { try FileMetaData(thriftCompact: $0) }
        }
        if metadata.hasEncryptionAlgorithm {
            throw ParquetError(.encrypted, "encrypted Parquet files are not supported", file: name)
        }
        return metadata
    }
}

/// The last bytes of a file, read with its footer: `bytes` start at file offset `offset`.
struct FileTail: Sendable {
    var offset: Int64
    var bytes: [UInt8]

    /// The bytes `offset ..< offset + count` when the tail holds all of them.
    func slice(at start: Int64, count: Int64) -> [UInt8]? {
        guard start >= offset, count >= 0, count <= Int64(bytes.count), start - offset <= Int64(bytes.count) - count else { return nil }
        let from = Int(start - offset)
        return Array(bytes[from ..< from + Int(count)])
    }
}
