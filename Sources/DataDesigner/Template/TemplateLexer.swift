/// A token of a Jinja2 template.
struct TemplateToken: Equatable {
    enum Kind: Equatable {
        /// Text outside tags (whitespace control already applied).
        case data(String)
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(Int64)
        case float(Double)
        /// An operator or punctuation: `+ - * / // % ** ~ . , : | = ( ) [ ] { } == != < <= > >=`.
        case op(String)
        case end
    }
    let kind: Kind
    /// Byte offset in the source (for messages).
    let offset: Int
}

/// A template the lexer or parser cannot read, or a construct outside the supported subset.
public struct TemplateSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Splits a template into tokens the way Jinja2's lexer does with the default settings:
/// `{{ }}`, `{% %}`, `{# #}` with `-` whitespace control (and `+`, accepted), `{% raw %}`,
/// newlines normalized and one trailing newline removed (`keep_trailing_newline=False`).
struct TemplateLexer {
    private let s: [UInt8]
    private var i = 0
    private(set) var tokens: [TemplateToken] = []

    /// Tokenizes `source`; throws ``TemplateSyntaxError`` for unclosed tags, strings or
    /// comments and characters Jinja does not accept inside tags.
    static func tokenize(_ source: String) throws -> [TemplateToken] {
        var lexer = TemplateLexer(normalize(source))
        try lexer.run()
        return lexer.tokens
    }

    private init(_ bytes: [UInt8]) { s = bytes }

    /// Python `"\n".join(source.splitlines())`: every line break (`\r\n`, `\r`, `\v`, `\f`,
    /// `\x1c`-`\x1e`, `\x85`, U+2028, U+2029) becomes `\n`, and a final line break is dropped.
    static func normalize(_ source: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.utf8.count)
        var previousCR = false
        for scalar in source.unicodeScalars {
            let v = scalar.value
            if v == 0x0A && previousCR { previousCR = false; continue }
            previousCR = v == 0x0D
            switch v {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: out.append(0x0A)
            default: out.append(contentsOf: String(scalar).utf8)
            }
        }
        if out.last == 0x0A { out.removeLast() }
        return out
    }

    private func at(_ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }

    private mutating func run() throws {
        var data: [UInt8] = []
        var stripNextLeading = false
        func flushData(stripTrailing: Bool) {
            var text = data
            if stripNextLeading {
                var k = 0
                while k < text.count, isSpace(text[k]) { k += 1 }
                text.removeFirst(k)
            }
            if stripTrailing {
                while let l = text.last, isSpace(l) { text.removeLast() }
            }
            if !text.isEmpty { tokens.append(TemplateToken(kind: .data(String(decoding: text, as: UTF8.self)), offset: i)) }
            data = []
            stripNextLeading = false
        }
        while i < s.count {
            let c = s[i]
            guard c == UInt8(ascii: "{"), i + 1 < s.count,
                  s[i + 1] == UInt8(ascii: "{") || s[i + 1] == UInt8(ascii: "%") || s[i + 1] == UInt8(ascii: "#") else {
                data.append(c)
                i += 1
                continue
            }
            let kind = s[i + 1]
            let start = i
            var j = i + 2
            let minus = at(j) == UInt8(ascii: "-")
            if minus || at(j) == UInt8(ascii: "+") { j += 1 }
            flushData(stripTrailing: minus)
            i = j
            switch kind {
            case UInt8(ascii: "#"):
                // Comment: up to `#}` (or `-#}`).
                while i + 1 < s.count, !(s[i] == UInt8(ascii: "#") && s[i + 1] == UInt8(ascii: "}")) { i += 1 }
                guard i + 1 < s.count else { throw TemplateSyntaxError("unclosed comment ('{#' without '#}')") }
                stripNextLeading = i > j && s[i - 1] == UInt8(ascii: "-")
                i += 2
            case UInt8(ascii: "{"):
                tokens.append(TemplateToken(kind: .variableBegin, offset: start))
                stripNextLeading = try lexTag(closing: UInt8(ascii: "}"))
                tokens.append(TemplateToken(kind: .variableEnd, offset: i))
            default:
                // `{% raw %}` is handled here: its body is data, verbatim.
                let save = i
                if let rawEnd = try rawBlock(from: save) {
                    i = rawEnd
                    continue
                }
                tokens.append(TemplateToken(kind: .blockBegin, offset: start))
                stripNextLeading = try lexTag(closing: UInt8(ascii: "%"))
                tokens.append(TemplateToken(kind: .blockEnd, offset: i))
            }
        }
        flushData(stripTrailing: false)
        tokens.append(TemplateToken(kind: .end, offset: s.count))
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }

    /// When the tag at `from` is `{% raw %}`, emits its body as data and returns the offset
    /// after `{% endraw %}`.
    private mutating func rawBlock(from start: Int) throws -> Int? {
        var k = start
        while k < s.count, isSpace(s[k]) { k += 1 }
        guard k + 3 <= s.count, Array(s[k ..< k + 3]) == Array("raw".utf8), !isNameByte(at(k + 3)) else { return nil }
        k += 3
        while k < s.count, isSpace(s[k]) { k += 1 }
        let stripAfter = at(k) == UInt8(ascii: "-")
        if stripAfter || at(k) == UInt8(ascii: "+") { k += 1 }
        guard at(k) == UInt8(ascii: "%"), at(k + 1) == UInt8(ascii: "}") else { return nil }
        k += 2
        let bodyStart = k
        while k < s.count {
            if s[k] == UInt8(ascii: "{"), at(k + 1) == UInt8(ascii: "%") {
                var m = k + 2
                let minus = at(m) == UInt8(ascii: "-")
                if minus || at(m) == UInt8(ascii: "+") { m += 1 }
                while m < s.count, isSpace(s[m]) { m += 1 }
                if m + 6 <= s.count, Array(s[m ..< m + 6]) == Array("endraw".utf8) {
                    m += 6
                    while m < s.count, isSpace(s[m]) { m += 1 }
                    let stripNext = at(m) == UInt8(ascii: "-")
                    if stripNext || at(m) == UInt8(ascii: "+") { m += 1 }
                    guard at(m) == UInt8(ascii: "%"), at(m + 1) == UInt8(ascii: "}") else { break }
                    var body = Array(s[bodyStart ..< k])
                    if stripAfter { while let f = body.first, isSpace(f) { body.removeFirst() } }
                    if minus { while let l = body.last, isSpace(l) { body.removeLast() } }
                    if !body.isEmpty { tokens.append(TemplateToken(kind: .data(String(decoding: body, as: UTF8.self)), offset: bodyStart)) }
                    var end = m + 2
                    if stripNext { while end < s.count, isSpace(s[end]) { end += 1 } }
                    return end
                }
            }
            k += 1
        }
        throw TemplateSyntaxError("unclosed '{% raw %}' block (no '{% endraw %}')")
    }

    private func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80
    }

    /// Lexes the inside of a tag up to `-?}}` / `-?%}`; returns whether the closing had `-`.
    private mutating func lexTag(closing: UInt8) throws -> Bool {
        let what = closing == UInt8(ascii: "}") ? "'{{' without '}}'" : "'{%' without '%}'"
        var depth = 0  // open brackets: a `}` inside `{...}` does not close `}}`
        while true {
            while i < s.count, isSpace(s[i]) { i += 1 }
            guard i < s.count else { throw TemplateSyntaxError("unclosed tag (\(what))") }
            let c = s[i]
            // Closing delimiter (optionally preceded by `-` or `+`).
            if depth == 0 {
                if (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")), at(i + 1) == closing, at(i + 2) == UInt8(ascii: "}") {
                    i += 3
                    return c == UInt8(ascii: "-")
                }
                if c == closing, at(i + 1) == UInt8(ascii: "}") {
                    i += 2
                    return false
                }
            }
            let start = i
            if isNameStart(c) {
                while i < s.count, isNameByte(s[i]) { i += 1 }
                guard let text = String(validating: s[start ..< i], as: UTF8.self) else {
                    throw TemplateSyntaxError("invalid UTF-8 in a name")
                }
                tokens.append(TemplateToken(kind: .name(text), offset: start))
                continue
            }
            if c >= 0x30 && c <= 0x39 {
                tokens.append(TemplateToken(kind: try number(), offset: start))
                continue
            }
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                tokens.append(TemplateToken(kind: .string(try string(quote: c)), offset: start))
                continue
            }
            let two = i + 1 < s.count ? String(decoding: s[i ... i + 1], as: UTF8.self) : ""
            if ["//", "**", "==", "!=", "<=", ">="].contains(two) {
                tokens.append(TemplateToken(kind: .op(two), offset: start))
                i += 2
                continue
            }
            let ops: Set<UInt8> = Set("+-*/%~.,:|=()[]{}<>;".utf8)
            guard ops.contains(c) else {
                let shown = String(decoding: s[i ..< min(i + 1, s.count)], as: UTF8.self)
                throw TemplateSyntaxError("unexpected character '\(shown)' in a template tag")
            }
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { depth += 1 }
            if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") { depth = max(0, depth - 1) }
            tokens.append(TemplateToken(kind: .op(String(UnicodeScalar(c))), offset: start))
            i += 1
        }
    }

    private func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }

    /// An integer (`1_000` allowed), a float (`1.5`, `1e3`, `2.5E-2`).
    private mutating func number() throws -> TemplateToken.Kind {
        let start = i
        func digits() {
            while i < s.count, (s[i] >= 0x30 && s[i] <= 0x39) || (s[i] == 0x5F && at(i + 1) >= 0x30 && at(i + 1) <= 0x39) { i += 1 }
        }
        digits()
        var isFloat = false
        if at(i) == UInt8(ascii: "."), at(i + 1) >= 0x30, at(i + 1) <= 0x39 {
            isFloat = true
            i += 1
            digits()
        }
        if at(i) == UInt8(ascii: "e") || at(i) == UInt8(ascii: "E") {
            var k = i + 1
            if at(k) == UInt8(ascii: "+") || at(k) == UInt8(ascii: "-") { k += 1 }
            if at(k) >= 0x30 && at(k) <= 0x39 {
                isFloat = true
                i = k
                digits()
            }
        }
        let text = String(decoding: s[start ..< i], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        if isFloat {
            guard let d = Double(text) else { throw TemplateSyntaxError("invalid number '\(text)'") }
            return .float(d)
        }
        guard let v = Int64(text) else { throw TemplateSyntaxError("integer literal '\(text)' is too large") }
        return .integer(v)
    }

    /// A quoted string with Python escape processing (`\n`, `\t`, `\\`, `\'`, `\"`, `\xhh`,
    /// `\uhhhh`, `\Uhhhhhhhh`, octal); an unknown escape keeps its backslash.
    private mutating func string(quote: UInt8) throws -> String {
        i += 1
        var out: [UInt8] = []
        while i < s.count {
            let c = s[i]
            if c == quote {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\"), i + 1 < s.count {
                let e = s[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "'"): out.append(0x27)
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case 0x0A: break  // line continuation
                case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let width = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
                    var v: UInt32 = 0
                    for _ in 0..<width {
                        guard i < s.count, let h = hexValue(s[i]) else { throw TemplateSyntaxError("truncated \\\(String(UnicodeScalar(e))) escape in a string") }
                        v = v << 4 | h
                        i += 1
                    }
                    guard let scalar = Unicode.Scalar(v) else { throw TemplateSyntaxError("invalid character escape in a string") }
                    out.append(contentsOf: String(scalar).utf8)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var v = UInt32(e - 0x30)
                    var n = 1
                    while n < 3, i < s.count, s[i] >= 0x30, s[i] <= 0x37 { v = v * 8 + UInt32(s[i] - 0x30); i += 1; n += 1 }
                    out.append(contentsOf: String(Unicode.Scalar(v) ?? "\u{FFFD}").utf8)
                default:
                    out.append(0x5C)
                    out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw TemplateSyntaxError("unclosed string literal")
    }
}
