import Foundation
import XCTest
import TestSupport

/// Datasets of many files under a low open-file limit, and `--row-group-size`.
final class StreamingCLITests: XCTestCase {
    /// Runs the CLI under `ulimit -n limit`.
    static func runWithOpenFileLimit(_ limit: Int, _ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments, after: "ulimit -n \(limit)")
    }

    /// A dataset folder of `count` copies of a 120-row fixture.
    private func manyFiles(_ count: Int) throws -> URL {
        let folder = try TestPaths.temporaryFolder(self)
        let files = folder.appendingPathComponent("many/parquet-files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let source = TestPaths.fixtures.appendingPathComponent("flat/enum_dict_v2_snappy.parquet")
        for k in 0 ..< count {
            try FileManager.default.copyItem(at: source, to: files.appendingPathComponent(String(format: "batch_%05d.parquet", k)))
        }
        return folder.appendingPathComponent("many")
    }

    func testSeveralHundredFilesUnderALowOpenFileLimit() throws {
        let dataset = try manyFiles(400)
        let out = dataset.deletingLastPathComponent()
        let golden = try String(decoding: Data(contentsOf: TestPaths.fixtures.appendingPathComponent("flat/enum_dict_v2_snappy.jsonl")), as: UTF8.self)
        let count = try Self.runWithOpenFileLimit(64, ["count", dataset.path])
        XCTAssertEqual(count.status, 0, count.stderr)
        XCTAssertEqual(count.stdoutText, "48000\n")
        for (name, extra) in [("out.jsonl", [String]()), ("out.csv", []), ("out.parquet", []),
                              ("none.parquet", ["--compression", "none"]), ("rg.parquet", ["--row-group-size", "1000"])] {
            let path = out.appendingPathComponent(name).path
            let result = try Self.runWithOpenFileLimit(64, ["export", dataset.path, "-o", path, "-q"] + extra)
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            if name.hasSuffix(".jsonl") {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                XCTAssertEqual(text, String(repeating: golden, count: 400))
            }
        }
        // The Parquet outputs hold every record: copied, re-encoded, or reshaped into 1000-row groups.
        for name in ["out.parquet", "none.parquet", "rg.parquet"] {
            let back = try Self.runWithOpenFileLimit(64, ["export", out.appendingPathComponent(name).path, "-o", "-", "-f", "jsonl", "-q"])
            XCTAssertEqual(back.status, 0, back.stderr)
            XCTAssertEqual(back.stdoutText, String(repeating: golden, count: 400), name)
        }
        let schema = try Self.runWithOpenFileLimit(64, ["schema", "--stats", dataset.path])
        XCTAssertEqual(schema.status, 0, schema.stderr)
        XCTAssertEqual(schema.stdoutText.components(separatedBy: "\n").filter { $0.hasPrefix("120\t1\t") }.count, 400)
        let reshaped = try CLI.run(["schema", out.appendingPathComponent("rg.parquet").path])
        XCTAssertTrue(reshaped.stdoutText.contains("48000\t48\t"), reshaped.stdoutText)
    }

    func testRowGroupSizeUsage() throws {
        let dataset = TestPaths.fixtures.appendingPathComponent("example-dataset").path
        for value in ["0", "-3", "abc", ""] {
            let result = try CLI.run(["export", dataset, "-o", "out.parquet", "--row-group-size", value])
            XCTAssertEqual(result.status, 2, "\(value): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: --row-group-size"), result.stderr)
        }
        let jsonl = try CLI.run(["export", dataset, "-o", "out.jsonl", "--row-group-size", "10"])
        XCTAssertEqual(jsonl.status, 2, jsonl.stderr)
        XCTAssertTrue(jsonl.stderr.contains("Parquet output only"), jsonl.stderr)
        let help = try CLI.run(["export", "--help"])
        XCTAssertTrue(help.stdoutText.contains("--row-group-size ROWS"))
    }
}
