/// Flow collections, quoted scalars and plain-scalar resolution for ``YAMLParser``.
extension YAMLParser {
    /// Skips whitespace, newlines and comments inside a flow collection.
    private mutating func skipFlowSpace() {
        while pos < t.count {
            let b = t[pos]
            if b == 0x20 || b == 0x09 || b == 0x0A {
                pos += 1
            } else if b == UInt8(ascii: "#") && (pos == 0 || isBlankOrEOL(t[pos - 1])) {
                while pos < t.count && t[pos] != 0x0A { pos += 1 }
            } else {
                return
            }
        }
    }

    /// Parses `[...]` or `{...}` at `pos` (may span lines); `pos` ends after the closer.
    mutating func flowNode() throws -> ConfigValue {
        let open = pos
        let isMap = t[pos] == UInt8(ascii: "{")
        let close = isMap ? UInt8(ascii: "}") : UInt8(ascii: "]")
        try enter(open)
        pos += 1
        var items: [ConfigValue] = []
        var members: [(key: String, value: ConfigValue)] = []
        var keys = Set<String>()
        while true {
            skipFlowSpace()
            if pos >= t.count { throw t.error("unterminated flow \(isMap ? "mapping" : "sequence")", at: open) }
            if t[pos] == close { pos += 1; break }
            if isMap {
                let keyPos = pos
                let key = try flowKey()
                if !keys.insert(key).inserted { throw t.error("duplicate key '\(key)'", at: keyPos) }
                skipFlowSpace()
                var value = ConfigValue.null
                if t[pos] == UInt8(ascii: ":") {
                    pos += 1
                    skipFlowSpace()
                    if t[pos] != UInt8(ascii: ",") && t[pos] != close { value = try flowItem() }
                }
                members.append((key, value))
            } else {
                items.append(try flowItem())
            }
            skipFlowSpace()
            if t[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if t[pos] == close { pos += 1; break }
            if pos >= t.count { throw t.error("unterminated flow \(isMap ? "mapping" : "sequence")", at: open) }
            if !isMap && t[pos] == UInt8(ascii: ":") {
                throw t.error("a mapping inside a flow sequence must be written in braces", at: pos)
            }
            throw t.error("expected ',' or '\(isMap ? "}" : "]")', found \(t.describe(at: pos))", at: pos)
        }
        depth -= 1
        return isMap ? .object(members) : .array(items)
    }

    /// A key inside `{...}`: a quoted or plain scalar.
    private mutating func flowKey() throws -> String {
        let b = t[pos]
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { return try quotedScalar() }
        if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
            throw t.error("complex keys are not supported", at: pos)
        }
        return try plainFlowScalar()
    }

    /// A value inside a flow collection.
    private mutating func flowItem() throws -> ConfigValue {
        let b = t[pos]
        if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { return try flowNode() }
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { return .string(try quotedScalar()) }
        return YAMLScalar.resolve(try plainFlowScalar())
    }

    /// Reads a plain scalar in flow context: it ends at `,[]{}`, at `:` followed by a space,
    /// newline or flow indicator, or at a comment; it may continue on the next lines (folded:
    /// a line break is a space, each blank line a newline).
    private mutating func plainFlowScalar() throws -> String {
        try checkPlainStart()
        let first = pos
        var text = ""
        var breaks = 0
        lines: while true {
            let start = pos
            var end = pos
            scan: while pos < t.count {
                let c = t[pos]
                switch c {
                case 0x0A, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                    break scan
                case UInt8(ascii: ":"):
                    let n = t[pos + 1]
                    if isBlankOrEOL(n) || n == UInt8(ascii: ",") || n == UInt8(ascii: "]") || n == UInt8(ascii: "}")
                        || n == UInt8(ascii: "[") || n == UInt8(ascii: "{") { break scan }
                case UInt8(ascii: "#"):
                    if t[pos - 1] == 0x20 || t[pos - 1] == 0x09 { break scan }
                default:
                    break
                }
                pos += 1
                if c != 0x20 && c != 0x09 { end = pos }
            }
            if end > start {
                if !text.isEmpty { text += breaks == 0 ? " " : String(repeating: "\n", count: breaks) }
                text += t.string(start, end)
            }
            guard t[pos] == 0x0A else { break }
            // Continue when the next non-blank line starts with more of the scalar.
            var q = pos
            breaks = 0
            while q < t.count && t[q] == 0x0A {
                q += 1
                while t[q] == 0x20 || t[q] == 0x09 { q += 1 }
                if t[q] == 0x0A { breaks += 1 }
            }
            switch t[q] {
            case 0, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "#"), UInt8(ascii: ":"):
                break lines
            default:
                if q >= t.count { break lines }
                pos = q
            }
        }
        if text.isEmpty { throw t.error("expected a value, found \(t.describe(at: first))", at: first) }
        return text
    }

    /// Refuses the characters a plain scalar may not start with, naming the unsupported
    /// feature they introduce.
    func checkPlainStart() throws {
        let b = t[pos]
        let next = t[pos + 1]
        switch b {
        case UInt8(ascii: "&"): throw t.error("anchors are not supported", at: pos)
        case UInt8(ascii: "*"): throw t.error("aliases are not supported", at: pos)
        case UInt8(ascii: "!"): throw t.error("tags are not supported", at: pos)
        case UInt8(ascii: "|"), UInt8(ascii: ">"): throw t.error("block scalars ('|', '>') are not supported", at: pos)
        case UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            throw t.error("\(t.describe(at: pos)) cannot start a plain value (quote it)", at: pos)
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
            throw t.error("unexpected \(t.describe(at: pos))", at: pos)
        case UInt8(ascii: "?") where isBlankOrEOL(next):
            throw t.error("explicit keys ('?') are not supported", at: pos)
        case UInt8(ascii: "-") where isBlankOrEOL(next):
            throw t.error("a sequence item is not allowed here", at: pos)
        case UInt8(ascii: "#"):
            throw t.error("expected a value, found a comment", at: pos)
        default:
            return
        }
    }

    /// Parses a single- or double-quoted scalar at `pos`; `pos` ends after the closing quote.
    mutating func quotedScalar() throws -> String {
        let open = pos
        let quote = t[pos]
        let kind = quote == UInt8(ascii: "'") ? "single" : "double"
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < t.count else { throw t.error("unterminated \(kind)-quoted string", at: open) }
            let b = t[pos]
            if b == 0x0A {
                // Folding: trailing white space dropped, a line break is a space, each blank
                // line a newline, leading white space of the next line dropped.
                while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
                try foldLineBreak(into: &out, open: open, kind: kind, space: true)
                continue
            }
            if b == quote {
                if quote == UInt8(ascii: "'") && t[pos + 1] == quote {
                    out.append(quote)
                    pos += 2
                    continue
                }
                pos += 1
                break
            }
            if b == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                try escape(into: &out, open: open)
                continue
            }
            out.append(b)
            pos += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Skips the line break at `pos`, blank lines (each appended as a newline; when there are
    /// none and `space`, one space is appended) and the next line's leading white space.
    private mutating func foldLineBreak(into out: inout [UInt8], open: Int, kind: String, space: Bool) throws {
        var blank = 0
        while t[pos] == 0x0A {
            pos += 1
            while t[pos] == 0x20 || t[pos] == 0x09 { pos += 1 }
            if t[pos] == 0x0A { blank += 1 }
        }
        if pos >= t.count { throw t.error("unterminated \(kind)-quoted string", at: open) }
        if blank > 0 {
            out.append(contentsOf: repeatElement(0x0A, count: blank))
        } else if space {
            out.append(0x20)
        }
    }

    /// Decodes the escape sequence at `pos` (a backslash) in a double-quoted scalar.
    private mutating func escape(into out: inout [UInt8], open: Int) throws {
        let esc = pos
        pos += 1
        let c = t[pos]
        pos += 1
        let simple: UInt8?
        switch c {
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "t"), 0x09: simple = 0x09
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: " "): simple = 0x20
        case UInt8(ascii: "0"): simple = 0x00
        case UInt8(ascii: "a"): simple = 0x07
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "e"): simple = 0x1B
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "v"): simple = 0x0B
        default: simple = nil
        }
        if let simple {
            out.append(simple)
            return
        }
        if c == 0x0A {
            // An escaped line break joins the lines without a space.
            pos -= 1
            try foldLineBreak(into: &out, open: open, kind: "double", space: false)
            return
        }
        let digits: Int
        switch c {
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        case UInt8(ascii: "N"): appendUTF8("\u{85}", to: &out); return
        case UInt8(ascii: "_"): appendUTF8("\u{A0}", to: &out); return
        case UInt8(ascii: "L"): appendUTF8("\u{2028}", to: &out); return
        case UInt8(ascii: "P"): appendUTF8("\u{2029}", to: &out); return
        default:
            let shown = c > 0x20 && c < 0x7F ? " '\\\(Character(Unicode.Scalar(c)))'" : ""
            throw t.error("invalid escape\(shown) in double-quoted string", at: esc)
        }
        var code: UInt32 = 0
        for _ in 0 ..< digits {
            guard let d = hexValue(t[pos]) else {
                throw t.error("invalid escape: '\\\(Character(Unicode.Scalar(c)))' needs \(digits) hex digits", at: esc)
            }
            code = code &<< 4 | d
            pos += 1
        }
        if digits == 4 && code >= 0xD800 && code < 0xDC00 && t[pos] == UInt8(ascii: "\\") && t[pos + 1] == UInt8(ascii: "u") {
            var low: UInt32 = 0
            var ok = true
            for k in 0 ..< 4 {
                guard let d = hexValue(t[pos + 2 + k]) else { ok = false; break }
                low = low << 4 | d
            }
            if ok && low >= 0xDC00 && low < 0xE000 {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                pos += 6
            }
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw t.error("invalid escape: U+\(hex4(code)) is not a Unicode scalar value", at: esc)
        }
        appendUTF8(scalar, to: &out)
    }
}

/// Resolution of plain YAML scalars (YAML 1.2 core schema).
enum YAMLScalar {
    /// The value of a plain scalar:
    /// - `null`, `Null`, `NULL`, `~` and the empty scalar are `.null`;
    /// - `true`/`True`/`TRUE`, `false`/`False`/`FALSE` are `.bool` (`yes`/`no`/`on`/`off` stay strings);
    /// - `[-+]?[0-9]+`, `0x..` and `0o..` are `.int` (a decimal too large for Int64 becomes
    ///   `.double`); a decimal with a leading zero (`007`, `-01`) stays a string;
    /// - `[-+]?(.digits|digits[.digits])([eE][-+]?digits)?` with a `.` or an exponent is `.double`,
    ///   as are `.inf`, `-.inf`, `+.inf`, `.nan` (any of the lower/title/upper spellings);
    /// - anything else is `.string` (dates such as `2024-01-01` included).
    static func resolve(_ s: String) -> ConfigValue {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let u = Array(s.utf8)
        guard let first = u.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) else { return .string(s) }
        if u.count > 2 && u[0] == UInt8(ascii: "0") && (u[1] == UInt8(ascii: "x") || u[1] == UInt8(ascii: "o")) {
            if let v = Int64(s.dropFirst(2), radix: u[1] == UInt8(ascii: "x") ? 16 : 8) { return .int(v) }
            return .string(s)
        }
        var i = 0
        if u[0] == UInt8(ascii: "-") || u[0] == UInt8(ascii: "+") { i = 1 }
        func digits() -> Int {
            let st = i
            while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 { i += 1 }
            return i - st
        }
        let intDigits = digits()
        var isInt = true
        var fracDigits = 0
        if i < u.count && u[i] == UInt8(ascii: ".") {
            i += 1
            isInt = false
            fracDigits = digits()
        }
        if intDigits == 0 && fracDigits == 0 { return .string(s) }
        if i < u.count && (u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E")) {
            i += 1
            isInt = false
            if i < u.count && (u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+")) { i += 1 }
            if digits() == 0 { return .string(s) }
        }
        if i != u.count { return .string(s) }
        let text = u[0] == UInt8(ascii: "+") ? String(s.dropFirst()) : s
        if isInt {
            // `007`: YAML 1.1 reads it as octal, 1.2 as 7; keep it text (codes, zip codes).
            if intDigits > 1 && u[i - intDigits] == UInt8(ascii: "0") { return .string(s) }
            if let v = Int64(text) { return .int(v) }
        }
        if let d = Double(text) { return .double(d) }
        return .string(s)
    }
}
