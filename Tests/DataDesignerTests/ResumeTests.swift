import Foundation
import XCTest
@testable import DataDesigner

final class ResumeTests: XCTestCase {
    private func create(_ options: CreateOptions, config: DatasetConfig = Runs.config) throws -> CreateResult {
        try DatasetCreator.create(config: config, options: options)
    }

    /// A finished run of `n` records in a separate artifact folder, for comparison.
    private func reference(n: Int, buffer: Int = 1000, seed: UInt64 = 42) throws -> [String: Data] {
        let artifacts = try Runs.folder(self)
        return try Runs.files(try create(Runs.options(artifacts, n: n, buffer: buffer, seed: seed)).datasetFolder)
    }

    func testKilledRunResumedEqualsUninterruptedRun() throws {
        let artifacts = try Runs.folder(self)
        var killed = Runs.options(artifacts, n: 4500)
        killed.cancel(afterBatches: 2)
        let first = try create(killed)
        XCTAssertTrue(first.stoppedEarly)
        XCTAssertEqual(first.recordCount, 2000)
        let folder = first.datasetFolder
        XCTAssertEqual(try Runs.metadata(folder)["num_completed_batches"] as? Int, 2)
        // What a kill mid-batch leaves: a partial file (and a writer's hidden temp file).
        try Data("half a batch".utf8).write(to: URL(fileURLWithPath: folder + "/tmp-partial-parquet-files/batch_00002.parquet"))
        try Data("tmp".utf8).write(to: URL(fileURLWithPath: folder + "/tmp-partial-parquet-files/.batch_00002.parquet.tmp-1-x"))

        var events: [CreateEvent] = []
        let resumed = try DatasetCreator.create(config: Runs.config, options: Runs.options(artifacts, n: nil, buffer: nil, seed: nil, resume: .always)) {
            events.append($0)
        }
        XCTAssertEqual(resumed.datasetFolder, folder)
        XCTAssertEqual(resumed.batchesGenerated, 3)
        XCTAssertEqual(resumed.recordCount, 4500)
        XCTAssertEqual(resumed.seed, 42)
        guard case .started(let start)? = events.first else { return XCTFail("no start event") }
        XCTAssertEqual(start.kind, .resumed)
        XCTAssertEqual(start.completedBatches, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp-partial-parquet-files"), [])
        XCTAssertEqual(try Runs.files(folder), try reference(n: 4500))
        let meta = try Runs.metadata(folder)
        XCTAssertEqual(meta["num_completed_batches"] as? Int, 5)
        XCTAssertEqual(meta["actual_num_records"] as? Int, 4500)
    }

    func testCancelledBeforeTheFirstBatchWritesNothingAndDoesNotExport() throws {
        let artifacts = try Runs.folder(self)
        var options = Runs.options(artifacts, n: 3000)
        options.outputFormat = .jsonl
        let asked = CallCounter()
        options.isCancelled = { _ = asked.next(); return true }
        let result = try create(options)
        XCTAssertTrue(result.stoppedEarly)
        XCTAssertEqual(result.batchesGenerated, 0)
        XCTAssertEqual(result.recordCount, 0)
        XCTAssertNil(result.exportedPath)
        XCTAssertEqual(asked.next(), 2, "asked once, before the first batch")
        XCTAssertEqual(try Runs.files(result.datasetFolder), [:])
    }

    func testBatchRenamedButMetadataStaleIsFoundOnDisk() throws {
        let artifacts = try Runs.folder(self)
        var killed = Runs.options(artifacts, n: 3000)
        killed.cancel(afterBatches: 1)
        let folder = try create(killed).datasetFolder
        let full = try reference(n: 3000)
        try XCTUnwrap(full["batch_00001.parquet"]).write(to: URL(fileURLWithPath: folder + "/parquet-files/batch_00001.parquet"))
        let resumed = try create(Runs.options(artifacts, n: 3000, resume: .always))
        XCTAssertEqual(resumed.batchesGenerated, 1)
        XCTAssertEqual(try Runs.files(folder), full)
    }

    func testUnreadableBatchIsMadeAgain() throws {
        let artifacts = try Runs.folder(self)
        let folder = try create(Runs.options(artifacts, n: 2000)).datasetFolder
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: folder + "/parquet-files/batch_00001.parquet"))
        let resumed = try create(Runs.options(artifacts, n: 2000, resume: .always))
        XCTAssertEqual(resumed.batchesGenerated, 1)
        XCTAssertEqual(try Runs.files(folder), try reference(n: 2000))
    }

    func testRefusals() throws {
        let artifacts = try Runs.folder(self)
        func refused(_ options: CreateOptions, config: DatasetConfig = Runs.config, _ fragment: String, line: UInt = #line) {
            XCTAssertThrowsError(try create(options, config: config), line: line) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error)", line: line)
                XCTAssertTrue("\(error)".contains("customers"), "names the folder: \(error)", line: line)
            }
        }
        refused(Runs.options(artifacts, resume: .always), "the dataset folder does not exist")
        try FileManager.default.createDirectory(atPath: artifacts + "/customers", withIntermediateDirectories: true)
        refused(Runs.options(artifacts, resume: .always), "the dataset folder is empty")
        try FileManager.default.removeItem(atPath: artifacts + "/customers")

        let folder = try create(Runs.options(artifacts, n: 2500)).datasetFolder
        let before = try Runs.files(folder)
        let changed = Gen.config(Runs.columns, fingerprint: "sha256:bbbb")
        refused(Runs.options(artifacts, resume: .always), config: changed, "the config has changed (config hash sha256:aaaa in metadata.json, sha256:bbbb now)")
        refused(Runs.options(artifacts, seed: 7, resume: .always), "--seed 7 differs from the run's seed 42")
        refused(Runs.options(artifacts, buffer: 500, resume: .always), "--buffer-size 500 differs from the run's buffer size 1000")
        refused(Runs.options(artifacts, n: 2499, resume: .always), "-n 2499 is below the run's target of 2500 records")
        XCTAssertEqual(try Runs.files(folder), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: artifacts), ["customers"])

        try Data("{".utf8).write(to: URL(fileURLWithPath: folder + "/metadata.json"))
        refused(Runs.options(artifacts, resume: .always), "metadata.json: not a JSON object")
    }

    func testExtensionEqualsAFreshRunOfTheLargerSize() throws {
        let artifacts = try Runs.folder(self)
        let folder = try create(Runs.options(artifacts, n: 2500)).datasetFolder
        let before = try Runs.files(folder)
        var events: [CreateEvent] = []
        let extended = try DatasetCreator.create(config: Runs.config, options: Runs.options(artifacts, n: 4200, resume: .always)) { events.append($0) }
        XCTAssertEqual(extended.recordCount, 4200)
        // The short last batch is made again at full size; the first two are kept.
        XCTAssertEqual(extended.batchesGenerated, 3)
        let after = try Runs.files(folder)
        XCTAssertEqual(after["batch_00000.parquet"], before["batch_00000.parquet"])
        XCTAssertEqual(after, try reference(n: 4200))
        let meta = try Runs.metadata(folder)
        XCTAssertEqual(meta["target_num_records"] as? Int, 4200)
        XCTAssertEqual(meta["original_target_num_records"] as? Int, 2500)
        XCTAssertEqual(meta["total_num_batches"] as? Int, 5)
        XCTAssertTrue(events.contains { if case .notice(let m) = $0 { m.contains("was made for 500 records where the run needs 1000") } else { false } })
        // The old records are still the first records.
        let old = try reference(n: 2500)
        let artifacts2 = try Runs.folder(self)
        let oldFolder = artifacts2 + "/old"
        try FileManager.default.createDirectory(atPath: oldFolder + "/parquet-files", withIntermediateDirectories: true)
        for (name, data) in old { try data.write(to: URL(fileURLWithPath: oldFolder + "/parquet-files/" + name)) }
        XCTAssertTrue(try Runs.jsonl(folder).hasPrefix(try Runs.jsonl(oldFolder)))
    }

    func testAlreadyCompleteGeneratesNothing() throws {
        let artifacts = try Runs.folder(self)
        let folder = try create(Runs.options(artifacts, n: 1500)).datasetFolder
        let before = try Runs.files(folder)
        let metaBefore = try Data(contentsOf: URL(fileURLWithPath: folder + "/metadata.json"))
        let again = try create(Runs.options(artifacts, n: nil, buffer: nil, seed: nil, resume: .always))
        XCTAssertTrue(again.alreadyComplete)
        XCTAssertEqual(again.batchesGenerated, 0)
        XCTAssertEqual(again.recordCount, 1500)
        XCTAssertEqual(try Runs.files(folder), before)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: folder + "/metadata.json")), metaBefore)
    }

    func testMissingMetadataRestartsFromZero() throws {
        let artifacts = try Runs.folder(self)
        let folder = artifacts + "/customers"
        try FileManager.default.createDirectory(atPath: folder + "/parquet-files", withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: folder + "/builder_config.json"))
        try Data("stale".utf8).write(to: URL(fileURLWithPath: folder + "/parquet-files/batch_00000.parquet"))
        var events: [CreateEvent] = []
        let result = try DatasetCreator.create(config: Runs.config, options: Runs.options(artifacts, n: 2500, resume: .always)) { events.append($0) }
        let start = events.lazy.compactMap { if case .started(let s) = $0 { s } else { nil } }.first
        XCTAssertEqual(start?.kind, .restarted)
        XCTAssertTrue(events.contains { if case .notice(let m) = $0 { m.contains("metadata.json is missing") } else { false } })
        XCTAssertEqual(result.datasetFolder, folder)
        XCTAssertEqual(try Runs.files(folder), try reference(n: 2500))
    }

    func testIfPossibleResumesOrFallsBackToATimestampedFolder() throws {
        let artifacts = try Runs.folder(self)
        // Nothing there yet: a fresh run in <name>.
        var killed = Runs.options(artifacts, n: 3000, resume: .ifPossible)
        killed.cancel(afterBatches: 1)
        let folder = try create(killed).datasetFolder
        XCTAssertEqual(folder, artifacts + "/customers")
        // Compatible: continued in place.
        let resumed = try create(Runs.options(artifacts, n: 3000, resume: .ifPossible))
        XCTAssertEqual(resumed.datasetFolder, folder)
        XCTAssertEqual(resumed.batchesGenerated, 2)
        XCTAssertEqual(try Runs.files(folder), try reference(n: 3000))
        // Incompatible (another seed): a fresh run beside it.
        var events: [CreateEvent] = []
        let other = try DatasetCreator.create(config: Runs.config, options: Runs.options(artifacts, n: 3000, seed: 1, resume: .ifPossible)) { events.append($0) }
        XCTAssertNotEqual(other.datasetFolder, folder)
        XCTAssertTrue((other.datasetFolder as NSString).lastPathComponent.hasPrefix("customers_"))
        XCTAssertTrue(events.contains { if case .notice(let m) = $0 { m.contains("--seed 1 differs") } else { false } })
        XCTAssertEqual(try Runs.files(other.datasetFolder), try reference(n: 3000, seed: 1))
    }
}
