import Foundation
import XCTest
@testable import DataDesigner

/// Temporary folders and dataset inspection for create and resume tests.
enum Runs {
    static func folder(_ testCase: XCTestCase) throws -> String {
        let path = NSTemporaryDirectory() + "dd-create-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    static let columns: [ColumnConfig] = [
        Gen.sampler("id", .uuid(prefix: "c-", shortForm: false, uppercase: false)),
        Gen.sampler("tier", .category(values: [.string("gold"), .string("silver"), .string("bronze")], weights: [1, 2, 5])),
        Gen.sampler("visits", .poisson(mean: 4)),
        Gen.sampler("spend", .gaussian(mean: 100, stddev: 25, decimalPlaces: 2)),
        Gen.sampler("joined", .datetime(start: "2020-01-01", end: "2024-12-31", unit: .day)),
        Gen.expression("label", "{{ tier }}:{{ visits }}"),
    ]

    static let config = Gen.config(columns, fingerprint: "sha256:aaaa")

    static func options(_ artifacts: String, n: Int? = 2500, buffer: Int? = 1000, seed: UInt64? = 42,
                        resume: ResumeMode = .never) -> CreateOptions {
        var o = CreateOptions()
        o.artifactPath = artifacts
        o.datasetName = "customers"
        o.numRecords = n
        o.bufferSize = buffer
        o.seed = seed
        o.resume = resume
        return o
    }

    static func files(_ folder: String) throws -> [String: Data] {
        let batches = (folder as NSString).appendingPathComponent("parquet-files")
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: batches) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: (batches as NSString).appendingPathComponent(name)))
        }
        return out
    }

    static func metadata(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("metadata.json")))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func jsonl(_ folder: String) throws -> String {
        let out = NSTemporaryDirectory() + "dd-export-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Dataset(inputs: [folder]).export(to: out, format: .jsonl)
        return try String(contentsOfFile: out, encoding: .utf8)
    }
}

final class CreateTests: XCTestCase {
    func testFreshRunWritesLayoutMetadataAndRecords() throws {
        let artifacts = try Runs.folder(self)
        var events: [CreateEvent] = []
        let result = try DatasetCreator.create(config: Runs.config, options: Runs.options(artifacts)) { events.append($0) }
        let folder = (artifacts as NSString).appendingPathComponent("customers")
        XCTAssertEqual(result.datasetFolder, folder)
        XCTAssertEqual(result.recordCount, 2500)
        XCTAssertEqual(result.batchesGenerated, 3)
        XCTAssertFalse(result.alreadyComplete)
        XCTAssertEqual(Set(try Runs.files(folder).keys), ["batch_00000.parquet", "batch_00001.parquet", "batch_00002.parquet"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp-partial-parquet-files"), [])
        let counts = try Dataset(inputs: [folder]).recordCounts().map(\.records)
        XCTAssertEqual(counts, [1000, 1000, 500])

        let meta = try Runs.metadata(folder)
        XCTAssertEqual(meta["target_num_records"] as? Int, 2500)
        XCTAssertEqual(meta["original_target_num_records"] as? Int, 2500)
        XCTAssertEqual(meta["actual_num_records"] as? Int, 2500)
        XCTAssertEqual(meta["total_num_batches"] as? Int, 3)
        XCTAssertEqual(meta["num_completed_batches"] as? Int, 3)
        XCTAssertEqual(meta["buffer_size"] as? Int, 1000)
        XCTAssertEqual(meta["dataset_name"] as? String, "customers")
        XCTAssertEqual(meta["seed"] as? Int, 42)
        XCTAssertEqual((meta["file_paths"] as? [String: Any])?["parquet-files"] as? [String],
                       ["parquet-files/batch_00000.parquet", "parquet-files/batch_00001.parquet", "parquet-files/batch_00002.parquet"])
        XCTAssertEqual(meta["config_hash"] as? String, "sha256:aaaa")
        XCTAssertEqual(meta["config_hash_algo"] as? String, "sha256")
        XCTAssertEqual(meta["config_hash_version"] as? Int, 2)
        XCTAssertEqual(meta["preserve_dropped_columns"] as? Bool, true)
        XCTAssertEqual(meta["tool_version"] as? String, ToolInfo.version)
        XCTAssertEqual((meta["column_statistics"] as? [Any])?.count, 6)

        let builder = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/builder_config.json"))) as? [String: Any]
        XCTAssertNotNil(builder?["data_designer"] as? [String: Any])
        XCTAssertEqual(builder?["library_version"] as? String, "0.9.7")
        XCTAssertEqual(Set(builder?.keys ?? [:].keys), ["data_designer", "library_version"])

        guard case .started(let start)? = events.first else { return XCTFail("no start event") }
        XCTAssertEqual(start.kind, .fresh)
        XCTAssertEqual(start.totalBatches, 3)
        let progress = events.compactMap { if case let .batchWritten(_, done, _) = $0 { done } else { nil } }
        XCTAssertEqual(progress, [1000, 2000, 2500])

        let lines = try Runs.jsonl(folder).split(separator: "\n")
        XCTAssertEqual(lines.count, 2500)
        let first = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(Set(first.keys), ["id", "tier", "visits", "spend", "joined", "label"])
        XCTAssertEqual(first["label"] as? String, "\(first["tier"] ?? ""):\(first["visits"] ?? "")")
    }

    func testSameSeedGivesIdenticalFilesAndNeverUsesATimestampedFolder() throws {
        let artifacts = try Runs.folder(self)
        var options = Runs.options(artifacts)
        options.now = Date(timeIntervalSince1970: 1_700_000_000)
        let a = try DatasetCreator.create(config: Runs.config, options: options)
        let b = try DatasetCreator.create(config: Runs.config, options: options)
        XCTAssertNotEqual(a.datasetFolder, b.datasetFolder)
        let name = (b.datasetFolder as NSString).lastPathComponent
        XCTAssertTrue(name.range(of: #"^customers_\d\d-\d\d-\d{4}_\d{6}$"#, options: .regularExpression) != nil, name)
        XCTAssertEqual(try Runs.files(a.datasetFolder), try Runs.files(b.datasetFolder))
        let c = try DatasetCreator.create(config: Runs.config, options: options)
        XCTAssertEqual((c.datasetFolder as NSString).lastPathComponent, name + "_2")
        options.seed = 43
        let d = try DatasetCreator.create(config: Runs.config, options: options)
        XCTAssertNotEqual(try Runs.files(a.datasetFolder), try Runs.files(d.datasetFolder))
    }

    func testRandomSeedIsRecordedAndDefaultsApply() throws {
        let artifacts = try Runs.folder(self)
        let result = try DatasetCreator.create(config: Runs.config, options: Runs.options(artifacts, n: nil, buffer: nil, seed: nil))
        XCTAssertEqual(result.recordCount, Int64(CreateOptions.defaultNumRecords))
        let meta = try Runs.metadata(result.datasetFolder)
        XCTAssertEqual((meta["seed"] as? NSNumber)?.uint64Value, result.seed)
        XCTAssertEqual(meta["buffer_size"] as? Int, 1000)
    }

    func testExportAfterGenerationAndFailedExportKeepsBatches() throws {
        let artifacts = try Runs.folder(self)
        var options = Runs.options(artifacts, n: 30, buffer: 7)
        options.outputFormat = .jsonl
        let result = try DatasetCreator.create(config: Runs.config, options: options)
        let exported = try XCTUnwrap(result.exportedPath)
        XCTAssertEqual(exported, result.datasetFolder + "/customers.jsonl")
        XCTAssertEqual(try String(contentsOfFile: exported, encoding: .utf8).split(separator: "\n").count, 30)
        XCTAssertEqual(try Runs.files(result.datasetFolder).count, 5)

        // An export that fails (here: a folder squats on the CSV path) leaves no file and keeps the batches.
        var csv = Runs.options(artifacts, n: 30, buffer: 7, resume: .always)
        csv.outputFormat = .csv
        try FileManager.default.createDirectory(atPath: result.datasetFolder + "/customers.csv/x", withIntermediateDirectories: true)
        XCTAssertThrowsError(try DatasetCreator.create(config: Runs.config, options: csv))
        XCTAssertFalse(FileManager.default.fileExists(atPath: result.datasetFolder + "/customers.csv"))
        XCTAssertEqual(try Runs.files(result.datasetFolder).count, 5)
    }

    func testBadOptionsAreRefusedBeforeAnythingIsWritten() throws {
        let artifacts = try Runs.folder(self)
        for options in [Runs.options(artifacts, n: 0), Runs.options(artifacts, buffer: 0), Runs.options(artifacts, seed: UInt64.max)] {
            XCTAssertThrowsError(try DatasetCreator.create(config: Runs.config, options: options))
        }
        let bad = Gen.config([Gen.sampler("s", .subcategory(category: "nope", values: []))])
        XCTAssertThrowsError(try DatasetCreator.create(config: bad, options: Runs.options(artifacts)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: artifacts), [])
    }

    func testExpressionWithoutAnyValidRowNamesTheColumn() throws {
        let artifacts = try Runs.folder(self)
        let config = Gen.config([Gen.sampler("w", .category(values: [.string("x"), .string("y")], weights: nil)),
                                 Gen.expression("n", "{{ w }}", .int)])
        XCTAssertThrowsError(try DatasetCreator.create(config: config, options: Runs.options(artifacts, n: 50, buffer: 10))) {
            XCTAssertTrue("\($0)".hasPrefix("column 'n': "), "\($0)")
            XCTAssertTrue("\($0)".contains("produced no valid rows"), "\($0)")
            XCTAssertTrue("\($0)".contains("TypeCastError=10"), "\($0)")
        }
        // Rows that do not cast are dropped (the others kept), as the real tool drops them.
        let mixed = Gen.config([Gen.sampler("w", .category(values: [.string("7"), .string("x")], weights: nil)),
                                Gen.expression("n", "{{ w }}", .int)])
        var events: [CreateEvent] = []
        let result = try DatasetCreator.create(config: mixed, options: Runs.options(artifacts, n: 200, buffer: 100)) { events.append($0) }
        XCTAssertGreaterThan(result.recordCount, 50)
        XCTAssertLessThan(result.recordCount, 150)
        XCTAssertEqual(result.droppedRows["n"]?["TypeCastError"].map { Int64($0) + result.recordCount }, 200)
        XCTAssertTrue(events.contains { if case .notice(let t) = $0 { t.contains("'n' dropped") } else { false } })
    }
}
