import Foundation
import XCTest
import ParquetExport
import TestSupport

/// Every fixture of Fixtures/manifest.json with a `csv_golden` must export to that CSV byte for
/// byte (goldens rendered by scripts/golden/render.py `render_csv`) — or, while its codec is not
/// readable yet, fail with a "not supported" error. Plus hand-checked CSV edge cases.
final class CSVGoldenTests: XCTestCase {
    func testEveryFlatAndNestedFixtureHasACSVGolden() throws {
        let entries = try GoldenManifest.load().fixtures.filter { $0.features.contains("flat") || $0.features.contains("nested") }
        XCTAssertGreaterThanOrEqual(entries.count, 40)
        for entry in entries {
            guard let golden = entry.csvGolden else {
                XCTFail("\(entry.file) has no csv_golden")
                continue
            }
            XCTAssertTrue(FileManager.default.fileExists(atPath: TestPaths.fixtures.appendingPathComponent(golden).path), golden)
        }
    }

    func testEveryFixtureMatchesItsCSVGolden() throws {
        let folder = try TestPaths.temporaryFolder(self)
        var readable = 0, matched = 0, unsupported = 0
        for entry in try GoldenManifest.load().fixtures {
            guard let golden = entry.csvGolden else { continue }
            let path = TestPaths.fixtures.appendingPathComponent(entry.file).path
            let codecs = entry.compressionCodecs
            XCTAssertEqual(codecs.count, entry.codecs.count, "\(entry.file): unknown codec name in \(entry.codecs)")
            if codecs.allSatisfy({ ParquetFileReader.supportedCodecs.contains($0) }) {
                readable += 1
                do {
                    let actual = try exportJSONL([path], in: folder, format: .csv)
                    let expected = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(golden))
                    XCTAssertTrue(actual == expected, "\(entry.file) differs from \(golden) at \(firstDifference(actual, expected))")
                    if actual == expected { matched += 1 }
                } catch {
                    XCTFail("\(entry.file): \(error)")
                }
            } else {
                XCTAssertThrowsError(try exportJSONL([path], in: folder, format: .csv), entry.file) { error in
                    let e = error as? ParquetError
                    XCTAssertEqual(e?.kind, .unsupported, "\(entry.file): \(error)")
                    XCTAssertTrue(e?.message.contains("not supported") == true, "\(entry.file): \(error)")
                }
                unsupported += 1
            }
        }
        XCTAssertGreaterThan(readable, 30)
        print("CSV goldens: \(matched) of \(readable) matched, \(unsupported) with codecs not readable yet")
    }

    /// RFC 4180 details checked by hand on the string edge cases: quoting of `,` `"` CR LF and
    /// of empty strings, `""` doubling, nulls as empty unquoted fields, raw UTF-8.
    func testStringEdgeCases() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = TestPaths.fixtures.appendingPathComponent("flat/edge_strings_v1_none.parquet").path
        let text = String(decoding: try exportJSONL([path], in: folder, format: .csv), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("s,ls,j,b,fb,u\n"))
        // Row 0: two empty strings (quoted), a JSON text with quotes, empty binary, ...
        XCTAssertTrue(text.contains("\n\"\",\"\",\"{\"\"a\"\":1}\","), text.prefix(200).description)
        // An empty binary value has the empty text (base64 of no bytes): quoted, unlike a null.
        XCTAssertTrue(text.contains("\"{\"\"a\"\":1}\",\"\",AAAA,"), "empty binary must be \"\"")
        XCTAssertTrue(text.contains("\n\"a,b;c\",\"a,b;c\",,,,\n"))
        XCTAssertTrue(text.contains("\n\"\"\"quoted\"\"\",\"\"\"quoted\"\"\",\"\",YQ==,,\n"))
        XCTAssertTrue(text.contains("\n\"line\nbreak\",\"line\nbreak\",,,,\n"))
        XCTAssertTrue(text.contains("\n\"cr\rlf\r\n\",\"cr\rlf\r\n\",,,,\n"))
        XCTAssertTrue(text.contains("\nemoji 😀🎉👍🏽,emoji 😀🎉👍🏽,not json at all,AAAAAAAAAA==,,\n"))
        XCTAssertTrue(text.contains("\nback\\slash,back\\slash,,YWI=,,\n"))
        // The last row is all nulls: six empty, unquoted fields.
        XCTAssertTrue(text.hasSuffix("\n,,,,,\n"))
    }

    /// Invalid UTF-8 in a STRING column becomes U+FFFD in CSV too.
    func testInvalidUTF8IsReplaced() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = TestPaths.fixtures.appendingPathComponent("flat/invalid_utf8_v1_none.parquet").path
        let text = String(decoding: try exportJSONL([path], in: folder, format: .csv), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "id,s")
        XCTAssertEqual(lines[1], "0,ok")
        XCTAssertEqual(lines[2], "1,\u{FFFD}")
        XCTAssertEqual(lines[3], "2,a\u{FFFD}b")
        XCTAssertTrue(lines.contains("12,\"\""), "an empty string is quoted")
        XCTAssertTrue(lines.contains("13,"), "a null is an empty unquoted field")
    }

    /// Nested values are one field holding their compact JSON text, quoted when needed.
    func testNestedValuesAreQuotedJSON() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let path = TestPaths.fixtures.appendingPathComponent("drift/list_null_batch/parquet-files/batch_00000.parquet").path
        let text = String(decoding: try exportJSONL([path], in: folder, format: .csv), as: UTF8.self)
        XCTAssertEqual(text.split(separator: "\n").first, "id,name,tags,scores,notes")
        XCTAssertTrue(text.contains("\n0,\"quote \"\"0\"\", comma\",\"[\"\"a\"\",\"\"b\"\"]\",\"[1,2]\",\"[\"\"n1\"\",null]\"\n"), text)
        XCTAssertTrue(text.contains("\n1,user 1 ü,[],,\n"), "an empty list is [] unquoted; a null list is empty")
    }

    /// A truncated or garbled file fails the CSV export with a ParquetError and leaves no output.
    func testMalformedInputsThrowAndLeaveNoOutput() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let source = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("flat/types_plain_v1_none.parquet"))
        for cut in [0, 4, 8, 100, source.count / 2, source.count - 9, source.count - 1] {
            let bad = folder.appendingPathComponent("cut-\(cut).parquet")
            try source.prefix(cut).write(to: bad)
            let output = folder.appendingPathComponent("cut-\(cut).csv")
            XCTAssertThrowsError(try Dataset(inputs: [bad.path]).export(to: output.path), "cut at \(cut)") { error in
                XCTAssertTrue(error is ParquetError, "\(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        }
        // Garbage where the first page starts (footer intact): fails while reading data.
        var garbled = source
        for i in 4 ..< 64 { garbled[i] = 0xFF }
        let bad = folder.appendingPathComponent("garbled.parquet")
        try garbled.write(to: bad)
        let output = folder.appendingPathComponent("garbled.csv")
        XCTAssertThrowsError(try Dataset(inputs: [bad.path]).export(to: output.path)) { error in
            XCTAssertTrue(error is ParquetError, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".parquet") }
        XCTAssertEqual(left, [], "no temporary file is left behind")
    }
}
