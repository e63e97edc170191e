/// Decompression of page bodies by codec.
enum Decompression {
    /// Largest page this reader will inflate: far above any real writer's page size, and
    /// small enough that a lying header cannot exhaust memory.
    static let maxPageSize = 1 << 30

    /// The codecs this reader can decompress.
    static let supported: Set<CompressionCodec> = [.uncompressed, .snappy, .zstd]

    /// Whether this reader can decompress `codec`.
    static func isSupported(_ codec: CompressionCodec) -> Bool {
        supported.contains(codec)
    }

    /// Decompresses `input` to exactly `uncompressedSize` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, codec: CompressionCodec, uncompressedSize: Int) throws -> [UInt8] {
        guard uncompressedSize >= 0, uncompressedSize <= maxPageSize else {
            throw ParquetError.corrupt("page claims an uncompressed size of \(uncompressedSize) bytes")
        }
        switch codec {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw ParquetError.corrupt("uncompressed page holds \(input.count) bytes but its header says \(uncompressedSize)")
            }
            return Array(input)
        case .snappy:
            return try Snappy.decompress(input, expectedLength: uncompressedSize)
        case .zstd:
            return try Zstd.decompress(input, expectedLength: uncompressedSize)
        case .lzo:
            throw ParquetError.unsupported("compression codec LZO is not supported")
        default:
            throw ParquetError.unsupported("compression codec \(codec) is not supported")
        }
    }
}
