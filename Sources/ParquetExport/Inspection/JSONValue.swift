/// A JSON document built in memory for the inspection reports (`meta --json`,
/// `schema --json`), with object members in the order they were added.
///
/// ```swift
/// let value: JSONValue = .object([("rows", .int(3)), ("path", .string("a.parquet"))])
/// print(value.prettyText)   // {\n  "rows": 3,\n  "path": "a.parquet"\n}
/// ```
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A double; NaN and ±infinity are written as `null` (JSON has no spelling for them).
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])
    /// JSON text written as it is (a value already formatted by the value writers).
    case raw(String)

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// `{}`.
    public static let emptyObject = JSONValue.object([Member]())

    /// An object from `(key, value)` pairs, in order.
    public static func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { Member($0.0, $0.1) })
    }

    /// `value` as an integer, or `null` when nil.
    public static func int<T: BinaryInteger>(_ value: T?) -> JSONValue {
        guard let value, let exact = Int64(exactly: value) else { return .null }
        return .int(exact)
    }

    /// `value` as a string, or `null` when nil.
    public static func string(_ value: String?) -> JSONValue {
        value.map { .string($0) } ?? .null
    }

    /// `value` as a boolean, or `null` when nil.
    public static func bool(_ value: Bool?) -> JSONValue {
        value.map { .bool($0) } ?? .null
    }

    /// The member named `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The document, indented by two spaces per level, one member or element per line,
    /// except that an array or object holding no array or non-empty object whose one-line
    /// text is at most ``inlineWidth`` characters stays on one line (`["PLAIN", "RLE"]`,
    /// `{"page_type": "DATA_PAGE", "count": 1}`). No trailing newline.
    public var prettyText: String {
        var out: [UInt8] = []
        append(to: &out, indent: 0, pretty: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// Longest one-line text of a flat array or object in ``prettyText``.
    public static let inlineWidth = 72

    /// The document on one line, without spaces.
    public var compactText: String {
        var out: [UInt8] = []
        append(to: &out, indent: 0, pretty: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether this is a scalar or `{}` / `[]`.
    private var isLeaf: Bool {
        switch self {
        case .array(let elements): return elements.isEmpty
        case .object(let members): return members.isEmpty
        default: return true
        }
    }

    /// The one-line text with spaces after `,` and `:`, when the value is flat and short.
    private func inlineText() -> [UInt8]? {
        let flat: Bool
        switch self {
        case .array(let elements): flat = elements.allSatisfy(\.isLeaf)
        case .object(let members): flat = members.allSatisfy { $0.value.isLeaf }
        default: return nil
        }
        guard flat else { return nil }
        var out: [UInt8] = []
        switch self {
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                element.append(to: &out, indent: 0, pretty: false)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                JSONText.appendString(member.key, to: &out)
                out.append(contentsOf: ": ".utf8)
                member.value.append(to: &out, indent: 0, pretty: false)
            }
            out.append(UInt8(ascii: "}"))
        default: return nil
        }
        return out.count <= Self.inlineWidth ? out : nil
    }

    /// Appends the document's text (see ``prettyText``; `pretty: false` for one line).
    public func append(to out: inout [UInt8], indent: Int, pretty: Bool) {
        func newline(_ level: Int) {
            guard pretty else { return }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * level))
        }
        if pretty, !isLeaf, let inline = inlineText() {
            out.append(contentsOf: inline)
            return
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .int(let v): ValueText.appendInt(v, to: &out)
        case .double(let v):
            if !ValueText.appendDouble(v, to: &out) { out.append(contentsOf: "null".utf8) }
        case .string(let s): JSONText.appendString(s, to: &out)
        case .raw(let s): out.append(contentsOf: s.utf8)
        case .array(let elements):
            guard !elements.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                element.append(to: &out, indent: indent + 1, pretty: pretty)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONText.appendString(member.key, to: &out)
                out.append(contentsOf: (pretty ? ": " : ":").utf8)
                member.value.append(to: &out, indent: indent + 1, pretty: pretty)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }
}
