/// RFC 4180 CSV fields from raw UTF-8 bytes.
public enum CSVText {
    /// Appends one CSV field holding the bare text `bare`.
    ///
    /// The field is quoted with `"` when the text contains `,`, `"`, CR or LF, or is empty
    /// (so an empty string differs from a null, which the caller writes as nothing); a `"`
    /// inside is doubled. Invalid UTF-8 is repaired as by ``appendUTF8Repaired(_:to:)``.
    public static func appendField(_ bare: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var needsQuotes = bare.isEmpty
        if !needsQuotes {
            for b in bare where b == 0x2C || b == 0x22 || b == 0x0D || b == 0x0A {
                needsQuotes = true
                break
            }
        }
        if needsQuotes {
            out.append(0x22)
            UTF8Scan.appendRepaired(bare, doubleQuotes: true, to: &out)
            out.append(0x22)
        } else {
            UTF8Scan.appendRepaired(bare, doubleQuotes: false, to: &out)
        }
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
