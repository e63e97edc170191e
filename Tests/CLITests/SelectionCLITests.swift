import Foundation
import XCTest
import TestSupport

/// `export --columns/--rows/--where` and `head` end to end.
final class SelectionCLITests: XCTestCase {
    static let folder = TestPaths.fixtures.appendingPathComponent("filter")

    struct Case: Decodable {
        var file: String
        var `where`: String
        var rows: [Int64]
    }

    private func idx(_ result: CLI.Result) -> [Int64] {
        result.stdoutText.split(separator: "\n").compactMap { line -> Int64? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return (object["idx"] as? NSNumber)?.int64Value
        }
    }

    /// The first 60 pyarrow cases through `--where`: exactly pyarrow's records.
    func testWhereKeepsExactlyPyArrowsRecords() throws {
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: Self.folder.appendingPathComponent("random.json")))
        for c in cases.prefix(60) {
            let result = try CLI.run(["export", Self.folder.appendingPathComponent(c.file).path, "-o", "-", "-f", "jsonl", "-q",
                                      "--columns", "idx", "--where", c.where])
            XCTAssertEqual(result.status, 0, "\(c.where): \(result.stderr)")
            XCTAssertEqual(idx(result), c.rows, "\(c.file): \(c.where)")
        }
    }

    func testRowsColumnsAndHead() throws {
        let file = Self.folder.appendingPathComponent("random-1.parquet").path
        let rows = try CLI.run(["export", file, file, "-o", "-", "-f", "jsonl", "-q", "--columns", "idx,st.k", "--rows", "5:9"])
        XCTAssertEqual(rows.status, 0, rows.stderr)
        XCTAssertEqual(idx(rows), [5, 6, 7, 8])
        let first = try XCTUnwrap(rows.stdoutText.split(separator: "\n").first)
        XCTAssertTrue(first.hasPrefix("{\"idx\":5,\"st\":{\"k\":"), String(first))
        // A range across two inputs: positions count over both.
        let total = try XCTUnwrap(Int64(CLI.run(["count", file]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        let across = try CLI.run(["export", file, file, "-o", "-", "-f", "jsonl", "-q", "--columns", "idx", "--rows", "\(total - 2):\(total + 2)"])
        XCTAssertEqual(idx(across), [total - 2, total - 1, 0, 1])
        let head = try CLI.run(["head", file, "-n", "3", "--columns", "idx"])
        XCTAssertEqual(head.status, 0, head.stderr)
        XCTAssertEqual(head.stdoutText, "{\"idx\":0}\n{\"idx\":1}\n{\"idx\":2}\n")
        XCTAssertEqual(idx(try CLI.run(["head", file])).count, 10)
        XCTAssertEqual(try CLI.run(["head", file, "-n", "0"]).stdoutText, "")
        // Parquet output of a selection is re-encoded and reads back.
        let out = try TestPaths.temporaryFolder(self).appendingPathComponent("sel.parquet").path
        let parquet = try CLI.run(["export", file, "-o", out, "-q", "--columns", "idx,s", "--where", "idx >= 10 and idx < 20"])
        XCTAssertEqual(parquet.status, 0, parquet.stderr)
        XCTAssertEqual(idx(try CLI.run(["head", out, "-n", "100"])), Array(10 ..< 20))
    }

    func testBadSelectionsAreUsageOrWorkErrors() throws {
        let file = Self.folder.appendingPathComponent("random-1.parquet").path
        for (args, fragment) in [(["--where", "a > 1 and"], "at position 10"), (["--where", "a = 'x"], "unterminated string at position 5"),
                                 (["--rows", "5"], "--rows needs START:END"), (["--rows", "9:5"], "--rows needs"),
                                 (["--columns", "a,,b"], "--columns")] {
            let result = try CLI.run(["export", file, "-o", "-", "-f", "jsonl"] + args)
            XCTAssertEqual(result.status, 2, "\(args)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
            XCTAssertTrue(result.stderr.contains(fragment), "\(args): \(result.stderr)")
            XCTAssertEqual(result.stdout.count, 0)
        }
        for (args, fragment) in [(["--where", "s > 1"], "column 's': a string/binary column cannot be compared with 1"),
                                 (["--where", "nope = 1"], "no column named 'nope'"), (["--columns", "nope"], "no column named 'nope'")] {
            let result = try CLI.run(["export", file, "-o", "-", "-f", "jsonl"] + args)
            XCTAssertEqual(result.status, 1, "\(args)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
            XCTAssertTrue(result.stderr.contains(fragment), "\(args): \(result.stderr)")
        }
        XCTAssertEqual(try CLI.run(["head", file, "-n", "x"]).status, 2)
    }

    /// `--where` with date and timestamp text literals (counts as pyarrow's compute keeps them).
    func testWhereWithDateAndTimestampLiterals() throws {
        let file = TestPaths.fixtures.appendingPathComponent("flat/types_tiny_pages_dict_v1_snappy.parquet").path
        for (expression, records) in [("date32 >= '2000-01-01'", 34), ("ts_us_utc >= '2000-01-01T00:00:00+02:00' or time_us > '12:00'", 89)] {
            let result = try CLI.run(["export", file, "-o", "-", "-f", "jsonl", "-q", "--columns", "int32", "--where", expression])
            XCTAssertEqual(result.status, 0, "\(expression): \(result.stderr)")
            XCTAssertEqual(result.stdoutText.split(separator: "\n").count, records, expression)
        }
        let bad = try CLI.run(["export", file, "-o", "-", "-f", "jsonl", "--where", "date32 > 'yesterday'"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.hasPrefix("error: ") && bad.stderr.contains("date32") && bad.stderr.contains("YYYY-MM-DD"), bad.stderr)
    }
}
