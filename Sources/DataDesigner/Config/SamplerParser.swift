/// Parses a sampler column's `params` (and each `conditional_params` entry) the way the real
/// tool's params models read them, and writes them back in the real tool's serialized shape
/// (every field in model order, defaults filled in, `sampler_type` last).
///
/// Checks, per sampler (each error names the column and the param):
/// - every params mapping: keys outside the model's fields are refused; a `sampler_type`
///   inside it must equal the column's;
/// - `category`: `values` a non-empty list of strings and numbers (booleans read as 0/1);
///   `weights` a list of the same length of finite numbers ≥ 0 summing to more than zero,
///   normalized to sum to 1;
/// - `subcategory`: `category` names a category sampler column; `values` maps every value of
///   it (matched as text) to a non-empty list;
/// - `uniform`: `low` ≤ `high`; `gaussian`: `stddev` ≥ 0; `bernoulli`/`binomial` `p` in
///   [0, 1]; `binomial` `n` ≥ 0; `poisson` `mean` ≥ 0;
/// - `uuid`: `prefix` a string or null, `short_form`/`uppercase` booleans;
/// - `datetime`: `start` < `end` (whole seconds), dates the real tool's parser reads (see
///   ``DateText``); `unit` Y, M, D, h, m or s;
/// - `timedelta`: integers 0 ≤ `dt_min` < `dt_max`; `reference_column_name` a datetime or
///   timedelta sampler column; `unit` D, h, m or s.
/// - `scipy`: `dist_name` a supported `scipy.stats` distribution and `dist_params` its keyword
///   arguments (see ``ScipyCatalog``), `decimal_places` as for uniform; `bernoulli_mixture`:
///   `p` in [0, 1], `dist_name`, `dist_params` likewise;
/// - `person_from_faker`: see ``PersonParams``.
enum SamplerParser {
    /// Sampler types of the real tool not available here.
    static let unavailable: [String: String] = [
        "person": "the 'person' sampler is not supported: it reads NVIDIA's managed Nemotron-Personas datasets, which are not available here (use person_from_faker)",
    ]

    /// The params fields of each sampler, in the real model's order.
    static let fields: [String: [String]] = [
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

    static var knownTypes: [String] { (Array(fields.keys) + Array(unavailable.keys)).sorted() }

    /// Parses `params` of a `type` sampler of the column in `c` (`param` names the params
    /// field in messages: `params` or `conditional_params.<condition>`).
    static func parse(type: String, params value: ConfigValue, param: String, _ c: ColumnContext) throws -> (Sampler, ConfigValue) {
        guard let keys = fields[type] else {
            if let why = unavailable[type] { throw c.error(why, param: "sampler_type") }
            throw c.error("unknown sampler type '\(type)' (expected one of \(knownTypes.joined(separator: ", ")))", param: "sampler_type")
        }
        let p = try Fields(value, what: param) { message, key in
            c.error(message, param: key.map { param == "params" ? $0 : "\(param).\($0)" } ?? param)
        }
        try p.forbidExtra(keys + ["sampler_type"])
        if let st = p["sampler_type"] {
            guard case .string(let s) = st, s == type else {
                throw p.error("sampler_type", "params.sampler_type \(st.describedForMessage) does not match the column's sampler_type '\(type)'")
            }
        }
        let (sampler, normalized) = try build(type, p, c)
        return (sampler, .object(normalized + [("sampler_type", .string(type))]))
    }

    private typealias Members = [(key: String, value: ConfigValue)]

    private static func build(_ type: String, _ p: Fields, _ c: ColumnContext) throws -> (Sampler, Members) {
        switch type {
        case "category":
            let values = try scalarList(p, "values")
            var weights: [Double]?
            if let w = p.present("weights") {
                guard case .array(let items) = w else { throw p.error("weights", "weights must be a list of numbers, not \(w.kindName)") }
                let ws = try items.map { item -> Double in
                    guard let d = Fields.float(item), d.isFinite else {
                        throw p.error("weights", "weights must hold finite numbers, found \(item.describedForMessage)")
                    }
                    if d < 0 { throw p.error("weights", "weights must not be negative (\(item.text))") }
                    return d
                }
                var total = 0.0
                for x in ws { total += x }  // Python's sum: left to right
                guard total > 0 else { throw p.error("weights", "'weights' must sum to a non-zero value") }
                guard ws.count == values.count else {
                    throw p.error("weights", "weights has \(ws.count) entries but values has \(values.count)")
                }
                weights = ws.map { $0 / total }
            }
            return (.category(values: values, weights: weights),
                    [("values", .array(values)), ("weights", weights.map { .array($0.map { .double($0) }) } ?? .null)])
        case "subcategory":
            let parent = try p.string("category")
            let v = try p.required("values")
            guard case .object(let map) = v else {
                throw p.error("values", "values must be a mapping from each value of '\(parent)' to a list, not \(v.kindName)")
            }
            var groups: [(parent: String, values: [ConfigValue])] = []
            var normalized: Members = []
            for m in map {
                let list = try scalarList(m.value, name: "values.\(m.key)", p, "values", allowEmpty: true)
                groups.append((m.key, list))
                normalized.append((m.key, .array(list)))
            }
            return (.subcategory(category: parent, values: groups), [("category", .string(parent)), ("values", .object(normalized))])
        case "uniform":
            let low = try finite(p, "low"), high = try finite(p, "high")
            if low > high { throw p.error("low", "low (\(p["low"]?.text ?? "")) is greater than high (\(p["high"]?.text ?? ""))") }
            let places = try decimalPlaces(p)
            return (.uniform(low: low, high: high, decimalPlaces: places),
                    [("low", .double(low)), ("high", .double(high)), ("decimal_places", places.map { .int(Int64($0)) } ?? .null)])
        case "gaussian":
            let mean = try finite(p, "mean"), stddev = try finite(p, "stddev")
            if stddev < 0 { throw p.error("stddev", "stddev must not be negative (\(p["stddev"]?.text ?? ""))") }
            let places = try decimalPlaces(p)
            return (.gaussian(mean: mean, stddev: stddev, decimalPlaces: places),
                    [("mean", .double(mean)), ("stddev", .double(stddev)), ("decimal_places", places.map { .int(Int64($0)) } ?? .null)])
        case "bernoulli":
            let prob = try probability(p, "p")
            return (.bernoulli(p: prob), [("p", .double(prob))])
        case "binomial":
            let n = try p.int("n")
            if n < 0 { throw p.error("n", "n must not be negative (\(n))") }
            if n > 1 << 40 { throw p.error("n", "n (\(n)) is too large") }
            let prob = try probability(p, "p")
            return (.binomial(n: n, p: prob), [("n", .int(Int64(n))), ("p", .double(prob))])
        case "poisson":
            let mean = try finite(p, "mean")
            if mean < 0 { throw p.error("mean", "mean must not be negative (\(p["mean"]?.text ?? ""))") }
            return (.poisson(mean: mean), [("mean", .double(mean))])
        case "uuid":
            let prefix = try p.optionalString("prefix")
            let short = try p.bool("short_form", default: false), upper = try p.bool("uppercase", default: false)
            return (.uuid(prefix: prefix ?? "", shortForm: short, uppercase: upper),
                    [("prefix", prefix.map { .string($0) } ?? .null), ("short_form", .bool(short)), ("uppercase", .bool(upper))])
        case "datetime":
            let start = try p.string("start"), end = try p.string("end")
            guard let s = DateText.parse(start), s.year != nil else {
                throw p.error("start", "Invalid datetime format: \(start) (expected a date such as 2024-01-31, 2024-01-31T09:30:00 or Jan 31 2024)")
            }
            guard let e = DateText.parse(end), e.year != nil else {
                throw p.error("end", "Invalid datetime format: \(end) (expected a date such as 2024-01-31, 2024-01-31T09:30:00 or Jan 31 2024)")
            }
            guard let ss = s.epochSeconds, let es = e.epochSeconds, ss < es else {
                throw p.error("end", "end '\(end)' must be after start '\(start)' (end is exclusive)")
            }
            let unit = try p.choice("unit", ["Y", "M", "D", "h", "m", "s"], default: "D")
            return (.datetime(start: start, end: end, unit: DatetimeUnit(rawValue: unit) ?? .day),
                    [("start", .string(start)), ("end", .string(end)), ("unit", .string(unit))])
        case "scipy":
            let distribution = try ScipyCatalog.distribution(name: p["dist_name"], params: p["dist_params"]) { k, m in p.error(k, m) }
            let places = try decimalPlaces(p)
            return (.scipy(distribution, decimalPlaces: places),
                    [("dist_name", .string(distribution.name)), ("dist_params", p["dist_params"] ?? .object([])),
                     ("decimal_places", places.map { .int(Int64($0)) } ?? .null)])
        case "bernoulli_mixture":
            let prob = try probability(p, "p")
            let distribution = try ScipyCatalog.distribution(name: p["dist_name"], params: p["dist_params"]) { k, m in p.error(k, m) }
            return (.bernoulliMixture(p: prob, distribution: distribution),
                    [("p", .double(prob)), ("dist_name", .string(distribution.name)), ("dist_params", p["dist_params"] ?? .object([]))])
        case "person_from_faker":
            let params = try PersonParams(p)
            return (.personFromFaker(params), params.normalized(p))
        default:  // timedelta
            let lo = try p.int("dt_min"), hi = try p.int("dt_max")
            if lo < 0 { throw p.error("dt_min", "dt_min must be at least 0 (got \(lo))") }
            if hi <= 0 { throw p.error("dt_max", "dt_max must be greater than 0 (got \(hi))") }
            if lo >= hi { throw p.error("dt_min", "'dt_min' must be less than 'dt_max'") }
            let ref = try p.string("reference_column_name")
            let unit = try p.choice("unit", ["D", "h", "m", "s"], default: "D")
            let unitSeconds: Int64 = unit == "D" ? 86_400 : (unit == "h" ? 3600 : (unit == "m" ? 60 : 1))
            if Int64(hi) > 10_000_000_000_000 / unitSeconds { throw p.error("dt_max", "dt_max (\(hi) \(unit)) is too large") }
            return (.timedelta(dtMin: lo, dtMax: hi, referenceColumn: ref, unit: DatetimeUnit(rawValue: unit) ?? .day),
                    [("dt_min", .int(Int64(lo))), ("dt_max", .int(Int64(hi))), ("reference_column_name", .string(ref)),
                     ("unit", .string(unit))])
        }
    }

    private static func finite(_ p: Fields, _ key: String) throws -> Double {
        let d = try p.float(key)
        guard d.isFinite else { throw p.error(key, "\(key) must be a finite number") }
        return d
    }

    private static func probability(_ p: Fields, _ key: String) throws -> Double {
        let d = try p.float(key)
        guard d >= 0, d <= 1 else { throw p.error(key, "\(key) (\(p[key]?.text ?? "")) must be between 0 and 1") }
        return d
    }

    private static func decimalPlaces(_ p: Fields) throws -> Int? {
        guard let n = try p.optionalInt("decimal_places") else { return nil }
        guard (-300...300).contains(n) else { throw p.error("decimal_places", "decimal_places (\(n)) is out of range") }
        return n
    }

    private static func scalarList(_ p: Fields, _ key: String) throws -> [ConfigValue] {
        try scalarList(try p.required(key), name: key, p, key, allowEmpty: false)
    }

    /// A list of `str | int | float` (booleans read as integers, as the real tool reads them).
    private static func scalarList(_ v: ConfigValue, name: String, _ p: Fields, _ key: String, allowEmpty: Bool) throws -> [ConfigValue] {
        guard case .array(let items) = v else { throw p.error(key, "\(name) must be a list, not \(v.kindName)") }
        if items.isEmpty && !allowEmpty { throw p.error(key, "\(name) must hold at least one value") }
        return try items.map { item in
            switch item {
            case .string, .int, .double: return item
            case .bool(let b): return .int(b ? 1 : 0)
            default: throw p.error(key, "\(name) must hold only strings and numbers, found \(item.kindName)")
            }
        }
    }

    // MARK: convert_to

    /// Checks `convert_to` as the sampler's data conversion does: `int`, `float` or `str` for
    /// numeric and category samplers; a strftime pattern whose text of 2012-12-21 reads back as
    /// a date for datetime and timedelta; anything for uuid (the real tool ignores it there).
    static func convertTo(_ v: ConfigValue?, sampler: Sampler, type: String, _ c: ColumnContext) throws -> (ConvertTo?, ConfigValue) {
        guard let v, v != .null else { return (nil, .null) }
        guard case .string(let s) = v else { throw c.error("convert_to must be a string, not \(v.kindName)", param: "convert_to") }
        switch sampler {
        case .uuid, .personFromFaker:
            return (nil, v)  // passthrough: the real tool accepts and ignores it
        case .datetime, .timedelta:
            guard StrftimePattern.isDatePattern(s) else {
                throw c.error("Invalid datetime format: \(s) (convert_to of a \(type) sampler must be a strftime pattern whose output reads back as a date, such as '%Y-%m-%d')", param: "convert_to")
            }
            return (.format(s), v)
        default:
            let convert: ConvertTo
            switch s {
            case "int": convert = .int
            case "float": convert = .float
            case "str": convert = .str
            default:
                throw c.error("Invalid `convert_to` value: \(s). Must be one of: [float, int, str]", param: "convert_to")
            }
            if convert != .str {
                var lists: [[ConfigValue]] = []
                if case .category(let values, _) = sampler { lists = [values] }
                if case .subcategory(_, let groups) = sampler { lists = groups.map(\.values) }
                for list in lists {
                    let numeric = list.allSatisfy { if case .string = $0 { false } else { true } }
                    if !numeric {
                        throw c.error("convert_to '\(s)' needs numeric values, but the values include text", param: "convert_to")
                    }
                }
            }
            return (convert, v)
        }
    }
}
