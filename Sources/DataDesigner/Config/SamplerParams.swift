/// Typed access to a sampler's `params`, each failure a ``ConfigError`` naming the column
/// and the param.
struct Params {
    let members: [(key: String, value: ConfigValue)]
    let context: ColumnContext

    /// The value of `key`, when present.
    subscript(_ key: String) -> ConfigValue? {
        members.first { $0.key == key }?.value
    }

    /// A validation error for `param`.
    func error(_ param: String, _ message: String) -> ConfigError {
        context.error(message, param: param)
    }

    /// The value of a required param.
    func required(_ key: String) throws -> ConfigValue {
        guard let v = self[key], v != .null else { throw error(key, "missing required param '\(key)'") }
        return v
    }

    /// The value's text for messages.
    func text(_ key: String) -> String {
        self[key]?.text ?? "null"
    }

    /// A required finite number (integer or float).
    func number(_ key: String) throws -> Double {
        let v = try required(key)
        guard let d = v.number else { throw error(key, "\(key) must be a number, not \(v.kindName)") }
        guard d.isFinite else { throw error(key, "\(key) must be a finite number") }
        return d
    }

    /// A required integer (an integral float such as `10.0` is accepted).
    func integer(_ key: String) throws -> Int {
        let v = try required(key)
        switch v {
        case .int(let i):
            if let n = Int(exactly: i) { return n }
        case .double(let d):
            if d.isFinite, d.rounded() == d, let n = Int(exactly: d) { return n }
        default:
            break
        }
        throw error(key, "\(key) must be an integer, not \(v.kindName)")
    }

    /// A required probability in [0, 1].
    func probability(_ key: String) throws -> Double {
        let p = try number(key)
        if p < 0 || p > 1 { throw error(key, "\(key) (\(text(key))) must be between 0 and 1") }
        return p
    }

    /// The optional `decimal_places`: an integer in 0...17.
    func decimalPlaces() throws -> Int? {
        guard let v = self["decimal_places"], v != .null else { return nil }
        let n = try integer("decimal_places")
        if n < 0 || n > 17 { throw error("decimal_places", "decimal_places (\(n)) must be between 0 and 17") }
        return n
    }

    /// A required string.
    func string(_ key: String) throws -> String {
        let v = try required(key)
        guard case .string(let s) = v else { throw error(key, "\(key) must be a string, not \(v.kindName)") }
        return s
    }

    /// An optional string.
    func string(_ key: String, default value: String) throws -> String {
        guard let v = self[key], v != .null else { return value }
        guard case .string(let s) = v else { throw error(key, "\(key) must be a string, not \(v.kindName)") }
        return s
    }

    /// An optional boolean, false when absent.
    func bool(_ key: String) throws -> Bool {
        guard let v = self[key], v != .null else { return false }
        guard case .bool(let b) = v else { throw error(key, "\(key) must be true or false, not \(v.kindName)") }
        return b
    }

    /// `text` of param `key` as a date.
    func date(_ key: String, _ text: String) throws -> ConfigDate {
        guard let d = ConfigDate.parse(text) else {
            throw error(key, "\(key) '\(text)' is not a valid date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.ffffff]])")
        }
        return d
    }

    /// The optional `unit`, one of the letters in `allowed` (default `D`).
    func unit(allowed: String) throws -> DatetimeUnit {
        guard let v = self["unit"], v != .null else { return .day }
        let list = allowed.map(String.init).joined(separator: ", ")
        guard case .string(let s) = v, s.count == 1, allowed.contains(s), let u = DatetimeUnit(rawValue: s) else {
            throw error("unit", "unit \(v.text.quotedForMessage) is not one of \(list)")
        }
        return u
    }

    /// A required non-empty list of scalars (no null, lists or mappings).
    func scalarList(_ key: String) throws -> [ConfigValue] {
        try scalarList(try required(key), name: key)
    }

    /// `v` as a non-empty list of scalars; `name` is used in messages, and errors name the
    /// param of its first path component.
    func scalarList(_ v: ConfigValue, name: String) throws -> [ConfigValue] {
        let param = String(name.split(separator: ".", maxSplits: 1).first ?? Substring(name))
        guard case .array(let items) = v else { throw error(param, "\(name) must be a list, not \(v.kindName)") }
        if items.isEmpty { throw error(param, "\(name) is empty") }
        for item in items where !item.isScalar || item == .null {
            throw error(param, "\(name) must hold only strings, numbers or booleans, found \(item.kindName)")
        }
        return items
    }
}
