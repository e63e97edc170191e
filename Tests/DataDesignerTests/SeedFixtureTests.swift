import Foundation
import XCTest
import Parquet
import ParquetExport
@testable import DataDesigner

/// `seed_config` against the real tool: seed files (CSV, JSON Lines, Parquet, a `*.csv`
/// pattern) typed as DuckDB and pandas type them, the ordered and shuffle strategies, index
/// ranges and partition blocks, across batches (Fixtures/datadesigner/expected/seed_*).
final class SeedFixtureTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "seed-fixtures-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `create` on the fixture config as the real tool ran it and returns our records
    /// (exported to JSONL) and the batch files' schema.
    private func create(_ name: String, seed: UInt64 = 3) throws -> (records: [[String: Any]], schema: Schema, batchRows: [Int64]) {
        let run = try DDFixtures.run(name)
        var options = CreateOptions()
        options.numRecords = try XCTUnwrap(run["num_records"] as? Int)
        options.bufferSize = try XCTUnwrap(run["buffer_size"] as? Int)
        options.seed = seed
        options.artifactPath = folder
        options.datasetName = name
        options.outputFormat = .jsonl
        let result = try DatasetCreator.create(config: DDFixtures.load(name), options: options)
        let text = try String(contentsOfFile: try XCTUnwrap(result.exportedPath), encoding: .utf8)
        let records = try text.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: result.datasetFolder + "/parquet-files").sorted()
        let rows = try files.map { try ParquetFileReader.recordCount(path: result.datasetFolder + "/parquet-files/" + $0) }
        let schema = try ParquetFileReader(path: result.datasetFolder + "/parquet-files/" + files[0]).schema
        return (records, schema, rows)
    }

    private func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (is NSNull, nil), (nil, is NSNull), (is NSNull, is NSNull): return true
        case let (x as NSNumber, y as NSNumber):
            return x.doubleValue == y.doubleValue  // types are compared through the schema
        case let (x as String, y as String): return x == y
        default: return false
        }
    }

    /// The seed columns' types are the real tool's (the other columns are checked elsewhere).
    private func checkSchema(_ name: String, _ schema: Schema, seedColumns: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try DDFixtures.schema(name)
        let ours = DDFixtures.describe(schema)
        for column in seedColumns {
            let e = try XCTUnwrap(expected.first { $0.0 == column }, column)
            let o = try XCTUnwrap(ours.first { $0.0 == column }, column)
            XCTAssertEqual(o.1, e.1, "\(column): physical type", file: file, line: line)
            XCTAssertEqual(o.2, e.2, "\(column): logical type", file: file, line: line)
            XCTAssertEqual(o.3, e.3, "\(column): OPTIONAL", file: file, line: line)
        }
        // Seed columns come first, in the file's order.
        XCTAssertEqual(Array(ours.map(\.0).prefix(seedColumns.count)), seedColumns, file: file, line: line)
    }

    /// Ordered strategies: every record equals the real tool's, column by column, except the
    /// sampled columns in `sampled` (checked to be one of the real tool's values).
    private func checkOrdered(_ name: String, seedColumns: [String], sampled: Set<String> = [],
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try DDFixtures.records(name)
        let (ours, schema, rows) = try create(name)
        let run = try DDFixtures.run(name)
        XCTAssertEqual(rows.map(Int.init), run["batch_rows"] as? [Int], "batch sizes", file: file, line: line)
        try checkSchema(name, schema, seedColumns: seedColumns, file: file, line: line)
        XCTAssertEqual(ours.count, expected.count, file: file, line: line)
        for (i, (mine, real)) in zip(ours, expected).enumerated() {
            XCTAssertEqual(Set(mine.keys), Set(real.keys), "record \(i): columns", file: file, line: line)
            for (key, value) in real {
                if sampled.contains(key) {
                    XCTAssertTrue(expected.contains { same($0[key], mine[key]) }, "record \(i): \(key) = \(mine[key] ?? "nil")", file: file, line: line)
                } else {
                    XCTAssertTrue(same(mine[key], value), "record \(i): \(key) is \(mine[key] ?? "nil"), the real tool's \(value)", file: file, line: line)
                }
            }
        }
    }

    func testCSVSeedOrderedAcrossBatches() throws {
        try checkOrdered("seed_csv", seedColumns: ["sku", "name", "price", "in_stock", "added", "updated", "rating", "notes"],
                         sampled: ["discount"])
    }

    func testCSVSniffingDelimiterLeadingZerosMixedDatesAndBooleans() throws {
        try checkOrdered("seed_sniff", seedColumns: ["code", "zip", "flag", "amount", "when", "label"])
    }

    func testCSVWithoutHeaderGetsColumnNumbers() throws {
        try checkOrdered("seed_noheader", seedColumns: ["column0", "column1", "column2"])
    }

    func testJSONLinesIndexRangeOrdered() throws {
        try checkOrdered("seed_jsonl_ordered", seedColumns: ["event_id", "kind", "value", "ok", "day", "user", "extra"])
    }

    func testParquetPartitionBlockOrdered() throws {
        try checkOrdered("seed_parquet_partition",
                         seedColumns: ["id32", "big", "ratio", "score", "city", "active", "born", "seen_ms", "seen_utc"])
    }

    func testCSVPatternOfFilesPartitioned() throws {
        try checkOrdered("seed_csv_glob", seedColumns: ["part", "qty"])
    }

    func testShuffleGivesEachCycleAPermutationOfTheSelection() throws {
        let name = "seed_jsonl_shuffle"
        let expected = try DDFixtures.records(name)
        let (ours, schema, rows) = try create(name)
        XCTAssertEqual(rows.map(Int.init), try DDFixtures.run(name)["batch_rows"] as? [Int])
        try checkSchema(name, schema, seedColumns: ["event_id", "kind", "value", "ok", "day", "user", "extra"])
        let selected = Set(2...11)
        func ids(_ records: [[String: Any]]) -> [Int] { records.compactMap { ($0["event_id"] as? NSNumber)?.intValue } }
        for (who, list) in [("real", ids(expected)), ("ours", ids(ours))] {
            XCTAssertEqual(list.count, 40, who)
            for start in stride(from: 0, to: list.count, by: 10) {
                XCTAssertEqual(Set(list[start ..< min(start + 10, list.count)]), selected, "\(who): cycle at \(start)")
            }
        }
        XCTAssertNotEqual(ids(ours), Array(2...11) + Array(2...11) + Array(2...11) + Array(2...11), "not shuffled")
        // Each record is the seed row it names, with its expression.
        let byID = Dictionary(expected.map { (($0["event_id"] as? NSNumber)?.intValue ?? -1, $0) }, uniquingKeysWith: { a, _ in a })
        for record in ours {
            let real = try XCTUnwrap(byID[(record["event_id"] as? NSNumber)?.intValue ?? -1])
            for (key, value) in real { XCTAssertTrue(same(record[key], value), "\(key): \(record[key] ?? "nil") vs \(value)") }
        }
        // Another seed, another order; the same seed, the same records.
        XCTAssertNotEqual(ids(try create(name, seed: 4).records), ids(ours))
        XCTAssertEqual(ids(try create(name, seed: 3).records), ids(ours))
    }
}
