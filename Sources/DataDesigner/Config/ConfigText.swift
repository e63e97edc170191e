/// Config source text as UTF-8 bytes, with the helpers both parsers share: newline
/// normalization, control-character checks and 1-based line/column positions for errors.
struct ConfigText {
    /// The text, `\r\n` and lone `\r` turned into `\n`, a leading BOM removed.
    let bytes: [UInt8]
    /// The file named in errors.
    let file: String

    init(_ text: String, file: String) {
        self.file = file
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for b in text.utf8 {
            if b == 0x0D {
                out.append(0x0A)
                previousCR = true
                continue
            }
            if b == 0x0A && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(b)
        }
        if out.count >= 3 && out[0] == 0xEF && out[1] == 0xBB && out[2] == 0xBF {
            out.removeFirst(3)
        }
        bytes = out
    }

    /// The byte at `i`, or 0 past the end (callers reject NUL up front with
    /// ``checkControlCharacters()``).
    @inline(__always)
    subscript(_ i: Int) -> UInt8 {
        i >= 0 && i < bytes.count ? bytes[i] : 0
    }

    /// The number of bytes.
    var count: Int { bytes.count }

    /// Throws at the first C0 control character other than tab and newline (or DEL).
    func checkControlCharacters() throws {
        for (i, b) in bytes.enumerated() where (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F {
            throw error("control character U+\(hex4(UInt32(b))) is not allowed", at: i)
        }
    }

    /// 1-based line and column (in characters) of byte offset `pos`.
    func location(of pos: Int) -> (line: Int, col: Int) {
        let end = min(max(pos, 0), bytes.count)
        var line = 1
        var col = 1
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                col = 1
            } else if b & 0xC0 != 0x80 {
                col += 1
            }
            i += 1
        }
        return (line, col)
    }

    /// A syntax error at byte offset `pos`.
    func error(_ message: String, at pos: Int) -> ConfigError {
        let (line, col) = location(of: pos)
        return ConfigError(message, file: file, line: line, col: col)
    }

    /// The text of `bytes[start ..< end]` (clamped).
    func string(_ start: Int, _ end: Int) -> String {
        let s = min(max(start, 0), bytes.count)
        let e = min(max(end, s), bytes.count)
        return String(decoding: bytes[s ..< e], as: UTF8.self)
    }

    /// A short, printable quote of the character at `pos` for messages.
    func describe(at pos: Int) -> String {
        if pos >= bytes.count { return "end of input" }
        let b = bytes[pos]
        if b == 0x0A { return "end of line" }
        if b == 0x09 { return "a tab" }
        var end = pos + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'\(string(pos, end))'"
    }
}

/// Four upper-case hex digits of `v` (at least four).
func hex4(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// The value of an ASCII hex digit, or nil.
@inline(__always)
func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case 0x30 ... 0x39: return UInt32(b - 0x30)
    case 0x41 ... 0x46: return UInt32(b - 0x41 + 10)
    case 0x61 ... 0x66: return UInt32(b - 0x61 + 10)
    default: return nil
    }
}

/// The byte a JSON one-character escape stands for (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`,
/// `\r`, `\t`), nil for any other escape letter (shared by the config and template readers).
func jsonSimpleEscape(_ e: UInt8) -> UInt8? {
    switch e {
    case UInt8(ascii: "\""): 0x22
    case UInt8(ascii: "\\"): 0x5C
    case UInt8(ascii: "/"): 0x2F
    case UInt8(ascii: "b"): 0x08
    case UInt8(ascii: "f"): 0x0C
    case UInt8(ascii: "n"): 0x0A
    case UInt8(ascii: "r"): 0x0D
    case UInt8(ascii: "t"): 0x09
    default: nil
    }
}

/// The code point of a UTF-16 surrogate pair.
func combineSurrogates(_ high: UInt32, _ low: UInt32) -> UInt32 {
    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
}

/// Appends the UTF-8 encoding of `scalar` to `out`.
func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
    out.append(contentsOf: scalar.utf8)
}

/// The maximum nesting depth of arrays and objects in a config.
let configMaxDepth = 100
