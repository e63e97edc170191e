/// The members of one config mapping, read the way the real tool's pydantic models read
/// them (lax mode): a float field takes integers and numeric strings, an integer field takes
/// integral floats and digit strings, a bool field takes `0`/`1` and `true`/`yes`/`on`/... text.
/// Keys outside the model's fields are refused (`extra="forbid"`), naming the key.
struct Fields {
    let members: [(key: String, value: ConfigValue)]
    /// Builds the error for a key (nil: the mapping itself).
    let fail: (_ message: String, _ key: String?) -> ConfigError
    /// How the mapping is named in messages ("params", "skip", "constraints[0]", ...).
    let what: String

    init(_ value: ConfigValue, what: String, fail: @escaping (_ message: String, _ key: String?) -> ConfigError) throws {
        guard case .object(let m) = value else { throw fail("\(what) must be a mapping, not \(value.kindName)", nil) }
        members = m
        self.what = what
        self.fail = fail
    }

    subscript(_ key: String) -> ConfigValue? {
        members.first { $0.key == key }?.value
    }

    /// The value of `key` unless absent or null.
    func present(_ key: String) -> ConfigValue? {
        guard let v = self[key], v != .null else { return nil }
        return v
    }

    func error(_ key: String, _ message: String) -> ConfigError { fail(message, key) }

    /// Refuses keys outside `allowed` (pydantic `extra="forbid"`).
    func forbidExtra(_ allowed: [String]) throws {
        for m in members where !allowed.contains(m.key) {
            throw fail("unknown key '\(m.key)' in \(what) (the real tool refuses extra keys; expected \(allowed.joined(separator: ", ")))", m.key)
        }
    }

    func required(_ key: String) throws -> ConfigValue {
        guard let v = self[key] else { throw error(key, "missing required field '\(key)' in \(what)") }
        return v
    }

    // MARK: Coercions

    /// A float field: numbers, booleans and numeric text become a double.
    static func float(_ v: ConfigValue) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return PythonFloat.parse(s)
        default: return nil
        }
    }

    /// An integer field: integers, integral floats, booleans and integer text.
    static func int(_ v: ConfigValue) -> Int64? {
        switch v {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d, let i = Int64(exactly: d) else { return nil }
            return i
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return TemplateRuntime<NoVariables>.parseInt(s, base: 10)
        default: return nil
        }
    }

    /// A bool field: booleans, 0/1, and `true/false/yes/no/on/off/t/f/y/n/1/0` in any case.
    static func bool(_ v: ConfigValue) -> Bool? {
        switch v {
        case .bool(let b): return b
        case .int(let i): return i == 0 ? false : (i == 1 ? true : nil)
        case .double(let d): return d == 0 ? false : (d == 1 ? true : nil)
        case .string(let s):
            switch s.lowercased() {
            case "1", "on", "t", "true", "y", "yes": return true
            case "0", "off", "f", "false", "n", "no": return false
            default: return nil
            }
        default: return nil
        }
    }

    func float(_ key: String) throws -> Double {
        let v = try required(key)
        guard let d = Self.float(v) else { throw error(key, "\(key) must be a number, not \(v.kindName)") }
        return d
    }

    func optionalFloat(_ key: String) throws -> Double? {
        guard let v = present(key) else { return nil }
        guard let d = Self.float(v) else { throw error(key, "\(key) must be a number, not \(v.kindName)") }
        return d
    }

    func int(_ key: String) throws -> Int {
        let v = try required(key)
        guard let i = Self.int(v), let n = Int(exactly: i) else { throw error(key, "\(key) must be an integer, not \(v.describedForMessage)") }
        return n
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard let v = present(key) else { return nil }
        guard let i = Self.int(v), let n = Int(exactly: i) else { throw error(key, "\(key) must be an integer, not \(v.describedForMessage)") }
        return n
    }

    func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let v = self[key] else { return d }
        guard let b = Self.bool(v) else { throw error(key, "\(key) must be true or false, not \(v.describedForMessage)") }
        return b
    }

    func string(_ key: String) throws -> String {
        let v = try required(key)
        guard case .string(let s) = v else { throw error(key, "\(key) must be a string, not \(v.kindName)") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let v = present(key) else { return nil }
        guard case .string(let s) = v else { throw error(key, "\(key) must be a string, not \(v.kindName)") }
        return s
    }

    /// A string field limited to `choices`.
    func choice(_ key: String, _ choices: [String], default d: String? = nil) throws -> String {
        guard let v = (d == nil ? try required(key) : present(key)) else { return d ?? "" }
        guard case .string(let s) = v, choices.contains(s) else {
            throw error(key, "\(key) \(v.describedForMessage) is not one of \(choices.joined(separator: ", "))")
        }
        return s
    }

    func stringList(_ key: String) throws -> [String] {
        let v = try required(key)
        guard case .array(let items) = v else { throw error(key, "\(key) must be a list of strings, not \(v.kindName)") }
        return try items.map { item in
            guard case .string(let s) = item else { throw error(key, "\(key) must hold strings, found \(item.kindName)") }
            return s
        }
    }
}

/// A ``TemplateVariables`` with no variables (for static helpers).
struct NoVariables: TemplateVariables {
    mutating func value(of index: Int) -> TemplateValue { .undefined }
}

extension ConfigValue {
    /// The value for messages: text in quotes, other values as JSON.
    var describedForMessage: String {
        switch self {
        case .string(let s): return "'\(s)'"
        case .array, .object: return kindName
        default: return canonicalJSONString
        }
    }
}
