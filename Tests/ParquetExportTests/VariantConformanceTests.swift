import Foundation
import XCTest
import ParquetExport
import TestSupport

/// parquet-testing's `variant/` folder: raw metadata/value pairs of every primitive type,
/// short and long strings, objects and arrays. Each decodes to the JSON text in
/// Fixtures/conformance/variant.tsv (made by scripts/golden/variant.py, an independent Python
/// reader checked against the folder's data_dictionary.json).
final class VariantConformanceTests: XCTestCase {
    func corpus() throws -> URL {
        try TestPaths.requireParquetTesting("variant conformance").appendingPathComponent("variant")
    }

    /// name → expected JSON text.
    func goldens() throws -> [String: String] {
        let text = try String(contentsOf: TestPaths.fixtures.appendingPathComponent("conformance/variant.tsv"), encoding: .utf8)
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            result[String(parts[0])] = String(parts[1])
        }
        return result
    }

    func testEveryPairHasAGolden() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus().path)
            .filter { $0.hasSuffix(".value") }.map { String($0.dropLast(".value".count)) }
        XCTAssertEqual(Set(names), Set(try goldens().keys), "variant/ and Fixtures/conformance/variant.tsv differ")
        XCTAssertEqual(names.count, 29)
    }

    func testEveryPairDecodesToItsGolden() throws {
        let folder = try corpus()
        for (name, expected) in try goldens().sorted(by: { $0.key < $1.key }) {
            let metadata = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name + ".metadata")))
            let value = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name + ".value")))
            let variant = try Variant(metadata: metadata, value: value)
            XCTAssertEqual(VariantText.json(variant), expected, name)
        }
    }

    func testPrimitiveTypesKeepTheirVariantType() throws {
        let folder = try corpus()
        func read(_ name: String) throws -> Variant {
            try Variant(metadata: [UInt8](Data(contentsOf: folder.appendingPathComponent(name + ".metadata"))),
                        value: [UInt8](Data(contentsOf: folder.appendingPathComponent(name + ".value"))))
        }
        XCTAssertEqual(try read("primitive_int8"), .int8(42))
        XCTAssertEqual(try read("primitive_int16"), .int16(1234))
        XCTAssertEqual(try read("primitive_int32"), .int32(123456))
        XCTAssertEqual(try read("primitive_int64"), .int64(1234567890123456789))
        XCTAssertEqual(try read("primitive_decimal4"), .decimal(VariantDecimal(unscaled: 1234, scale: 2, width: 4)))
        XCTAssertEqual(try read("primitive_decimal8"), .decimal(VariantDecimal(unscaled: 1234567890, scale: 2, width: 8)))
        XCTAssertEqual(try read("primitive_date"), .date(daysSinceEpoch: 20194))
        XCTAssertEqual(try read("primitive_timestamp_nanos"), .timestamp(1730982834123456789, unit: .nanos, isAdjustedToUTC: true))
        XCTAssertEqual(try read("primitive_uuid"), .uuid(UUID(uuidString: "f24f9b64-81fa-49d1-b74e-8c09a6e31c56")!))
        guard case .object(let fields) = try read("object_primitive") else { return XCTFail("not an object") }
        XCTAssertEqual(fields.map(\.key), ["boolean_false_field", "boolean_true_field", "double_field", "int_field",
                                           "null_field", "string_field", "timestamp_field"])
        XCTAssertEqual(try read("array_nested")[1], .null)
    }
}
