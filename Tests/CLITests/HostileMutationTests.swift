import Foundation
import XCTest
import ParquetExport
import TestSupport

/// The short, bounded fuzz run of CI: corrupted copies of the fixtures go through the whole
/// read path in-process (footer, Thrift, schema, pages, levels, encodings, codecs, record
/// assembly, JSONL, CSV and Parquet export) and through the built CLI.
///
/// A trap ends the test process: the input that caused it is left at ``casePath`` (and the
/// seed and case number are in the log), ready to be added to Fixtures/regressions/.
/// `DD_FUZZ_SECONDS` (default 40) bounds the in-process run; `DD_FUZZ_SEED` picks the
/// mutations (default: a fixed seed, so CI runs are reproducible).
final class HostileMutationTests: XCTestCase {
    static var seconds: Double { Double(ProcessInfo.processInfo.environment["DD_FUZZ_SECONDS"] ?? "") ?? 40 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["DD_FUZZ_SEED"] ?? "") ?? 20_241_126 }
    static let casePath = NSTemporaryDirectory() + "dd-hostile-case-\(getpid()).parquet"

    /// Fixture files small enough to mutate quickly, regression fixtures included.
    static func seedFiles() throws -> [[UInt8]] {
        let root = TestPaths.fixtures
        let names = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return try names.filter { $0.hasSuffix(".parquet") }.sorted().compactMap { name in
            let data = try Data(contentsOf: root.appendingPathComponent(name))
            return data.count <= 100_000 ? [UInt8](data) : nil
        }
    }

    func testInProcessMutationsNeverTrap() throws {
        let seeds = try Self.seedFiles()
        XCTAssertGreaterThan(seeds.count, 20)
        var rng = SplitMix64(seed: Self.seed)
        let out = NSTemporaryDirectory() + "dd-hostile-out-\(getpid())"
        defer {
            for path in [Self.casePath, out + ".jsonl", out + ".csv", out + ".parquet"] { try? FileManager.default.removeItem(atPath: path) }
        }
        print("HostileMutationTests: seed \(Self.seed); after a crash the input is at \(Self.casePath)")
        let start = Date()
        var cases = 0, failures = 0
        while Date().timeIntervalSince(start) < Self.seconds {
            let input = Mutation.mutate(seeds[Int(rng.next() % UInt64(seeds.count))], &rng)
            try Data(input).write(to: URL(fileURLWithPath: Self.casePath))
            let path = Self.casePath
            var errors: [Error] = []
            func attempt(_ body: () throws -> Void) {
                do { try body() } catch { errors.append(error) }
            }
            attempt { _ = try ParquetFileReader.recordCount(path: path) }
            attempt { _ = try Dataset(inputs: [path]).schemaSummary() }
            attempt {
                var batches = try ParquetFileReader(path: path).batches(maxRowsPerBatch: 5)
                while try batches.next() != nil {}
            }
            attempt { try Dataset(inputs: [path]).export(to: out + ".jsonl", format: .jsonl) }
            attempt { try Dataset(inputs: [path]).export(to: out + ".csv", format: .csv) }
            attempt {
                try Dataset(inputs: [path]).export(to: out + ".parquet", format: .parquet)
                try Dataset(inputs: [out + ".parquet"]).export(to: out + ".jsonl", format: .jsonl)
            }
            // Every failure is a ParquetError (the CLI's one-line `error:`), never anything else.
            for error in errors where !(error is ParquetError) {
                failures += 1
                XCTFail("case \(cases): \(type(of: error)): \(error)")
            }
            cases += 1
        }
        print("HostileMutationTests: \(cases) mutated inputs in \(Int(Date().timeIntervalSince(start)))s, \(failures) failures")
        XCTAssertGreaterThan(cases, 0)
    }

    /// The built CLI on mutated files, under a 1 GiB address-space limit: exit 0, or exit 1
    /// with exactly one `error:` line (a failed allocation would be a signal).
    func testCLIOnMutatedFilesExitsCleanly() throws {
        let seeds = try Self.seedFiles()
        let folder = try TestPaths.temporaryFolder(self)
        var rng = SplitMix64(seed: Self.seed &+ 1)
        let path = folder.appendingPathComponent("case.parquet").path
        var cleanReads = 0
        for index in 0 ..< 60 {
            let input = Mutation.mutate(seeds[Int(rng.next() % UInt64(seeds.count))], &rng)
            try Data(input).write(to: URL(fileURLWithPath: path))
            var results: [CLI.Result] = []
            for args in [["count", path], ["export", path, "-o", "-", "-f", "jsonl", "-q"]] {
                let result = try HostileMemoryTests.runLimited(args)
                results.append(result)
                if result.status == 0 {
                    XCTAssertEqual(result.stderr, "", "case \(index) \(args[0])")
                    continue
                }
                let ok = result.status == 1 && result.stderr.hasPrefix("error: \(path)")
                    && result.stderr.filter { $0 == "\n" }.count == 1
                XCTAssertTrue(ok, "case \(index) (seed \(Self.seed &+ 1)) \(args[0]): status \(result.status): \(result.stderr)")
            }
            // A file both commands accept: count and export agree on its records (as
            // scripts/fuzz/mutate.py checks), so a clean exit cannot hide lost or invented rows.
            if results.count == 2, results[0].status == 0, results[1].status == 0 {
                cleanReads += 1
                let counted = results[0].stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
                let exported = results[1].stdout.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                XCTAssertEqual(counted, String(exported), "case \(index) (seed \(Self.seed &+ 1)): count and export disagree")
            }
        }
        // Some mutations leave a readable file (a flipped value byte): the agreement check ran.
        XCTAssertGreaterThan(cleanReads, 0)
    }
}

/// Corruptions of a Parquet file: bit flips, random bytes, truncation, zeroed runs, lying
/// footer lengths, huge varints and Thrift field headers written over or inserted (half of
/// the edits in the footer, where lengths and counts live), and block copies.
enum Mutation {
    static let tokens: [[UInt8]] = [
        Array("PAR1".utf8), [0x15, 0x00], [0x15, 0x04], [0x15, 0x06], [0x16, 0x00], [0x18, 0x00], [0x19, 0x1C],
        [0x1C], [0x2C], [0x5C], [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFE, 0xFF, 0xFF, 0xFF, 0x0F],
        [0x80, 0x80, 0x80, 0x80, 0x08], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        [0x00], [0x01], [0x7F], [0xF9, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0x7F],
    ]

    static func mutate(_ data: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = data
        for _ in 0 ..< 1 + Int(rng.next() % 3) where !b.isEmpty {
            let n = b.count
            let footerStart = max(0, n - 2048)
            let inFooter = rng.next() % 2 == 0
            func position() -> Int {
                inFooter ? footerStart + Int(rng.next() % UInt64(n - footerStart)) : Int(rng.next() % UInt64(n))
            }
            switch rng.next() % 9 {
            case 0: b[position()] ^= UInt8(1) << UInt8(rng.next() % 8)
            case 1: for _ in 0 ..< 1 + Int(rng.next() % 16) { b[position()] = UInt8(truncatingIfNeeded: rng.next()) }
            case 2: b.removeLast(1 + Int(rng.next() % UInt64(n)))
            case 3:
                let i = position()
                for j in i ..< min(n, i + 1 + Int(rng.next() % 64)) { b[j] = 0 }
            case 4:
                if n >= 8 {
                    let v = [0, 1, UInt32(truncatingIfNeeded: n), .max, UInt32(truncatingIfNeeded: rng.next() % UInt64(n))][Int(rng.next() % 5)]
                    for k in 0 ..< 4 { b[n - 8 + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
                }
            case 5, 6:
                let token = tokens[Int(rng.next() % UInt64(tokens.count))]
                let i = position()
                for (k, byte) in token.enumerated() where i + k < n { b[i + k] = byte }
            case 7:
                b.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: position())
            default:
                let i = position(), j = Int(rng.next() % UInt64(n))
                let k = min(n - i, n - j, 1 + Int(rng.next() % 200))
                b.replaceSubrange(i ..< i + k, with: Array(b[j ..< j + k]))
            }
        }
        return b
    }
}
