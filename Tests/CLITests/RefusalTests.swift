import Foundation
import XCTest
import TestSupport

/// Every refusal of the command-line contract (contracts/cli.md), table-driven, with the
/// built executable: usage errors exit 2 with one `error:` line, a hint and the usage; work
/// errors exit 1 with exactly one `error:` line naming the file (and column, field or param)
/// at fault. Nothing is written to stdout, and no output or dataset is left behind.
final class RefusalTests: XCTestCase {
    private struct Refusal {
        var args: [String]
        var status: Int32
        /// Substrings of the error line (after the `$DIR` / `$FIX` placeholders are filled).
        var mentions: [String]
    }

    private static let goodConfig = """
    columns:
      - name: cat
        column_type: sampler
        sampler_type: category
        params: {values: [a, b]}
      - name: n
        column_type: sampler
        sampler_type: uniform
        params: {low: 1, high: 5}
    """

    /// Config files that each break one rule (name → text).
    private static let badConfigs: [String: String] = [
        "low.yaml": "columns:\n  - name: u\n    column_type: sampler\n    sampler_type: uniform\n    params: {low: 5, high: 1}\n",
        "p.yaml": "columns:\n  - name: flip\n    column_type: sampler\n    sampler_type: bernoulli\n    params: {p: 1.5}\n",
        "sub.yaml": """
        columns:
          - name: cat
            column_type: sampler
            sampler_type: category
            params: {values: [a, b]}
          - name: sub
            column_type: sampler
            sampler_type: subcategory
            params: {category: cat, values: {a: [x], zz: [y]}}

        """,
        "llm.yaml": "columns:\n  - name: summary\n    column_type: llm-text\n    prompt: hi\n",
        "person.yaml": "columns:\n  - name: who\n    column_type: sampler\n    sampler_type: person\n",
        "expr.yaml": "columns:\n  - name: e\n    column_type: expression\n    expr: \"{{ nothere }}\"\n    dtype: str\n",
        "syntax.yaml": "columns:\n  - name: [unclosed\n",
        "nocols.yaml": "data_designer:\n  foo: 1\n",
        "bad.json": "{\"columns\": [ {\"name\": \"x\", }",
    ]

    private func setUp(_ folder: URL) throws {
        try Self.goodConfig.write(to: folder.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in Self.badConfigs {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try "hello\n".write(to: folder.appendingPathComponent("notparquet.parquet"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
    }

    private var flatFile: String { TestPaths.fixtures.appendingPathComponent("flat/decimal_byte_array_v1_none.parquet").path }

    /// Usage errors: exit 2, with the usage on stderr.
    private var usageErrors: [Refusal] {
        let input = flatFile
        let usage: [[String]] = [
            [], ["frobnicate"], ["--bogus"],
            // count
            ["count"], ["count", "--bogus", input], ["count", "--per-file=x", input],
            // export
            ["export"], ["export", input], ["export", input, "-o"], ["export", input, "-o", "-"],
            ["export", input, "-o", "$DIR/out.txt"], ["export", input, "-o", "$DIR/out"],
            ["export", input, "-o", "$DIR/out.jsonl", "--format", "xml"], ["export", input, "-o", "$DIR/out.jsonl", "-f"],
            ["export", input, "-o", "$DIR/out.jsonl", "--compression", "lzma"],
            ["export", input, "-o", "$DIR/out.parquet", "--compression", "gzip", "--level", "10"],
            ["export", input, "-o", "$DIR/out.parquet", "--level", "1"], ["export", input, "-o", "$DIR/out.parquet", "--level"],
            ["export", input, "-o", "$DIR/out.jsonl", "--quiet=yes"], ["export", input, "-o", "$DIR/out.jsonl", "--bogus"],
            // schema
            ["schema"], ["schema", "--bogus", input], ["schema", "--stats=1", input],
            // create
            ["create"], ["create", "$DIR/good.yaml", "$DIR/low.yaml"],
            ["create", "$DIR/good.yaml", "-n", "0"], ["create", "$DIR/good.yaml", "-n", "abc"], ["create", "$DIR/good.yaml", "-n"],
            ["create", "$DIR/good.yaml", "--buffer-size", "0"], ["create", "$DIR/good.yaml", "--buffer-size", "-3"],
            ["create", "$DIR/good.yaml", "-d", "a/b"], ["create", "$DIR/good.yaml", "-d", ".."], ["create", "$DIR/good.yaml", "-d", ""],
            ["create", "$DIR/good.yaml", "-o", ""], ["create", "$DIR/good.yaml", "--seed", "-1"],
            ["create", "$DIR/good.yaml", "--seed", "99999999999999999999"], ["create", "$DIR/good.yaml", "-r", "sometimes"],
            ["create", "$DIR/good.yaml", "-f", "xml"], ["create", "$DIR/good.yaml", "--bogus"],
        ]
        return usage.map { Refusal(args: $0, status: 2, mentions: []) }
    }

    /// Work errors: exit 1, one line naming what is at fault.
    private var workErrors: [Refusal] {
        let drift = TestPaths.fixtures.appendingPathComponent("drift").path
        return [
            // Inputs
            Refusal(args: ["count", "$DIR/missing.parquet"], status: 1, mentions: ["$DIR/missing.parquet", "no such file"]),
            Refusal(args: ["count", "$DIR/notparquet.parquet"], status: 1, mentions: ["$DIR/notparquet.parquet", "not a Parquet file"]),
            Refusal(args: ["count", "$DIR/empty"], status: 1, mentions: ["$DIR/empty", "no Parquet files"]),
            Refusal(args: ["count", "\(drift)/corrupt_truncated"], status: 1,
                    mentions: ["corrupt_truncated/parquet-files/batch_00001.parquet"]),
            Refusal(args: ["schema", "$DIR/notparquet.parquet"], status: 1, mentions: ["$DIR/notparquet.parquet"]),
            Refusal(args: ["schema", "\(drift)/missing_column"], status: 1,
                    mentions: ["missing_column/parquet-files/batch_00001.parquet", "column 'score'"]),
            Refusal(args: ["export", "$DIR/missing.parquet", "-o", "$DIR/out.jsonl"], status: 1, mentions: ["$DIR/missing.parquet"]),
            Refusal(args: ["export", "$DIR/notparquet.parquet", "-o", "$DIR/out.csv"], status: 1, mentions: ["$DIR/notparquet.parquet"]),
            Refusal(args: ["export", flatFile, "-o", "$DIR/nodir/out.jsonl"], status: 1, mentions: ["$DIR/nodir/out.jsonl", "does not exist"]),
            Refusal(args: ["export", "\(drift)/corrupt_page", "-o", "$DIR/out.jsonl"], status: 1,
                    mentions: ["corrupt_page/parquet-files/batch_00001.parquet", "column 'v'"]),
            Refusal(args: ["export", "\(drift)/string_vs_int", "-o", "$DIR/out.parquet"], status: 1,
                    mentions: ["string_vs_int/parquet-files/batch_00001.parquet", "column 'code'", "cannot unify"]),
            Refusal(args: ["export", "\(drift)/extra_column", "-o", "-", "-f", "csv"], status: 1,
                    mentions: ["extra_column/parquet-files/batch_00002.parquet", "column 'bonus'"]),
            Refusal(args: ["export", "\(drift)/decimal_precision_overflow", "-o", "$DIR/out.jsonl"], status: 1,
                    mentions: ["batch_00002.parquet", "column 'amount'", "cannot unify"]),
            // Configs
            Refusal(args: ["create", "$DIR/missing.yaml", "-o", "$DIR/art"], status: 1, mentions: ["$DIR/missing.yaml", "no such file"]),
            Refusal(args: ["create", "$DIR/low.yaml", "-o", "$DIR/art"], status: 1, mentions: ["$DIR/low.yaml", "column 'u'", "param 'low'"]),
            Refusal(args: ["create", "$DIR/p.yaml", "-o", "$DIR/art"], status: 1, mentions: ["column 'flip'", "param 'p'"]),
            Refusal(args: ["create", "$DIR/sub.yaml", "-o", "$DIR/art"], status: 1, mentions: ["column 'sub'", "need attention", "zz"]),
            Refusal(args: ["create", "$DIR/llm.yaml", "-o", "$DIR/art"], status: 1, mentions: ["column 'summary'", "not supported"]),
            Refusal(args: ["create", "$DIR/person.yaml", "-o", "$DIR/art"], status: 1, mentions: ["column 'who'", "'person' sampler"]),
            Refusal(args: ["create", "$DIR/expr.yaml", "-o", "$DIR/art"], status: 1, mentions: ["column 'e'", "missing column 'nothere'"]),
            Refusal(args: ["create", "$DIR/syntax.yaml", "-o", "$DIR/art"], status: 1, mentions: ["$DIR/syntax.yaml:2:"]),
            Refusal(args: ["create", "$DIR/nocols.yaml", "-o", "$DIR/art"], status: 1, mentions: ["$DIR/nocols.yaml", "'foo'"]),
            Refusal(args: ["create", "$DIR/bad.json", "-o", "$DIR/art"], status: 1, mentions: ["$DIR/bad.json:1:"]),
            Refusal(args: ["create", "$DIR/good.yaml", "-o", "$DIR/art", "-r", "always"], status: 1,
                    mentions: ["$DIR/art/dataset", "cannot resume"]),
        ]
    }

    private func fill(_ text: String, _ folder: URL) -> String {
        text.replacingOccurrences(of: "$DIR", with: folder.path)
    }

    func testUsageErrorsExitTwoWithTheUsage() throws {
        let folder = try TestPaths.temporaryFolder(self)
        try setUp(folder)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for refusal in usageErrors {
            let args = refusal.args.map { fill($0, folder) }
            let result = try CLI.run(args, in: folder)
            XCTAssertEqual(result.status, 2, "\(args): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertTrue(lines.first?.hasPrefix("error: ") == true, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("hint: "), "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("Usage: data-designer"), "\(args): \(result.stderr)")
            XCTAssertEqual(result.stdoutText, "", "\(args)")
        }
        // Nothing was written: no output file, no artifacts folder.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), before)
    }

    func testWorkErrorsExitOneWithOneErrorLine() throws {
        let folder = try TestPaths.temporaryFolder(self)
        try setUp(folder)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for refusal in workErrors {
            let args = refusal.args.map { fill($0, folder) }
            let result = try CLI.run(args, in: folder)
            XCTAssertEqual(result.status, 1, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), "\(args): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "\(args): one line expected: \(result.stderr)")
            for mention in refusal.mentions.map({ fill($0, folder) }) {
                XCTAssertTrue(result.stderr.contains(mention), "\(args): '\(result.stderr)' lacks '\(mention)'")
            }
            XCTAssertEqual(result.stdoutText, "", "\(args)")
        }
        // No output, no temporary file and no dataset folder was left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), before)
    }

    /// `--resume always` refuses a run that does not match the stored one.
    func testResumeRefusals() throws {
        let folder = try TestPaths.temporaryFolder(self)
        try setUp(folder)
        let config = folder.appendingPathComponent("good.yaml").path
        let base = ["create", config, "-o", folder.path, "-d", "ds", "-q"]
        let first = try CLI.run(base + ["-n", "30", "--buffer-size", "10", "--seed", "4"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let dataset = folder.appendingPathComponent("ds")
        let batches = try FileManager.default.contentsOfDirectory(atPath: dataset.appendingPathComponent("parquet-files").path).sorted()
        let changed = folder.appendingPathComponent("changed.yaml")
        try Self.goodConfig.replacingOccurrences(of: "high: 5", with: "high: 6")
            .write(to: changed, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (base + ["-n", "30", "--buffer-size", "10", "--seed", "5", "-r", "always"], "seed"),
            (base + ["-n", "30", "--buffer-size", "20", "--seed", "4", "-r", "always"], "buffer"),
            (base + ["-n", "20", "--buffer-size", "10", "--seed", "4", "-r", "always"], "30"),
            (["create", changed.path, "-o", folder.path, "-d", "ds", "-q", "-n", "30", "--buffer-size", "10", "--seed", "4", "-r", "always"], "config"),
        ]
        for (args, mention) in cases {
            let result = try CLI.run(args)
            XCTAssertEqual(result.status, 1, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(dataset.path), "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.lowercased().contains(mention), "\(args): '\(result.stderr)' lacks '\(mention)'")
        }
        // The refused runs changed nothing.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dataset.appendingPathComponent("parquet-files").path).sorted(), batches)
        let count = try CLI.run(["count", dataset.path])
        XCTAssertEqual(count.stdoutText, "30\n")
    }
}
