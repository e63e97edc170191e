import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// SIGKILL in the middle of `export`: the destination is never half-written. An earlier file
/// there survives unchanged, and without one no file appears (the temporary file in the
/// destination's folder may remain after a SIGKILL; nothing else may).
final class CrashSafetyTests: XCTestCase {
    /// A Parquet file holding the example dataset `8^steps` times, made by exporting eight
    /// copies of the previous step to Parquet.
    private func largeInput(in folder: URL, steps: Int) throws -> String {
        var current = TestPaths.fixtures.appendingPathComponent("example-dataset").path
        for step in 0 ..< steps {
            let next = folder.appendingPathComponent("big-\(step).parquet").path
            let result = try CLI.run(["export"] + Array(repeating: current, count: 8) + ["-o", next, "-q"])
            XCTAssertEqual(result.status, 0, result.stderr)
            current = next
        }
        return current
    }

    /// Starts `export input -o destination`, waits until its temporary file holds some bytes,
    /// and kills it. Returns false when the export finished before it could be killed.
    private func killMidway(input: String, destination: URL, format: String) throws -> Bool {
        let process = Process()
        process.executableURL = try CLI.executable
        process.arguments = ["export", input, "-o", destination.path, "-f", format, "-q"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let folder = destination.deletingLastPathComponent()
        let prefix = ".\(destination.lastPathComponent).tmp-"
        let deadline = Date().addingTimeInterval(60)
        var killed = false
        while process.isRunning && Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if let temp = names.first(where: { $0.hasPrefix(prefix) }) {
                let size = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(temp).path)[.size] as? Int) ?? 0
                if size > 0 {
                    kill(process.processIdentifier, SIGKILL)
                    killed = true
                    break
                }
            }
            usleep(2_000)
        }
        if !killed && process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return killed && process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    private func assertKillLeavesDestinationUntouched(format: String) throws {
        let folder = try TestPaths.temporaryFolder(self)
        let inputs = folder.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var steps = 3
        var input = try largeInput(in: inputs, steps: steps)

        // An earlier file at the destination survives byte for byte.
        let destination = output.appendingPathComponent("records.\(format)")
        let earlier = Data("earlier export\n".utf8)
        try earlier.write(to: destination)
        var interrupted = try killMidway(input: input, destination: destination, format: format)
        if !interrupted {  // a fast machine finished first: try once more with 8 times the input
            steps += 1
            input = try largeInput(in: inputs, steps: steps)
            interrupted = try killMidway(input: input, destination: destination, format: format)
        }
        try XCTSkipUnless(interrupted, "the export finished before it could be killed")
        XCTAssertEqual(try Data(contentsOf: destination), earlier)

        // Without an earlier file, no file appears at the destination.
        let fresh = output.appendingPathComponent("fresh.\(format)")
        XCTAssertTrue(try killMidway(input: input, destination: fresh, format: format))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh.path))

        // Only temporary files (hidden, named after their destination) were left behind.
        for name in try FileManager.default.contentsOfDirectory(atPath: output.path) where name != destination.lastPathComponent {
            XCTAssertTrue(name.hasPrefix(".records.\(format).tmp-") || name.hasPrefix(".fresh.\(format).tmp-"), name)
        }

        // A later, uninterrupted export replaces the destination with the complete output.
        let done = try CLI.run(["export", input, "-o", destination.path, "-q"])
        XCTAssertEqual(done.status, 0, done.stderr)
        let count = try CLI.run(["count", input])
        if format == "jsonl" {
            let lines = try Data(contentsOf: destination).filter { $0 == UInt8(ascii: "\n") }.count
            XCTAssertEqual("\(lines)\n", count.stdoutText)
        } else {
            XCTAssertEqual(try CLI.run(["count", destination.path]).stdoutText, count.stdoutText)
        }
    }

    /// `--fsync` (sync before the rename) writes the same bytes as the default, and leaves
    /// nothing but the destination in its folder.
    func testFsyncExportWritesTheSameFile() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let input = TestPaths.fixtures.appendingPathComponent("example-dataset").path
        for name in ["out.jsonl", "out.parquet"] {
            let plain = folder.appendingPathComponent("plain-" + name), synced = folder.appendingPathComponent("synced-" + name)
            let first = try CLI.run(["export", input, "-o", plain.path, "-q"])
            XCTAssertEqual(first.status, 0, first.stderr)
            let second = try CLI.run(["export", input, "-o", synced.path, "-q", "--fsync"])
            XCTAssertEqual(second.status, 0, second.stderr)
            let bytes = try Data(contentsOf: synced)
            XCTAssertGreaterThan(bytes.count, 1000)
            XCTAssertEqual(bytes, try Data(contentsOf: plain))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
                       ["plain-out.jsonl", "plain-out.parquet", "synced-out.jsonl", "synced-out.parquet"])
    }

    func testSIGKILLDuringJSONLExportLeavesTheDestinationUntouched() throws {
        try assertKillLeavesDestinationUntouched(format: "jsonl")
    }

    func testSIGKILLDuringParquetExportLeavesTheDestinationUntouched() throws {
        try assertKillLeavesDestinationUntouched(format: "parquet")
    }
}
