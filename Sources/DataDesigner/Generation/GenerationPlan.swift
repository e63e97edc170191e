import Parquet

/// A config compiled for generation: how each column is made and the Parquet schema every
/// batch file gets (one REQUIRED leaf per column, in config order).
public struct GenerationPlan {
    let columns: [ColumnPlan]
    /// The schema of the batch files.
    public let schema: Schema
    /// The selected rows of the config's seed dataset (its columns come first).
    let seed: SeedTable?

    /// `sha256:<hex>` of the seed files, when the config has a seed dataset.
    public var seedFingerprint: String? { seed?.fingerprint }

    /// Whether a column's values depend on the run's date (person_from_faker birth dates).
    var usesReferenceDate: Bool {
        columns.contains { if case .person = $0.source { true } else { false } }
    }

    /// The column names and the Parquet types they are written as, in order.
    public var columnTypes: [(name: String, type: GeneratedType)] { columns.map { ($0.name, $0.type) } }

    /// Compiles a (validated) config, reading its seed dataset (within `seedLimits`). Throws
    /// ``CreateError`` naming the column and param for what validation should have caught
    /// (an unknown parent, an unreadable date, ...), or naming the seed file at fault.
    public init(config: DatasetConfig, seedLimits: SeedLimits = SeedLimits()) throws {
        var plans: [ColumnPlan] = []
        if let settings = config.seed {
            let table = try SeedTable.load(settings, limits: seedLimits)
            for (j, column) in table.columns.enumerated() {
                if config.columns.contains(where: { $0.name == column.name }) {
                    throw CreateError("seed dataset column '\(column.name)' of \(settings.path) collides with the config column of that name")
                }
                plans.append(ColumnPlan(name: column.name, source: .seed(index: j), convert: nil, type: column.type, nullable: true))
            }
            seed = table
        } else {
            seed = nil
        }
        for column in config.columns {
            plans.append(try Self.compile(column, earlier: plans))
        }
        guard !plans.isEmpty else { throw CreateError("the config has no columns") }
        columns = plans
        let root: SchemaElement = {
            var e = SchemaElement()
            e.name = "schema"
            e.numChildren = Int32(clamping: plans.count)
            return e
        }()
        do {
            schema = try Schema(elements: [root] + plans.flatMap { $0.type.schemaElements(name: $0.name, nullable: $0.nullable) })
        } catch {
            throw CreateError("cannot build the dataset schema: \(error)")
        }
    }

    private static func fail(_ column: String, _ param: String, _ message: String) -> CreateError {
        CreateError("column '\(column)', param '\(param)': \(message)")
    }

    private static func compile(_ column: ColumnConfig, earlier: [ColumnPlan]) throws -> ColumnPlan {
        let name = column.name
        func resolve(_ reference: String) -> Int? { earlier.lastIndex { $0.name == reference } }
        let source: ColumnPlan.Source
        var type: GeneratedType
        switch column.kind {
        case .sampler(let sampler):
            switch sampler {
            case let .category(values, weights):
                guard !values.isEmpty else { throw fail(name, "values", "needs at least one value") }
                let table = ValueTable(values)
                source = .category(table, cumulative: try cumulative(weights, count: values.count, column: name))
                type = table.type
            case let .subcategory(category, entries):
                guard let parent = resolve(category), let parentTable = earlier[parent].table else {
                    throw fail(name, "category", "'\(category)' is not an earlier category column")
                }
                var all: [ConfigValue] = []
                var ranges: [String: Range<Int>] = [:]
                for entry in entries {
                    let key = ValueTable.text(entry.parent)
                    guard parentTable.texts.contains(key) else {
                        throw fail(name, "values", "'\(key)' is not a value of category column '\(category)'")
                    }
                    ranges[key] = all.count ..< all.count + entry.values.count
                    all += entry.values
                }
                var choices: [[Int32]] = []
                for parentValue in parentTable.texts {
                    guard let range = ranges[parentValue], !range.isEmpty else {
                        throw fail(name, "values", "no values for '\(parentValue)' of category column '\(category)'")
                    }
                    choices.append(range.map { Int32($0) })
                }
                let table = ValueTable(all)
                source = .subcategory(table, parent: parent, choices: choices)
                type = table.type
            case let .uniform(low, high, places):
                guard low.isFinite, high.isFinite, low <= high else { throw fail(name, "low", "must be finite and not above high") }
                source = .uniform(low: low, high: high, places: places)
                type = .double
            case let .gaussian(mean, stddev, places):
                guard mean.isFinite, stddev.isFinite, stddev >= 0 else { throw fail(name, "stddev", "must be finite and not negative") }
                source = .gaussian(mean: mean, stddev: stddev, places: places)
                type = .double
            case let .bernoulli(p):
                guard p >= 0, p <= 1 else { throw fail(name, "p", "must be in [0, 1]") }
                source = .bernoulli(p: p)
                type = .int64
            case let .binomial(n, p):
                guard n >= 0 else { throw fail(name, "n", "must not be negative") }
                guard p >= 0, p <= 1 else { throw fail(name, "p", "must be in [0, 1]") }
                source = .binomial(n: n, p: p)
                type = .int64
            case let .poisson(mean):
                guard mean >= 0, mean.isFinite else { throw fail(name, "mean", "must be finite and not negative") }
                source = .poisson(mean: mean)
                type = .int64
            case let .uuid(prefix, shortForm, uppercase):
                source = .uuid(prefix: Array(prefix.utf8), shortForm: shortForm, uppercase: uppercase)
                type = .string
            case let .datetime(start, end, unit):
                source = try datetime(start: start, end: end, unit: unit, column: name)
                type = .string
            case let .timedelta(dtMin, dtMax, reference, unit):
                guard let ref = resolve(reference), case let .datetime(_, _, _, refTime) = earlier[ref].source else {
                    throw fail(name, "reference_column_name", "'\(reference)' is not an earlier datetime column")
                }
                let unitSeconds: Int64
                switch unit {
                case .day: unitSeconds = 86_400
                case .hour: unitSeconds = 3600
                case .minute: unitSeconds = 60
                case .second: unitSeconds = 1
                case .year, .month: throw fail(name, "unit", "must be D, h, m or s")
                }
                guard dtMin <= dtMax else { throw fail(name, "dt_min", "must not be above dt_max") }
                let limit: Int64 = 10_000_000_000_000  // ~316,000 years in seconds
                guard dtMin.magnitude <= UInt64(limit / unitSeconds), dtMax.magnitude <= UInt64(limit / unitSeconds) else {
                    throw fail(name, "dt_max", "the offsets are too large")
                }
                // dt_max is exclusive, as in Data Designer (dt_min when both are equal).
                let high = dtMax > dtMin ? Int64(dtMax) - 1 : Int64(dtMin)
                source = .timedelta(reference: ref, low: Int64(dtMin), high: high, unitSeconds: unitSeconds,
                                    withTime: refTime || unit != .day)
                type = .string
            case let .scipy(distribution, places):
                source = .scipy(ScipySampler(distribution), places: places)
                type = distribution.isDiscrete ? .int64 : .double
            case let .bernoulliMixture(p, distribution):
                guard p >= 0, p <= 1 else { throw fail(name, "p", "must be in [0, 1]") }
                source = .bernoulliMixture(p: p, ScipySampler(distribution))
                type = distribution.isDiscrete ? .int64 : .double
            case .personFromFaker(let params):
                guard let generator = PersonGenerator(params) else {
                    throw fail(name, "locale", "locale '\(params.locale)' is not supported (supported: en_US)")
                }
                source = .person(generator)
                type = generator.type
                return ColumnPlan(name: name, source: source, convert: nil, type: type, nullable: true)
            }
        case let .expression(template, dtype):
            source = .expression(try CompiledTemplate(template, owner: name, resolve: resolve), dtype)
            switch dtype {
            case .str: type = .string
            case .int: type = .int64
            case .float: type = .double
            case .bool: type = .boolean
            }
        }
        let isDatetime: Bool
        switch source {
        case .datetime, .timedelta: isDatetime = true
        default: isDatetime = false
        }
        switch column.convertTo {
        case nil: break
        case .int?: type = .int64
        case .float?: type = .double
        case .str?: type = .string
        case .format(let pattern)?:
            guard isDatetime else {
                throw fail(name, "convert_to", "the pattern '\(pattern)' applies to datetime and timedelta columns only")
            }
            type = .string
        }
        return ColumnPlan(name: name, source: source, convert: column.convertTo, type: type)
    }

    /// Normalized cumulative weights (nil for equal weights).
    private static func cumulative(_ weights: [Double]?, count: Int, column: String) throws -> [Double]? {
        guard let weights else { return nil }
        guard weights.count == count else {
            throw fail(column, "weights", "has \(weights.count) weights for \(count) values")
        }
        var total = 0.0
        for w in weights {
            guard w.isFinite, w >= 0 else { throw fail(column, "weights", "must be finite and not negative") }
            total += w
        }
        guard total > 0, total.isFinite else { throw fail(column, "weights", "must not all be zero") }
        var running = 0.0
        var out = weights.map { w -> Double in
            running += w
            return running / total
        }
        out[out.count - 1] = 1
        return out
    }

    private static func datetime(start: String, end: String, unit: DatetimeUnit, column: String) throws -> ColumnPlan.Source {
        guard let s = DateTimeMath.parse(start), DateTimeMath.yearRange.contains(s.year) else {
            throw fail(column, "start", "cannot read '\(start)' as a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")
        }
        guard let e = DateTimeMath.parse(end), DateTimeMath.yearRange.contains(e.year) else {
            throw fail(column, "end", "cannot read '\(end)' as a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")
        }
        let startSeconds = DateTimeMath.seconds(s), endSeconds = DateTimeMath.seconds(e)
        guard startSeconds <= endSeconds else { throw fail(column, "end", "is before start") }
        let steps: Int64
        switch unit {
        case .year, .month:
            let perStep: Int64 = unit == .year ? 12 : 1
            let months = (e.year * 12 + Int64(e.month)) - (s.year * 12 + Int64(s.month))
            var k = months / perStep
            while k > 0, DateTimeMath.seconds(DateTimeMath.addingMonths(s, k * perStep)) > endSeconds { k -= 1 }
            steps = k
        case .day: steps = (endSeconds - startSeconds) / 86_400
        case .hour: steps = (endSeconds - startSeconds) / 3600
        case .minute: steps = (endSeconds - startSeconds) / 60
        case .second: steps = endSeconds - startSeconds
        }
        let timeOfDay = s.hour != 0 || s.minute != 0 || s.second != 0
        let withTime = timeOfDay || unit == .hour || unit == .minute || unit == .second
        return .datetime(start: s, steps: steps, unit: unit, withTime: withTime)
    }
}
