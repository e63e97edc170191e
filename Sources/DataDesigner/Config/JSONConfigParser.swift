/// A strict JSON (RFC 8259) parser producing ``ConfigValue``s with object keys in document
/// order.
///
/// Integers (no fraction, no exponent) that fit in `Int64` become `.int`; other numbers
/// `.double`. Duplicate keys, nesting deeper than 100 levels, raw control characters in
/// strings, lone surrogate escapes and trailing content are errors naming the file, line and
/// column.
struct JSONConfigParser {
    private let t: ConfigText
    private var pos = 0
    private var depth = 0

    /// Parses `text` as one JSON document.
    static func parse(_ text: String, file: String) throws -> ConfigValue {
        var p = JSONConfigParser(t: ConfigText(text, file: file))
        return try p.document()
    }

    private init(t: ConfigText) {
        self.t = t
    }

    private mutating func document() throws -> ConfigValue {
        skipWhitespace()
        if pos >= t.count { throw t.error("empty document", at: pos) }
        let v = try value()
        skipWhitespace()
        if pos < t.count { throw t.error("unexpected \(t.describe(at: pos)) after the document", at: pos) }
        return v
    }

    private mutating func skipWhitespace() {
        while pos < t.count {
            let b = t[pos]
            guard b == 0x20 || b == 0x09 || b == 0x0A else { return }
            pos += 1
        }
    }

    private mutating func value() throws -> ConfigValue {
        switch t[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"): return try number()
        default:
            throw t.error("expected a value, found \(t.describe(at: pos))", at: pos)
        }
    }

    private mutating func literal(_ word: String, _ v: ConfigValue) throws -> ConfigValue {
        for (k, b) in word.utf8.enumerated() where t[pos + k] != b {
            throw t.error("invalid literal, expected '\(word)'", at: pos)
        }
        pos += word.utf8.count
        return v
    }

    private mutating func enter(_ at: Int) throws {
        depth += 1
        if depth > configMaxDepth { throw t.error("nesting deeper than \(configMaxDepth) levels", at: at) }
    }

    private mutating func object() throws -> ConfigValue {
        let open = pos
        try enter(open)
        pos += 1
        var members: [(key: String, value: ConfigValue)] = []
        var keys = Set<String>()
        skipWhitespace()
        if t[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard t[pos] == UInt8(ascii: "\"") else {
                if pos >= t.count { throw t.error("unterminated object", at: open) }
                throw t.error("expected a string key, found \(t.describe(at: pos))", at: pos)
            }
            let keyPos = pos
            let key = try string()
            if !keys.insert(key).inserted { throw t.error("duplicate key '\(key)'", at: keyPos) }
            skipWhitespace()
            guard t[pos] == UInt8(ascii: ":") else {
                throw t.error("expected ':' after key, found \(t.describe(at: pos))", at: pos)
            }
            pos += 1
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
            if t[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if t[pos] == UInt8(ascii: "}") { pos += 1; break }
            if pos >= t.count { throw t.error("unterminated object", at: open) }
            throw t.error("expected ',' or '}', found \(t.describe(at: pos))", at: pos)
        }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws -> ConfigValue {
        let open = pos
        try enter(open)
        pos += 1
        var items: [ConfigValue] = []
        skipWhitespace()
        if t[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            if pos >= t.count { throw t.error("unterminated array", at: open) }
            items.append(try value())
            skipWhitespace()
            if t[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if t[pos] == UInt8(ascii: "]") { pos += 1; break }
            if pos >= t.count { throw t.error("unterminated array", at: open) }
            throw t.error("expected ',' or ']', found \(t.describe(at: pos))", at: pos)
        }
        depth -= 1
        return .array(items)
    }

    private mutating func string() throws -> String {
        let open = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < t.count else { throw t.error("unterminated string", at: open) }
            let b = t[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 {
                throw t.error(b == 0x0A ? "unterminated string" : "raw control character in string", at: b == 0x0A ? open : pos)
            }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                pos += 1
                continue
            }
            let esc = pos
            pos += 1
            if let simple = jsonSimpleEscape(t[pos]) {
                out.append(simple)
                pos += 1
                continue
            }
            switch t[pos] {
            case UInt8(ascii: "u"):
                pos += 1
                var code = try hex4Digits(esc)
                if code >= 0xD800 && code < 0xDC00 {
                    guard t[pos] == UInt8(ascii: "\\") && t[pos + 1] == UInt8(ascii: "u") else {
                        throw t.error("lone surrogate in \\u escape", at: esc)
                    }
                    pos += 2
                    let low = try hex4Digits(esc)
                    guard low >= 0xDC00 && low < 0xE000 else { throw t.error("lone surrogate in \\u escape", at: esc) }
                    code = combineSurrogates(code, low)
                } else if code >= 0xDC00 && code < 0xE000 {
                    throw t.error("lone surrogate in \\u escape", at: esc)
                }
                guard let scalar = Unicode.Scalar(code) else { throw t.error("invalid \\u escape", at: esc) }
                appendUTF8(scalar, to: &out)
                continue
            default:
                throw t.error("invalid escape \(t.describe(at: pos)) in string", at: esc)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads four hex digits at `pos`.
    private mutating func hex4Digits(_ esc: Int) throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0 ..< 4 {
            guard let d = hexValue(t[pos]) else { throw t.error("invalid \\u escape (need four hex digits)", at: esc) }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private mutating func number() throws -> ConfigValue {
        let start = pos
        if t[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits() -> Int {
            let s = pos
            while t[pos] >= 0x30 && t[pos] <= 0x39 { pos += 1 }
            return pos - s
        }
        if t[pos] == UInt8(ascii: "0") {
            pos += 1
            if t[pos] >= 0x30 && t[pos] <= 0x39 { throw t.error("leading zeros are not allowed in numbers", at: start) }
        } else if digits() == 0 {
            throw t.error("invalid number", at: start)
        }
        var isInteger = true
        if t[pos] == UInt8(ascii: ".") {
            pos += 1
            isInteger = false
            if digits() == 0 { throw t.error("invalid number (digits must follow '.')", at: start) }
        }
        if t[pos] == UInt8(ascii: "e") || t[pos] == UInt8(ascii: "E") {
            pos += 1
            isInteger = false
            if t[pos] == UInt8(ascii: "+") || t[pos] == UInt8(ascii: "-") { pos += 1 }
            if digits() == 0 { throw t.error("invalid number (digits must follow the exponent)", at: start) }
        }
        let text = t.string(start, pos)
        if isInteger, let i = Int64(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw t.error("number \(text) is out of range", at: start) }
        return .double(d)
    }
}
