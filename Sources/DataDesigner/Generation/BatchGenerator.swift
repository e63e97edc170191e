import Parquet

/// Makes the records of one batch from a compiled plan.
///
/// Batch `k` of a run seeded with `s` depends on `(s, k)`, the plan and its row count only;
/// each column draws from its own stream (``RandomStreams``), so the first rows of a larger
/// batch equal a smaller batch's rows.
public struct BatchGenerator {
    public let plan: GenerationPlan
    public let seed: UInt64
    /// The date `person_from_faker` birth dates count back from (Data Designer uses the day
    /// of the run); fixed per run so that every batch, resumed or not, uses the same one.
    public let referenceDate: CivilDate

    /// `referenceDate` defaults to today's local date.
    public init(plan: GenerationPlan, seed: UInt64, referenceDate: CivilDate? = nil) {
        self.plan = plan
        self.seed = seed
        self.referenceDate = referenceDate ?? CivilDate.today()
    }

    /// The `rows` records of batch `batch`; `firstRecord` is the index of its first record in
    /// the dataset (which seed rows the records take; used in messages). Throws
    /// ``CreateError`` naming the column and record when a value cannot be produced (an
    /// expression that does not read as its dtype, ...).
    public func generate(batch: Int, rows: Int, firstRecord: Int64 = 0) throws -> RecordBatch {
        let count = max(rows, 0)
        let seedRows = plan.seed?.rows(first: max(firstRecord, 0), count: count, seed: seed) ?? []
        var outputs = [ColumnBuffer?](repeating: nil, count: plan.columns.count)
        var choices = [[Int32]?](repeating: nil, count: plan.columns.count)
        var seconds = [[Int64]?](repeating: nil, count: plan.columns.count)
        for (j, column) in plan.columns.enumerated() {
            var rng = RandomStreams.column(seed: seed, batch: batch, name: column.name)
            var raw: ColumnBuffer
            switch column.source {
            case let .category(table, cumulative):
                let picked = Self.pick(count, table.count, cumulative, &rng)
                choices[j] = picked
                raw = table.gather(picked)
            case let .subcategory(table, parent, options):
                guard let parentChoices = choices[parent], parentChoices.count == count else {
                    throw CreateError("column '\(column.name)': its parent column has no values")
                }
                var picked = [Int32](repeating: 0, count: count)
                for row in 0..<count {
                    let list = options[Int(parentChoices[row])]
                    picked[row] = list[Int(rng.nextBelow(UInt64(list.count)))]
                }
                choices[j] = picked
                raw = table.gather(picked)
            case let .uniform(low, high, places):
                var values = [Double](repeating: 0, count: count)
                let span = high - low
                for row in 0..<count {
                    let v = span > 0 ? min(low + span * rng.nextUnit(), high) : low
                    values[row] = Distributions.round(v, places: places)
                }
                raw = .double(values)
            case let .gaussian(mean, stddev, places):
                var normal = NormalSource()
                var values = [Double](repeating: 0, count: count)
                for row in 0..<count {
                    values[row] = Distributions.round(mean + stddev * normal.next(&rng), places: places)
                }
                raw = .double(values)
            case let .bernoulli(p):
                var values = [Int64](repeating: 0, count: count)
                for row in 0..<count where rng.nextUnit() < p { values[row] = 1 }
                raw = .int64(values)
            case let .binomial(n, p):
                var normal = NormalSource()
                var values = [Int64](repeating: 0, count: count)
                for row in 0..<count { values[row] = Distributions.binomial(n: n, p: p, &rng, &normal) }
                raw = .int64(values)
            case let .poisson(mean):
                var normal = NormalSource()
                var values = [Int64](repeating: 0, count: count)
                for row in 0..<count { values[row] = Distributions.poisson(mean: mean, &rng, &normal) }
                raw = .int64(values)
            case let .uuid(prefix, shortForm, uppercase):
                raw = .string(Self.uuids(count, prefix: prefix, shortForm: shortForm, uppercase: uppercase, &rng))
            case let .datetime(start, steps, unit, withTime):
                let values = Self.datetimes(count, start: start, steps: steps, unit: unit, &rng)
                seconds[j] = values
                outputs[j] = Self.render(values, withTime: withTime, convert: column.convert)
                continue
            case let .timedelta(reference, low, high, unitSeconds, withTime):
                guard let base = seconds[reference], base.count == count else {
                    throw CreateError("column '\(column.name)': its reference column has no datetimes")
                }
                var values = [Int64](repeating: 0, count: count)
                for row in 0..<count { values[row] = base[row] &+ rng.nextInt(low, high) &* unitSeconds }
                seconds[j] = values
                outputs[j] = Self.render(values, withTime: withTime, convert: column.convert)
                continue
            case let .expression(template, dtype):
                raw = try Self.evaluate(template, dtype, count, outputs, column.name, firstRecord)
            case let .scipy(sampler, places):
                raw = Self.scipy(sampler, count, places: places, mixture: nil, toInt: column.convert == .int, &rng)
            case let .bernoulliMixture(p, sampler):
                raw = Self.scipy(sampler, count, places: nil, mixture: p, toInt: column.convert == .int, &rng)
            case .person(let generator):
                raw = .structure(generator.generate(count, reference: referenceDate, &rng))
            case .seed(let index):
                guard let table = plan.seed, index < table.columns.count else {
                    throw CreateError("column '\(column.name)': the seed dataset is not loaded")
                }
                outputs[j] = table.columns[index].values.gather(seedRows)
                continue
            }
            if let convert = column.convert {
                raw = try Conversion.apply(convert, to: raw, column: column.name, firstRecord: firstRecord)
            }
            outputs[j] = raw
        }
        var data: [ColumnData] = []
        data.reserveCapacity(plan.schema.columns.count)
        var next = 0
        for (j, column) in plan.columns.enumerated() {
            guard let buffer = outputs[j] else { throw CreateError("column '\(column.name)' was not generated") }
            try LeafColumns.append(buffer, type: column.type, nullable: column.nullable, rows: count,
                                   descriptors: plan.schema.columns, next: &next, into: &data)
        }
        return RecordBatch(schema: plan.schema, columns: data, numRows: count, rowGroupIndex: batch)
    }

    /// `count` draws of a `scipy.stats` distribution: INT64 for a discrete one, else DOUBLE
    /// rounded to `places` (half to even, as numpy rounds). With `mixture` p, each draw is
    /// kept with probability p, else multiplied by 0 (as Data Designer's bernoulli_mixture
    /// multiplies a Bernoulli draw by the distribution's). `toInt` (convert_to: int) rounds
    /// each value half to even to an integer first, as Data Designer does before it applies
    /// decimal_places.
    private static func scipy(_ sampler: ScipySampler, _ count: Int, places: Int?, mixture: Double?, toInt: Bool,
                              _ rng: inout Xoshiro256StarStar) -> ColumnBuffer {
        var normal = NormalSource()
        if sampler.isDiscrete || toInt {
            var values = [Int64](repeating: 0, count: count)
            for row in 0..<count {
                if let p = mixture, !(rng.nextUnit() < p) {
                    _ = sampler.next(&rng, &normal)
                    continue
                }
                values[row] = Distributions.clampToInt64(sampler.next(&rng, &normal).rounded(.toNearestOrEven))
            }
            return .int64(values)
        }
        var values = [Double](repeating: 0, count: count)
        for row in 0..<count {
            let keep = mixture.map { rng.nextUnit() < $0 } ?? true
            let x = sampler.next(&rng, &normal)
            values[row] = keep ? Distributions.roundHalfEven(x, places: places) : 0 * x
        }
        return .double(values)
    }

    /// `count` indices below `n`, weighted by `cumulative` when given.
    private static func pick(_ count: Int, _ n: Int, _ cumulative: [Double]?, _ rng: inout Xoshiro256StarStar) -> [Int32] {
        var out = [Int32](repeating: 0, count: count)
        guard n > 1 else { return out }
        guard let cumulative, cumulative.count == n else {
            for row in 0..<count { out[row] = Int32(truncatingIfNeeded: rng.nextBelow(UInt64(n))) }
            return out
        }
        cumulative.withUnsafeBufferPointer { table in
            for row in 0..<count {
                let u = rng.nextUnit()
                var lo = 0, hi = n - 1  // first index whose cumulative weight exceeds u
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if table[mid] > u { hi = mid } else { lo = mid + 1 }
                }
                out[row] = Int32(truncatingIfNeeded: lo)
            }
        }
        return out
    }

    private static let lowerHex = Array("0123456789abcdef".utf8)
    private static let upperHex = Array("0123456789ABCDEF".utf8)

    /// Random version-4 UUIDs (`8-4-4-4-12` hex), or their first 8 hex digits with
    /// `shortForm`, each after `prefix`.
    static func uuids(_ count: Int, prefix: [UInt8], shortForm: Bool, uppercase: Bool,
                              _ rng: inout Xoshiro256StarStar) -> ByteArrayValues {
        var out = ByteArrayValues()
        let width = prefix.count + (shortForm ? 8 : 36)
        out.reserveCapacity(values: count, bytes: count * width)
        let digits = uppercase ? upperHex : lowerHex
        for _ in 0..<count {
            var high = rng.next(), low = rng.next()
            high = (high & ~0xF000) | 0x4000                    // version 4
            low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
            out.bytes.append(contentsOf: prefix)
            let nibbles = shortForm ? 8 : 32
            for i in 0..<nibbles {
                if !shortForm, i == 8 || i == 12 || i == 16 || i == 20 { out.bytes.append(UInt8(ascii: "-")) }
                let word = i < 16 ? high : low
                let shift = UInt64(60 - (i % 16) * 4)
                out.bytes.append(digits[Int((word >> shift) & 0xF)])
            }
            out.offsets.append(out.bytes.count)
        }
        return out
    }

    private static func datetimes(_ count: Int, start: CivilDateTime, steps: Int64, unit: DatetimeUnit,
                                  _ rng: inout Xoshiro256StarStar) -> [Int64] {
        let startSeconds = DateTimeMath.seconds(start)
        var values = [Int64](repeating: 0, count: count)
        for row in 0..<count {
            let k = rng.nextInt(0, steps)
            switch unit {
            case .year: values[row] = DateTimeMath.seconds(DateTimeMath.addingMonths(start, k * 12))
            case .month: values[row] = DateTimeMath.seconds(DateTimeMath.addingMonths(start, k))
            case .day: values[row] = startSeconds + k * 86_400
            case .hour: values[row] = startSeconds + k * 3600
            case .minute: values[row] = startSeconds + k * 60
            case .second: values[row] = startSeconds + k
            }
        }
        return values
    }

    /// Datetimes as ISO text, or as `convert_to` asks: a strftime pattern, `str` (ISO text),
    /// `int` (seconds since 1970-01-01) or `float` (the same, as a double).
    private static func render(_ values: [Int64], withTime: Bool, convert: ConvertTo?) -> ColumnBuffer {
        switch convert {
        case .int?: return .int64(values)
        case .float?: return .double(values.map { Double($0) })
        case .format(let pattern)?:
            let compiled = StrftimePattern(pattern)
            var out = ByteArrayValues()
            for v in values {
                compiled.append(DateTimeMath.civil(seconds: v), to: &out.bytes)
                out.offsets.append(out.bytes.count)
            }
            return .string(out)
        case nil, .str?:
            var out = ByteArrayValues()
            out.reserveCapacity(values: values.count, bytes: values.count * (withTime ? 19 : 10))
            for v in values {
                DateTimeMath.appendISO(DateTimeMath.civil(seconds: v), withTime: withTime, to: &out.bytes)
                out.offsets.append(out.bytes.count)
            }
            return .string(out)
        }
    }

    private static func evaluate(_ template: CompiledTemplate, _ dtype: ExpressionType, _ count: Int,
                                 _ columns: [ColumnBuffer?], _ name: String, _ firstRecord: Int64) throws -> ColumnBuffer {
        var texts = ByteArrayValues()
        for row in 0..<count {
            template.render(row: row, columns: columns, to: &texts.bytes)
            texts.offsets.append(texts.bytes.count)
        }
        let buffer = ColumnBuffer.string(texts)
        switch dtype {
        case .str: return buffer
        case .int: return try Conversion.apply(.int, to: buffer, column: name, firstRecord: firstRecord, what: "expr gives")
        case .float: return try Conversion.apply(.float, to: buffer, column: name, firstRecord: firstRecord, what: "expr gives")
        case .bool:
            var values = [Bool](repeating: false, count: count)
            for row in 0..<count {
                let text = buffer.text(row: row)
                guard let b = TextFormat.parseBool(text) else {
                    throw CreateError("column '\(name)': record \(firstRecord + Int64(row)): expr gives '\(text)', which is not a bool (true/false)")
                }
                values[row] = b
            }
            return .boolean(values)
        }
    }
}
