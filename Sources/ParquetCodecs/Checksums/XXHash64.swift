/// xxHash64 (XXH64), the hash behind the optional Zstandard content checksum and the
/// Parquet split-block bloom filters (seed 0 over a value's PLAIN encoding).
///
/// Only the one-shot form is provided: the Zstd decoder hashes each frame's output once,
/// after the frame is complete.
public enum XXHash64 {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The 64-bit XXH64 digest of `bytes` with `seed`.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else {
            return finalize(seed &+ prime5, base: nil, from: 0, count: 0)
        }
        var acc: UInt64
        var i = 0
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            let limit = count &- 32
            while i <= limit {
                v1 = round(v1, load64(base, i))
                v2 = round(v2, load64(base, i &+ 8))
                v3 = round(v3, load64(base, i &+ 16))
                v4 = round(v4, load64(base, i &+ 24))
                i &+= 32
            }
            acc = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            acc = mergeRound(acc, v1)
            acc = mergeRound(acc, v2)
            acc = mergeRound(acc, v3)
            acc = mergeRound(acc, v4)
        } else {
            acc = seed &+ prime5
        }
        acc &+= UInt64(count)
        return finalize(acc, base: base, from: i, count: count)
    }

    /// Convenience overload for byte arrays.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    /// Consumes the tail `base[from..<count]` (fewer than 32 bytes) and mixes the result.
    private static func finalize(_ start: UInt64, base: UnsafeRawPointer?, from: Int, count: Int) -> UInt64 {
        var acc = start
        var i = from
        if let base {
            while count &- i >= 8 {
                acc ^= round(0, load64(base, i))
                acc = rotl(acc, 27) &* prime1 &+ prime4
                i &+= 8
            }
            if count &- i >= 4 {
                let v = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                acc ^= v &* prime1
                acc = rotl(acc, 23) &* prime2 &+ prime3
                i &+= 4
            }
            while i < count {
                let v = UInt64(base.load(fromByteOffset: i, as: UInt8.self))
                acc ^= v &* prime5
                acc = rotl(acc, 11) &* prime1
                i &+= 1
            }
        }
        acc ^= acc &>> 33
        acc &*= prime2
        acc ^= acc &>> 29
        acc &*= prime3
        acc ^= acc &>> 32
        return acc
    }

    @inline(__always)
    private static func load64(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 {
        (x &<< r) | (x &>> (64 &- r))
    }

    @inline(__always)
    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func mergeRound(_ acc: UInt64, _ v: UInt64) -> UInt64 {
        (acc ^ round(0, v)) &* prime1 &+ prime4
    }
}
