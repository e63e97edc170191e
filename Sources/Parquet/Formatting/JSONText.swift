/// JSON string literals from raw UTF-8 bytes.
public enum JSONText {
    /// Appends `utf8` as a quoted JSON string.
    ///
    /// Invalid UTF-8 (bad or truncated sequences, overlongs, surrogates, code points above
    /// U+10FFFF) is repaired: each maximal invalid subpart becomes U+FFFD. `"` and `\` are
    /// escaped, control characters below U+0020 become `\n` `\r` `\t` `\b` `\f` or `\u00xx`
    /// (lower-case hex); DEL and all other characters are written raw as UTF-8, never as
    /// `\u` escapes. Runs that need no change are copied in bulk.
    public static func appendString(_ utf8: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(0x22)
        let n = utf8.count
        var runStart = 0
        var i = 0
        while i < n {
            while i &+ 8 <= n && UTF8Scan.isPlainJSON8(utf8.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i &+= 8
            }
            if i >= n { break }
            let b = utf8[i]
            if b >= 0x20 && b < 0x80 && b != 0x22 && b != 0x5C {
                i &+= 1
                continue
            }
            if b >= 0x80 {
                let len = UTF8Scan.sequence(utf8, at: i)
                if len > 0 {
                    i &+= len
                    continue
                }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[runStart ..< i]))
                out.append(UTF8Scan.replacement.0)
                out.append(UTF8Scan.replacement.1)
                out.append(UTF8Scan.replacement.2)
                i &+= 0 &- len
                runStart = i
                continue
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[runStart ..< i]))
            appendEscape(b, to: &out)
            i &+= 1
            runStart = i
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[runStart ..< n]))
        out.append(0x22)
    }

    /// Appends `s` as a quoted JSON string (same rules as the byte-buffer overload).
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// The escape of an ASCII byte that JSON does not allow raw (`"`, `\`, controls).
    @inline(__always)
    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        out.append(0x5C)
        switch b {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            out.append(UInt8(ascii: "u"))
            out.append(0x30)
            out.append(0x30)
            ValueText.appendHexByte(b, to: &out)
        }
    }
}

/// The JSON text of a null value.
package let nullText = Array("null".utf8)
