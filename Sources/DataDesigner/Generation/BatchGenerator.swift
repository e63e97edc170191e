import Foundation
import Parquet

/// One generated batch: the records to write and what was left out.
public struct BatchOutput {
    /// The kept columns (the batch file).
    public let records: RecordBatch
    /// The dropped columns of the same records (`dropped-columns-parquet-files/`), when any.
    public let droppedColumns: RecordBatch?
    /// The records of each schema_transform processor (`processors-files/<name>/`), in the
    /// order of ``GenerationPlan/processorNames``.
    public let processorRecords: [RecordBatch]
    /// Records in the batch (the planned rows minus the rows the expressions dropped).
    public var rows: Int { records.numRows }
    /// Rows dropped by expression columns, per column and reason (`EmptyRenderedExpression`,
    /// `TemplateRenderError`, `TypeCastError`), as the real tool drops them.
    public let droppedRows: [String: [String: Int]]
}

/// Makes the records of one batch from a compiled plan, the way the real tool makes a row
/// group: every sampler column (in dependency order, `conditional_params` choosing the params
/// per row, constraints enforced by resampling the rows that break them), then every
/// expression column (in dependency order, with `skip`), dropping the rows whose expression
/// renders empty, fails, or does not read as its dtype.
///
/// Batch `k` of a run seeded with `s` depends on `(s, k)`, the plan and its row count only;
/// each column draws from its own stream (``RandomStreams``).
public struct BatchGenerator {
    public let plan: GenerationPlan
    public let seed: UInt64
    /// The date person_from_faker birth dates count back from (Data Designer uses the day of
    /// the run); fixed per run so that every batch, resumed or not, uses the same one.
    public let referenceDate: CivilDate

    /// `referenceDate` defaults to today's local date.
    public init(plan: GenerationPlan, seed: UInt64, referenceDate: CivilDate? = nil) {
        self.plan = plan
        self.seed = seed
        self.referenceDate = referenceDate ?? CivilDate.today()
    }

    /// The records of batch `batch` with `rows` planned rows; `firstRecord` is the index of its
    /// first planned record in the dataset (which seed rows the records take). Throws
    /// ``CreateError`` naming the column (and the limit) when a value cannot be produced.
    public func generate(batch: Int, rows: Int, firstRecord: Int64 = 0) throws -> BatchOutput {
        let count = max(rows, 0)
        var columns = [GeneratedColumn?](repeating: nil, count: plan.columnNames.count)
        if let table = plan.seed {
            let picked = table.rows(first: max(firstRecord, 0), count: count, seed: seed)
            for (j, column) in table.columns.enumerated() {
                columns[plan.configColumns.count + j] = column.values.gathered(picked)
            }
        }
        var work = SamplerWork(count: plan.columnNames.count)
        var batchBytes = 0
        func checkBytes(_ name: String, _ extra: Int) throws {
            if batchBytes + extra > plan.limits.maxBatchBytes {
                throw CreateError("column '\(name)': batch \(batch) would hold more than the batch limit of \(plan.limits.maxBatchBytes) bytes (raise it with --max-batch-bytes)")
            }
        }
        let conditionColumns = Set(plan.samplers.flatMap { $0.conditionReferences.flatMap { $0 } })
        for sampler in plan.samplers {
            try work.sample(sampler, rows: count, seed: seed, batch: batch, plan: plan, reference: referenceDate)
            let column = try work.finish(sampler, rows: count)
            if conditionColumns.contains(sampler.column) {
                work.conditionViews[sampler.column] = try work.view(sampler, rows: count, final: false)
            }
            try checkBytes(sampler.name, column.buffer.byteSize)
            batchBytes += column.buffer.byteSize
            columns[sampler.column] = column
        }
        var alive = [Bool](repeating: true, count: count)
        var skipped = [[Bool]?](repeating: nil, count: plan.columnNames.count)
        var droppedRows: [String: [String: Int]] = [:]
        for expression in plan.expressions {
            var evaluator = ExpressionEvaluator(plan: expression, limits: plan.limits, engineLimits: plan.limits.template,
                                                rng: RandomStreams.column(seed: seed, batch: batch, name: expression.name))
            let result = try evaluator.run(rows: count, alive: &alive, columns: columns, skipped: skipped,
                                           batchBytes: batchBytes, check: checkBytes)
            batchBytes += result.column.buffer.byteSize
            columns[expression.column] = result.column
            skipped[expression.column] = result.skipped
            if !result.drops.isEmpty { droppedRows[expression.name] = result.drops }
        }
        let keep = alive.allSatisfy { $0 } ? nil : alive
        let n = keep.map { $0.filter { $0 }.count } ?? count
        func recordBatch(_ indices: [Int], _ schema: Schema) throws -> RecordBatch {
            var data: [ColumnData] = []
            var next = 0
            for i in indices {
                guard var column = columns[i] else { throw CreateError("column '\(plan.columnNames[i])' was not generated") }
                if let keep { column = column.compacted(keep) }
                try LeafColumns.append(column, rows: n, descriptors: schema.columns, next: &next, into: &data)
            }
            return RecordBatch(schema: schema, columns: data, numRows: n, rowGroupIndex: batch)
        }
        let records = try recordBatch(plan.kept, plan.schema)
        let dropped = try plan.droppedSchema.map { try recordBatch(plan.dropped, $0) }
        var processorRecords: [RecordBatch] = []
        for transform in plan.transforms {
            var random = RandomStreams.column(seed: seed, batch: batch, name: "processors-files/" + transform.name)
            let out = try transform.run(rows: count, alive: alive, columns: columns, limits: plan.limits, batch: batch,
                                        random: &random) { name, extra in try checkBytes(name, extra) }
            processorRecords.append(out)
        }
        return BatchOutput(records: records, droppedColumns: dropped, processorRecords: processorRecords, droppedRows: droppedRows)
    }
}

/// The values of the sampler columns while a batch is sampled.
struct SamplerWork {
    enum Values {
        case doubles([Double])
        case ints([Int64])
        case choices([Int32])
        case texts(ByteArrayValues)
        case seconds([Int64])
        /// person_from_faker records drawn so far; a later chunk's rows replace earlier ones.
        case persons([PersonChunk])
    }

    var values: [Values?]
    /// Sampler columns as conditions see them (before strftime formatting).
    var conditionViews: [GeneratedColumn?]

    init(count: Int) {
        values = [Values?](repeating: nil, count: count)
        conditionViews = [GeneratedColumn?](repeating: nil, count: count)
    }

    /// The row's value as a number, after `convert_to` (for constraints).
    func number(_ column: Int, _ row: Int, plan: SamplerPlan?) -> Double {
        guard let v = values[column] else { return .nan }
        var d: Double
        switch v {
        case .doubles(let a): d = a[row]
        case .ints(let a): return Double(a[row])
        case .seconds(let a): return Double(a[row])
        case .choices(let a):
            guard case .table(let t)? = plan?.values else { return .nan }
            d = t.number(Int(a[row]))
        case .texts, .persons: return .nan
        }
        if plan?.convert == .int { d = d.rounded(.toNearestOrEven) }
        return d
    }

    /// Draws the column for every row, then redraws the rows that break a constraint.
    mutating func sample(_ p: SamplerPlan, rows: Int, seed: UInt64, batch: Int, plan: GenerationPlan,
                         reference: CivilDate = CivilDate.today()) throws {
        var rng = RandomStreams.column(seed: seed, batch: batch, name: p.name)
        var draw = SamplerDraw(plan: p, rows: rows, reference: reference)
        var pending = Array(0..<rows)
        var iterations = 0
        let samplerPlans = Dictionary(plan.samplers.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        while !pending.isEmpty {
            let variants = try chooseVariants(p, rows: pending, plan: plan)
            try draw.draw(rows: pending, variants: variants, rng: &rng, work: self)
            values[p.column] = draw.values
            // Constraints on this column (numpy compares: NaN breaks every constraint).
            var failing: [Int] = []
            if !p.constraints.isEmpty {
                for row in pending {
                    let lhs = number(p.column, row, plan: p)
                    var ok = true
                    for (k, rhsColumn) in p.constraints {
                        let rhs: Double
                        switch k.rhs {
                        case .scalar(let d): rhs = d
                        case .column: rhs = rhsColumn.map { number($0, row, plan: samplerPlans[$0]) } ?? .nan
                        }
                        if !k.holds(lhs, rhs) { ok = false; break }
                    }
                    if !ok { failing.append(row) }
                }
            }
            pending = failing
            iterations += 1
            if !pending.isEmpty && iterations > 5 * rows {
                throw CreateError("column '\(p.name)': Exceeded the maximum number of rejections (max_rejections_factor * num_samples = \(5 * rows)) while sampling `\(p.name)`. Please consider adjusting the constraints and/or column's generation configuration.")
            }
        }
    }

    /// For each row, the variant its params come from: the last condition that holds (later
    /// conditions override earlier ones, as the real tool injects them in order), else 0.
    private func chooseVariants(_ p: SamplerPlan, rows: [Int], plan: GenerationPlan) throws -> [Int] {
        var chosen = [Int](repeating: 0, count: rows.count)
        guard !p.conditions.isEmpty else { return chosen }
        var out: [UInt8] = []
        var rng = Xoshiro256StarStar(seed: 0)
        for (k, condition) in p.conditions.enumerated() {
            var vars = RowVariables(columns: conditionViews, references: p.conditionReferences[k], json: false)
            for (i, row) in rows.enumerated() {
                vars.row = row
                do {
                    try condition.render(&vars, limits: plan.limits.template, random: &rng, into: &out)
                } catch let failure as TemplateFailure {
                    let why: String
                    switch failure {
                    case .render(let m), .limit(let m): why = m
                    }
                    throw CreateError("column '\(p.name)', param 'conditional_params': the condition '\(p.configCondition(k))' fails: \(why)")
                }
                if out == Array("True".utf8) { chosen[i] = k + 1 }
            }
        }
        return chosen
    }

    /// The finished column: `convert_to` applied, datetimes formatted.
    func finish(_ p: SamplerPlan, rows: Int) throws -> GeneratedColumn {
        try view(p, rows: rows, final: true)
    }

    /// The column's values as a generated column; `final` applies the strftime formatting
    /// (conditions see ISO datetimes).
    func view(_ p: SamplerPlan, rows: Int, final: Bool) throws -> GeneratedColumn {
        guard let v = values[p.column] else { throw CreateError("column '\(p.name)' was not sampled") }
        func converted(_ doubles: [Double]) throws -> ColumnBuffer {
            switch p.convert {
            case .int?:
                var out = [Int64](repeating: 0, count: doubles.count)
                for (i, d) in doubles.enumerated() {
                    guard let n = TextFormat.int(roundingHalfEven: d) else {
                        throw CreateError("column '\(p.name)': cannot convert the value \(PythonText.floatRepr(d)) to int")
                    }
                    out[i] = n
                }
                return .int64(out)
            case .str?:
                var out = ByteArrayValues()
                for d in doubles { out.append(PythonText.floatRepr(d).utf8) }
                return .string(out)
            default:
                return .double(doubles)
            }
        }
        switch v {
        case .doubles(let a):
            return GeneratedColumn(buffer: try converted(a))
        case .ints(let a):
            switch p.convert {
            case .float?: return GeneratedColumn(buffer: .double(a.map { Double($0) }))
            case .str?:
                var out = ByteArrayValues()
                for i in a { out.append(String(i).utf8) }
                return GeneratedColumn(buffer: .string(out))
            default: return GeneratedColumn(buffer: .int64(a))
            }
        case .choices(let a):
            guard case .table(let t) = p.values else { throw CreateError("column '\(p.name)' has no value table") }
            switch (p.convert, t.storage) {
            case (.int?, .ints), (.float?, .doubles), (nil, _), (.str?, .strings): return GeneratedColumn(buffer: t.gather(a))
            case (.str?, _):
                var out = ByteArrayValues()
                for c in a { out.append(t.textForStr(Int(c)).utf8) }
                return GeneratedColumn(buffer: .string(out))
            case (.int?, _), (.float?, _):
                return GeneratedColumn(buffer: try converted(a.map { t.number(Int($0)) }))
            default:
                return GeneratedColumn(buffer: t.gather(a))
            }
        case .texts(let a):
            return GeneratedColumn(buffer: .string(a))
        case .persons(let chunks):
            return GeneratedColumn(buffer: .structure(try PersonChunk.assemble(chunks, rows: rows, column: p.name)))
        case .seconds(let a):
            var out = ByteArrayValues()
            out.reserveCapacity(values: a.count, bytes: a.count * 19)
            if final, case .format(let pattern)? = p.convert {
                let compiled = StrftimePattern(pattern)
                for s in a {
                    compiled.append(DateTimeMath.civil(seconds: s), to: &out.bytes)
                    out.offsets.append(out.bytes.count)
                }
            } else {
                for s in a {
                    DateTimeMath.appendISO(DateTimeMath.civil(seconds: s), withTime: true, to: &out.bytes)
                    out.offsets.append(out.bytes.count)
                }
            }
            return GeneratedColumn(buffer: .string(out), seconds: a)
        }
    }
}

extension SamplerPlan {
    /// The text of condition `k` for messages.
    func configCondition(_ k: Int) -> String {
        k < conditionTexts.count ? conditionTexts[k] : ""
    }
}

extension ValueTable {
    /// `str()` of value `i` as numpy holds it (`astype(str)`).
    func textForStr(_ i: Int) -> String {
        switch storage {
        case .ints(let v): String(v[i])
        case .doubles(let v): PythonText.floatRepr(v[i])
        case .strings(let v): String(decoding: v[i], as: UTF8.self)
        }
    }
}

/// The values a template reads for one row: the referenced columns' cells as the real tool
/// presents them (text that is JSON becomes the JSON value when `json`; nulls are `None`).
struct RowVariables: TemplateVariables {
    var columns: [GeneratedColumn?]
    let references: [Int]
    let json: Bool
    var row = 0 {
        didSet { if row != oldValue { for i in cache.indices { cache[i] = nil } } }
    }
    private var cache: [TemplateValue?]

    init(columns: [GeneratedColumn?], references: [Int], json: Bool) {
        self.columns = columns
        self.references = references
        self.json = json
        cache = [TemplateValue?](repeating: nil, count: references.count)
    }

    mutating func value(of index: Int) -> TemplateValue {
        guard index < references.count else { return .undefined }
        if let v = cache[index] { return v }
        let v = Self.cell(columns[references[index]], row: row, json: json)
        cache[index] = v
        return v
    }

    static func cell(_ column: GeneratedColumn?, row: Int, json: Bool) -> TemplateValue {
        guard let column, row < column.buffer.count else { return .undefined }
        if column.isNull(row) { return column.nullIsNaN ? .float(.nan) : .none }
        switch column.buffer {
        case .string:
            let s = column.buffer.string(row: row)
            return json ? TemplateValue.fromColumnText(s) : .string(s)
        case .int64(let a): return .int(a[row])
        case .double(let a): return .float(a[row])
        case .boolean(let a): return .bool(a[row])
        case .date, .timestamp:
            // Seed dates and datetimes reach templates in ISO text, as the real tool renders them.
            var out: [UInt8] = []
            column.buffer.appendPythonText(row: row, to: &out)
            return .string(String(decoding: out, as: UTF8.self))
        case .null: return .none
        case .structure(let s):
            var d = TemplateDict()
            // Field text that reads as JSON becomes the JSON value, as in a top-level column
            // (the real tool deserializes the whole record: a postcode "63550" is the int 63550).
            for (name, field) in zip(s.names, s.fields) { d.set(.string(name), cell(field, row: row, json: json)) }
            return .dict(d)
        }
    }
}
