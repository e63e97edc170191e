/// Python's text forms and string methods, as the real tool (CPython 3) produces them.
enum PythonText {
    /// `repr(float)`: the shortest text that reads back as the same double, fixed notation
    /// for decimal exponents -4 ... 15 (`100.0`, `0.0001`), scientific otherwise (`1e-05`,
    /// `1e+16`); `inf`, `-inf`, `nan`. Swift's `description` follows the same rules.
    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// `json.dumps` of a float: `repr`, with `NaN`, `Infinity`, `-Infinity`.
    static func jsonFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return d.description
    }

    /// Appends `repr(s)`: single quotes unless the text holds `'` and no `"`; backslash
    /// escapes for the quote, `\\`, `\t`, `\n`, `\r`; `\xhh` / `\uhhhh` / `\Uhhhhhhhh` for
    /// characters that are not printable.
    static func appendStringRepr(_ s: String, to out: inout [UInt8]) {
        var hasSingle = false, hasDouble = false
        for b in s.utf8 {
            if b == UInt8(ascii: "'") { hasSingle = true } else if b == UInt8(ascii: "\"") { hasDouble = true }
        }
        let quote: UInt8 = hasSingle && !hasDouble ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        out.append(quote)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case UInt32(quote), 0x5C:
                out.append(0x5C)
                out.append(UInt8(v))
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            default:
                if v >= 0x20 && v < 0x7F {
                    out.append(UInt8(v))
                } else if v < 0x80 || !isPrintable(scalar) {
                    appendHexEscape(v, to: &out)
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        out.append(quote)
    }

    private static func appendHexEscape(_ v: UInt32, to out: inout [UInt8]) {
        let (prefix, width): (String, Int) = v < 0x100 ? ("\\x", 2) : (v < 0x10000 ? ("\\u", 4) : ("\\U", 8))
        out.append(contentsOf: prefix.utf8)
        let hex = String(v, radix: 16)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - hex.count)))
        out.append(contentsOf: hex.utf8)
    }

    /// Python's `str.isprintable()` for one character: not a control, format, surrogate,
    /// private-use, unassigned or separator character (the ASCII space is printable).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0x20 { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// Python's `str.isspace()` for one character.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09 ... 0x0D, 0x1C ... 0x20, 0x85, 0xA0: return true
        case 0 ..< 0x80: return false
        default: return scalar.properties.isWhitespace
        }
    }

    static func upper(_ s: String) -> String { s.uppercased() }
    static func lower(_ s: String) -> String { s.lowercased() }

    /// `str.capitalize()`: the first character title-cased, the rest lower-cased.
    static func capitalize(_ s: String) -> String {
        var scalars = s.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return s }
        var out = first.properties.titlecaseMapping
        var rest = String.UnicodeScalarView()
        while let c = scalars.next() { rest.append(c) }
        out += String(rest).lowercased()
        return out
    }

    /// Jinja2's `title` filter: the text split at runs of `-`, whitespace, `(`, `{`, `[`,
    /// `<`; in each piece the first character upper-cased and the rest lower-cased.
    static func jinjaTitle(_ s: String) -> String {
        var out = ""
        var piece = String.UnicodeScalarView()
        var inSeparator = false
        func isSep(_ c: Unicode.Scalar) -> Bool {
            c == "-" || c == "(" || c == "{" || c == "[" || c == "<" || isRegexSpace(c)
        }
        func flush() {
            guard !piece.isEmpty else { return }
            var it = piece.makeIterator()
            if let f = it.next() {
                out += String(f).uppercased()
                var rest = String.UnicodeScalarView()
                while let c = it.next() { rest.append(c) }
                out += String(rest).lowercased()
            }
            piece = String.UnicodeScalarView()
        }
        for c in s.unicodeScalars {
            let sep = isSep(c)
            if sep != inSeparator { flush(); inSeparator = sep }
            piece.append(c)
        }
        flush()
        return out
    }

    /// `\s` of Python's `re` for str patterns.
    static func isRegexSpace(_ c: Unicode.Scalar) -> Bool { isSpace(c) }

    /// `str.strip(chars)` (whitespace when `chars` is nil); `leading`/`trailing` select the side.
    /// Only the stripped ends are looked at.
    static func strip(_ s: String, chars: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let set = chars.map { Set($0.unicodeScalars) }
        func strippable(_ c: Unicode.Scalar) -> Bool { set.map { $0.contains(c) } ?? isSpace(c) }
        let view = s.unicodeScalars
        var lo = view.startIndex, hi = view.endIndex
        if leading { while lo < hi, strippable(view[lo]) { lo = view.index(after: lo) } }
        if trailing {
            while hi > lo {
                let before = view.index(before: hi)
                guard strippable(view[before]) else { break }
                hi = before
            }
        }
        if lo == view.startIndex && hi == view.endIndex { return s }
        return String(view[lo..<hi])
    }

    /// Whether UTF-8 `bytes` hold only whitespace (Python `not text.strip()`).
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        for (i, b) in bytes.enumerated() {
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F) { continue }
                return false
            }
            return String(decoding: bytes[i...], as: UTF8.self).unicodeScalars.allSatisfy(isSpace)
        }
        return true
    }

    /// `str.split(sep, maxsplit)`; whitespace splitting (runs, no empty pieces) when `sep` is nil.
    static func split(_ s: String, sep: String?, maxsplit: Int) -> [String]? {
        let scalars = Array(s.unicodeScalars)
        var parts: [String] = []
        func piece(_ r: Range<Int>) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[r])
            return String(v)
        }
        guard let sep else {
            var i = 0
            while i < scalars.count {
                while i < scalars.count, isSpace(scalars[i]) { i += 1 }
                if i >= scalars.count { break }
                if maxsplit >= 0 && parts.count == maxsplit {
                    var end = scalars.count
                    while end > i, isSpace(scalars[end - 1]) { end -= 1 }
                    parts.append(piece(i ..< end))
                    return parts
                }
                let start = i
                while i < scalars.count, !isSpace(scalars[i]) { i += 1 }
                parts.append(piece(start ..< i))
            }
            return parts
        }
        let sepScalars = Array(sep.unicodeScalars)
        guard !sepScalars.isEmpty else { return nil }  // ValueError: empty separator
        var start = 0, i = 0
        while i + sepScalars.count <= scalars.count {
            if (maxsplit < 0 || parts.count < maxsplit), Array(scalars[i ..< i + sepScalars.count]) == sepScalars {
                parts.append(piece(start ..< i))
                i += sepScalars.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(piece(start ..< scalars.count))
        return parts
    }

    /// `str.replace(old, new, count)` (count < 0: all).
    static func replace(_ s: String, _ old: String, _ new: String, count: Int) -> String {
        if count == 0 { return s }
        let scalars = Array(s.unicodeScalars), o = Array(old.unicodeScalars)
        var out = String.UnicodeScalarView()
        var done = 0
        if o.isEmpty {
            // Python inserts `new` between every character (and at both ends).
            for c in scalars {
                if count < 0 || done < count { out.append(contentsOf: new.unicodeScalars); done += 1 }
                out.append(c)
            }
            if count < 0 || done < count { out.append(contentsOf: new.unicodeScalars) }
            return String(out)
        }
        var i = 0
        while i < scalars.count {
            if (count < 0 || done < count), i + o.count <= scalars.count, Array(scalars[i ..< i + o.count]) == o {
                out.append(contentsOf: new.unicodeScalars)
                i += o.count
                done += 1
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Number of non-overlapping occurrences of `sub` (Python `str.count`).
    static func count(_ s: String, _ sub: String) -> Int {
        let scalars = Array(s.unicodeScalars), o = Array(sub.unicodeScalars)
        if o.isEmpty { return scalars.count + 1 }
        var n = 0, i = 0
        while i + o.count <= scalars.count {
            if Array(scalars[i ..< i + o.count]) == o { n += 1; i += o.count } else { i += 1 }
        }
        return n
    }

    /// Index (in characters) of the first occurrence of `sub`, or -1 (Python `str.find`).
    static func find(_ s: String, _ sub: String) -> Int {
        let scalars = Array(s.unicodeScalars), o = Array(sub.unicodeScalars)
        if o.isEmpty { return 0 }
        var i = 0
        while i + o.count <= scalars.count {
            if Array(scalars[i ..< i + o.count]) == o { return i }
            i += 1
        }
        return -1
    }
}

/// JSON text the way CPython's `json` module writes it.
enum PythonJSON {
    /// `json.dumps(value, sort_keys: sortKeys, separators=(",", ":"))` (with `ensureASCII`)
    /// or, with `indent`, `json.dumps(value, indent=indent)` (separators `,` and `: `).
    static func dumps(_ value: ConfigValue, sortKeys: Bool, ensureASCII: Bool, indent: Int?) -> String {
        var out: [UInt8] = []
        write(value, sortKeys: sortKeys, ascii: ensureASCII, indent: indent, spaced: false, level: 0, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `json.dumps(value)` with Python's defaults: separators `, ` and `: `, ASCII, keys in
    /// document order.
    static func dumps(_ value: ConfigValue) -> String {
        var out: [UInt8] = []
        write(value, sortKeys: false, ascii: true, indent: nil, spaced: true, level: 0, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: ConfigValue, sortKeys: Bool, ascii: Bool, indent: Int?, spaced: Bool, level: Int,
                              to out: inout [UInt8]) {
        func newline(_ l: Int) {
            guard let indent else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent * l))
        }
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: PythonText.jsonFloat(d).utf8)
        case .string(let s): appendString(s, ascii: ascii, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: spaced ? ", ".utf8 : ",".utf8) }
                newline(level + 1)
                write(item, sortKeys: sortKeys, ascii: ascii, indent: indent, spaced: spaced, level: level + 1, to: &out)
            }
            newline(level)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            let ordered = sortKeys
                ? members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) { $0.value < $1.value } }
                : members
            out.append(UInt8(ascii: "{"))
            for (i, m) in ordered.enumerated() {
                if i > 0 { out.append(contentsOf: spaced ? ", ".utf8 : ",".utf8) }
                newline(level + 1)
                appendString(m.key, ascii: ascii, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil || spaced { out.append(0x20) }
                write(m.value, sortKeys: sortKeys, ascii: ascii, indent: indent, spaced: spaced, level: level + 1, to: &out)
            }
            newline(level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal: `"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f` escaped, other controls
    /// as `\u00XX`; with `ascii`, every non-ASCII character as `\uXXXX` (surrogate pairs above
    /// U+FFFF), lower-case hex.
    static func appendString(_ s: String, ascii: Bool, quoted: Bool = true, to out: inout [UInt8]) {
        if quoted { out.append(UInt8(ascii: "\"")) }
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0 ..< 0x20: appendU(v, &out)
            case 0x20 ..< 0x7F: out.append(UInt8(v))
            default:
                if !ascii {
                    out.append(contentsOf: String(scalar).utf8)
                } else if v == 0x7F {
                    out.append(0x7F)
                } else if v < 0x10000 {
                    appendU(v, &out)
                } else {
                    let w = v - 0x10000
                    appendU(0xD800 + (w >> 10), &out)
                    appendU(0xDC00 + (w & 0x3FF), &out)
                }
            }
        }
        if quoted { out.append(UInt8(ascii: "\"")) }
    }

    private static func appendU(_ v: UInt32, _ out: inout [UInt8]) {
        out.append(contentsOf: "\\u".utf8)
        let hex = String(v, radix: 16)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, 4 - hex.count)))
        out.append(contentsOf: hex.utf8)
    }
}

extension PythonText {
    /// Python `str.title()`: each run of cased characters starts upper (title) case, the rest
    /// lower case; any uncased character (an apostrophe, a digit) starts a new word.
    static func pythonTitle(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for c in s.unicodeScalars {
            let cased = c.properties.isCased
            if cased {
                out += previousCased ? String(c).lowercased() : c.properties.titlecaseMapping
            } else {
                out.unicodeScalars.append(c)
            }
            previousCased = cased
        }
        return out
    }
}
