/// Byte-level helpers shared by the LZ77 encoders (Snappy, LZ4, DEFLATE). Callers check
/// every offset against their input first.
enum MatchSupport {
    /// The little-endian 32-bit word at `p + i`.
    @inline(__always)
    static func load32(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt32.self))
    }

    /// The little-endian 64-bit word at `p + i`.
    @inline(__always)
    static func load64(_ p: UnsafeRawPointer, _ i: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
    }

    /// The number of equal bytes at `src + a` and `src + b` (`a < b`), not reading at or past
    /// `src + limit`; compares 8 bytes at a time.
    @inline(__always)
    static func commonLength(_ src: UnsafeRawPointer, _ a: Int, _ b: Int, limit: Int) -> Int {
        var n = 0
        while b &+ n &+ 8 <= limit {
            let x = load64(src, a &+ n) ^ load64(src, b &+ n)
            if x != 0 { return n &+ (x.trailingZeroBitCount &>> 3) }
            n &+= 8
        }
        while b &+ n < limit
            && src.load(fromByteOffset: a &+ n, as: UInt8.self) == src.load(fromByteOffset: b &+ n, as: UInt8.self) {
            n &+= 1
        }
        return n
    }
}
