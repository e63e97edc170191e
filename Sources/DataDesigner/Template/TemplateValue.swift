/// A value inside a template, typed the way Jinja2 (Python) types it.
///
/// Column values enter templates as the real tool presents them: numbers as Python `int` /
/// `float`, booleans as `bool`, text as `str` — and text that parses as JSON as the JSON value
/// (`"12"` is the integer 12, `"[1, 2]"` a list; see ``TemplateValue/fromColumnText(_:)``).
/// Everything prints with Python's `str()` (``TemplateValue/appendStr(to:)``): `True`, `None`,
/// `2.0`, `1e-05`, `['a', 1]`.
public indirect enum TemplateValue: Sendable {
    /// A Jinja2 `Undefined`: a missing attribute, item or loop variable. Prints as nothing,
    /// is false, iterates as empty; arithmetic on it fails.
    case undefined
    /// Python `None`.
    case none
    case bool(Bool)
    /// A Python `int` that fits in 64 bits (arithmetic beyond fails the render).
    case int(Int64)
    case float(Double)
    case string(String)
    case list([TemplateValue])
    case tuple([TemplateValue])
    /// A mapping, keys in insertion order.
    case dict(TemplateDict)
    /// A bound method that has not been called (`x.upper` without `()`); printing it fails
    /// the render, as the real tool refuses "uncalled builtin" output.
    case method(TemplateValue, String)

    /// Python truthiness.
    public var isTruthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let a), .tuple(let a): return !a.isEmpty
        case .dict(let d): return !d.isEmpty
        case .method: return true
        }
    }

    var isUndefined: Bool { if case .undefined = self { true } else { false } }

    /// The number when this is a bool, int or float (Python's numeric tower).
    var numeric: Numeric? {
        switch self {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        default: return nil
        }
    }

    enum Numeric {
        case int(Int64)
        case float(Double)
        var double: Double {
            switch self {
            case .int(let i): Double(i)
            case .float(let d): d
            }
        }
    }

    /// The Python type name, for messages.
    var typeName: String {
        switch self {
        case .undefined: "Undefined"
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        case .method: "builtin_function_or_method"
        }
    }

    // MARK: Text

    /// Python `str(self)` (Undefined prints as nothing).
    public var str: String {
        if case .string(let s) = self { return s }
        var out: [UInt8] = []
        appendStr(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends Python `str(self)` as UTF-8. A bound method appends the text Python would
    /// show (`<built-in method upper of str object>`), which callers treat as a failure.
    public func appendStr(to out: inout [UInt8]) {
        switch self {
        case .undefined: return
        case .none: out.append(contentsOf: "None".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "True" : "False").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .float(let d): out.append(contentsOf: PythonText.floatRepr(d).utf8)
        case .string(let s): out.append(contentsOf: s.utf8)
        default: appendRepr(to: &out)
        }
    }

    /// Appends `json.dumps(self)` with Python's defaults (separators `, ` and `: `, ASCII):
    /// lists and tuples as arrays, dict keys as JSON strings (`1` → `"1"`, `True` → `"true"`,
    /// `None` → `"null"`). False (with `out` partly written) where `json.dumps` raises: an
    /// Undefined value, a method, a key of another type. With `sortKeys`, dict keys in
    /// `sorted()` order (strings by code point, numbers by value; mixed kinds fail).
    func appendPythonJSON(to out: inout [UInt8], sortKeys: Bool = false) -> Bool {
        switch self {
        case .undefined, .method: return false
        case .none: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .float(let d): out.append(contentsOf: (d.isFinite ? PythonText.floatRepr(d) : PythonText.jsonFloat(d)).utf8)
        case .string(let s): PythonJSON.appendString(s, ascii: true, to: &out)
        case .list(let items), .tuple(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                guard item.appendPythonJSON(to: &out, sortKeys: sortKeys) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .dict(let d):
            var order = Array(0..<d.count)
            if sortKeys {
                if d.keys.allSatisfy({ if case .string = $0 { true } else { false } }) {
                    order.sort { d.keys[$0].str.unicodeScalars.lexicographicallyPrecedes(d.keys[$1].str.unicodeScalars) { $0.value < $1.value } }
                } else if d.keys.allSatisfy({ $0.numeric != nil }) {
                    func number(_ k: TemplateValue) -> Double {
                        switch k.numeric { case .int(let i)?: Double(i); case .float(let f)?: f; case nil: 0 }
                    }
                    order.sort { number(d.keys[$0]) < number(d.keys[$1]) }
                } else {
                    return false  // '<' not supported between the key types
                }
            }
            out.append(UInt8(ascii: "{"))
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(contentsOf: ", ".utf8) }
                let key: String
                switch d.keys[i] {
                case .string(let k): key = k
                case .int(let k): key = String(k)
                case .float(let k): key = k.isFinite ? PythonText.floatRepr(k) : PythonText.jsonFloat(k)
                case .bool(let b): key = b ? "true" : "false"
                case .none: key = "null"
                default: return false
                }
                PythonJSON.appendString(key, ascii: true, to: &out)
                out.append(contentsOf: ": ".utf8)
                guard d.values[i].appendPythonJSON(to: &out, sortKeys: sortKeys) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// Appends Python `repr(self)`.
    func appendRepr(to out: inout [UInt8]) {
        switch self {
        case .undefined: return
        case .string(let s): PythonText.appendStringRepr(s, to: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                item.appendRepr(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .tuple(let items):
            out.append(UInt8(ascii: "("))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                item.appendRepr(to: &out)
            }
            if items.count == 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: ")"))
        case .dict(let d):
            out.append(UInt8(ascii: "{"))
            for i in 0..<d.count {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                d.keys[i].appendRepr(to: &out)
                out.append(contentsOf: ": ".utf8)
                d.values[i].appendRepr(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .method(let receiver, let name):
            out.append(contentsOf: "<built-in method \(name) of \(receiver.typeName) object>".utf8)
        default:
            appendStr(to: &out)
        }
    }

    // MARK: Equality and order (Python semantics)

    /// Python `==`: numbers compare across bool/int/float, sequences item by item (a list never
    /// equals a tuple), mappings by their key/value sets; Undefined equals Undefined.
    public static func pyEqual(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        if let x = a.numeric, let y = b.numeric { return numericEqual(x, y) }
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case let (.string(x), .string(y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case let (.list(x), .list(y)), let (.tuple(x), .tuple(y)):
            return x.count == y.count && zip(x, y).allSatisfy { pyEqual($0, $1) }
        case let (.dict(x), .dict(y)):
            guard x.count == y.count else { return false }
            for i in 0..<x.count {
                guard let v = y.lookup(x.keys[i]), pyEqual(v, x.values[i]) else { return false }
            }
            return true
        default: return false
        }
    }

    static func numericEqual(_ x: Numeric, _ y: Numeric) -> Bool {
        switch (x, y) {
        case let (.int(a), .int(b)): return a == b
        case let (.int(a), .float(b)), let (.float(b), .int(a)): return exactlyEqual(a, b)
        case let (.float(a), .float(b)): return a == b
        }
    }

    /// Whether the integer `i` equals the double `d` exactly (Python compares exactly).
    static func exactlyEqual(_ i: Int64, _ d: Double) -> Bool {
        guard d.isFinite, d.rounded(.towardZero) == d else { return false }
        guard d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return false }
        return Int64(d) == i
    }

    /// The outcome of a Python ordering comparison.
    enum Order {
        case less, equal, greater
        /// NaN is involved: every ordering comparison is false.
        case unordered
    }

    /// Python ordering of `a` and `b`; nil when Python raises TypeError (e.g. `1 < 'a'`).
    static func pyCompare(_ a: TemplateValue, _ b: TemplateValue) -> Order? {
        if let x = a.numeric, let y = b.numeric {
            switch (x, y) {
            case let (.int(p), .int(q)): return p < q ? .less : (p == q ? .equal : .greater)
            case let (.float(p), .float(q)):
                if p.isNaN || q.isNaN { return .unordered }
                return p < q ? .less : (p == q ? .equal : .greater)
            case let (.int(p), .float(q)): return compare(int: p, double: q)
            case let (.float(p), .int(q)):
                switch compare(int: q, double: p) {
                case .less: return .greater
                case .greater: return .less
                case let other: return other
                }
            }
        }
        switch (a, b) {
        case let (.string(x), .string(y)):
            var i = x.unicodeScalars.makeIterator(), j = y.unicodeScalars.makeIterator()
            while true {
                switch (i.next(), j.next()) {
                case (nil, nil): return .equal
                case (nil, _): return .less
                case (_, nil): return .greater
                case let (p?, q?): if p != q { return p.value < q.value ? .less : .greater }
                }
            }
        case let (.list(x), .list(y)), let (.tuple(x), .tuple(y)):
            for (p, q) in zip(x, y) where !pyEqual(p, q) {
                return pyCompare(p, q)
            }
            return x.count < y.count ? .less : (x.count == y.count ? .equal : .greater)
        default: return nil
        }
    }

    /// Exact ordering of an integer and a double.
    private static func compare(int i: Int64, double f: Double) -> Order {
        if f.isNaN { return .unordered }
        let di = Double(i)
        if di < f { return .less }
        if di > f { return .greater }
        // Double(i) == f: f is integral; decide exactly.
        if f >= 9.223372036854775808e18 { return .less }
        let fi = Int64(f)
        return i < fi ? .less : (i == fi ? .equal : .greater)
    }
}

/// An insertion-ordered mapping of template values (JSON objects, dict literals).
public struct TemplateDict: Sendable {
    public var keys: [TemplateValue] = []
    public var values: [TemplateValue] = []

    public init() {}

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The value of `key` (Python dict lookup: `1`, `1.0` and `True` are the same key).
    public func lookup(_ key: TemplateValue) -> TemplateValue? {
        if case .string(let s) = key {
            for i in 0..<keys.count { if case .string(let k) = keys[i], k == s { return values[i] } }
            return nil
        }
        for i in 0..<keys.count where TemplateValue.pyEqual(keys[i], key) { return values[i] }
        return nil
    }

    /// Sets `key` (replacing an equal key's value in place).
    public mutating func set(_ key: TemplateValue, _ value: TemplateValue) {
        for i in 0..<keys.count where TemplateValue.pyEqual(keys[i], key) {
            values[i] = value
            return
        }
        keys.append(key)
        values.append(value)
    }
}

extension TemplateValue {
    /// A column's text as the real tool's expression columns see it: text that is a JSON
    /// document (`12`, `1.5`, `true`, `null`, `[1, 2]`, `{"a": 1}`, `"x"`, `NaN`) becomes
    /// that value, anything else stays a string (`deserialize_json_values`).
    public static func fromColumnText(_ text: String) -> TemplateValue {
        var utf8 = text.utf8
        guard var first = utf8.first else { return .string(text) }
        if first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
            let trimmed = utf8.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            guard let f = trimmed.first else { return .string(text) }
            first = f
        }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            // Only number characters can make a JSON number (or -Infinity): scan before copying.
            for b in utf8 {
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                     UInt8(ascii: "e"), UInt8(ascii: "E"), 0x20, 0x09, 0x0A, 0x0D:
                    continue
                case UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "i"), UInt8(ascii: "t"), UInt8(ascii: "y"):
                    if first == UInt8(ascii: "-") { continue }
                    return .string(text)
                default:
                    return .string(text)
                }
            }
        case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\""):
            break
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "I"):
            guard utf8.count <= 16 else { return .string(text) }
        default:
            return .string(text)
        }
        utf8 = text.utf8
        var parser = TemplateJSON(Array(utf8))
        if let value = parser.parseDocument() { return value }
        return .string(text)
    }
}

/// A small JSON reader with Python `json.loads` semantics (NaN, Infinity, -Infinity
/// accepted; integers stay integers; surrounding whitespace allowed). Nesting is capped.
struct TemplateJSON {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() -> TemplateValue? {
        skipSpace()
        guard let v = value() else { return nil }
        skipSpace()
        return i == bytes.count ? v : nil
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func literal(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i ..< i + w.count]) == w else { return false }
        i += w.count
        return true
    }

    private mutating func value() -> TemplateValue? {
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard depth < 64 else { return nil }
            depth += 1
            defer { depth -= 1 }
            i += 1
            var d = TemplateDict()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .dict(d) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let k = string() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                guard let v = value() else { return nil }
                d.set(.string(k), v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .dict(d) }
                return nil
            }
        case UInt8(ascii: "["):
            guard depth < 64 else { return nil }
            depth += 1
            defer { depth -= 1 }
            i += 1
            var items: [TemplateValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
            while true {
                skipSpace()
                guard let v = value() else { return nil }
                items.append(v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
                return nil
            }
        case UInt8(ascii: "\""):
            return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? TemplateValue.none : nil
        case UInt8(ascii: "N"): return literal("NaN") ? .float(.nan) : nil
        case UInt8(ascii: "I"): return literal("Infinity") ? .float(.infinity) : nil
        default:
            if bytes[i] == UInt8(ascii: "-"), literal("-Infinity") { return .float(-.infinity) }
            return number()
        }
    }

    private mutating func number() -> TemplateValue? {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if bytes[i] >= UInt8(ascii: "1") && bytes[i] <= UInt8(ascii: "9") {
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        } else {
            return nil
        }
        var isFloat = false
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            let digits = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > digits else { return nil }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isFloat = true
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let digits = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > digits else { return nil }
        }
        let text = String(decoding: bytes[start ..< i], as: UTF8.self)
        if !isFloat, let v = Int64(text) { return .int(v) }
        guard let d = Double(text) else { return nil }
        return .float(d)
    }

    private mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(validating: out, as: UTF8.self)
            }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                if let simple = jsonSimpleEscape(e) {
                    out.append(simple)
                    continue
                }
                switch e {
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if code >= 0xD800 && code < 0xDC00, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                       bytes[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        if let low = hex4(), low >= 0xDC00 && low < 0xE000 {
                            code = combineSurrogates(code, low)
                        } else {
                            i = save
                        }
                    }
                    // Lone surrogates cannot be held in a Swift string: replacement character.
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: String(scalar).utf8)
                default: return nil
                }
                continue
            }
            out.append(b)
            i += 1
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for k in i ..< i + 4 {
            guard let h = hexValue(bytes[k]) else { return nil }
            v = v << 4 | h
        }
        i += 4
        return v
    }
}
