import Parquet

/// Scalar values of a category or subcategory column, typed as a whole: all strings →
/// STRING; all integers → INT64; integers and floats → DOUBLE; all booleans → BOOLEAN;
/// any other mix → STRING of each value's text.
struct ValueTable {
    enum Storage {
        case strings([[UInt8]])
        case ints([Int64])
        case doubles([Double])
        case bools([Bool])
    }

    let storage: Storage
    /// Each value's plain text (how a subcategory finds its parent's value).
    let texts: [String]

    var count: Int { texts.count }

    var type: GeneratedType {
        switch storage {
        case .strings: .string
        case .ints: .int64
        case .doubles: .double
        case .bools: .boolean
        }
    }

    init(_ values: [ConfigValue]) {
        texts = values.map(ValueTable.text)
        var ints: [Int64] = [], doubles: [Double] = [], bools: [Bool] = []
        var allInts = true, allNumbers = true, allBools = true
        for value in values {
            switch value {
            case .int(let i):
                ints.append(i); doubles.append(Double(i)); allBools = false
            case .double(let d):
                doubles.append(d); allInts = false; allBools = false
            case .bool(let b):
                bools.append(b); allInts = false; allNumbers = false
            default:
                allInts = false; allNumbers = false; allBools = false
            }
        }
        if values.isEmpty || (!allInts && !allNumbers && !allBools) {
            storage = .strings(texts.map { Array($0.utf8) })
        } else if allInts {
            storage = .ints(ints)
        } else if allNumbers {
            storage = .doubles(doubles)
        } else {
            storage = .bools(bools)
        }
    }

    /// The plain text of a config value (``ConfigValue/text``: strings as they are, other
    /// values as canonical JSON), the same text subcategory keys are matched with.
    static func text(_ value: ConfigValue) -> String { value.text }

    /// The column holding `choices` (indices into this table).
    func gather(_ choices: [Int32]) -> ColumnBuffer {
        switch storage {
        case .strings(let values):
            var out = ByteArrayValues()
            out.offsets.reserveCapacity(choices.count + 1)
            for c in choices { out.append(values[Int(c)]) }
            return .string(out)
        case .ints(let values): return .int64(choices.map { values[Int($0)] })
        case .doubles(let values): return .double(choices.map { values[Int($0)] })
        case .bools(let values): return .boolean(choices.map { values[Int($0)] })
        }
    }
}

/// How one column's values are made, compiled from its config.
struct ColumnPlan {
    enum Source {
        /// `cumulative` holds normalized cumulative weights; nil means equal weights.
        case category(ValueTable, cumulative: [Double]?)
        /// `choices[p]` lists the table indices allowed when the parent holds its value `p`.
        case subcategory(ValueTable, parent: Int, choices: [[Int32]])
        case uniform(low: Double, high: Double, places: Int?)
        case gaussian(mean: Double, stddev: Double, places: Int?)
        case bernoulli(p: Double)
        case binomial(n: Int, p: Double)
        case poisson(mean: Double)
        case uuid(prefix: [UInt8], shortForm: Bool, uppercase: Bool)
        case datetime(start: CivilDateTime, steps: Int64, unit: DatetimeUnit, withTime: Bool)
        case timedelta(reference: Int, low: Int64, high: Int64, unitSeconds: Int64, withTime: Bool)
        case expression(CompiledTemplate, ExpressionType)
        /// A `scipy.stats` distribution; `places` rounds continuous values (half to even,
        /// as numpy rounds).
        case scipy(ScipySampler, places: Int?)
        /// A draw of the distribution with probability p, else 0 (0 times the draw).
        case bernoulliMixture(p: Double, ScipySampler)
        case person(PersonGenerator)
        /// Column `index` of the plan's seed table.
        case seed(index: Int)
    }

    let name: String
    let source: Source
    let convert: ConvertTo?
    /// The Parquet type of the written column.
    let type: GeneratedType
    /// Whether the column is OPTIONAL (seed columns; person structs, as pandas writes them).
    var nullable = false
    /// Whether the column's values are datetimes (datetime, timedelta) before conversion.
    var isDatetime: Bool {
        switch source {
        case .datetime, .timedelta: true
        default: false
        }
    }
    /// The table of a category or subcategory column (what a subcategory's parent must be).
    var table: ValueTable? {
        switch source {
        case .category(let t, _), .subcategory(let t, _, _): t
        default: nil
        }
    }
}
