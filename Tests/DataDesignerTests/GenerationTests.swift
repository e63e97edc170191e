import XCTest
@testable import DataDesigner

final class GenerationTests: XCTestCase {
    func testSchemaTypesFollowSamplersAndConversions() throws {
        let plan = try GenerationPlan(config: Gen.config([
            Gen.sampler("s", .category(values: [.string("a"), .string("b")], weights: nil)),
            Gen.sampler("i", .category(values: [.int(1), .int(2)], weights: nil)),
            Gen.sampler("d", .category(values: [.int(1), .double(2.5)], weights: nil)),
            Gen.sampler("b", .category(values: [.int(1), .int(0)], weights: nil)),
            Gen.sampler("m", .category(values: [.int(1), .string("x")], weights: nil)),
            Gen.sampler("u", .uniform(low: 0, high: 1, decimalPlaces: nil)),
            Gen.sampler("p", .poisson(mean: 3)),
            Gen.sampler("pc", .poisson(mean: 3), convert: .str),
            Gen.sampler("t", .datetime(start: "2024-01-01", end: "2024-12-31", unit: .day)),
            Gen.sampler("ti", .datetime(start: "2024-01-01", end: "2024-12-31", unit: .day), convert: .format("%Y")),
            Gen.expression("e", "{{ s }}", .bool),
        ]))
        XCTAssertEqual(plan.columnTypes.map(\.type),
                       [.string, .int64, .double, .int64, .string, .double, .int64, .string, .string, .string, .boolean])
        XCTAssertEqual(plan.schema.columns.map(\.physicalType), [.byteArray, .int64, .double, .int64, .byteArray, .double, .int64, .byteArray, .byteArray, .byteArray, .boolean])
        XCTAssertEqual(plan.schema.columns.map(\.dottedPath), ["s", "i", "d", "b", "m", "u", "p", "pc", "t", "ti", "e"])
        XCTAssertEqual(plan.schema.columns[0].element.logicalType, .string)
        XCTAssertTrue(plan.schema.columns.allSatisfy { $0.maxDefinitionLevel == 1 }, "every column is OPTIONAL, as pandas writes them")
    }

    func testMixedCategoryValuesAreWrittenAsText() throws {
        let b = try Gen.batch([Gen.sampler("m", .category(values: [.int(1), .string("x"), .double(2.5), .double(3)], weights: nil))], rows: 2000)
        XCTAssertEqual(Set(Gen.strings(b, 0)), ["1", "x", "2.5", "3.0"], "numpy's text of each value")
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
        refuses([Gen.sampler("s", .subcategory(category: "nope", values: []))], "param 'params.category'")
        refuses([Gen.sampler("c", .category(values: [.string("a"), .string("b")], weights: nil)),
                 Gen.sampler("s", .subcategory(category: "c", values: [(parent: "a", values: [.string("x")])]))],
                "no values for 'b'")
        refuses([Gen.sampler("u", .uniform(low: 2, high: 1, decimalPlaces: nil))], "param 'low'")
        refuses([Gen.sampler("b", .bernoulli(p: 1.5))], "param 'p'")
        refuses([Gen.sampler("g", .gaussian(mean: 0, stddev: -1, decimalPlaces: nil))], "param 'stddev'")
        refuses([Gen.sampler("t", .datetime(start: "2024-13-01", end: "2025-01-01", unit: .day))], "start and end")
        refuses([Gen.sampler("t", .datetime(start: "2024-02-01", end: "2024-01-01", unit: .day))], "start and end")
        refuses([Gen.sampler("d", .timedelta(dtMin: 0, dtMax: 3, referenceColumn: "t", unit: .day))], "param 'params.reference_column_name'")
        refuses([Gen.sampler("d", .timedelta(dtMin: 3, dtMax: 3, referenceColumn: "t", unit: .day))], "param 'dt_min'")
        refuses([Gen.sampler("a", .poisson(mean: 1)), Gen.expression("e", "{% macro m() %}{% endmacro %}")], "not supported")
        refuses([Gen.sampler("a", .poisson(mean: 1)), Gen.expression("e", "{{ a ")], "unclosed tag")
        refuses([Gen.sampler("a", .poisson(mean: 1)), Gen.expression("e", "{{ a | default(1) }}")], "secure template engine")
        refuses([Gen.sampler("a", .poisson(mean: 1)), Gen.expression("e", "{{ b }}"), Gen.expression("b", "{{ e }}")], "cycle")
        refuses([Gen.sampler("a", .poisson(mean: 1), drop: true)], "every column is dropped")
        refuses([], "no columns")
    }
}
