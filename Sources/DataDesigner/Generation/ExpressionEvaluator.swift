import Parquet

/// Makes one expression column of a batch as the real tool's expression generator does:
/// per row, `skip` first (a skipped referenced column skips the cell when `propagate_skip`;
/// then `skip.when`), else the template is rendered and its text cast to the dtype. A row
/// whose render fails, is empty (only whitespace) or does not cast is dropped from the batch
/// (`TemplateRenderError`, `EmptyRenderedExpression`, `TypeCastError`); when every rendered
/// row is dropped the run fails ("produced no valid rows").
struct ExpressionEvaluator {
    let plan: ExpressionPlan
    let limits: GenerationLimits
    let engineLimits: TemplateLimits
    var rng: Xoshiro256StarStar

    struct Result {
        var column: GeneratedColumn
        var skipped: [Bool]?
        var drops: [String: Int]
    }

    mutating func run(rows: Int, alive: inout [Bool], columns: [GeneratedColumn?], skipped: [[Bool]?],
                      batchBytes: Int, check: (String, Int) throws -> Void) throws -> Result {
        var strings = ByteArrayValues()
        var ints: [Int64] = [], doubles: [Double] = [], bools: [Bool] = []
        switch plan.dtype {
        case .str: strings.reserveCapacity(values: rows, bytes: rows * 16)
        case .int: ints = [Int64](repeating: 0, count: rows)
        case .float: doubles = [Double](repeating: 0, count: rows)
        case .bool: bools = [Bool](repeating: false, count: rows)
        }
        var valid = [Bool](repeating: true, count: rows)
        var anyNull = false
        var skippedRows: [Bool]?
        var drops: [String: Int] = [:]
        var rendered = 0, kept = 0
        var firstFailure: String?
        var vars = RowVariables(columns: columns, references: plan.references, json: true)
        var skipVars = RowVariables(columns: columns, references: plan.skipReferences, json: true)
        var text: [UInt8] = []
        let required = Set(plan.references)
        for row in 0..<rows {
            func placeholder() {
                if plan.dtype == .str { strings.offsets.append(strings.bytes.count) }
            }
            guard alive[row] else { placeholder(); continue }
            // Skip: propagated from a skipped column it reads, then its own `skip.when`.
            var skip = plan.propagateSkip && required.contains { skipped[$0]?[row] == true }
            if !skip, let when = plan.skip {
                skipVars.row = row
                do {
                    skip = try when.evaluateNative(&skipVars, limits: engineLimits, random: &rng).isTruthy
                } catch let TemplateFailure.limit(message) {
                    throw CreateError("column '\(plan.name)', param 'skip.when': \(message) \(Self.raiseHint(message))")
                } catch {
                    skip = true  // the real tool treats a failing skip.when as truthy
                }
            }
            if skip {
                if skippedRows == nil { skippedRows = [Bool](repeating: false, count: rows) }
                skippedRows?[row] = true
                store(plan.skipValue, row: row, &strings, &ints, &doubles, &bools, &valid, &anyNull)
                continue
            }
            vars.row = row
            rendered += 1
            do {
                try plan.template.render(&vars, limits: engineLimits, random: &rng, into: &text)
            } catch let TemplateFailure.limit(message) {
                throw CreateError("column '\(plan.name)': record \(row) of the batch: \(message) \(Self.raiseHint(message))")
            } catch {
                if firstFailure == nil, let f = error as? TemplateFailure, case .render(let m) = f { firstFailure = m }
                drops["TemplateRenderError", default: 0] += 1
                alive[row] = false
                placeholder()
                continue
            }
            if PythonText.isBlank(text) {
                drops["EmptyRenderedExpression", default: 0] += 1
                alive[row] = false
                placeholder()
                continue
            }
            guard let cast = plan.dtype == .str ? .string("") : Self.cast(String(decoding: text, as: UTF8.self), plan.dtype) else {
                drops["TypeCastError", default: 0] += 1
                alive[row] = false
                placeholder()
                continue
            }
            switch cast {
            case .string:
                strings.append(text)
                try check(plan.name, strings.bytes.count)
            case .double(let d): doubles[row] = d
            case .int(let i): ints[row] = i
            case .bool(let b): bools[row] = b
            }
            kept += 1
        }
        if rendered > 0 && kept == 0 {
            let why = drops.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            let first = firstFailure.map { "; the first render failed: \($0)" } ?? ""
            throw CreateError("column '\(plan.name)': Expression column '\(plan.name)' produced no valid rows (every rendered record was dropped: \(why)\(first))")
        }
        let buffer: ColumnBuffer
        switch plan.dtype {
        case .str: buffer = .string(strings)
        case .int: buffer = .int64(ints)
        case .float: buffer = .double(doubles)
        case .bool: buffer = .boolean(bools)
        }
        try check(plan.name, buffer.byteSize)
        return Result(column: GeneratedColumn(buffer: buffer, valid: anyNull ? valid : nil), skipped: skippedRows, drops: drops)
    }

    /// How to raise the limit a message names.
    static func raiseHint(_ message: String) -> String {
        message.contains("loop iterations") || message.contains("items") ? "(raise it with --max-loop-iterations)" : "(raise it with --max-cell-bytes)"
    }

    /// A rendered value of the dtype.
    enum Cast: Equatable {
        case string(String), int(Int64), double(Double), bool(Bool)
    }

    /// The rendered text as the dtype, as the real tool casts it: `float(text)`,
    /// `int(float(text))`, `bool(int(float(text)))` falling back to `text.lower() == "true"`;
    /// nil where Python raises (the row is dropped), or where an integer leaves 64 bits.
    static func cast(_ text: String, _ dtype: ExpressionType) -> Cast? {
        switch dtype {
        case .str: return .string(text)
        case .float: return PythonFloat.parse(text).map { .double($0) }
        case .int:
            guard let d = PythonFloat.parse(text), d.isFinite, let i = TextFormat.int(truncating: d) else { return nil }
            return .int(i)
        case .bool:
            guard let d = PythonFloat.parse(text) else { return .bool(text.lowercased() == "true") }
            if d.isInfinite { return nil }
            if d.isNaN { return .bool(text.lowercased() == "true") }
            return .bool(d.rounded(.towardZero) != 0)
        }
    }

    /// Stores a skip value (already of the dtype; null when `.null`).
    private func store(_ v: ConfigValue, row: Int, _ strings: inout ByteArrayValues, _ ints: inout [Int64],
                       _ doubles: inout [Double], _ bools: inout [Bool], _ valid: inout [Bool], _ anyNull: inout Bool) {
        if v == .null {
            valid[row] = false
            anyNull = true
            if plan.dtype == .str { strings.offsets.append(strings.bytes.count) }
            return
        }
        switch (plan.dtype, v) {
        case (.str, .string(let s)): strings.append(s.utf8)
        case (.str, _): strings.append(v.text.utf8)
        case (.int, .int(let i)): ints[row] = i
        case (.float, .double(let d)): doubles[row] = d
        case (.float, .int(let i)): doubles[row] = Double(i)
        case (.bool, .bool(let b)): bools[row] = b
        default:
            valid[row] = false
            anyNull = true
        }
    }
}
