import Foundation
import XCTest
import TestSupport

/// The built `data-designer` executable on the schema-drift datasets of Fixtures/drift:
/// success cases write the unified goldens; error cases exit 1 with one `error:` line naming the
/// file (and column), leave no output and no temporary file, and keep an earlier destination.
final class DriftCLITests: XCTestCase {
    static var drift: URL { DriftManifest.folder }

    func loadManifest() throws -> DriftManifest { try DriftManifest.load() }

    func testSuccessCasesWriteTheUnifiedGoldens() throws {
        let folder = try TestPaths.temporaryFolder(self)
        var checked = 0
        for c in try loadManifest().cases where c.expect == "ok" {
            let input = Self.drift.appendingPathComponent(c.name).path
            for (ext, golden) in [("jsonl", c.jsonl), ("csv", c.csv)] {
                guard let golden else { continue }
                let output = folder.appendingPathComponent("\(c.name).\(ext)")
                let result = try CLI.run(["export", input, "-o", output.path])
                XCTAssertEqual(result.status, 0, "\(c.name): \(result.stderr)")
                if let rows = c.rows {
                    XCTAssertTrue(result.stderr.contains("Exported \(rows) record(s)"), "\(c.name): \(result.stderr)")
                }
                let expected = try Data(contentsOf: Self.drift.appendingPathComponent(golden))
                XCTAssertEqual(try? Data(contentsOf: output), expected, "\(c.name) \(ext) differs from \(golden)")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 14)
    }

    /// Checks one failed run: exit 1, exactly one stderr line, `error: ` + file (+ column) + substrings.
    func assertFailure(_ result: CLI.Result, _ c: DriftManifest.Case, input: URL, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 1, "\(c.name): \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 2, "\(c.name): one line then the final newline: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(lines.last, "", file: file, line: line)
        let message = String(lines.first ?? "")
        XCTAssertTrue(message.hasPrefix("error: "), "\(c.name): \(message)", file: file, line: line)
        if let errorFile = c.errorFile {
            let path = input.appendingPathComponent(errorFile).path
            XCTAssertTrue(message.hasPrefix("error: \(path): "), "\(c.name): file not named first: \(message)", file: file, line: line)
        }
        if let column = c.errorColumn {
            XCTAssertTrue(message.contains("column '\(column)'"), "\(c.name): column not named: \(message)", file: file, line: line)
        }
        for s in c.errorSubstrings ?? [] {
            XCTAssertTrue(message.contains(s), "\(c.name): '\(s)' not in: \(message)", file: file, line: line)
        }
        XCTAssertTrue(result.stdout.isEmpty, "\(c.name): nothing on stdout", file: file, line: line)
    }

    func testErrorCasesExitOneWithOneErrorLineAndNoOutput() throws {
        var checked = 0
        for c in try loadManifest().cases where c.expect == "error" && c.onDisk != false {
            let input = Self.drift.appendingPathComponent(c.name)
            for ext in ["jsonl", "csv"] {
                let folder = try TestPaths.temporaryFolder(self)
                let output = folder.appendingPathComponent("out.\(ext)")
                let result = try CLI.run(["export", input.path, "-o", output.path])
                assertFailure(result, c, input: input)
                XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [],
                               "\(c.name) \(ext): no output and no temporary file is left")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 12)
    }

    func testErrorCasesLeaveAnEarlierDestinationUnchanged() throws {
        for c in try loadManifest().cases where c.expect == "error" && c.onDisk != false {
            let input = Self.drift.appendingPathComponent(c.name)
            let folder = try TestPaths.temporaryFolder(self)
            let output = folder.appendingPathComponent("existing.jsonl")
            let earlier = Data("{\"earlier\":true}\n".utf8)
            try earlier.write(to: output)
            let result = try CLI.run(["export", input.path, "-o", output.path, "--quiet"])
            assertFailure(result, c, input: input)
            XCTAssertEqual(try Data(contentsOf: output), earlier, "\(c.name): the earlier file changed")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["existing.jsonl"], c.name)
        }
    }

    /// With stdout as the destination, a failure before the first batch writes nothing.
    func testSchemaErrorWritesNothingToStdout() throws {
        let input = Self.drift.appendingPathComponent("string_vs_int")
        let result = try CLI.run(["export", input.path, "-o", "-", "--format", "csv"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, Data())
        XCTAssertTrue(result.stderr.hasPrefix("error: ") && result.stderr.contains("column 'code'"), result.stderr)
    }

    func testEmptyDatasetFolderFails() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let run = folder.appendingPathComponent("empty_run")
        try FileManager.default.createDirectory(at: run.appendingPathComponent("parquet-files"), withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("out.jsonl")
        let result = try CLI.run(["export", run.path, "-o", output.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("no Parquet files"), result.stderr)
        XCTAssertTrue(result.stderr.contains(run.appendingPathComponent("parquet-files").path), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        let count = try CLI.run(["count", run.path])
        XCTAssertEqual(count.status, 1, count.stderr)
    }
}
