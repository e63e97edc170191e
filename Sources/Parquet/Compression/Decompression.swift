/// Decompression of page bodies by codec.
enum Decompression {
    /// Largest page this reader will inflate: the most a page header can state (2 GiB − 1).
    /// parquet-testing's large_string_map.brotli.parquet holds pages of just over 1 GiB.
    static let maxPageSize = Int(Int32.max)

    /// The codecs this reader can decompress.
    static let supported: Set<CompressionCodec> = [.uncompressed, .snappy, .zstd, .gzip, .lz4, .lz4Raw, .brotli]

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
        case .gzip:
            return try Gzip.decompress(input, expectedLength: uncompressedSize)
        case .lz4:
            return try LZ4Hadoop.decompress(input, expectedLength: uncompressedSize)
        case .lz4Raw:
            return try LZ4Raw.decompress(input, expectedLength: uncompressedSize)
        case .brotli:
            return try Brotli.decompress(input, expectedLength: uncompressedSize)
        case .lzo:
            throw ParquetError.unsupported("compression codec LZO is not supported (LZO is not implemented)")
        default:
            throw ParquetError.unsupported("compression codec \(codec) is not supported")
        }
    }
}
