/// RFC 4180 CSV fields from raw UTF-8 bytes.
public enum CSVText {
    /// Appends one CSV field holding the bare text `bare`.
    ///
    /// The field is quoted with `"` when the text contains `,`, `"`, CR or LF, or is empty
    /// (so an empty string differs from a null, which the caller writes as nothing); a `"`
    /// inside is doubled. Invalid UTF-8 is repaired as by ``appendUTF8Repaired(_:to:)``.
    public static func appendField(_ bare: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if bare.isEmpty {
            out.append(0x22)
            out.append(0x22)
            return
        }
        if isPlain(bare) {
            out.append(contentsOf: bare)  // the common case: plain ASCII, copied as it is
            return
        }
        let (special, nonASCII) = scan(bare)
        if !special && !nonASCII {
            out.append(contentsOf: bare)  // the common case: plain ASCII, copied as it is
            return
        }
        if special { out.append(0x22) }
        UTF8Scan.appendRepaired(bare, doubleQuotes: special, to: &out)
        if special { out.append(0x22) }
    }

    /// True when `bytes` are certainly written as they are: no `,` `"`, no byte below 0x0E
    /// (CR, LF and some other controls) and no non-ASCII byte; checked 16 bytes at a time.
    /// False may still be plain (another control byte): ``scan(_:)`` then decides.
    @inline(__always)
    static func isPlain(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        var i = 0
        while i &+ 16 <= n {
            let a = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = bytes.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            if !isPlain16(a, b) { return false }
            i &+= 16
        }
        if i &+ 8 <= n {
            if !isPlain8(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return false }
            i &+= 8
        }
        while i < n {
            let b = bytes[i]
            if b >= 0x80 || b < 0x0E || b == 0x2C || b == 0x22 { return false }
            i &+= 1
        }
        return true
    }

    /// High bit set in the bytes of `x` that keep it from being plain (``isPlain(_:)``), and
    /// possibly in bytes above them; zero exactly when all eight are plain.
    @inline(__always)
    static func unplainBits(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return matches(x, 0x2C) | matches(x, 0x22) | (((x &- ones &* 0x0E) & ~x | x) & 0x8080_8080_8080_8080)
    }

    /// High bit set in the bytes of `x` equal to `byte` (and possibly in bytes above one);
    /// zero exactly when none of the eight is.
    @inline(__always)
    static func matches(_ x: UInt64, _ byte: UInt64) -> UInt64 {
        let y = x ^ (0x0101_0101_0101_0101 &* byte)
        return (y &- 0x0101_0101_0101_0101) & ~y & 0x8080_8080_8080_8080
    }

    /// ``isPlain(_:)`` for the eight bytes of `x`.
    @inline(__always)
    static func isPlain8(_ x: UInt64) -> Bool { unplainBits(x) == 0 }

    /// ``isPlain(_:)`` for the sixteen bytes of `a` and `b`.
    @inline(__always)
    static func isPlain16(_ a: UInt64, _ b: UInt64) -> Bool { unplainBits(a) | unplainBits(b) == 0 }

    /// Whether `bytes` hold a byte that forces quoting (`,` `"` CR LF) and whether they hold
    /// non-ASCII bytes (which need UTF-8 validation), eight bytes at a time.
    @inline(__always)
    static func scan(_ bytes: UnsafeRawBufferPointer) -> (special: Bool, nonASCII: Bool) {
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasByte(_ word: UInt64, _ byte: UInt64) -> Bool { matches(word, byte) != 0 }
        var special = false, nonASCII = false
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if word & highs != 0 { nonASCII = true }
            if hasByte(word, 0x2C) || hasByte(word, 0x22) || hasByte(word, 0x0D) || hasByte(word, 0x0A) {
                special = true
            }
            if special && nonASCII { return (true, true) }
            i += 8
        }
        while i < n {
            let b = bytes[i]
            if b >= 0x80 { nonASCII = true }
            if b == 0x2C || b == 0x22 || b == 0x0D || b == 0x0A { special = true }
            i += 1
        }
        return (special, nonASCII)
    }

    /// Appends one CSV field holding `s` (same rules as the byte-buffer overload).
    public static func appendField(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendField(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Appends `bytes` unchanged where they are valid UTF-8, replacing each maximal invalid
    /// subpart (bad or truncated sequences, overlongs, surrogates, code points above
    /// U+10FFFF) with U+FFFD (`EF BF BD`). No quoting or escaping.
    public static func appendUTF8Repaired(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        UTF8Scan.appendRepaired(bytes, doubleQuotes: false, to: &out)
    }
}
