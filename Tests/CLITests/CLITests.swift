import Foundation
import XCTest

final class CLITests: XCTestCase {
    var dataset: URL { CLI.fixtures.appendingPathComponent("example-dataset") }

    func testVersionAndHelp() throws {
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdoutText.hasPrefix("data-designer "), version.stdoutText)
        for args in [["--help"], ["count", "--help"], ["export", "-h"]] {
            let help = try CLI.run(args)
            XCTAssertEqual(help.status, 0, "\(args)")
            XCTAssertTrue(help.stdoutText.contains("Usage: data-designer"), "\(args)")
        }
    }

    func testUsageErrorsExitTwo() throws {
        let cases: [[String]] = [
            [],
            ["frobnicate"],
            ["count"],
            ["count", "--bogus", "x.parquet"],
            ["export", dataset.path],
            ["export", dataset.path, "-o", "out.txt"],
            ["export", dataset.path, "-o", "-"],
            ["export", dataset.path, "-o", "out.jsonl", "--format", "xml"],
            ["export", dataset.path, "-o", "out.jsonl", "--compression", "lzma"],
            ["export", dataset.path, "-o"],
        ]
        for args in cases {
            let result = try CLI.run(args)
            XCTAssertEqual(result.status, 2, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("Usage:"), "\(args)")
        }
    }

    func testCountDatasetFolder() throws {
        let result = try CLI.run(["count", dataset.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutText, "150\n")
        let perFile = try CLI.run(["count", "--per-file", dataset.path])
        let lines = perFile.stdoutText.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[0].hasPrefix("50\t") && lines[0].hasSuffix("batch_00000.parquet"), lines[0])
        XCTAssertEqual(lines[3], "150")
    }

    func testExportDatasetMatchesGolden() throws {
        let folder = try CLI.temporaryFolder(self)
        let output = folder.appendingPathComponent("out.JSONL")
        let result = try CLI.run(["export", dataset.path, "-o", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("150"), result.stderr)
        let golden = try Data(contentsOf: dataset.appendingPathComponent("example-dataset.jsonl"))
        XCTAssertEqual(try Data(contentsOf: output), golden)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(leftovers, ["out.JSONL"])

        let stdout = try CLI.run(["export", dataset.path, "-o", "-", "--format", "jsonl", "-q"])
        XCTAssertEqual(stdout.status, 0, stdout.stderr)
        XCTAssertEqual(stdout.stdout, golden)
        XCTAssertEqual(stdout.stderr, "")
    }

    func testBadInputExitsOneAndLeavesDestinationUntouched() throws {
        let folder = try CLI.temporaryFolder(self)
        let bad = folder.appendingPathComponent("bad.parquet")
        try Data("PAR1 this is not parquet PAR1".utf8).write(to: bad)
        let destination = folder.appendingPathComponent("out.jsonl")
        try Data("earlier\n".utf8).write(to: destination)

        let result = try CLI.run(["export", bad.path, "-o", destination.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("bad.parquet"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertEqual(try String(contentsOf: destination, encoding: .utf8), "earlier\n")
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)), ["bad.parquet", "out.jsonl"])

        let missing = try CLI.run(["count", folder.appendingPathComponent("nope.parquet").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("error: ") && missing.stderr.contains("nope.parquet"), missing.stderr)

        let empty = try CLI.run(["count", try CLI.temporaryFolder(self).path])
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("no Parquet files"), empty.stderr)
    }

    func testSchemaListsUnifiedColumnsStatisticsAndFiles() throws {
        let result = try CLI.run(["schema", "--stats", dataset.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // referral_code is null-typed in batch 1 and a string elsewhere: the unified type is STRING.
        XCTAssertTrue(lines.contains { $0.hasPrefix("referral_code") && $0.contains("BYTE_ARRAY") && $0.contains("STRING") && $0.hasSuffix("optional") },
                      result.stdoutText)
        XCTAssertTrue(lines.contains("age\t0\t18\t88"), result.stdoutText)
        XCTAssertTrue(lines.contains { $0.hasPrefix("50\t1\t") && $0.hasSuffix("batch_00002.parquet") }, result.stdoutText)
    }
}
