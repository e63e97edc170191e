import DataDesigner
import Foundation
import XCTest
import TestSupport

/// `meta`, `layout`, `sample` and `schema --json` end to end, against the goldens in
/// Fixtures/inspect/ (written by scripts/golden/inspect_fixtures.py and checked against pyarrow
/// and an independent Thrift decoder by scripts/golden/check_inspect.py).
final class InspectionCLITests: XCTestCase {
    static var inspect: URL { TestPaths.fixtures.appendingPathComponent("inspect") }

    static var corpus: URL? { TestPaths.parquetTesting }

    struct Manifest: Decodable {
        struct MetaLayout: Decodable { var `case`: String; var root: String; var path: String }
        struct Sample: Decodable { var `case`: String; var root: String; var inputs: [String]; var n: Int; var seed: UInt64 }
        struct SchemaCase: Decodable { var `case`: String; var root: String; var inputs: [String] }
        var meta_layout: [MetaLayout]
        var sample: [Sample]
        var schema: [SchemaCase]
    }

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: inspect.appendingPathComponent("manifest.json")))
    }

    /// The folder a case runs in (paths in the goldens are relative to it); nil to skip.
    static func root(_ name: String) -> URL? {
        name == "fixtures" ? TestPaths.fixtures : corpus
    }

    static func sha256(_ data: Data) -> String {
        var hash = SHA256()
        hash.update(Array(data))
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Checks `output` against golden `name` (or its `.sha256`).
    func assertGolden(_ output: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.inspect.appendingPathComponent(name)
        if let digest = try? String(contentsOf: url.appendingPathExtension("sha256"), encoding: .utf8) {
            XCTAssertEqual(Self.sha256(output), digest, "\(name) (sha256)", file: file, line: line)
            return
        }
        let golden = try Data(contentsOf: url)
        XCTAssertEqual(output, golden, "\(name):\n\(firstDifferingLine(output, golden))", file: file, line: line)
    }

    func firstDifferingLine(_ a: Data, _ b: Data) -> String {
        let x = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let y = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0 ..< max(x.count, y.count) {
            let p = i < x.count ? String(x[i]) : "<missing>", q = i < y.count ? String(y[i]) : "<missing>"
            if p != q { return "line \(i + 1):\n  got:      \(p.prefix(300))\n  expected: \(q.prefix(300))" }
        }
        return "no difference"
    }

    func testMetaAndLayoutGoldens() throws {
        var ran = 0
        for c in try Self.manifest().meta_layout {
            guard let root = Self.root(c.root) else { continue }
            for (args, suffix) in [(["meta", c.path], "meta.txt"), (["meta", c.path, "--json"], "meta.json"),
                                   (["layout", c.path], "layout.txt"), (["layout", c.path, "--json"], "layout.json")] {
                let result = try CLI.run(args, in: root)
                XCTAssertEqual(result.status, 0, "\(args): \(result.stderr)")
                XCTAssertEqual(result.stderr, "", "\(args)")
                try assertGolden(result.stdout, "\(c.case).\(suffix)")
                ran += 1
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 16, "the fixture cases always run")
    }

    func testMetaJSONIsValidJSONWithThriftNames() throws {
        let result = try CLI.run(["meta", "inspect/pyarrow_index_v1.parquet", "--json"], in: TestPaths.fixtures)
        XCTAssertEqual(result.status, 0, result.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        XCTAssertEqual(doc["num_rows"] as? Int, 1200)
        XCTAssertEqual(doc["created_by"] as? String, "parquet-cpp-arrow version 26.0.1")
        let groups = try XCTUnwrap(doc["row_groups"] as? [[String: Any]])
        XCTAssertEqual(groups.count, 3)
        XCTAssertEqual((groups[0]["sorting_columns"] as? [[String: Any]])?.first?["column_idx"] as? Int, 0)
        let chunk = try XCTUnwrap((groups[0]["columns"] as? [[String: Any]])?[1])
        XCTAssertNotNil(chunk["offset_index_offset"])
        XCTAssertNotNil(chunk["column_index_length"])
        let md = try XCTUnwrap(chunk["meta_data"] as? [String: Any])
        XCTAssertEqual(md["path_in_schema"] as? [String], ["name"])
        XCTAssertEqual(md["codec"] as? String, "SNAPPY")
        XCTAssertNotNil(md["bloom_filter_offset"])
        XCTAssertNotNil(md["bloom_filter_length"])
        XCTAssertEqual((md["encoding_stats"] as? [[String: Any]])?.first?["page_type"] as? String, "DICTIONARY_PAGE")
        let stats = try XCTUnwrap(md["statistics"] as? [String: Any])
        XCTAssertEqual(stats["decoded_min"] as? String, "name_000")
        XCTAssertEqual(stats["min_value"] as? String, Data("name_000".utf8).base64EncodedString())
    }

    func testLayoutReadsEveryPageOfTheCorpus() throws {
        // corpus.tsv: pages per file counted by an independent decoder (inspect_fixtures.py).
        guard let corpus = Self.corpus else { throw XCTSkip("parquet-testing is not present") }
        let table = try String(contentsOf: Self.inspect.appendingPathComponent("corpus.tsv"), encoding: .utf8)
        var checked = 0
        for row in table.split(separator: "\n") {
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(cells.count, 7, String(row))
            guard cells.count == 7, cells[1] == "ok" else { continue }
            let result = try CLI.run(["layout", cells[0], "--json"], in: corpus)
            XCTAssertEqual(result.status, 0, "\(cells[0]): \(result.stderr)")
            guard let doc = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
                  let groups = doc["row_groups"] as? [[String: Any]] else {
                XCTFail("\(cells[0]): layout --json is not a JSON object with row_groups")
                continue
            }
            let pages = groups.flatMap { ($0["columns"] as? [[String: Any]]) ?? [] }.flatMap { ($0["pages"] as? [[String: Any]]) ?? [] }
            XCTAssertEqual(groups.count, Int(cells[2]), "\(cells[0]) row groups")
            XCTAssertEqual(pages.count, Int(cells[3]), "\(cells[0]) pages")
            XCTAssertEqual(pages.filter { $0["has_crc"] as? Bool == true }.count, Int(cells[4]), "\(cells[0]) CRCs")
            XCTAssertEqual(pages.reduce(0) { $0 + (($1["compressed_bytes"] as? Int) ?? 0) }, Int(cells[5]), "\(cells[0]) bytes")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 70)
    }

    func testSampleGoldens() throws {
        var ran = 0
        for c in try Self.manifest().sample {
            guard let root = Self.root(c.root) else { continue }
            let result = try CLI.run(["sample"] + c.inputs + ["-n", "\(c.n)", "--seed", "\(c.seed)"], in: root)
            XCTAssertEqual(result.status, 0, "\(c.case): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", c.case)
            try assertGolden(result.stdout, "\(c.case).jsonl")
            ran += 1
        }
        XCTAssertGreaterThanOrEqual(ran, 4)
    }

    func testSampleWithoutSeedPrintsTheSeedAndRepeats() throws {
        let first = try CLI.run(["sample", "example-dataset", "-n", "5"], in: TestPaths.fixtures)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdoutText.split(separator: "\n").count, 5)
        let seed = try XCTUnwrap(first.stderr.split(separator: "\n").first.flatMap { $0.hasPrefix("seed: ") ? String($0.dropFirst(6)) : nil })
        let again = try CLI.run(["sample", "example-dataset", "-n", "5", "--seed", seed], in: TestPaths.fixtures)
        XCTAssertEqual(again.stdout, first.stdout)
        let quiet = try CLI.run(["sample", "example-dataset", "-n", "5", "-q"], in: TestPaths.fixtures)
        XCTAssertEqual(quiet.stderr, "")
        // More than the dataset holds: every record, as export writes them.
        let all = try CLI.run(["sample", "example-dataset", "-n", "1000", "--seed", "3"], in: TestPaths.fixtures)
        XCTAssertEqual(all.stdout, try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("example-dataset/example-dataset.jsonl")))
        let none = try CLI.run(["sample", "example-dataset", "-n", "0"], in: TestPaths.fixtures)
        XCTAssertEqual(none.status, 0)
        XCTAssertEqual(none.stdout, Data())
    }

    func testSchemaJSONGoldens() throws {
        for c in try Self.manifest().schema {
            guard let root = Self.root(c.root) else { continue }
            for (extra, suffix) in [([String](), "schema.json"), (["--stats"], "schema-stats.json")] {
                let result = try CLI.run(["schema", "--json"] + extra + c.inputs, in: root)
                XCTAssertEqual(result.status, 0, "\(c.case): \(result.stderr)")
                try assertGolden(result.stdout, "\(c.case).\(suffix)")
            }
        }
    }

    func testHelpAndUsageErrors() throws {
        for command in ["meta", "layout", "sample"] {
            let help = try CLI.run([command, "--help"])
            XCTAssertEqual(help.status, 0, command)
            XCTAssertTrue(help.stdoutText.hasPrefix("Usage: data-designer \(command) "), help.stdoutText)
        }
        let schemaHelp = try CLI.run(["schema", "-h"])
        XCTAssertTrue(schemaHelp.stdoutText.contains("--json"))
        let tool = try CLI.run(["--help"])
        for command in ["meta INPUT", "layout INPUT", "sample INPUT..."] {
            XCTAssertTrue(tool.stdoutText.contains(command), command)
        }
        let dataset = TestPaths.fixtures.appendingPathComponent("example-dataset").path
        let file = TestPaths.fixtures.appendingPathComponent("inspect/pyarrow_index_v1.parquet").path
        let cases: [[String]] = [
            ["meta"], ["meta", file, file], ["meta", dataset], ["meta", "--bogus", file],
            ["layout"], ["layout", dataset], ["layout", file, "--json=yes"],
            ["sample", dataset], ["sample", "-n", "3"], ["sample", dataset, "-n", "-1"], ["sample", dataset, "-n", "x"],
            ["sample", dataset, "-n", "2", "--seed", "-5"], ["sample", dataset, "-n", "2", "--seed", "9223372036854775808"],
            ["schema", "--json", "--bogus", dataset],
        ]
        for args in cases {
            let result = try CLI.run(args)
            XCTAssertEqual(result.status, 2, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("Usage: data-designer"), "\(args)")
            XCTAssertEqual(result.stdout, Data(), "\(args)")
        }
    }

    func testBadInputsGiveOneErrorLineNamingTheFile() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let bad = folder.appendingPathComponent("bad.parquet")
        try Data("PAR1 not parquet at all PAR1".utf8).write(to: bad)
        for args in [["meta", bad.path], ["meta", "--json", bad.path], ["layout", bad.path], ["sample", bad.path, "-n", "1"],
                     ["schema", "--json", bad.path], ["meta", folder.appendingPathComponent("missing.parquet").path]] {
            let result = try CLI.run(args)
            XCTAssertEqual(result.status, 1, "\(args)")
            let lines = result.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: ") && result.stderr.contains(folder.lastPathComponent), "\(args): \(result.stderr)")
            XCTAssertEqual(result.stdout, Data(), "\(args)")
        }
        // A page header garbled after a valid footer: layout names the file, column and row group.
        let corrupt = TestPaths.fixtures.appendingPathComponent("drift/corrupt_page/parquet-files/batch_00001.parquet")
        let result = try CLI.run(["layout", corrupt.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: \(corrupt.path): column 'v': row group 0: page header at byte "), result.stderr)
    }
}
