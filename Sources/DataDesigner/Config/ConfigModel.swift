/// A parsed config value, with object keys in document order.
///
/// Produced by both the JSON and the YAML parser; integers stay ``int(_:)`` and numbers with a
/// fraction or exponent become ``double(_:)``.
public indirect enum ConfigValue: Sendable, Equatable {
    /// `null`, `~` or an empty YAML value.
    case null
    /// `true` / `false` (YAML also `True` / `False`).
    case bool(Bool)
    /// An integer that fits in 64 bits.
    case int(Int64)
    /// A number with a fraction or an exponent (or one too large for `Int64`).
    case double(Double)
    /// A string scalar.
    case string(String)
    /// A sequence.
    case array([ConfigValue])
    /// A mapping, keys in document order.
    case object([(key: String, value: ConfigValue)])

    /// Structural equality; objects compare key by key in order.
    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.key != y.key || x.value != y.value { return false }
            return true
        default: return false
        }
    }
}

/// An error in a config file: a syntax error (file, line and column of the text) or a
/// validation error (file, dataset column and param).
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The fault itself, without location.
    public var message: String
    /// The config file at fault, when known.
    public var file: String?
    /// The dataset column at fault (validation errors).
    public var column: String?
    /// The param of ``column`` at fault (validation errors).
    public var param: String?
    /// 1-based line in the text (syntax errors).
    public var line: Int?
    /// 1-based character column in the line (syntax errors).
    public var col: Int?

    /// Creates an error; every location part is optional.
    public init(_ message: String, file: String? = nil, line: Int? = nil, col: Int? = nil,
                column: String? = nil, param: String? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.column = column
        self.param = param
    }

    /// One line: `file:line:col: message` for syntax errors,
    /// `file: column 'c', param 'p': message` for validation errors.
    public var description: String {
        var s = file ?? "<config>"
        if let line {
            s += ":\(line)"
            if let col { s += ":\(col)" }
        }
        s += ": "
        if let column {
            s += "column '\(column)'"
            if let param { s += ", param '\(param)'" }
            s += ": "
        } else if let param {
            s += "'\(param)': "
        }
        return s + message
    }
}

/// A loaded and validated dataset config.
public struct DatasetConfig: Sendable {
    /// The columns in document order (each may reference only earlier ones).
    public var columns: [ColumnConfig]
    /// The config as loaded (after unwrapping `data_designer:`), for builder_config.json.
    public var value: ConfigValue
    /// `sha256:<hex>` of the canonical JSON (sorted keys, no spaces) of `value`.
    public var fingerprint: String
    /// The `seed_config`, when the config has one: its columns come first in every record.
    public var seed: SeedSettings?

    /// Creates a config from parts (the fingerprint is not recomputed).
    public init(columns: [ColumnConfig], value: ConfigValue, fingerprint: String, seed: SeedSettings? = nil) {
        self.columns = columns
        self.value = value
        self.fingerprint = fingerprint
        self.seed = seed
    }

    /// Reads, parses and validates the config at `path`; the format is the extension
    /// (`.json`, `.yaml`, `.yml`, case-insensitive). Anything else, an unreadable file or an
    /// invalid config throws ``ConfigError`` naming the file.
    public static func load(path: String) throws -> DatasetConfig {
        try ConfigLoader.load(path: path)
    }

    /// Parses and validates config text; `file` is used in error messages only.
    public static func parse(_ text: String, format: ConfigFormat, file: String) throws -> DatasetConfig {
        try ConfigLoader.parse(text, format: format, file: file)
    }
}

/// The syntax of a config file.
public enum ConfigFormat: Sendable {
    case json, yaml
}

/// One column of a dataset config.
public struct ColumnConfig: Sendable {
    /// The column name (unique in the config).
    public var name: String
    /// What produces the column's values.
    public var kind: ColumnKind
    /// The optional `convert_to` of a sampler column.
    public var convertTo: ConvertTo?

    public init(name: String, kind: ColumnKind, convertTo: ConvertTo? = nil) {
        self.name = name
        self.kind = kind
        self.convertTo = convertTo
    }
}

/// A sampler column's `convert_to`.
public enum ConvertTo: Sendable, Equatable {
    case int, float, str
    /// A strftime pattern (datetime samplers only).
    case format(String)
}

/// What produces a column's values.
public enum ColumnKind: Sendable {
    /// `column_type: sampler`.
    case sampler(Sampler)
    /// `column_type: expression`: `expr` with `{{ column }}` substitutions, cast to `dtype`.
    case expression(template: String, dtype: ExpressionType)
}

/// The `dtype` of an expression column.
public enum ExpressionType: String, Sendable {
    case str, int, float, bool
}

/// The `unit` of datetime and timedelta samplers.
public enum DatetimeUnit: String, Sendable {
    case year = "Y", month = "M", day = "D", hour = "h", minute = "m", second = "s"
}

/// A sampler with its validated params.
public enum Sampler: Sendable {
    /// Scalar values; weights (same length, non-negative, not all zero) are normalized later.
    case category(values: [ConfigValue], weights: [Double]?)
    /// Values per parent value of the earlier category column `category`.
    case subcategory(category: String, values: [(parent: ConfigValue, values: [ConfigValue])])
    /// Uniform in [low, high], rounded to `decimalPlaces` when given.
    case uniform(low: Double, high: Double, decimalPlaces: Int?)
    /// Normal(mean, stddev), rounded to `decimalPlaces` when given.
    case gaussian(mean: Double, stddev: Double, decimalPlaces: Int?)
    /// 1 with probability p, else 0.
    case bernoulli(p: Double)
    /// Successes in n trials of probability p.
    case binomial(n: Int, p: Double)
    /// Poisson with the given mean.
    case poisson(mean: Double)
    /// A UUID4 string.
    case uuid(prefix: String, shortForm: Bool, uppercase: Bool)
    /// ISO dates/datetimes as given.
    case datetime(start: String, end: String, unit: DatetimeUnit)
    /// An offset in [dtMin, dtMax] units (D|h|m|s only) from the datetime column `referenceColumn`.
    case timedelta(dtMin: Int, dtMax: Int, referenceColumn: String, unit: DatetimeUnit)
    /// A `scipy.stats` distribution, rounded to `decimalPlaces` when given.
    case scipy(ScipyDistribution, decimalPlaces: Int?)
    /// A draw of `distribution` with probability p, else 0.
    case bernoulliMixture(p: Double, distribution: ScipyDistribution)
    /// A struct of person fields as Data Designer's Faker-based sampler makes them.
    case personFromFaker(PersonParams)
}
