import Foundation
import XCTest
import ParquetExport
import TestSupport

/// Fixtures/annotations/ (scripts/golden/annotations.py): every annotation the spec
/// restricts, on types it can and cannot annotate. An annotation that cannot apply is one
/// error naming the file, the column, the annotation and the physical type; the others read.
final class AnnotationTests: XCTestCase {
    func testEveryAnnotationAgainstItsPhysicalType() throws {
        let folder = TestPaths.fixtures.appendingPathComponent("annotations")
        let table = try String(contentsOf: folder.appendingPathComponent("expected.tsv"), encoding: .utf8)
        let temporary = try TestPaths.temporaryFolder(self)
        var counts: [String: Int] = [:]
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let (name, verdict, detail) = (parts[0], parts[1], parts[2])
            let path = folder.appendingPathComponent(name + ".parquet").path
            if verdict == "ok" {
                let text = String(decoding: try exportJSONL([path], in: temporary), as: UTF8.self)
                XCTAssertEqual(text, detail.replacingOccurrences(of: "|", with: "\n") + "\n", name)
            } else {
                XCTAssertThrowsError(try exportJSONL([path], in: temporary), name) { error in
                    XCTAssertEqual((error as? ParquetError)?.kind, .corrupt, name)
                    XCTAssertTrue("\(error)".hasPrefix("\(path): column 'val': the annotation "), "\(name): \(error)")
                    XCTAssertTrue("\(error)".contains(detail), "\(name): \(error)")
                }
                // The footer-only commands refuse it too.
                XCTAssertThrowsError(try Dataset(inputs: [path]).schemaSummary(), name)
            }
            counts[verdict, default: 0] += 1
        }
        XCTAssertEqual(counts, ["ok": 11, "error": 96])
    }
}
