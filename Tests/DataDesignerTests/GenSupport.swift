import XCTest
@testable import DataDesigner

/// Helpers for generation tests: configs built in code, batches read back as Swift values.
enum Gen {
    static func config(_ columns: [ColumnConfig], fingerprint: String = "sha256:test", constraints: [ColumnConstraint] = [],
                       engine: TemplateEngine = .secure) -> DatasetConfig {
        let value = ConfigValue.object([("columns", .array(columns.map { .object([("name", .string($0.name))]) }))])
        return DatasetConfig(columns: columns, constraints: constraints, value: value, fingerprint: fingerprint, engine: engine)
    }

    static func sampler(_ name: String, _ sampler: Sampler, convert: ConvertTo? = nil, drop: Bool = false) -> ColumnConfig {
        ColumnConfig(name: name, kind: .sampler(sampler), convertTo: convert, drop: drop)
    }

    static func expression(_ name: String, _ template: String, _ dtype: ExpressionType = .str, drop: Bool = false) -> ColumnConfig {
        ColumnConfig(name: name, kind: .expression(template: template, dtype: dtype), drop: drop)
    }

    static func batch(_ columns: [ColumnConfig], rows: Int = 10_000, seed: UInt64 = 1, batch: Int = 0,
                      constraints: [ColumnConstraint] = []) throws -> RecordBatch {
        let plan = try GenerationPlan(config: config(columns, constraints: constraints))
        return try BatchGenerator(plan: plan, seed: seed).generate(batch: batch, rows: rows).records
    }

    static func doubles(_ b: RecordBatch, _ j: Int) -> [Double] {
        if case .double(let v) = b.columns[j].values { return v }
        XCTFail("column \(j) is not DOUBLE")
        return []
    }

    static func ints(_ b: RecordBatch, _ j: Int) -> [Int64] {
        if case .int64(let v) = b.columns[j].values { return v }
        XCTFail("column \(j) is not INT64")
        return []
    }

    static func bools(_ b: RecordBatch, _ j: Int) -> [Bool] {
        if case .boolean(let v) = b.columns[j].values { return v }
        XCTFail("column \(j) is not BOOLEAN")
        return []
    }

    static func strings(_ b: RecordBatch, _ j: Int) -> [String] {
        if case .byteArray(let v) = b.columns[j].values {
            return (0..<v.count).map { String(decoding: v[$0], as: UTF8.self) }
        }
        XCTFail("column \(j) is not BYTE_ARRAY")
        return []
    }

    static func meanAndVariance<T: BinaryInteger>(_ values: [T]) -> (Double, Double) {
        meanAndVariance(values.map { Double($0) })
    }

    static func meanAndVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        return (mean, variance)
    }
}
