import Foundation
import XCTest
@testable import Parquet
import TestSupport

final class StatisticsTests: XCTestCase {
    func descriptor(_ element: SchemaElement) throws -> ColumnDescriptor {
        var root = SchemaElement()
        root.name = "m"
        root.numChildren = 1
        return try XCTUnwrap(Schema(elements: [root, element]).columns.first)
    }

    func testTypedBoundsAndLegacyFallback() throws {
        var raw = Statistics()
        raw.min = [0xFF, 0xFF, 0xFF, 0xFF]  // -1 as INT32, legacy field
        raw.max = [0x10, 0, 0, 0]
        raw.nullCount = 3
        let signed = try descriptor(leaf("x", .int32, .optional))
        let stats = ColumnStatistics(raw, column: signed)
        XCTAssertEqual(stats.min, .int32(-1))
        XCTAssertEqual(stats.max, .int32(16))
        XCTAssertEqual(stats.nullCount, 3)
        // Legacy bounds are ignored where their signed order is wrong.
        let unsigned = try descriptor(leaf("x", .int32, .optional, converted: .uint32))
        XCTAssertNil(ColumnStatistics(raw, column: unsigned).min)
        let text = try descriptor(leaf("s", .byteArray, .optional, logical: .string))
        raw.minValue = Array("apple".utf8)
        raw.maxValue = Array("pear".utf8)
        raw.isMaxValueExact = false
        let strings = ColumnStatistics(raw, column: text)
        XCTAssertEqual(strings.min, .bytes(Array("apple".utf8)))
        XCTAssertEqual(strings.max, .bytes(Array("pear".utf8)))
        XCTAssertEqual(strings.isMaxExact, false)
        // A bound of the wrong width is dropped.
        var bad = Statistics()
        bad.minValue = [1, 2, 3]
        XCTAssertNil(ColumnStatistics(bad, column: try descriptor(leaf("d", .double, .required))).min)
    }

    func testStatisticsOfARealFile() throws {
        let path = try TestPaths.requireParquetTesting().appendingPathComponent("data/alltypes_tiny_pages_plain.parquet").path
        let reader = try ParquetFileReader(path: path)
        let id = try XCTUnwrap(reader.schema.column(named: "id"))
        let stats = try XCTUnwrap(reader.statistics(rowGroup: 0, column: id.index))
        XCTAssertEqual(stats.min, .int32(0))
        XCTAssertEqual(stats.max, .int32(7299))
        XCTAssertEqual(stats.nullCount, 0)
        XCTAssertNil(reader.statistics(rowGroup: 99, column: 0))
    }
}
