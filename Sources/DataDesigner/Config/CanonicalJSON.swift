import ParquetExport

extension ConfigValue {
    /// The canonical JSON of this value, the input of the config fingerprint: object keys
    /// sorted by their UTF-8 bytes, no whitespace, strings escaped minimally (`"`, `\` and
    /// control characters only; everything else raw UTF-8), integers as integers, doubles in
    /// shortest round-trip form (`1.0`, `0.1`, `1e-05`, `1e+16`), non-finite doubles as `null`.
    public func canonicalJSON() -> [UInt8] {
        var out: [UInt8] = []
        appendCanonicalJSON(to: &out)
        return out
    }

    /// ``canonicalJSON()`` as a string.
    public var canonicalJSONString: String {
        String(decoding: canonicalJSON(), as: UTF8.self)
    }

    /// `sha256:<hex>` of ``canonicalJSON()``.
    public var fingerprint: String {
        "sha256:" + SHA256.hexDigest(of: canonicalJSON())
    }

    /// Appends the canonical JSON of this value to `out`.
    public func appendCanonicalJSON(to out: inout [UInt8]) {
        switch self {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let b):
            out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i):
            out.append(contentsOf: String(i).utf8)
        case .double(let d):
            if !ValueText.appendDouble(d, to: &out) { out.append(contentsOf: "null".utf8) }
        case .string(let s):
            JSONText.appendString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.appendCanonicalJSON(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, m) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                m.value.appendCanonicalJSON(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Pretty JSON (two-space indent, keys in document order), e.g. for builder_config.json.
    /// Numbers and strings are written as in ``canonicalJSON()``.
    public func prettyJSON(indent: Int = 0) -> String {
        var out: [UInt8] = []
        appendPrettyJSON(level: indent, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendPrettyJSON(level: Int, to out: inout [UInt8]) {
        func newline(_ l: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: l * 2))
        }
        switch self {
        case .array(let items) where !items.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                item.appendPrettyJSON(level: level + 1, to: &out)
            }
            newline(level)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                JSONText.appendString(m.key, to: &out)
                out.append(contentsOf: ": ".utf8)
                m.value.appendPrettyJSON(level: level + 1, to: &out)
            }
            newline(level)
            out.append(UInt8(ascii: "}"))
        default:
            appendCanonicalJSON(to: &out)
        }
    }
}

extension ConfigValue {
    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> ConfigValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A copy of this object with `key` set to `value` (appended when new); other values are
    /// returned unchanged.
    public func setting(_ key: String, to value: ConfigValue) -> ConfigValue {
        guard case .object(var members) = self else { return self }
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].value = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    /// The number, when this is `.int` or `.double`.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// Whether this is a scalar (null, bool, number or string).
    public var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// Short human text of a scalar for messages and subcategory keys: strings as is,
    /// numbers as in JSON, `true`/`false`, `null`; collections as canonical JSON.
    public var text: String {
        switch self {
        case .string(let s): return s
        default: return canonicalJSONString
        }
    }

    /// The name of this value's kind, for messages ("a string", "an integer", ...).
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}
