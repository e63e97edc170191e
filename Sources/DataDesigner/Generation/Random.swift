/// SplitMix64 (Steele, Lea and Flood): a tiny generator used to expand seeds.
///
/// Each call advances the state by the golden-ratio increment and returns the mixed state;
/// ``mix(_:)`` is the output function on its own, a good 64-bit hash of an integer.
public struct SplitMix64: Sendable {
    /// The current state.
    public var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a bijective 64-bit mixer).
    @inlinable public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna): the generator behind every sampled value.
///
/// Seeded by four outputs of ``SplitMix64``, as its authors recommend.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A generator whose state is four SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        s0 = expander.next()
        s1 = expander.next()
        s2 = expander.next()
        s3 = expander.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    /// The next 64 random bits.
    @inlinable public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    @inlinable static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in (0, 1): never exactly 0, so it is safe to take its logarithm.
    @inlinable public mutating func nextOpenUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-and-reject; `bound` must be > 0).
    @inlinable public mutating func nextBelow(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in `low ... high` (`low <= high`), any span up to the full Int64 range.
    @inlinable public mutating func nextInt(_ low: Int64, _ high: Int64) -> Int64 {
        let span = UInt64(bitPattern: high &- low) &+ 1
        let offset = span == 0 ? next() : nextBelow(span)
        return low &+ Int64(bitPattern: offset)
    }
}

/// Derivation of the independent random streams of a run.
///
/// Batch `k` of a run with seed `s` draws only from generators seeded by `(s, k)` and the
/// column's name, so a batch can be made alone (after a resume) and still equal the batch
/// an uninterrupted run would have made. Each column has its own stream, so a column's
/// values do not depend on other columns' draws, and a batch with more rows starts with
/// the same values as a shorter one.
public enum RandomStreams {
    /// The 64-bit seed of batch `batch` of a run seeded with `seed`.
    public static func batchSeed(seed: UInt64, batch: Int) -> UInt64 {
        SplitMix64.mix(seed ^ SplitMix64.mix(UInt64(truncatingIfNeeded: batch) &+ 0x632B_E59B_D9B4_E019))
    }

    /// The generator of column `name` in batch `batch` of a run seeded with `seed`.
    public static func column(seed: UInt64, batch: Int, name: String) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: batchSeed(seed: seed, batch: batch) ^ SplitMix64.mix(fnv1a(name)))
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text` (stable across runs and platforms).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
