/// Parses and validates a sampler column's `sampler_type`, `params` and `convert_to`.
///
/// Every error names the column and the param. Checks, per sampler:
/// - all: `params` is a mapping (optional only for `uuid`); unknown param keys are errors
///   (a `sampler_type` inside `params` must match the column's); required params present;
///   numbers finite; `person` (managed datasets) is refused as not supported, other
///   unknown types as unknown.
/// - `category`: `values` a non-empty list of scalars (no null, lists or mappings);
///   `weights` (optional) a list of the same length of finite numbers ≥ 0, not all zero.
/// - `subcategory`: `category` names an earlier `category` sampler column; `values` a mapping
///   from parent value to a non-empty list of scalars, with a key for every parent value and
///   no key that is not one (keys match parents by text: `1` matches the integer 1).
/// - `uniform`: `low` ≤ `high`; `gaussian`: `stddev` ≥ 0; `decimal_places` (both) an
///   integer in 0...17.
/// - `bernoulli`: `p` in [0, 1]; `binomial`: `n` an integer ≥ 0, `p` in [0, 1];
///   `poisson`: `mean` ≥ 0.
/// - `uuid`: `prefix` a string (default ""), `short_form`, `uppercase` booleans (default false).
/// - `datetime`: `start`, `end` valid ISO dates or date-times (see ``ConfigDate``), `end` not
///   before `start`; `unit` one of Y, M, D, h, m, s (default D).
/// - `timedelta`: integers `dt_min` ≤ `dt_max`; `reference_column_name` names an earlier
///   `datetime` sampler column; `unit` one of D, h, m, s (default D).
/// - `scipy`: `dist_name` a supported `scipy.stats` distribution, `dist_params` its
///   params (see ``ScipyCatalog``), `decimal_places` as for uniform; `bernoulli_mixture`:
///   `p` in [0, 1], `dist_name`, `dist_params` likewise.
/// - `person_from_faker`: see ``PersonParams``.
/// - `convert_to`: `int`, `float` or `str` for category/subcategory (int and float only
///   when every value is a number, boolean or numeric string), uniform, gaussian,
///   bernoulli, binomial, poisson, scipy, bernoulli_mixture; `str` only for uuid and
///   timedelta; `str` or a strftime pattern (text with at least one `%` directive, each `%`
///   followed by a letter or `%`) for datetime; anything for person_from_faker, which
///   ignores it as Data Designer does.
enum SamplerParser {
    /// Sampler types that exist in Data Designer but are not supported here.
    static let unsupported: Set<String> = ["person"]

    /// The params each sampler takes.
    static let paramKeys: [String: Set<String>] = [
        "category": ["values", "weights"],
        "subcategory": ["category", "values"],
        "uniform": ["low", "high", "decimal_places"],
        "gaussian": ["mean", "stddev", "decimal_places"],
        "bernoulli": ["p"],
        "binomial": ["n", "p"],
        "poisson": ["mean"],
        "uuid": ["prefix", "short_form", "uppercase"],
        "datetime": ["start", "end", "unit"],
        "timedelta": ["dt_min", "dt_max", "reference_column_name", "unit"],
        "scipy": ["dist_name", "dist_params", "decimal_places"],
        "bernoulli_mixture": ["p", "dist_name", "dist_params"],
        "person_from_faker": ["locale", "sex", "city", "age_range"],
    ]

    static func parse(_ item: ConfigValue, _ c: ColumnContext) throws -> (Sampler, ConvertTo?) {
        guard let typeValue = item["sampler_type"] else { throw c.error("missing 'sampler_type'", param: "sampler_type") }
        guard case .string(let type) = typeValue else {
            throw c.error("'sampler_type' must be a string, not \(typeValue.kindName)", param: "sampler_type")
        }
        guard let keys = paramKeys[type] else {
            if unsupported.contains(type) {
                throw c.error("sampler type '\(type)' is not supported (it samples NVIDIA's managed person datasets, which are not available here); use person_from_faker", param: "sampler_type")
            }
            let known = paramKeys.keys.sorted().joined(separator: ", ")
            throw c.error("unknown sampler type '\(type)' (expected one of \(known))", param: "sampler_type")
        }
        var members: [(key: String, value: ConfigValue)] = []
        switch item["params"] {
        case .none, .some(.null):
            if type != "uuid" && type != "person_from_faker" { throw c.error("missing 'params'", param: "params") }
        case .some(.object(let m)):
            members = m
        case .some(let other):
            throw c.error("'params' must be a mapping, not \(other.kindName)", param: "params")
        }
        for m in members where !keys.contains(m.key) {
            if m.key == "sampler_type" && m.value == .string(type) { continue }
            throw c.error("unknown param '\(m.key)' for a \(type) sampler (expected \(keys.sorted().joined(separator: ", ")))", param: m.key)
        }
        let p = Params(members: members, context: c)
        let sampler = try build(type, p, c)
        let convert = try convertTo(item["convert_to"], sampler: sampler, type: type, c)
        return (sampler, convert)
    }

    private static func build(_ type: String, _ p: Params, _ c: ColumnContext) throws -> Sampler {
        switch type {
        case "category":
            let values = try p.scalarList("values")
            var weights: [Double]?
            if let w = p["weights"], w != .null {
                guard case .array(let items) = w else { throw p.error("weights", "weights must be a list of numbers, not \(w.kindName)") }
                guard items.count == values.count else {
                    throw p.error("weights", "weights has \(items.count) entries but values has \(values.count)")
                }
                let ws = try items.map { item -> Double in
                    guard let d = item.number, d.isFinite else { throw p.error("weights", "weights must hold finite numbers, found \(item.text.quotedForMessage)") }
                    if d < 0 { throw p.error("weights", "weights must not be negative (\(item.text))") }
                    return d
                }
                if !(ws.reduce(0, +) > 0) { throw p.error("weights", "weights are all zero") }
                weights = ws
            }
            return .category(values: values, weights: weights)
        case "subcategory":
            return try subcategory(p, c)
        case "uniform":
            let low = try p.number("low"), high = try p.number("high")
            if low > high { throw p.error("low", "low (\(p.text("low"))) is greater than high (\(p.text("high")))") }
            return .uniform(low: low, high: high, decimalPlaces: try p.decimalPlaces())
        case "gaussian":
            let mean = try p.number("mean"), stddev = try p.number("stddev")
            if stddev < 0 { throw p.error("stddev", "stddev must not be negative (\(p.text("stddev")))") }
            return .gaussian(mean: mean, stddev: stddev, decimalPlaces: try p.decimalPlaces())
        case "bernoulli":
            return .bernoulli(p: try p.probability("p"))
        case "binomial":
            let n = try p.integer("n")
            if n < 0 { throw p.error("n", "n must not be negative (\(n))") }
            return .binomial(n: n, p: try p.probability("p"))
        case "poisson":
            let mean = try p.number("mean")
            if mean < 0 { throw p.error("mean", "mean must not be negative (\(p.text("mean")))") }
            return .poisson(mean: mean)
        case "uuid":
            return .uuid(prefix: try p.string("prefix", default: ""),
                         shortForm: try p.bool("short_form"), uppercase: try p.bool("uppercase"))
        case "scipy":
            let distribution = try ScipyCatalog.distribution(name: p["dist_name"], params: p["dist_params"], error: p.error)
            return .scipy(distribution, decimalPlaces: try p.decimalPlaces())
        case "bernoulli_mixture":
            let probability = try p.probability("p")
            let distribution = try ScipyCatalog.distribution(name: p["dist_name"], params: p["dist_params"], error: p.error)
            return .bernoulliMixture(p: probability, distribution: distribution)
        case "person_from_faker":
            return .personFromFaker(try PersonParams(p))
        case "datetime":
            let start = try p.string("start"), end = try p.string("end")
            let s = try p.date("start", start), e = try p.date("end", end)
            if e < s { throw p.error("end", "end '\(end)' is before start '\(start)'") }
            return .datetime(start: start, end: end, unit: try p.unit(allowed: "YMDhms"))
        default:  // timedelta
            let lo = try p.integer("dt_min"), hi = try p.integer("dt_max")
            if lo > hi { throw p.error("dt_min", "dt_min (\(lo)) is greater than dt_max (\(hi))") }
            let ref = try p.string("reference_column_name")
            try c.checkReference(ref, param: "reference_column_name")
            guard case .sampler(.datetime)? = c.earlierColumn(ref)?.kind else {
                throw p.error("reference_column_name", "column '\(ref)' is not a datetime sampler column")
            }
            return .timedelta(dtMin: lo, dtMax: hi, referenceColumn: ref, unit: try p.unit(allowed: "Dhms"))
        }
    }

    private static func subcategory(_ p: Params, _ c: ColumnContext) throws -> Sampler {
        let parent = try p.string("category")
        try c.checkReference(parent, param: "category")
        guard case .sampler(.category(let parentValues, _))? = c.earlierColumn(parent)?.kind else {
            throw p.error("category", "column '\(parent)' is not a category sampler column")
        }
        guard let v = p["values"] else { throw p.error("values", "missing required param 'values'") }
        guard case .object(let map) = v else {
            throw p.error("values", "values must be a mapping from each value of '\(parent)' to a list, not \(v.kindName)")
        }
        for m in map where !parentValues.contains(where: { keyMatches(m.key, $0) }) {
            throw p.error("values", "unknown parent category '\(m.key)' (not a value of column '\(parent)')")
        }
        var result: [(parent: ConfigValue, values: [ConfigValue])] = []
        for pv in parentValues {
            if result.contains(where: { $0.parent == pv }) { continue }
            guard let entry = map.first(where: { keyMatches($0.key, pv) }) else {
                throw p.error("values", "parent category '\(pv.text)' of column '\(parent)' has no values")
            }
            let list = try p.scalarList(entry.value, name: "values.\(entry.key)")
            result.append((pv, list))
        }
        return .subcategory(category: parent, values: result)
    }

    /// Whether the mapping key `key` names the parent value `v` (`1` names 1 and 1.0,
    /// `true`/`True` name true).
    static func keyMatches(_ key: String, _ v: ConfigValue) -> Bool {
        switch v {
        case .string(let s): return s == key
        case .int(let i): return Int64(key) == i || Double(key) == Double(i)
        case .double(let d): return Double(key) == d
        case .bool(let b): return key.lowercased() == (b ? "true" : "false")
        default: return false
        }
    }

    private static func convertTo(_ v: ConfigValue?, sampler: Sampler, type: String, _ c: ColumnContext) throws -> ConvertTo? {
        guard let v, v != .null else { return nil }
        guard case .string(let s) = v else { throw c.error("convert_to must be a string, not \(v.kindName)", param: "convert_to") }
        let convert: ConvertTo
        switch s {
        case "int": convert = .int
        case "float": convert = .float
        case "str": convert = .str
        default: convert = .format(s)
        }
        func refuse(_ expected: String) -> ConfigError {
            c.error("convert_to '\(s)' is not valid for a \(type) sampler (expected \(expected))", param: "convert_to")
        }
        switch sampler {
        case .category(let values, _):
            guard convert != .format(s) else { throw refuse("int, float or str") }
            try checkNumeric(values, convert, s, c)
        case .subcategory(_, let groups):
            guard convert != .format(s) else { throw refuse("int, float or str") }
            for g in groups { try checkNumeric(g.values, convert, s, c) }
        case .uniform, .gaussian, .bernoulli, .binomial, .poisson, .scipy, .bernoulliMixture:
            if case .format = convert { throw refuse("int, float or str") }
        case .personFromFaker:
            return nil  // ignored, as Data Designer's person samplers ignore it
        case .uuid, .timedelta:
            if convert != .str { throw refuse("str") }
        case .datetime:
            if convert == .int || convert == .float { throw refuse("str or a strftime pattern") }
            if case .format(let pattern) = convert, !isStrftimePattern(pattern) {
                throw c.error("convert_to '\(s)' is not a strftime pattern (expected str or a pattern such as '%Y-%m-%d')", param: "convert_to")
            }
        }
        return convert
    }

    /// Throws when converting `values` to int or float cannot work.
    private static func checkNumeric(_ values: [ConfigValue], _ convert: ConvertTo, _ s: String, _ c: ColumnContext) throws {
        guard convert == .int || convert == .float else { return }
        for v in values {
            switch v {
            case .int, .double, .bool: continue
            case .string(let text) where Double(text.trimmingSpaces) != nil: continue
            default:
                throw c.error("convert_to '\(s)' cannot convert value \(v.text.quotedForMessage)", param: "convert_to")
            }
        }
    }

    /// Whether `p` has at least one `%` directive and every `%` is followed by a letter or `%`.
    static func isStrftimePattern(_ p: String) -> Bool {
        let u = Array(p.utf8)
        var i = 0
        var directives = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%") {
                guard i + 1 < u.count else { return false }
                let n = u[i + 1]
                let isLetter = (n >= 0x41 && n <= 0x5A) || (n >= 0x61 && n <= 0x7A)
                guard isLetter || n == UInt8(ascii: "%") else { return false }
                if isLetter { directives += 1 }
                i += 2
            } else {
                i += 1
            }
        }
        return directives > 0
    }
}
