/// UTF-8 validation shared by the JSON and CSV writers.
package enum UTF8Scan {
    /// U+FFFD REPLACEMENT CHARACTER in UTF-8.
    package static let replacement: (UInt8, UInt8, UInt8) = (0xEF, 0xBF, 0xBD)

    /// Classifies the sequence starting at `p[i]`, whose lead byte is `>= 0x80`.
    ///
    /// Returns its length (2...4) when it is a well-formed UTF-8 sequence, otherwise the
    /// negated length (-1...-3) of its maximal invalid subpart — the longest prefix that could
    /// start a well-formed sequence, or one byte — which is replaced by a single U+FFFD
    /// (Unicode's "U+FFFD substitution of maximal subparts", as Swift's
    /// `String(decoding:as:)` and Python's `errors="replace"` do). Overlong forms, surrogates
    /// (U+D800...U+DFFF) and code points above U+10FFFF are invalid.
    @inline(__always)
    package static func sequence(_ p: UnsafeRawBufferPointer, at i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0xC2 ... 0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1 ... 0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1 ... 0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return -1
        }
        if i &+ 1 >= n { return -1 }
        let b1 = p[i &+ 1]
        if b1 < low || b1 > high { return -1 }
        var j = 2
        while j < length {
            if i &+ j >= n { return 0 &- j }
            let b = p[i &+ j]
            if b < 0x80 || b > 0xBF { return 0 &- j }
            j &+= 1
        }
        return length
    }

    /// True when none of the 8 bytes of `x` is `>= 0x80`, `< 0x20`, `"` or `\`.
    @inline(__always)
    package static func isPlainJSON8(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (x &- ones &* 0x20) & ~x & highs
        let q = x ^ (ones &* 0x22)
        let quote = (q &- ones) & ~q & highs
        let s = x ^ (ones &* 0x5C)
        let backslash = (s &- ones) & ~s & highs
        return (control | quote | backslash | (x & highs)) == 0
    }

    /// Appends `bytes` with invalid UTF-8 repaired; when `doubleQuotes`, each `"` is written
    /// twice (CSV quoting).
    package static func appendRepaired(_ bytes: UnsafeRawBufferPointer, doubleQuotes: Bool, to out: inout [UInt8]) {
        let n = bytes.count
        var runStart = 0
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if doubleQuotes && b == 0x22 {
                    // Include this quote in the run, then start the next run at it again.
                    i &+= 1
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart ..< i]))
                    runStart = i &- 1
                } else {
                    i &+= 1
                }
                continue
            }
            let len = sequence(bytes, at: i)
            if len > 0 {
                i &+= len
                continue
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart ..< i]))
            out.append(replacement.0)
            out.append(replacement.1)
            out.append(replacement.2)
            i &+= 0 &- len
            runStart = i
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart ..< n]))
    }
}
