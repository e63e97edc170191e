import Foundation
import XCTest
import ParquetExport
import TestSupport

final class CLITests: XCTestCase {
    var dataset: URL { TestPaths.fixtures.appendingPathComponent("example-dataset") }

    func testVersionAndHelp() throws {
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdoutText.hasPrefix("data-designer "), version.stdoutText)
        for args in [["--help"], ["count", "--help"], ["export", "-h"]] {
            let help = try CLI.run(args)
            XCTAssertEqual(help.status, 0, "\(args)")
            XCTAssertTrue(help.stdoutText.contains("Usage: data-designer"), "\(args)")
        }
        // export's help names every codec it writes and the levels with their defaults, the
        // continuation line aligned under the option descriptions.
        let export = try CLI.run(["export", "--help"]).stdoutText
        XCTAssertTrue(export.contains("[--compression none|snappy|gzip|zstd|lz4_raw|brotli]"), export)
        XCTAssertTrue(export.contains(
            "\n  --level N              Compression level: gzip 1-9 (default 6), zstd 1-19 (default 3),\n"
                + "                         lz4_raw 1-12 (default 1), brotli 0-11 (default 8)\n"), export)
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
        let folder = try TestPaths.temporaryFolder(self)
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

    func testParquetExportCodecsAndLevels() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let golden = try Data(contentsOf: dataset.appendingPathComponent("example-dataset.jsonl"))
        let out = folder.appendingPathComponent("out.parquet").path
        let cases: [([String], CompressionCodec)] = [
            (["--compression", "gzip"], .gzip), (["--compression", "GZIP", "--level", "9"], .gzip),
            (["--compression", "lz4_raw"], .lz4Raw), (["--compression", "lz4", "--level", "12"], .lz4Raw),
            (["--compression", "zstd"], .zstd), (["--compression", "ZSTD", "--level", "1"], .zstd),
            (["--compression", "zstd", "--level", "19"], .zstd),
            (["--compression", "brotli"], .brotli), (["--compression", "brotli", "--level", "0"], .brotli),
            (["--compression", "brotli", "--level", "11"], .brotli),
            (["--compression", "none"], .uncompressed), ([], .snappy),
        ]
        for (options, codec) in cases {
            let result = try CLI.run(["export", dataset.path, "-o", out, "-q"] + options)
            XCTAssertEqual(result.status, 0, "\(options): \(result.stderr)")
            let codecs = try ParquetFileReader(path: out).metadata.rowGroups.flatMap { $0.columns.compactMap { $0.metaData?.codec } }
            XCTAssertEqual(Set(codecs), [codec], "\(options)")
            let back = try CLI.run(["export", out, "-o", "-", "-f", "jsonl", "-q"])
            XCTAssertEqual(back.stdout, golden, "\(options)")
        }
        // Levels are checked per codec: exit 2 naming the valid range, nothing written.
        try FileManager.default.removeItem(atPath: out)
        let refused: [([String], String)] = [
            (["--compression", "gzip", "--level", "0"], "--level for gzip must be 1 to 9 (got 0)"),
            (["--compression", "gzip", "--level", "10"], "--level for gzip must be 1 to 9 (got 10)"),
            (["--compression", "lz4_raw", "--level", "13"], "--level for lz4_raw must be 1 to 12 (got 13)"),
            (["--compression", "zstd", "--level", "0"], "--level for zstd must be 1 to 19 (got 0)"),
            (["--compression", "zstd", "--level", "22"], "--level for zstd must be 1 to 19 (got 22)"),
            (["--compression", "brotli", "--level", "12"], "--level for brotli must be 0 to 11 (got 12)"),
            (["--compression", "brotli", "--level", "-1"], "--level for brotli must be 0 to 11 (got -1)"),
            (["--level", "3"], "--level does not apply to snappy, which has no levels"),
            (["--compression", "none", "--level", "1"], "--level does not apply to none, which has no levels"),
            (["--compression", "gzip", "--level", "high"], "--level must be an integer (got 'high')"),
            (["--compression", "lzma"], "unknown compression 'lzma'; use none, snappy, gzip, zstd, lz4_raw or brotli\n"),
        ]
        for (options, message) in refused {
            let result = try CLI.run(["export", dataset.path, "-o", out] + options)
            XCTAssertEqual(result.status, 2, "\(options)")
            XCTAssertTrue(result.stderr.hasPrefix("error: \(message)"), result.stderr)
            XCTAssertTrue(result.stderr.contains("Usage:"), "\(options)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testBadInputExitsOneAndLeavesDestinationUntouched() throws {
        let folder = try TestPaths.temporaryFolder(self)
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

        let empty = try CLI.run(["count", try TestPaths.temporaryFolder(self).path])
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
        XCTAssertTrue(lines.contains("age\t0\t-\t18\t88\tTYPE_ORDER\t-\t-"), result.stdoutText)
        XCTAssertTrue(lines.contains { $0.hasPrefix("50\t1\t") && $0.hasSuffix("batch_00002.parquet") }, result.stdoutText)
    }
}
