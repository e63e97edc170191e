/// Parquet's `BROTLI` codec: a Brotli stream (RFC 7932).
///
/// The full format is decoded: uncompressed, metadata and compressed meta-blocks, simple and
/// complex prefix codes, block switching, context modelling with all four context modes,
/// and static dictionary references with all 121 transforms. Window sizes 10...24 bits are
/// accepted; the non-RFC "large window" extension is `.unsupported`.
public enum Brotli {
    /// The largest uncompressed length the decoder accepts (`Int32.max`).
    public static let maxDecompressedLength = Int(Int32.max)

    /// Output allocated up front: a Brotli stream can expand by a factor of millions, so a
    /// larger expected length is only reached by growing the output as the stream produces it.
    static func initialCapacity(inputCount: Int) -> Int { max(1 << 20, inputCount &* 32) }

    /// Decompresses a Brotli stream that must expand to exactly `expectedLength` bytes.
    /// Allocates at most `expectedLength` bytes (plus the shared static dictionary, decoded
    /// once), and no more than about twice what the stream has produced so far, so a page
    /// header that lies about its size cannot make the reader allocate it.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` on a malformed or truncated stream, a distance
    ///   reaching before the output start, trailing bytes, or output that does not fill exactly
    ///   `expectedLength` bytes; `.unsupported` for large-window streams.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        guard expectedLength >= 0, expectedLength <= maxDecompressedLength else {
            throw ParquetError.corrupt("brotli: expected length \(expectedLength) is out of range")
        }
        guard let src = input.baseAddress, input.count > 0 else {
            throw ParquetError.corrupt("brotli: empty input")
        }
        let initial = initialCapacity(inputCount: input.count)
        if expectedLength > initial {
            var decoder = BrotliDecoder(src: src, srcCount: input.count, dst: .allocate(capacity: initial),
                                        dstCount: initial, limit: expectedLength, ownsOutput: true)
            defer { decoder.dst.deallocate() }
            try decoder.decodeStream()
            guard decoder.op == expectedLength else {
                throw ParquetError.corrupt("brotli: stream holds \(decoder.op) bytes, expected \(expectedLength)")
            }
            return Array(UnsafeBufferPointer(start: decoder.dst, count: decoder.op))
        }
        return try [UInt8](unsafeUninitializedCapacity: expectedLength) { buffer, initialized in
            initialized = 0
            var scratch: UInt8 = 0
            try withUnsafeMutablePointer(to: &scratch) { scratchPointer in
                let dst = buffer.baseAddress ?? scratchPointer
                var decoder = BrotliDecoder(src: src, srcCount: input.count, dst: dst, dstCount: expectedLength)
                try decoder.decodeStream()
                guard decoder.op == expectedLength else {
                    throw ParquetError.corrupt("brotli: stream holds \(decoder.op) bytes, expected \(expectedLength)")
                }
            }
            initialized = expectedLength
        }
    }

    /// Convenience overload of `decompress(_:expectedLength:)` for byte arrays.
    public static func decompress(_ input: [UInt8], expectedLength: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, expectedLength: expectedLength) }
    }
}
