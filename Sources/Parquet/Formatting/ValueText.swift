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
    @inline(__always)
    package static func writeDigits(_ v: UInt64, width: Int, to out: UnsafeMutablePointer<UInt8>) {
        var x = v
        var at = width
        repeat {
            at &-= 1
            out[at] = UInt8(truncatingIfNeeded: x % 10) &+ 0x30
            x /= 10
        } while at > 0
    }

    /// How many decimal digits `v` has (1...20).
    @inline(__always)
    package static func digitCount(_ v: UInt64) -> Int {
        var digits = 1
        var t = v
        while t >= 10 {
            t /= 10
            digits &+= 1
        }
        return digits
    }

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
