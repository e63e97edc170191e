/// A small deterministic PRNG (SplitMix64) so a mutation run is reproducible from its seed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Structure-unaware and footer-aware corruptions of a Parquet file.
public enum Mutator {
    /// Tokens spliced into inputs: magic numbers, Thrift compact field headers and the
    /// varints that make lengths and counts lie.
    public static let tokens: [[UInt8]] = [
        Array("PAR1".utf8), Array("PARE".utf8),
        [0x15, 0x00], [0x15, 0x02], [0x15, 0x04], [0x15, 0x06], [0x15, 0x08],  // i32 fields 1..
        [0x16, 0x00], [0x18, 0x00], [0x19, 0x1C], [0x19, 0x0C], [0x1C], [0x2C], [0x4C], [0x5C], [0x8C],
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFE, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x08],
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x00], [0x01], [0x7F], [0x80, 0x01],
        [0xF9, 0xFF, 0xFF, 0xFF, 0x0F], [0x03, 0x00, 0x00, 0x00], [0xFF, 0xFF, 0xFF, 0x7F],
    ]

    /// One corrupted copy of `data`.
    public static func mutate(_ data: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = data
        guard !b.isEmpty else { return [UInt8](repeating: 0, count: Int(rng.next() % 64)) }
        let rounds = 1 + Int(rng.next() % 3)
        for _ in 0 ..< rounds where !b.isEmpty {
            let n = b.count
            // Half of the edits hit the footer (the last 2 KiB), where lengths and counts live.
            let footerStart = max(0, n - 2048)
            func position(_ footer: Bool) -> Int {
                footer ? footerStart + Int(rng.next() % UInt64(n - footerStart)) : Int(rng.next() % UInt64(n))
            }
            let inFooter = rng.next() % 2 == 0
            switch rng.next() % 10 {
            case 0:  // one bit
                let i = position(inFooter)
                b[i] ^= UInt8(1) << UInt8(rng.next() % 8)
            case 1:  // random bytes
                for _ in 0 ..< 1 + Int(rng.next() % 16) { b[position(inFooter)] = UInt8(truncatingIfNeeded: rng.next()) }
            case 2:  // truncate
                b.removeLast(1 + Int(rng.next() % UInt64(n)))
            case 3:  // zeroed run
                let i = position(inFooter)
                let k = min(n - i, 1 + Int(rng.next() % 64))
                for j in i ..< i + k { b[j] = 0 }
            case 4:  // lying footer length
                if n >= 8 {
                    let choices: [UInt32] = [0, 1, UInt32(truncatingIfNeeded: n), UInt32(truncatingIfNeeded: n - 8), .max,
                                             UInt32(truncatingIfNeeded: rng.next() % UInt64(n))]
                    let v = choices[Int(rng.next() % UInt64(choices.count))]
                    for k in 0 ..< 4 { b[n - 8 + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
                }
            case 5, 6:  // overwrite with a token (huge varints, field headers)
                let token = tokens[Int(rng.next() % UInt64(tokens.count))]
                let i = position(inFooter || rng.next() % 2 == 0)
                for (k, byte) in token.enumerated() where i + k < n { b[i + k] = byte }
            case 7:  // insert a token (shifts the rest: lengths now lie)
                let token = tokens[Int(rng.next() % UInt64(tokens.count))]
                b.insert(contentsOf: token, at: position(inFooter))
            case 8:  // copy a block from elsewhere
                let i = position(inFooter), j = position(false)
                let k = min(n - i, n - j, 1 + Int(rng.next() % 200))
                let block = Array(b[j ..< j + k])
                b.replaceSubrange(i ..< i + k, with: block)
            default:  // bump a varint-looking byte in the footer
                let i = position(true)
                b[i] = b[i] &+ UInt8(truncatingIfNeeded: 1 + rng.next() % 4)
            }
        }
        return b
    }
}
