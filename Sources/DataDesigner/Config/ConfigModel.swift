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

/// A loaded and validated dataset config (the real tool's `DataDesignerConfig`).
public struct DatasetConfig: Sendable {
    /// The columns in document order. Generation follows their dependencies (sampler columns
    /// first, then expressions in dependency order), as the real tool does.
    public var columns: [ColumnConfig]
    /// `constraints` on sampler columns.
    public var constraints: [ColumnConstraint]
    /// `processors` (drop_columns).
    public var processors: [ProcessorConfig]
    /// `seed_config`, parsed and shape-checked (the generation of seeded datasets reads it).
    public var seedConfig: SeedConfig?
    /// A local `seed_config` source resolved when the config loads: its files and the seed's
    /// column names (nil without a seed, or for seed types that are not read here).
    public var seed: SeedSettings?
    /// Why a local seed could not be resolved when the config loaded (a missing file); the
    /// run refuses to start with it.
    public var seedProblem: String?
    /// `library_version` of the file (nil when absent).
    public var libraryVersion: String?
    /// The `data_designer` mapping in the real tool's serialized shape (every field, defaults
    /// filled in, weights normalized): what builder_config.json holds.
    public var value: ConfigValue
    /// `sha256:<hex>`: the real tool's config hash (version 2) of ``value``.
    public var fingerprint: String
    /// The config hash of our earlier versions (version 1: canonical JSON of the file's
    /// `data_designer` mapping), used to continue runs made by them.
    public var legacyFingerprint: String
    /// The template engine expressions were checked for.
    public var engine: TemplateEngine

    /// Creates a config from parts (nothing is recomputed).
    public init(columns: [ColumnConfig], constraints: [ColumnConstraint] = [], processors: [ProcessorConfig] = [],
                seedConfig: SeedConfig? = nil, seed: SeedSettings? = nil, seedProblem: String? = nil,
                libraryVersion: String? = nil, value: ConfigValue,
                fingerprint: String, legacyFingerprint: String? = nil, engine: TemplateEngine = .secure) {
        self.seed = seed
        self.seedProblem = seedProblem
        self.columns = columns
        self.constraints = constraints
        self.processors = processors
        self.seedConfig = seedConfig
        self.libraryVersion = libraryVersion
        self.value = value
        self.fingerprint = fingerprint
        self.legacyFingerprint = legacyFingerprint ?? fingerprint
        self.engine = engine
    }

    /// Reads, parses and validates the config at `path`; the format is the extension
    /// (`.json`, `.yaml`, `.yml`, case-insensitive). Expressions are checked for `engine`
    /// (the run config's `jinja_rendering_engine`). Anything else, an unreadable file or an
    /// invalid config throws ``ConfigError`` naming the file.
    public static func load(path: String, engine: TemplateEngine = .secure) throws -> DatasetConfig {
        try ConfigLoader.load(path: path, engine: engine)
    }

    /// Parses and validates config text; `file` is used in error messages only.
    public static func parse(_ text: String, format: ConfigFormat, file: String,
                             engine: TemplateEngine = .secure) throws -> DatasetConfig {
        try ConfigLoader.parse(text, format: format, file: file, engine: engine)
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
    /// `drop: true` (or named by a drop_columns processor): generated, then kept out of the
    /// dataset (and written to `dropped-columns-parquet-files/`).
    public var drop: Bool
    /// `skip` of an expression column.
    public var skip: SkipRule?
    /// `propagate_skip` (default true): the cell is skipped when a column it reads was skipped.
    public var propagateSkip: Bool
    /// `conditional_params` of a sampler column: a condition (a Jinja2 expression over other
    /// sampler columns) and the sampler to use where it holds, in document order.
    public var conditionalParams: [ConditionalSampler]

    public init(name: String, kind: ColumnKind, convertTo: ConvertTo? = nil, drop: Bool = false,
                skip: SkipRule? = nil, propagateSkip: Bool = true,
                conditionalParams: [ConditionalSampler] = []) {
        self.name = name
        self.kind = kind
        self.convertTo = convertTo
        self.drop = drop
        self.skip = skip
        self.propagateSkip = propagateSkip
        self.conditionalParams = conditionalParams
    }
}

/// One entry of a sampler column's `conditional_params`: where `condition` holds, `sampler`
/// draws the column's value instead of the column's own sampler.
public struct ConditionalSampler: Sendable {
    /// A Jinja2 expression over other sampler columns, as written in the config.
    public var condition: String
    /// The sampler used for the records where the condition holds.
    public var sampler: Sampler

    /// The entry `condition: sampler`.
    public init(condition: String, sampler: Sampler) {
        self.condition = condition
        self.sampler = sampler
    }
}

/// An expression column's `skip`: when `when` (a Jinja2 expression) is truthy for a row, the
/// cell holds `value` (null when nil) instead of the expression.
public struct SkipRule: Sendable, Equatable {
    public var when: String
    /// A scalar already converted to the column's dtype, or `.null`.
    public var value: ConfigValue

    public init(when: String, value: ConfigValue = .null) {
        self.when = when
        self.value = value
    }
}

/// A sampler column's `convert_to`.
public enum ConvertTo: Sendable, Equatable {
    case int, float, str
    /// A strftime pattern (datetime and timedelta samplers).
    case format(String)
}

/// What produces a column's values.
public enum ColumnKind: Sendable {
    /// `column_type: sampler`.
    case sampler(Sampler)
    /// `column_type: expression`: the Jinja2 template `expr`, its text cast to `dtype`.
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
    /// Scalar values (strings, integers, floats); weights normalized to sum to 1 as the real
    /// tool does, nil for equal weights.
    case category(values: [ConfigValue], weights: [Double]?)
    /// Values per parent value (keys as text) of the category column `category`.
    case subcategory(category: String, values: [(parent: String, values: [ConfigValue])])
    /// Uniform in [low, high), rounded to `decimalPlaces` when given.
    case uniform(low: Double, high: Double, decimalPlaces: Int?)
    /// Normal(mean, stddev), rounded to `decimalPlaces` when given.
    case gaussian(mean: Double, stddev: Double, decimalPlaces: Int?)
    /// 1 with probability p, else 0.
    case bernoulli(p: Double)
    /// Successes in n trials of probability p.
    case binomial(n: Int, p: Double)
    /// Poisson with the given mean.
    case poisson(mean: Double)
    /// `prefix` + 32 lower-case hex digits of a random UUID (8 with `shortForm`).
    case uuid(prefix: String, shortForm: Bool, uppercase: Bool)
    /// A uniform second in [start, end), floored to `unit`.
    case datetime(start: String, end: String, unit: DatetimeUnit)
    /// The reference datetime plus a whole number of units in [dtMin, dtMax).
    case timedelta(dtMin: Int, dtMax: Int, referenceColumn: String, unit: DatetimeUnit)
    /// A `scipy.stats` distribution (``ScipyCatalog``), rounded to `decimalPlaces` when given.
    case scipy(ScipyDistribution, decimalPlaces: Int?)
    /// A draw of `distribution` with probability p, else 0 (0 times the draw).
    case bernoulliMixture(p: Double, distribution: ScipyDistribution)
    /// A struct of person fields as Data Designer's Faker-based sampler makes them.
    case personFromFaker(PersonParams)
}

/// A `constraints` entry, enforced by rejection sampling of the target column.
public struct ColumnConstraint: Sendable, Equatable {
    public enum Operator: String, Sendable {
        case lt, le, gt, ge
    }
    public enum RightHandSide: Sendable, Equatable {
        /// `scalar_inequality`: a number.
        case scalar(Double)
        /// `column_inequality`: another sampler column.
        case column(String)
    }
    public var target: String
    public var op: Operator
    public var rhs: RightHandSide

    public init(target: String, op: Operator, rhs: RightHandSide) {
        self.target = target
        self.op = op
        self.rhs = rhs
    }

    /// Whether `lhs <op> rhs` holds (false with NaN, as numpy compares).
    @inline(__always)
    public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch op {
        case .lt: lhs < rhs
        case .le: lhs <= rhs
        case .gt: lhs > rhs
        case .ge: lhs >= rhs
        }
    }
}

/// A `processors` entry.
public enum ProcessorConfig: Sendable, Equatable {
    /// `drop_columns`: column names or `*` glob patterns removed from the dataset after each
    /// batch (kept under `dropped-columns-parquet-files/`).
    case dropColumns(name: String, columnNames: [String])
    /// `schema_transform`: a JSON template (a mapping whose strings are Jinja2 templates)
    /// rendered for every record of each batch into a second dataset under
    /// `processors-files/<name>/`.
    case schemaTransform(name: String, template: ConfigValue)

    /// The processor's `name`.
    public var name: String {
        switch self {
        case .dropColumns(let name, _), .schemaTransform(let name, _): name
        }
    }
}
