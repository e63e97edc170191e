import Foundation
import XCTest
import Parquet
import ParquetExport
import TestSupport

/// parquet-testing's `shredded_variant/` folder (Iceberg's shredding test cases), case by
/// case from its cases.json: every record's variant equals the case's `.variant.bin` decoded
/// (as a tree: the Variant types must match too, and the exported JSON text), and every error
/// case fails with one error naming the file and the column.
final class ShreddedVariantTests: XCTestCase {
    struct Case {
        var number: Int
        var file: String?
        /// One expected `.variant.bin` per record (nil: a null variant).
        var expected: [String?]
        var error: String?
    }

    func corpus() throws -> URL {
        try TestPaths.requireParquetTesting("shredded variant conformance").appendingPathComponent("shredded_variant")
    }

    func cases() throws -> [Case] {
        let data = try Data(contentsOf: corpus().appendingPathComponent("cases.json"))
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try list.map { entry in
            let number = try XCTUnwrap(entry["case_number"] as? Int)
            var expected: [String?] = []
            if let one = entry["variant_file"] as? String { expected = [one] }
            if let many = entry["variant_files"] as? [Any] { expected = many.map { $0 as? String } }
            return Case(number: number, file: entry["parquet_file"] as? String, expected: expected,
                        error: entry["error_message"] as? String)
        }
    }

    /// A `.variant.bin`: the metadata followed by the value.
    func decodeBin(_ url: URL) throws -> Variant {
        let bytes = try [UInt8](Data(contentsOf: url))
        let header = try XCTUnwrap(bytes.first)
        let size = Int(header >> 6) + 1
        func uint(_ at: Int) -> Int { (0 ..< size).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        let count = uint(1)
        let length = 1 + size * (count + 2) + uint(1 + size * (count + 1))
        return try Variant(metadata: Array(bytes[..<length]), value: Array(bytes[length...]))
    }

    /// The `var` column's variants, through the library's ``RecordBatch/variants(_:)``.
    func readVariants(_ path: String) throws -> [Variant?] {
        let reader = try ParquetFileReader(path: path)
        var result: [Variant?] = []
        var batches = try reader.batches(columns: ["var"])
        while let batch = try batches.next() { result += try batch.variants("var") }
        return result
    }

    func testEveryParquetFileIsACase() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus().path).filter { $0.hasSuffix(".parquet") }
        let listed = try cases().compactMap(\.file)
        XCTAssertEqual(Set(files), Set(listed))
        XCTAssertEqual(files.count, 137)
    }

    func testEveryCase() throws {
        let folder = try corpus()
        let temporary = try TestPaths.temporaryFolder(self)
        var counts: [String: Int] = [:]
        for entry in try cases() {
            guard let file = entry.file else { continue }  // case 3 has no file
            let path = folder.appendingPathComponent(file).path
            if let message = entry.error {
                XCTAssertThrowsError(try exportJSONL([path], in: temporary), file) { error in
                    let text = "\(error)"
                    XCTAssertTrue(error is ParquetError, "\(file): \(error)")
                    XCTAssertTrue(text.hasPrefix(path + ": column 'var': "), "\(file) (\(message)): \(text)")
                    XCTAssertFalse(text.contains("\n"), file)
                }
                // The library refuses the file too (at open for a shredded type the spec does
                // not allow, else when the batch's variants are read), naming the column.
                XCTAssertThrowsError(try readVariants(path), file) { error in
                    XCTAssertEqual((error as? ParquetError)?.column, "var", "\(file): \(error)")
                }
                counts["error", default: 0] += 1
                continue
            }
            do {
                let expected = try entry.expected.map { try $0.map { try decodeBin(folder.appendingPathComponent($0)) } }
                let actual = try readVariants(path)
                XCTAssertEqual(actual, expected, "case \(entry.number) (\(file))")
                // The JSONL export writes each variant's JSON text.
                let lines = String(decoding: try exportJSONL([path], in: temporary), as: UTF8.self).split(separator: "\n")
                XCTAssertEqual(lines.count, expected.count, file)
                for (line, value) in zip(lines, expected) {
                    XCTAssertTrue(line.hasSuffix(",\"var\":" + (value.map(VariantText.json) ?? "null") + "}"), "\(file): \(line)")
                }
                counts["read", default: 0] += 1
            } catch {
                XCTFail("case \(entry.number) (\(file)): \(error)")
            }
        }
        XCTAssertEqual(counts, ["read": 131, "error": 6])
    }
}
