extension Gzip {
    /// The compression levels of ``compress(_:level:)``: 1 (fastest) to 9 (smallest), as zlib's.
    public static let levels: ClosedRange<Int> = 1...9
    /// The default level, 6 (zlib's default: nearly the size of level 9 at a fraction of its
    /// time). pyarrow's Parquet writer uses 9.
    public static let defaultLevel = 6

    /// The largest output of ``compress(_:level:)`` for `inputCount` bytes:
    /// `n + n / 1024 + 64` — more than the stored form of every block (5 bytes per 65,535
    /// input bytes and per block of 16,384 symbols), the gzip header and trailer (18 bytes)
    /// and 8 bytes of slack for the bit writer.
    public static func maxCompressedLength(_ inputCount: Int) -> Int {
        let n = max(inputCount, 0)
        return n &+ n / 1024 &+ 64
    }

    /// Compresses `input` into one gzip member (RFC 1952) holding DEFLATE data (RFC 1951):
    /// Parquet's `GZIP` codec. Any gzip or zlib `inflate` decodes it.
    ///
    /// The encoder works like zlib's: LZ77 over a 32 KiB window with hash chains of 4-byte
    /// sequences, greedy matching at levels 1–3 and lazy matching at 4–9 (zlib's good / lazy
    /// / nice / chain table), and blocks of 16 Ki symbols each written with dynamic Huffman
    /// codes, the fixed codes, or stored, whichever is smallest. The header has no name and
    /// no time stamp (MTIME 0, OS 255), the trailer the CRC-32 and the length modulo 2^32.
    ///
    /// - Parameter level: 1...9 (see ``levels``); a value outside is clamped into that range.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int = defaultLevel) -> [UInt8] {
        let count = input.count
        let capacity = maxCompressedLength(count)
        let level = EncoderOutput.clamp(level, to: levels)
        return EncoderOutput.bytes(capacity: capacity) { out in
            let xfl: UInt8 = level == 9 ? 2 : level == 1 ? 4 : 0
            let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, xfl, 0xFF]
            for (i, b) in header.enumerated() { out[i] = b }
            var w = LSBBitWriter(base: out, capacity: capacity, start: header.count)
            DeflateEncoder.encode(input.baseAddress, count: count, level: level, to: &w)
            let end = w.finish()
            let crc = CRC32.checksum(input)
            let size = UInt32(truncatingIfNeeded: count)
            for k in 0..<4 { out[end &+ k] = UInt8(truncatingIfNeeded: crc &>> UInt32(8 &* k)) }
            for k in 0..<4 { out[end &+ 4 &+ k] = UInt8(truncatingIfNeeded: size &>> UInt32(8 &* k)) }
            return end &+ 8
        }
    }

    /// Convenience overload of ``compress(_:level:)`` for byte arrays.
    public static func compress(_ input: [UInt8], level: Int = defaultLevel) -> [UInt8] {
        input.withUnsafeBytes { compress($0, level: level) }
    }
}
