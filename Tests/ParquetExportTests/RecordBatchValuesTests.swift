import Foundation
import XCTest
import Parquet
import ParquetExport
import TestSupport

/// The library's typed access to VARIANT and GEOMETRY values: ``RecordBatch/variants(_:)``,
/// ``RecordBatch/geometries(_:)`` and ``ColumnData/geometries()``.
final class RecordBatchValuesTests: XCTestCase {
    /// Fixtures/spec/variant-nested.parquet (scripts/golden/variant_nested.py).
    var nested: String { TestPaths.fixtures.appendingPathComponent("spec/variant-nested.parquet").path }

    func testVariantInsideANullableStruct() throws {
        var batches = try ParquetFileReader(path: nested).batches()
        let batch = try XCTUnwrap(try batches.next())
        let ab = Variant.object([Variant.Field(key: "a", value: .int8(1)), Variant.Field(key: "b", value: .string("x"))])
        XCTAssertEqual(try batch.variants("s.v"), [.int8(42), nil, nil, ab])
        XCTAssertNil(try batches.next())
    }

    func testExportAssemblesVariantsInStructsAndLists() throws {
        let expected = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("spec/variant-nested.jsonl"))
        XCTAssertEqual(try exportJSONL([nested], in: try TestPaths.temporaryFolder(self)), expected)
    }

    func testVariantRefusals() throws {
        let reader = try ParquetFileReader(path: nested)
        var all = try reader.batches()
        let batch = try XCTUnwrap(try all.next())
        func refuses(_ path: String, _ message: String, in batch: RecordBatch, line: UInt = #line) {
            XCTAssertThrowsError(try batch.variants(path), line: line) { error in
                XCTAssertEqual((error as? ParquetError)?.kind, .invalidArgument, "\(error)", line: line)
                XCTAssertTrue("\(error)".contains(message), "\(error)", line: line)
            }
        }
        refuses("id", "column 'id': the field is not a VARIANT group", in: batch)
        refuses("s", "column 's': the field is not a VARIANT group", in: batch)
        refuses("l.list.element", "column 'l.list.element': the field lies inside a repeated field", in: batch)
        refuses("s.w", "no field named 's.w'", in: batch)
        var projected = try reader.batches(columns: ["id", "s.v.metadata"])
        refuses("s.v", "the batch lacks column 's.v.value' of the field", in: try XCTUnwrap(try projected.next()))
    }

    func testGeometriesEqualTheWKTColumn() throws {
        let root = try TestPaths.requireParquetTesting()
        let path = root.appendingPathComponent("data/geospatial/geospatial.parquet").path
        var batches = try ParquetFileReader(path: path).batches()
        var rows = 0, nulls = 0
        while let batch = try batches.next() {
            let geometries = try batch.geometries("geometry")
            let wkt = try XCTUnwrap(batch.columns.first { $0.descriptor.dottedPath == "wkt" })
            guard case .byteArray(let texts) = wkt.values else { return XCTFail("wkt is not BYTE_ARRAY") }
            XCTAssertEqual(geometries.count, batch.numRows)
            XCTAssertEqual(wkt.definitionLevels.count, batch.numRows)
            var next = 0
            for (i, geometry) in geometries.enumerated() {
                var text: String?
                if wkt.definitionLevels[i] == 1 {
                    text = String(decoding: texts[next], as: UTF8.self)
                    next += 1
                }
                XCTAssertEqual(geometry.map(GeometryText.wkt), text, "row \(i)")
            }
            nulls += geometries.filter { $0 == nil }.count
            let column = try XCTUnwrap(batch.columns.first { $0.descriptor.dottedPath == "geometry" })
            XCTAssertEqual(try column.geometries(), geometries.compactMap { $0 })
            XCTAssertThrowsError(try batch.geometries("wkt")) {
                XCTAssertTrue("\($0)".contains("column 'wkt': the column is not a GEOMETRY or GEOGRAPHY column"), "\($0)")
            }
            XCTAssertThrowsError(try wkt.geometries())
            rows += batch.numRows
        }
        XCTAssertEqual(rows, 196)
        XCTAssertEqual(nulls, 32)
    }

    func testNullAndMalformedGeometries() throws {
        let root = try TestPaths.requireParquetTesting()
        let path = root.appendingPathComponent("data/geospatial/geography-points.parquet").path
        var batches = try ParquetFileReader(path: path).batches()
        let batch = try XCTUnwrap(try batches.next())
        let geometries = try batch.geometries("geometry")
        XCTAssertEqual(geometries.count, batch.numRows)
        guard case .point(let first)? = geometries.first??.shape else { return XCTFail("not a point: \(String(describing: geometries.first))") }
        XCTAssertNotNil(first)
        // A column whose values are not WKB fails naming the column and the value.
        var column = try XCTUnwrap(batch.columns.first { $0.descriptor.dottedPath == "geometry" })
        var values = ByteArrayValues()
        values.append([1, 1, 0, 0, 0, 0])
        column.values = .byteArray(values)
        XCTAssertThrowsError(try column.geometries()) { error in
            XCTAssertEqual("\(error)", "column 'geometry': value 0: malformed WKB: it ends inside a geometry")
        }
    }
}
