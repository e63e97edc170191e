import Foundation
import XCTest
import ParquetExport
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// `data-designer create` end to end with the built executable.
final class CreateCLITests: XCTestCase {
    static let config = """
    # support tickets
    data_designer:
      columns:
        - name: ticket_id
          column_type: sampler
          sampler_type: uuid
          params: {prefix: "T-", short_form: true}
        - name: priority
          column_type: sampler
          sampler_type: category
          params: {values: [low, medium, high], weights: [5, 3, 1]}
        - name: opened
          column_type: sampler
          sampler_type: datetime
          params: {start: "2024-01-01", end: "2024-06-30", unit: h}
        - name: closed
          column_type: sampler
          sampler_type: timedelta
          params: {dt_min: 1, dt_max: 72, reference_column_name: opened, unit: h}
        - name: title
          column_type: expression
          expr: "[{{ priority }}] ticket {{ ticket_id }}"
    """

    private func setUpFolder() throws -> (folder: URL, config: String) {
        let folder = try TestPaths.temporaryFolder(self)
        let config = folder.appendingPathComponent("tickets.yaml")
        try Self.config.write(to: config, atomically: true, encoding: .utf8)
        return (folder, config.path)
    }

    private func batchFiles(_ dataset: URL) throws -> [String: Data] {
        let batches = dataset.appendingPathComponent("parquet-files")
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: batches.path) {
            out[name] = try Data(contentsOf: batches.appendingPathComponent(name))
        }
        return out
    }

    func testCreateWithJSONLExport() throws {
        let (folder, config) = try setUpFolder()
        let result = try CLI.run(["create", config, "-n", "250", "--buffer-size", "100", "--seed", "3",
                                  "-d", "tickets", "-o", folder.path, "-f", "JSONL"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutText, "")
        let dataset = folder.appendingPathComponent("tickets")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Config: \(config)")
        XCTAssertTrue(lines.contains("Records: 250"))
        XCTAssertTrue(lines.contains("Dataset name: tickets"))
        XCTAssertTrue(lines.contains("Artifact path: \(folder.path)"))
        XCTAssertTrue(lines.contains("Artifacts saved to: \(dataset.path)"))
        XCTAssertTrue(lines.contains("Exported to: \(dataset.path)/tickets.jsonl"))
        XCTAssertEqual(lines.last, "Dataset created — 250 record(s) generated")
        XCTAssertEqual(try batchFiles(dataset).keys.sorted(), ["batch_00000.parquet", "batch_00001.parquet", "batch_00002.parquet"])

        let jsonl = try String(contentsOf: dataset.appendingPathComponent("tickets.jsonl"), encoding: .utf8)
        let records = try jsonl.split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(records.count, 250)
        for record in records {
            let id = try XCTUnwrap(record["ticket_id"] as? String)
            XCTAssertEqual(id.count, 10)
            XCTAssertEqual(record["title"] as? String, "[\(record["priority"] as? String ?? "")] ticket \(id)")
            let opened = try XCTUnwrap(record["opened"] as? String), closed = try XCTUnwrap(record["closed"] as? String)
            XCTAssertLessThan(opened, closed)
        }

        let quiet = try CLI.run(["create", config, "-n", "5", "-o", folder.path, "-q"])
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.stderr, "")
    }

    func testUsageErrorsExitTwo() throws {
        let (folder, config) = try setUpFolder()
        for args in [["create"], ["create", config, "-n", "0"], ["create", config, "--buffer-size", "0"],
                     ["create", config, "-r", "sometimes"], ["create", config, "-f", "xml"],
                     ["create", config, "--seed", "-1"], ["create", config, "--bogus"]] {
            let result = try CLI.run(args + ["-o", folder.path])
            XCTAssertEqual(result.status, 2, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["tickets.yaml"])
        let help = try CLI.run(["create", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdoutText.contains("--resume"))
    }

    func testFailuresExitOneWithOneErrorLine() throws {
        let (folder, config) = try setUpFolder()
        let missing = try CLI.run(["create", config, "-o", folder.path, "-r", "Always"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("error: \(folder.path)/dataset: cannot resume"), missing.stderr)

        let bad = folder.appendingPathComponent("bad.yaml")
        try "columns:\n  - name: x\n    column_type: sampler\n    sampler_type: person\n".write(to: bad, atomically: true, encoding: .utf8)
        let unsupported = try CLI.run(["create", bad.path, "-o", folder.path])
        XCTAssertEqual(unsupported.status, 1)
        XCTAssertTrue(unsupported.stderr.hasPrefix("error: "), unsupported.stderr)
        XCTAssertTrue(unsupported.stderr.contains("not supported"), unsupported.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("dataset").path))
    }

    func testSimulatedKillThenResumeEqualsUninterruptedRun() throws {
        let (folder, config) = try setUpFolder()
        let args = ["create", config, "-n", "950", "--buffer-size", "100", "--seed", "5", "-q"]
        XCTAssertEqual(try CLI.run(args + ["-o", folder.path + "/a"]).status, 0)
        XCTAssertEqual(try CLI.run(args + ["-o", folder.path + "/b"]).status, 0)
        let reference = try batchFiles(folder.appendingPathComponent("a/dataset"))
        // Leave b as a kill would: later batches missing, a partial file, a stale metadata.json.
        let b = folder.appendingPathComponent("b/dataset")
        let metadata = try Data(contentsOf: b.appendingPathComponent("metadata.json"))
        for i in 4 ..< 10 { try FileManager.default.removeItem(at: b.appendingPathComponent("parquet-files/batch_0000\(i).parquet")) }
        try Data("partial".utf8).write(to: b.appendingPathComponent("tmp-partial-parquet-files/batch_00004.parquet"))
        var stale = try XCTUnwrap(try JSONSerialization.jsonObject(with: metadata) as? [String: Any])
        stale["num_completed_batches"] = 3
        try JSONSerialization.data(withJSONObject: stale).write(to: b.appendingPathComponent("metadata.json"))

        let resumed = try CLI.run(["create", config, "-o", folder.path + "/b", "-r", "always"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("4 of 10 batch(es) already complete"), resumed.stderr)
        XCTAssertTrue(resumed.stderr.hasSuffix("Dataset created — 950 record(s) generated\n"), resumed.stderr)
        XCTAssertEqual(try batchFiles(b), reference)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: b.appendingPathComponent("tmp-partial-parquet-files").path), [])
    }

    func testSIGKILLMidwayThenResumeEqualsUninterruptedRun() throws {
        let (folder, config) = try setUpFolder()
        let args = ["create", config, "-n", "100000", "--buffer-size", "1000", "--seed", "9", "-q"]
        XCTAssertEqual(try CLI.run(args + ["-o", folder.path + "/a"]).status, 0)

        let process = Process()
        process.executableURL = try CLI.executable
        process.arguments = args + ["-o", folder.path + "/b"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let batches = folder.appendingPathComponent("b/dataset/parquet-files").path
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline,
              ((try? FileManager.default.contentsOfDirectory(atPath: batches))?.count ?? 0) < 10 {
            usleep(2000)
        }
        // The kill must land mid-run: the process still running with only part of the batches written.
        XCTAssertTrue(process.isRunning, "the run ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGKILL)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: batches))?.filter { $0.hasSuffix(".parquet") }.count ?? 0
        XCTAssertLessThan(written, 100, "all 100 batches were written before the kill")

        let resumed = try CLI.run(["create", config, "-o", folder.path + "/b", "-r", "always", "-f", "jsonl"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.hasSuffix("Dataset created — 100000 record(s) generated\n"), resumed.stderr)
        XCTAssertEqual(try batchFiles(folder.appendingPathComponent("b/dataset")), try batchFiles(folder.appendingPathComponent("a/dataset")))
        XCTAssertEqual(try Dataset(inputs: [folder.path + "/b/dataset"]).recordCount(), 100_000)
    }

    func testIfPossibleFallsBackToATimestampedFolder() throws {
        let (folder, config) = try setUpFolder()
        XCTAssertEqual(try CLI.run(["create", config, "-n", "20", "--seed", "1", "-o", folder.path, "-q"]).status, 0)
        let other = try CLI.run(["create", config, "-n", "20", "--seed", "2", "-o", folder.path, "-r", "if_possible"])
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertTrue(other.stderr.contains("--seed 2 differs from the run's seed 1"), other.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("dataset") }.sorted()
        XCTAssertEqual(names.count, 2)
        XCTAssertTrue(names[1].range(of: #"^dataset_\d\d-\d\d-\d{4}_\d{6}$"#, options: .regularExpression) != nil, names[1])
        let same = try CLI.run(["create", config, "-n", "40", "-o", folder.path, "-r", "if_possible"])
        XCTAssertEqual(same.status, 0, same.stderr)
        XCTAssertTrue(same.stderr.contains("Artifacts saved to: \(folder.path)/dataset\n"), same.stderr)
        XCTAssertEqual(try Dataset(inputs: [folder.path + "/dataset"]).recordCount(), 40)
    }

    func testShippedExamplesRun() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let examples = TestPaths.repositoryRoot.appendingPathComponent("docs/examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: examples.path)
            .filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 2)
        for name in names {
            let result = try CLI.run(["create", examples.appendingPathComponent(name).path, "-n", "300", "--buffer-size", "128",
                                      "--seed", "1", "-d", name, "-o", folder.path, "-f", "jsonl"])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            let jsonl = try String(contentsOfFile: folder.path + "/\(name)/\(name).jsonl", encoding: .utf8)
            XCTAssertEqual(jsonl.split(separator: "\n").count, 300, name)
        }
    }
}

/// `create` with a seed dataset, person and scipy columns from the command line.
final class CreateSeedCLITests: XCTestCase {
    func testSeedPersonAndScipyColumnsAndTheSeedSizeLimit() throws {
        let folder = try TestPaths.temporaryFolder(self)
        var csv = "sku,name\n"
        for i in 0..<200 { csv += "\(i),item \(i)\n" }
        try csv.write(to: folder.appendingPathComponent("items.csv"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("c.yaml")
        try """
        seed_config: {source: {seed_type: local, path: items.csv}, sampling_strategy: shuffle}
        columns:
          - {name: buyer, column_type: sampler, sampler_type: person_from_faker, params: {age_range: [30, 40]}}
          - {name: price, column_type: sampler, sampler_type: scipy, params: {dist_name: lognorm, dist_params: {s: 0.5, scale: 20}, decimal_places: 2}}
          - {name: line, column_type: expression, expr: "{{ buyer.first_name }} bought {{ name }} for {{ price }}"}
        """.write(to: config, atomically: true, encoding: .utf8)
        let small = try CLI.run(["create", config.path, "-n", "50", "--seed", "1", "-o", folder.path, "--max-seed-bytes", "100", "-q"])
        XCTAssertEqual(small.status, 1)
        XCTAssertTrue(small.stderr.hasPrefix("error: ") && small.stderr.contains("items.csv") && small.stderr.contains("limit of 100 bytes"), small.stderr)
        XCTAssertEqual(small.stderr.split(separator: "\n").count, 1, small.stderr)
        let ok = try CLI.run(["create", config.path, "-n", "50", "--seed", "1", "-o", folder.path, "-d", "ok", "-f", "jsonl", "-q"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let text = try String(contentsOf: folder.appendingPathComponent("ok/ok.jsonl"), encoding: .utf8)
        let rows = text.split(separator: "\n")
        XCTAssertEqual(rows.count, 50)
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any])
        XCTAssertEqual(Array(first.keys).sorted(), ["buyer", "line", "name", "price", "sku"])
        let buyer = try XCTUnwrap(first["buyer"] as? [String: Any])
        XCTAssertTrue((30...40).contains(buyer["age"] as? Int ?? -1))
        XCTAssertTrue((first["line"] as? String ?? "").hasPrefix("\(buyer["first_name"] as? String ?? "?") bought item "))
    }
}
