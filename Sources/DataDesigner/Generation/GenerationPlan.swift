import Parquet

/// Limits that end a run (with one error naming the column and the limit) before memory grows
/// past them. Each can be raised for a real need.
public struct GenerationLimits: Sendable, Equatable {
    /// The largest cell, in bytes (`--max-cell-bytes`, default 1 MiB).
    public var maxCellBytes: Int
    /// The most loop iterations of one template render (`--max-loop-iterations`, default 1,000,000).
    public var maxLoopIterations: Int
    /// The most bytes one batch may hold across its columns (`--max-batch-bytes`, default 256 MiB).
    public var maxBatchBytes: Int

    public init(maxCellBytes: Int = 1 << 20, maxLoopIterations: Int = 1_000_000, maxBatchBytes: Int = 256 << 20) {
        self.maxCellBytes = maxCellBytes
        self.maxLoopIterations = maxLoopIterations
        self.maxBatchBytes = maxBatchBytes
    }

    var template: TemplateLimits { TemplateLimits(maxCellBytes: maxCellBytes, maxLoopIterations: maxLoopIterations) }
}

/// How one sampler column is drawn: one variant per params set (index 0 the column's
/// `params`, then one per `conditional_params` entry, chosen per row by its condition).
struct SamplerPlan {
    enum Variant {
        /// Indices `offset ..< offset + count` of the column's table; cumulative weights or nil.
        case category(offset: Int, count: Int, cumulative: [Double]?)
        /// For each value index of the parent's table, the indices of this column's table.
        case subcategory(choices: [[Int32]])
        case uniform(low: Double, high: Double, places: Int?)
        case gaussian(mean: Double, stddev: Double, places: Int?)
        case bernoulli(p: Double)
        case binomial(n: Int, p: Double)
        case poisson(mean: Double)
        case uuid(prefix: [UInt8], shortForm: Bool, uppercase: Bool)
        /// Seconds `start ..< end`, floored to `unit`.
        case datetime(start: Int64, end: Int64, unit: DatetimeUnit)
        case timedelta(low: Int64, high: Int64, unitSeconds: Int64)
        /// A `scipy.stats` distribution; `places` rounds continuous values as numpy does.
        case scipy(ScipySampler, places: Int?)
        /// A draw of the distribution with probability p, else 0 times the draw.
        case mixture(p: Double, ScipySampler)
        case person(PersonGenerator)
    }

    enum Values {
        case double
        case int
        case table(ValueTable)
        case text
        case datetime
        /// person_from_faker structs of `type`.
        case person(GeneratedType)
    }

    let name: String
    /// Index of the column in the config.
    let column: Int
    let variants: [Variant]
    /// Conditions of variants 1..., compiled as `{{ condition }}`, and their text.
    let conditions: [CompiledTemplate]
    let conditionTexts: [String]
    /// Column index of each condition's references.
    let conditionReferences: [[Int]]
    /// The parent (subcategory) or reference (timedelta) column index.
    let source: Int?
    let values: Values
    let convert: ConvertTo?
    /// Constraints on this column: the constraint and the column index of a column rhs.
    let constraints: [(ColumnConstraint, Int?)]
    let outputType: GeneratedType
}

/// How one expression column is made.
struct ExpressionPlan {
    let name: String
    let column: Int
    let template: CompiledTemplate
    /// Column index of each template reference.
    let references: [Int]
    let dtype: ExpressionType
    let skip: CompiledTemplate?
    let skipReferences: [Int]
    /// The cell's value when skipped (already of the dtype; `.null` for null).
    let skipValue: ConfigValue
    let propagateSkip: Bool
    let outputType: GeneratedType
}

/// A config compiled for generation: the sampler columns in dependency order, the expression
/// columns in dependency order, and the schemas of the batch files (kept columns) and of the
/// dropped-columns files.
public struct GenerationPlan {
    let columnNames: [String]
    let samplers: [SamplerPlan]
    let expressions: [ExpressionPlan]
    /// Output type of every config column.
    let types: [GeneratedType]
    /// Config indices of the kept and the dropped columns, in config order.
    let kept: [Int]
    let dropped: [Int]
    /// The schema of the batch files.
    public let schema: Schema
    /// The schema of the dropped-columns files (nil when no column is dropped).
    public let droppedSchema: Schema?
    /// The config columns (for profiles); seed columns follow them in ``columnNames``.
    let configColumns: [ColumnConfig]
    let limits: GenerationLimits
    /// The selected rows of the seed dataset; its column `j` is column
    /// `configColumns.count + j` of the plan.
    let seed: SeedTable?

    /// The schema_transform processors, in config order.
    let transforms: [SchemaTransform]

    /// The names of the schema_transform processors (their files go to
    /// `processors-files/<name>/`), in config order.
    public var processorNames: [String] { transforms.map(\.name) }

    /// `sha256:<hex>` of the seed files, when the config has a seed dataset.
    public var seedFingerprint: String? { seed?.fingerprint }

    /// Whether a column's values depend on the run's date (person_from_faker birth dates).
    var usesReferenceDate: Bool {
        samplers.contains { p in p.variants.contains { if case .person = $0 { true } else { false } } }
    }

    /// The kept columns (name and the Parquet type they are written as), in order.
    public var columnTypes: [GeneratedField] { kept.map { GeneratedField(name: columnNames[$0], type: types[$0]) } }

    /// Compiles a (validated) config, reading its seed dataset within `seedLimits`. Throws
    /// ``CreateError`` naming the column and param for what the generator refuses (a seed
    /// type other than local files, a template the engine does not run, ...), or the seed
    /// file at fault.
    public init(config: DatasetConfig, limits: GenerationLimits = GenerationLimits(),
                seedLimits: SeedLimits = SeedLimits()) throws {
        var seedTable: SeedTable?
        if let seedConfig = config.seedConfig {
            guard let settings = config.seed else {
                if let problem = config.seedProblem { throw CreateError("seed_config: \(problem)") }
                throw CreateError("seed_config: seed_type '\(seedConfig.source.seedType)' is not supported; only local files (seed_type: local) are read")
            }
            seedTable = try SeedTable.load(settings, limits: seedLimits)
        }
        seed = seedTable
        let columns = config.columns
        let seedColumns = seedTable?.columns ?? []
        guard !columns.isEmpty || !seedColumns.isEmpty else { throw CreateError("the config has no columns") }
        self.limits = limits
        configColumns = columns
        columnNames = columns.map(\.name) + seedColumns.map(\.name)
        var index: [String: Int] = [:]
        for (i, name) in columnNames.enumerated() where index[name] == nil { index[name] = i }
        func fail(_ column: String, _ param: String, _ message: String) -> CreateError {
            CreateError("column '\(column)', param '\(param)': \(message)")
        }

        // Sampler columns in dependency order (ties in config order).
        var samplerDeps: [Int: [Int]] = [:]
        for (i, c) in columns.enumerated() {
            guard case .sampler(let s) = c.kind else { continue }
            var deps: [Int] = []
            for v in [s] + c.conditionalParams.map(\.sampler) {
                for n in ColumnParser.samplerRequires(v) { if let j = index[n] { deps.append(j) } }
            }
            for cp in c.conditionalParams {
                let refs = (try? CompiledTemplate("{{ " + cp.condition + " }}", engine: .native).references) ?? []
                deps += refs.compactMap { index[$0] }
            }
            for k in config.constraints where k.target == c.name {
                if case .column(let rhs) = k.rhs, let j = index[rhs] { deps.append(j) }
            }
            samplerDeps[i] = deps
        }
        let samplerOrder = try Self.topologicalOrder(samplerDeps, count: columns.count, names: columnNames)

        var types = [GeneratedType](repeating: .string, count: columns.count) + seedColumns.map(\.type)
        var tables: [Int: ValueTable] = [:]
        var samplers: [SamplerPlan] = []
        for i in samplerOrder {
            let plan = try Self.compileSampler(columns[i], column: i, config: config, index: index, tables: tables,
                                               engine: config.engine, fail: fail)
            if case .table(let t) = plan.values { tables[i] = t }
            types[i] = plan.outputType
            samplers.append(plan)
        }

        // Expression columns in dependency order.
        var exprDeps: [Int: [Int]] = [:]
        var compiled: [Int: (CompiledTemplate, CompiledTemplate?)] = [:]
        for (i, c) in columns.enumerated() {
            guard case let .expression(source, _) = c.kind else { continue }
            let template: CompiledTemplate
            var skip: CompiledTemplate?
            do {
                template = try CompiledTemplate(source, engine: config.engine)
                if let rule = c.skip { skip = try CompiledTemplate(rule.when, engine: .native) }
            } catch let e as TemplateSyntaxError {
                throw fail(c.name, "expr", "expr is outside the supported Jinja2 subset: \(e.message)")
            }
            compiled[i] = (template, skip)
            let refs = template.references + (skip?.references ?? [])
            exprDeps[i] = refs.compactMap { index[$0] }.filter { j in
                guard j < columns.count else { return false }  // seed columns are there from the start
                if case .expression = columns[j].kind { return true }
                return false
            }
        }
        let exprOrder = try Self.topologicalOrder(exprDeps, count: columns.count, names: columnNames)
        var expressions: [ExpressionPlan] = []
        for i in exprOrder {
            guard case let .expression(_, dtype) = columns[i].kind, let (template, skip) = compiled[i] else { continue }
            func resolve(_ refs: [String], _ param: String) throws -> [Int] {
                try refs.map { r in
                    guard let j = index[r] else { throw fail(columns[i].name, param, "'\(r)' is not a column") }
                    return j
                }
            }
            let type: GeneratedType
            switch dtype {
            case .str: type = .string
            case .int: type = .int64
            case .float: type = .double
            case .bool: type = .boolean
            }
            types[i] = type
            expressions.append(ExpressionPlan(
                name: columns[i].name, column: i, template: template, references: try resolve(template.references, "expr"),
                dtype: dtype, skip: skip, skipReferences: try resolve(skip?.references ?? [], "skip.when"),
                skipValue: columns[i].skip?.value ?? .null, propagateSkip: columns[i].propagateSkip, outputType: type))
        }
        self.samplers = samplers
        self.expressions = expressions
        self.types = types
        // Processors run in config order on the finished batch: a schema_transform reads
        // every column except those an earlier drop_columns processor removed (columns
        // marked `drop: true` alone go at the end, as the real tool's default drop processor).
        var transforms: [SchemaTransform] = []
        var removed: [String] = []
        for processor in config.processors {
            switch processor {
            case .dropColumns(_, let names):
                removed += names
            case let .schemaTransform(name, template):
                let visible = index.filter { !ProcessorParser.matches($0.key, removed) }
                transforms.append(try SchemaTransform(name: name, template: template, engine: config.engine, visible: visible))
            }
        }
        self.transforms = transforms
        // Seed columns first (as the real tool's seed generator runs first), then the config's;
        // drop processors' patterns apply to seed columns too (resolved when the config loaded).
        let seedIndices = Array(columns.count ..< columns.count + seedColumns.count)
        let allNames = columnNames
        let droppedSeedNames = config.seed?.droppedColumns ?? []
        let seedDropped = seedIndices.filter { droppedSeedNames.contains(allNames[$0]) }
        let keptIndices = seedIndices.filter { !seedDropped.contains($0) } + columns.indices.filter { !columns[$0].drop }
        let droppedIndices = seedDropped + columns.indices.filter { columns[$0].drop }
        guard !keptIndices.isEmpty else { throw CreateError("every column is dropped; keep at least one") }
        let names = columnNames
        kept = keptIndices
        dropped = droppedIndices
        schema = try Self.schema(keptIndices.map { (names[$0], types[$0]) })
        droppedSchema = droppedIndices.isEmpty ? nil : try Self.schema(droppedIndices.map { (names[$0], types[$0]) })
    }

    static func schema(_ columns: [(String, GeneratedType)]) throws -> Schema {
        var root = SchemaElement()
        root.name = "schema"
        root.numChildren = Int32(clamping: columns.count)
        do {
            return try Schema(elements: [root] + columns.flatMap { $0.1.schemaElements(name: $0.0) })
        } catch {
            throw CreateError("cannot build the dataset schema: \(error)")
        }
    }

    /// Kahn's algorithm over the nodes of `deps` (each node's dependencies), ties in index order.
    static func topologicalOrder(_ deps: [Int: [Int]], count: Int, names: [String]) throws -> [Int] {
        let nodes = deps.keys.sorted()
        var indegree: [Int: Int] = [:]
        var downstream: [Int: [Int]] = [:]
        for n in nodes {
            let inside = Set(deps[n, default: []].filter { deps[$0] != nil && $0 != n })
            indegree[n] = inside.count
            for d in inside { downstream[d, default: []].append(n) }
        }
        var ready = nodes.filter { indegree[$0] == 0 }
        var order: [Int] = []
        while !ready.isEmpty {
            ready.sort()
            let n = ready.removeFirst()
            order.append(n)
            for m in downstream[n, default: []] {
                indegree[m, default: 0] -= 1
                if indegree[m] == 0 { ready.append(m) }
            }
        }
        guard order.count == nodes.count else {
            let stuck = nodes.filter { !order.contains($0) }.map { names[$0] }
            throw CreateError("columns \(stuck.joined(separator: ", ")) depend on each other in a cycle")
        }
        return order
    }

    /// The checks the loader makes, again for configs built in code (nothing may trap).
    private static func checkParams(_ s: Sampler, column name: String, fail: (String, String, String) -> CreateError) throws {
        func finite(_ x: Double, _ p: String) throws { guard x.isFinite else { throw fail(name, p, "must be a finite number") } }
        switch s {
        case let .category(values, weights):
            guard !values.isEmpty else { throw fail(name, "values", "needs at least one value") }
            if let weights {
                guard weights.count == values.count else { throw fail(name, "weights", "has \(weights.count) weights for \(values.count) values") }
                guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.reduce(0, +) > 0 else {
                    throw fail(name, "weights", "must be finite, not negative and not all zero")
                }
            }
        case let .subcategory(_, groups):
            if let empty = groups.first(where: { $0.values.isEmpty }) { throw fail(name, "values", "no values for '\(empty.parent)'") }
        case let .uniform(low, high, _):
            try finite(low, "low"); try finite(high, "high")
            guard low <= high else { throw fail(name, "low", "must not be above high") }
        case let .gaussian(mean, sd, _):
            try finite(mean, "mean"); try finite(sd, "stddev")
            guard sd >= 0 else { throw fail(name, "stddev", "must not be negative") }
        case let .bernoulli(p):
            guard p >= 0, p <= 1 else { throw fail(name, "p", "must be between 0 and 1") }
        case let .binomial(n, p):
            guard n >= 0, n <= 1 << 40 else { throw fail(name, "n", "must be from 0 to 2^40") }
            guard p >= 0, p <= 1 else { throw fail(name, "p", "must be between 0 and 1") }
        case let .poisson(mean):
            guard mean.isFinite, mean >= 0 else { throw fail(name, "mean", "must be finite and not negative") }
        case let .timedelta(lo, hi, _, unit):
            guard lo >= 0, lo < hi else { throw fail(name, "dt_min", "must be at least 0 and below dt_max") }
            guard unit != .year, unit != .month else { throw fail(name, "unit", "must be D, h, m or s") }
            guard Int64(hi) <= 10_000_000_000_000 / 86_400 else { throw fail(name, "dt_max", "is too large") }
        case .uuid, .datetime:
            break
        case let .scipy(d, _):
            if let why = ScipyCatalog.problem(d) { throw fail(name, "params.dist_params", why) }
        case let .bernoulliMixture(p, d):
            guard p >= 0, p <= 1 else { throw fail(name, "p", "must be between 0 and 1") }
            if let why = ScipyCatalog.problem(d) { throw fail(name, "params.dist_params", why) }
        case let .personFromFaker(p):
            guard PersonParams.ageLimits.contains(p.minAge), PersonParams.ageLimits.contains(p.maxAge), p.minAge < p.maxAge else {
                throw fail(name, "age_range", "must be two ages in 0 ... 114, the first below the second")
            }
            guard PersonParams.supportedLocales.contains(p.locale) else { throw fail(name, "locale", "'\(p.locale)' is not supported (en_US)") }
            if let cities = p.cities, cities.isEmpty { throw fail(name, "city", "is an empty list") }
            if let sex = p.sex, sex != "Male", sex != "Female" { throw fail(name, "sex", "must be Male or Female") }
        }
    }

    private static func compileSampler(_ c: ColumnConfig, column: Int, config: DatasetConfig, index: [String: Int],
                                       tables: [Int: ValueTable], engine: TemplateEngine,
                                       fail: (String, String, String) -> CreateError) throws -> SamplerPlan {
        guard case .sampler(let primary) = c.kind else { throw CreateError("column '\(c.name)' is not a sampler column") }
        let all = [primary] + c.conditionalParams.map(\.sampler)
        for s in all { try checkParams(s, column: c.name, fail: fail) }
        var conditions: [CompiledTemplate] = []
        var conditionRefs: [[Int]] = []
        for cp in c.conditionalParams {
            let t: CompiledTemplate
            do {
                t = try CompiledTemplate("{{ " + cp.condition + " }}", engine: engine)
            } catch let e as TemplateSyntaxError {
                throw fail(c.name, "conditional_params", "the condition '\(cp.condition)' is outside the supported subset: \(e.message)")
            }
            conditions.append(t)
            conditionRefs.append(t.references.compactMap { index[$0] })
        }
        var variants: [SamplerPlan.Variant] = []
        var values: SamplerPlan.Values
        var source: Int?
        switch primary {
        case .category:
            var combined: [ConfigValue] = []
            for s in all {
                guard case let .category(vs, weights) = s else { throw fail(c.name, "conditional_params", "every params set must be a category sampler") }
                var cumulative: [Double]?
                if let weights {
                    var running = 0.0
                    cumulative = weights.map { running += $0; return running }
                }
                variants.append(.category(offset: combined.count, count: vs.count, cumulative: cumulative))
                combined += vs
            }
            values = .table(ValueTable(combined))
        case let .subcategory(parent, _):
            guard let p = index[parent], let parentTable = tables[p] else {
                throw fail(c.name, "params.category", "'\(parent)' is not a category sampler column")
            }
            source = p
            var combined: [ConfigValue] = []
            var perVariant: [[(String, Range<Int>)]] = []
            for s in all {
                guard case let .subcategory(_, groups) = s else { throw fail(c.name, "conditional_params", "every params set must be a subcategory sampler") }
                var ranges: [(String, Range<Int>)] = []
                for g in groups {
                    ranges.append((g.parent, combined.count ..< combined.count + g.values.count))
                    combined += g.values
                }
                perVariant.append(ranges)
            }
            for ranges in perVariant {
                var choices: [[Int32]] = []
                for text in parentTable.texts {
                    guard let r = ranges.first(where: { $0.0 == text })?.1, !r.isEmpty else {
                        throw fail(c.name, "params.values", "no values for '\(text)' of category column '\(parent)'")
                    }
                    choices.append(r.map { Int32($0) })
                }
                variants.append(.subcategory(choices: choices))
            }
            values = .table(ValueTable(combined))
        case .uniform, .gaussian:
            for s in all {
                switch s {
                case let .uniform(low, high, places): variants.append(.uniform(low: low, high: high, places: places))
                case let .gaussian(mean, sd, places): variants.append(.gaussian(mean: mean, stddev: sd, places: places))
                default: throw fail(c.name, "conditional_params", "every params set must be of the column's sampler type")
                }
            }
            values = .double
        case .bernoulli, .binomial, .poisson:
            for s in all {
                switch s {
                case let .bernoulli(p): variants.append(.bernoulli(p: p))
                case let .binomial(n, p): variants.append(.binomial(n: n, p: p))
                case let .poisson(mean): variants.append(.poisson(mean: mean))
                default: throw fail(c.name, "conditional_params", "every params set must be of the column's sampler type")
                }
            }
            values = .int
        case .uuid:
            for s in all {
                guard case let .uuid(prefix, short, upper) = s else { throw fail(c.name, "conditional_params", "every params set must be a uuid sampler") }
                variants.append(.uuid(prefix: Array(prefix.utf8), shortForm: short, uppercase: upper))
            }
            values = .text
        case .datetime:
            for s in all {
                guard case let .datetime(start, end, unit) = s, let a = DateText.parse(start)?.epochSeconds,
                      let b = DateText.parse(end)?.epochSeconds, a < b else {
                    throw fail(c.name, "params", "start and end must be dates with start before end")
                }
                guard a > -62_135_596_800, b < 253_402_300_800 else { throw fail(c.name, "params", "dates must be within the years 1 to 9999") }
                variants.append(.datetime(start: a, end: b, unit: unit))
            }
            values = .datetime
        case let .timedelta(_, _, ref, _):
            guard let r = index[ref] else { throw fail(c.name, "params.reference_column_name", "'\(ref)' is not a column") }
            source = r
            for s in all {
                guard case let .timedelta(lo, hi, _, unit) = s else { throw fail(c.name, "conditional_params", "every params set must be a timedelta sampler") }
                let unitSeconds: Int64 = unit == .day ? 86_400 : (unit == .hour ? 3600 : (unit == .minute ? 60 : 1))
                variants.append(.timedelta(low: Int64(lo), high: Int64(hi), unitSeconds: unitSeconds))
            }
            values = .datetime
        case .scipy, .bernoulliMixture:
            // INT64 when every params set is a discrete distribution, else DOUBLE (pandas
            // makes a float column of mixed draws).
            var discrete = true
            for s in all {
                switch s {
                case let .scipy(d, places):
                    variants.append(.scipy(ScipySampler(d), places: places))
                    discrete = discrete && d.isDiscrete
                case let .bernoulliMixture(p, d):
                    variants.append(.mixture(p: p, ScipySampler(d)))
                    discrete = discrete && d.isDiscrete
                default: throw fail(c.name, "conditional_params", "every params set must be of the column's sampler type")
                }
            }
            values = discrete ? .int : .double
        case .personFromFaker:
            var merged: PersonParams?
            for s in all {
                guard case .personFromFaker(let p) = s, let generator = PersonGenerator(p) else {
                    throw fail(c.name, "params.locale", "every params set must be a person_from_faker sampler of a supported locale (en_US)")
                }
                variants.append(.person(generator))
                // A phone field can be null-typed only when no params set reaches age 18.
                if var m = merged { m.maxAge = max(m.maxAge, p.maxAge); merged = m } else { merged = p }
            }
            values = .person(PersonGenerator.type(maxAge: merged?.maxAge ?? PersonParams.defaultAgeRange.1))
        }
        var constraints: [(ColumnConstraint, Int?)] = []
        for k in config.constraints where k.target == c.name {
            var rhs: Int?
            if case .column(let name) = k.rhs { rhs = index[name] }
            constraints.append((k, rhs))
        }
        let output: GeneratedType
        switch (c.convertTo, values) {
        case (.int?, _): output = .int64
        case (.float?, _): output = .double
        case (.str?, _), (.format?, _): output = .string
        case (nil, .double): output = .double
        case (nil, .int): output = .int64
        case (nil, .table(let t)): output = t.type
        case (nil, .text), (nil, .datetime): output = .string
        case (_, .person(let type)): output = type
        }
        return SamplerPlan(name: c.name, column: column, variants: variants, conditions: conditions,
                           conditionTexts: c.conditionalParams.map(\.condition), conditionReferences: conditionRefs, source: source, values: values, convert: c.convertTo,
                           constraints: constraints, outputType: output)
    }
}
