import XCTest
@testable import DataDesigner

/// Helpers for generation tests: configs built in code, batches read back as Swift values.
enum Gen {
    static func config(_ columns: [ColumnConfig], fingerprint: String = "sha256:test") -> DatasetConfig {
        let value = ConfigValue.object([("columns", .array(columns.map { .object([("name", .string($0.name))]) }))])
        return DatasetConfig(columns: columns, value: value, fingerprint: fingerprint)
    }

    static func sampler(_ name: String, _ sampler: Sampler, convert: ConvertTo? = nil) -> ColumnConfig {
        ColumnConfig(name: name, kind: .sampler(sampler), convertTo: convert)
    }

    static func expression(_ name: String, _ template: String, _ dtype: ExpressionType = .str) -> ColumnConfig {
        ColumnConfig(name: name, kind: .expression(template: template, dtype: dtype))
    }

    static func batch(_ columns: [ColumnConfig], rows: Int = 10_000, seed: UInt64 = 1, batch: Int = 0) throws -> RecordBatch {
        let plan = try GenerationPlan(config: config(columns))
        return try BatchGenerator(plan: plan, seed: seed).generate(batch: batch, rows: rows)
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

final class GenerationTests: XCTestCase {
    func testSchemaTypesFollowSamplersAndConversions() throws {
        let plan = try GenerationPlan(config: Gen.config([
            Gen.sampler("s", .category(values: [.string("a"), .string("b")], weights: nil)),
            Gen.sampler("i", .category(values: [.int(1), .int(2)], weights: nil)),
            Gen.sampler("d", .category(values: [.int(1), .double(2.5)], weights: nil)),
            Gen.sampler("b", .category(values: [.bool(true), .bool(false)], weights: nil)),
            Gen.sampler("m", .category(values: [.int(1), .string("x")], weights: nil)),
            Gen.sampler("u", .uniform(low: 0, high: 1, decimalPlaces: nil)),
            Gen.sampler("p", .poisson(mean: 3)),
            Gen.sampler("pc", .poisson(mean: 3), convert: .str),
            Gen.sampler("t", .datetime(start: "2024-01-01", end: "2024-12-31", unit: .day)),
            Gen.sampler("ti", .datetime(start: "2024-01-01", end: "2024-12-31", unit: .day), convert: .int),
            Gen.expression("e", "{{ s }}", .bool),
        ]))
        XCTAssertEqual(plan.columnTypes.map(\.type),
                       [.string, .int64, .double, .boolean, .string, .double, .int64, .string, .string, .int64, .boolean])
        XCTAssertEqual(plan.schema.columns.map(\.physicalType), [.byteArray, .int64, .double, .boolean, .byteArray, .double, .int64, .byteArray, .byteArray, .int64, .boolean])
        XCTAssertEqual(plan.schema.columns.map(\.dottedPath), ["s", "i", "d", "b", "m", "u", "p", "pc", "t", "ti", "e"])
        XCTAssertEqual(plan.schema.columns[0].element.logicalType, .string)
        XCTAssertTrue(plan.schema.columns.allSatisfy { $0.maxDefinitionLevel == 0 })
    }

    func testMixedCategoryValuesAreWrittenAsText() throws {
        let b = try Gen.batch([Gen.sampler("m", .category(values: [.int(1), .string("x"), .double(2.5), .bool(true)], weights: nil))], rows: 2000)
        XCTAssertEqual(Set(Gen.strings(b, 0)), ["1", "x", "2.5", "true"])
    }

    func testLargerBatchStartsWithTheSmallerBatchsRows() throws {
        let columns = [
            Gen.sampler("c", .category(values: [.string("a"), .string("b"), .string("c")], weights: [1, 2, 3])),
            Gen.sampler("g", .gaussian(mean: 0, stddev: 1, decimalPlaces: nil)),
            Gen.sampler("p", .poisson(mean: 50)),
            Gen.sampler("id", .uuid(prefix: "", shortForm: false, uppercase: false)),
            Gen.expression("e", "{{ c }}-{{ p }}"),
        ]
        let small = try Gen.batch(columns, rows: 37, seed: 5, batch: 2)
        let large = try Gen.batch(columns, rows: 500, seed: 5, batch: 2)
        XCTAssertEqual(Gen.strings(small, 0), Array(Gen.strings(large, 0).prefix(37)))
        XCTAssertEqual(Gen.doubles(small, 1), Array(Gen.doubles(large, 1).prefix(37)))
        XCTAssertEqual(Gen.ints(small, 2), Array(Gen.ints(large, 2).prefix(37)))
        XCTAssertEqual(Gen.strings(small, 3), Array(Gen.strings(large, 3).prefix(37)))
        XCTAssertEqual(Gen.strings(small, 4), Array(Gen.strings(large, 4).prefix(37)))
        let again = try Gen.batch(columns, rows: 37, seed: 5, batch: 2)
        XCTAssertEqual(Gen.strings(again, 3), Gen.strings(small, 3))
        let otherBatch = try Gen.batch(columns, rows: 37, seed: 5, batch: 3)
        XCTAssertNotEqual(Gen.strings(otherBatch, 3), Gen.strings(small, 3))
        let otherSeed = try Gen.batch(columns, rows: 37, seed: 6, batch: 2)
        XCTAssertNotEqual(Gen.strings(otherSeed, 3), Gen.strings(small, 3))
    }

    func testAddingAColumnLeavesOtherColumnsUnchanged() throws {
        let a = try Gen.batch([Gen.sampler("x", .uniform(low: 0, high: 1, decimalPlaces: nil))], rows: 50)
        let b = try Gen.batch([Gen.sampler("y", .poisson(mean: 2)), Gen.sampler("x", .uniform(low: 0, high: 1, decimalPlaces: nil))], rows: 50)
        XCTAssertEqual(Gen.doubles(a, 0), Gen.doubles(b, 1))
    }

    func testPlanRefusesWhatValidationShouldCatch() {
        func refuses(_ columns: [ColumnConfig], _ fragment: String, line: UInt = #line) {
            XCTAssertThrowsError(try GenerationPlan(config: Gen.config(columns)), line: line) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error)", line: line)
            }
        }
        refuses([Gen.sampler("c", .category(values: [.string("a")], weights: [1, 2]))], "param 'weights'")
        refuses([Gen.sampler("c", .category(values: [.string("a"), .string("b")], weights: [0, 0]))], "param 'weights'")
        refuses([Gen.sampler("c", .category(values: [], weights: nil))], "param 'values'")
        refuses([Gen.sampler("s", .subcategory(category: "nope", values: []))], "param 'category'")
        refuses([Gen.sampler("c", .category(values: [.string("a"), .string("b")], weights: nil)),
                 Gen.sampler("s", .subcategory(category: "c", values: [(parent: .string("a"), values: [.string("x")])]))],
                "no values for 'b'")
        refuses([Gen.sampler("c", .category(values: [.string("a")], weights: nil)),
                 Gen.sampler("s", .subcategory(category: "c", values: [(parent: .string("a"), values: [.string("x")]),
                                                                        (parent: .string("z"), values: [.string("y")])]))],
                "'z' is not a value")
        refuses([Gen.sampler("u", .uniform(low: 2, high: 1, decimalPlaces: nil))], "param 'low'")
        refuses([Gen.sampler("b", .bernoulli(p: 1.5))], "param 'p'")
        refuses([Gen.sampler("g", .gaussian(mean: 0, stddev: -1, decimalPlaces: nil))], "param 'stddev'")
        refuses([Gen.sampler("t", .datetime(start: "2024-13-01", end: "2025-01-01", unit: .day))], "param 'start'")
        refuses([Gen.sampler("t", .datetime(start: "2024-02-01", end: "2024-01-01", unit: .day))], "param 'end'")
        refuses([Gen.sampler("d", .timedelta(dtMin: 0, dtMax: 3, referenceColumn: "t", unit: .day))], "param 'reference_column_name'")
        refuses([Gen.sampler("p", .poisson(mean: 1), convert: .format("%Y"))], "param 'convert_to'")
        refuses([Gen.expression("e", "{{ later }}"), Gen.sampler("later", .poisson(mean: 1))], "not an earlier column")
        refuses([Gen.sampler("a", .poisson(mean: 1)), Gen.expression("e", "{{ a | upper }}")], "unsupported template expression")
        refuses([Gen.sampler("a", .poisson(mean: 1)), Gen.expression("e", "{% if a %}x{% endif %}")], "are not supported")
        refuses([Gen.sampler("a", .poisson(mean: 1)), Gen.expression("e", "{{ a ")], "unclosed '{{'")
        refuses([], "no columns")
    }
}
