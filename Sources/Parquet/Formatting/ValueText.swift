/// Exact text of scalar Parquet values, appended as UTF-8 bytes to an output buffer.
///
/// Every function appends the *bare* text (no JSON quotes): the JSON sink puts quotes around
/// dates, times, base64 and UUIDs (which never need escaping); the CSV sink writes the bare
/// text. Nothing here allocates per value beyond growing `out`, and nothing traps on any input.
public enum ValueText {
    /// Appends `v` as a decimal integer literal (`-9223372036854775808` ... `9223372036854775807`).
    @inlinable
    public static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(v.magnitude, minWidth: 1, to: &out)
    }

    /// Appends `v` as an unsigned decimal integer literal (up to `18446744073709551615`).
    @inlinable
    public static func appendUInt(_ v: UInt64, to out: inout [UInt8]) {
        appendDigits(v, minWidth: 1, to: &out)
    }

    /// Appends the decimal digits of `v`, left-padded with zeros to at least `minWidth` digits.
    @usableFromInline
    package static func appendDigits(_ v: UInt64, minWidth: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var i = 20
            var x = v
            repeat {
                i &-= 1
                buf[i] = UInt8(truncatingIfNeeded: x % 10) &+ 0x30
                x /= 10
            } while x != 0
            var pad = minWidth &- (20 &- i)
            while pad > 0 {
                out.append(0x30)
                pad &-= 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i ..< 20]))
        }
    }

    /// Writes the decimal digits of `v`, left-padded with zeros to at least `minWidth` (at
    /// most 20) digits, at `out` (room for 20 bytes); returns how many.
    @inline(__always)
    package static func writeDigits(_ v: UInt64, minWidth: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let width = Swift.max(digitCount(v), Swift.min(minWidth, 20))
        writeDigits(v, width: width, to: out)
        return width
    }

    /// Writes the last `width` (1...20) decimal digits of `v` at `out`, zero-padded on the
    /// left: the one digit loop of the formatters.
    /// Two digits at a time (from a table of "00" ... "99"), which halves the divisions.
    @inline(__always)
    package static func writeDigits(_ v: UInt64, width: Int, to out: UnsafeMutablePointer<UInt8>) {
        var x = v
        var at = width
        digitPairs.withUnsafeBufferPointer { pairs in
            while at >= 2 {
                let q = x / 100
                let r = Int(truncatingIfNeeded: x &- q &* 100) &* 2
                at &-= 2
                out[at] = pairs[r]
                out[at &+ 1] = pairs[r &+ 1]
                x = q
            }
        }
        if at == 1 { out[0] = UInt8(truncatingIfNeeded: x % 10) &+ 0x30 }
    }

    /// "00", "01", ... "99" back to back.
    private static let digitPairs: [UInt8] = {
        var pairs: [UInt8] = []
        for i in 0 ..< 100 as Range<UInt8> {
            pairs.append(0x30 + i / 10)
            pairs.append(0x30 + i % 10)
        }
        return pairs
    }()

    /// How many decimal digits `v` has (1...20): an estimate from its bit length, corrected
    /// by one comparison with a power of ten.
    @inline(__always)
    package static func digitCount(_ v: UInt64) -> Int {
        // floor(log10(2^bits)) for the bit length of v (1...64): 0...19.
        let t = ((64 &- (v | 1).leadingZeroBitCount) &* 1233) &>> 12
        return powersOfTen.withUnsafeBufferPointer { t &+ (v >= $0[t] || v == 0 ? 1 : 0) }
    }

    /// 10^0 ... 10^19.
    private static let powersOfTen: [UInt64] = {
        var powers: [UInt64] = [1]
        while powers.count < 20 { powers.append(powers[powers.count - 1] &* 10) }
        return powers
    }()

    /// Writes exactly two digits of `v` (which must be in 0...99) at `out`.
    @inline(__always)
    package static func writeTwoDigits(_ v: UInt64, to out: UnsafeMutablePointer<UInt8>) {
        out[0] = UInt8(truncatingIfNeeded: v / 10) &+ 0x30
        out[1] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
    }


    private static let base64Alphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends `bytes` as standard base64 (RFC 4648 alphabet `A–Z a–z 0–9 + /`) with `=` padding.
    /// An empty input appends nothing.
    public static func appendBase64(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let n = bytes.count
        out.reserveAdditional((n / 3 &+ 1) &* 4)  // geometric: cells of a batch share one buffer
        base64Alphabet.withUnsafeBufferPointer { table in
            var i = 0
            while i &+ 3 <= n {
                let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i &+ 1]) << 8 | UInt32(bytes[i &+ 2])
                out.append(table[Int(v >> 18)])
                out.append(table[Int((v >> 12) & 63)])
                out.append(table[Int((v >> 6) & 63)])
                out.append(table[Int(v & 63)])
                i &+= 3
            }
            let rest = n &- i
            if rest == 1 {
                let v = UInt32(bytes[i]) << 16
                out.append(table[Int(v >> 18)])
                out.append(table[Int((v >> 12) & 63)])
                out.append(UInt8(ascii: "="))
                out.append(UInt8(ascii: "="))
            } else if rest == 2 {
                let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i &+ 1]) << 8
                out.append(table[Int(v >> 18)])
                out.append(table[Int((v >> 12) & 63)])
                out.append(table[Int((v >> 6) & 63)])
                out.append(UInt8(ascii: "="))
            }
        }
    }

    /// Appends a UUID as lower-case `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    ///
    /// The UUID logical type is a 16-byte FIXED_LEN_BYTE_ARRAY; for any other length
    /// (a malformed file) the bytes are written as plain lower-case hex without dashes
    /// (nothing for an empty input), so the output stays well-formed.
    public static func appendUUID(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let n = bytes.count
        for i in 0 ..< n {
            if n == 16 && (i == 4 || i == 6 || i == 8 || i == 10) { out.append(UInt8(ascii: "-")) }
            appendHexByte(bytes[i], to: &out)
        }
    }

    /// Appends one byte as two lower-case hex digits.
    @inline(__always)
    package static func appendHexByte(_ b: UInt8, to out: inout [UInt8]) {
        out.append(hexDigit(b >> 4))
        out.append(hexDigit(b & 15))
    }

    @inline(__always)
    package static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? v &+ 0x30 : v &+ 0x57 }
}
