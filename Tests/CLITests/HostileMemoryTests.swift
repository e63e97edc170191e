import Foundation
import XCTest
import TestSupport

/// Hostile files under a 1 GiB address-space limit (`ulimit -v`): a lie in a file must not
/// make the reader allocate what the lie asks for, or the allocation fails and the process
/// traps. Each case ends with exit 1 and one `error:` line naming the file.
final class HostileMemoryTests: XCTestCase {
    /// Runs the CLI with `arguments` under an address-space limit of `megabytes`.
    static func runLimited(_ arguments: [String], megabytes: Int = 1024) throws -> CLI.Result {
        try CLI.run(arguments, after: "ulimit -v \(megabytes * 1024)")
    }

    private func assertOneErrorLine(_ result: CLI.Result, naming path: String, _ fragment: String,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("error: \(path)"), result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(fragment), "'\(result.stderr)' lacks '\(fragment)'", file: file, line: line)
    }

    func testTheLimitLeavesRoomForNormalWork() throws {
        let dataset = TestPaths.fixtures.appendingPathComponent("example-dataset").path
        let result = try Self.runLimited(["export", dataset, "-o", "-", "-f", "jsonl", "-q"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("example-dataset/example-dataset.jsonl")))
    }

    /// Page headers promising 2 GiB − 1 bytes for pages of a few hundred (one per codec).
    func testLyingPageSizesDoNotAllocateTheLie() throws {
        let folder = TestPaths.fixtures.appendingPathComponent("regressions")
        for codec in ["gzip", "zstd", "brotli", "lz4_hadoop", "snappy"] {
            let path = folder.appendingPathComponent("lying_size_\(codec).parquet").path
            for format in ["jsonl", "csv"] {
                let result = try Self.runLimited(["export", path, "-o", "-", "-f", format, "-q"])
                assertOneErrorLine(result, naming: path, "2147483")
            }
            // Parquet output copies row groups of the output's codec (Snappy) as they are
            // stored, without decoding them; the others are decoded and refused.
            let result = try Self.runLimited(["export", path, "-o", "-", "-f", "parquet", "-q"])
            if codec == "snappy" {
                XCTAssertEqual(result.status, 0, result.stderr)
            } else {
                assertOneErrorLine(result, naming: path, "2147483")
            }
        }
    }

    /// A footer whose schema list claims 16 million elements, each needing only a byte of
    /// the footer but hundreds of bytes decoded: room for them is not reserved up front.
    func testFooterListCountDoesNotReserveTheLie() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let count = 16_000_000
        var footer: [UInt8] = [0x15, 0x02, 0x19, 0xFC]  // version = 1; schema: a list of structs
        var v = count
        while v >= 0x80 {
            footer.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        footer.append(UInt8(v))
        footer += [UInt8](repeating: 0, count: count + 1)
        var bytes = Array("PAR1".utf8) + footer
        bytes += (0 ..< 4).map { UInt8(truncatingIfNeeded: footer.count >> (8 * $0)) } + Array("PAR1".utf8)
        let path = folder.appendingPathComponent("long-list.parquet").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for args in [["count", path], ["schema", path], ["export", path, "-o", "-", "-f", "jsonl", "-q"]] {
            assertOneErrorLine(try Self.runLimited(args), naming: path, "SchemaElement")
        }
    }
}

/// Hostile configs: limits end the run with one error line naming the column and the limit
/// before memory grows past them.
final class HostileConfigTests: XCTestCase {
    /// 3,000 expression columns, each `{{ c<i-1> }}{{ c<i-1> }}`: every column doubles the
    /// previous one.
    private func doubling(_ folder: URL) throws -> String {
        var columns = [#"{"name": "c0", "column_type": "sampler", "sampler_type": "uuid", "params": {}}"#]
        for i in 1..<3000 {
            columns.append(#"{"name": "c\#(i)", "column_type": "expression", "expr": "{{ c\#(i - 1) }}{{ c\#(i - 1) }}"}"#)
        }
        let path = folder.appendingPathComponent("doubling.json")
        try "{\"columns\": [\(columns.joined(separator: ",\n"))]}".write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    func testDoublingColumnsFailFastWithBoundedMemory() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let config = try doubling(folder)
        // 1,000 records: the batch limit (256 MiB) ends the run.
        let big = try HostileMemoryTests.runLimited(["create", config, "-n", "1000", "-o", folder.appendingPathComponent("a").path, "-q"])
        XCTAssertEqual(big.status, 1, big.stderr)
        XCTAssertEqual(big.stderr.filter { $0 == "\n" }.count, 1, big.stderr)
        XCTAssertTrue(big.stderr.hasPrefix("error: column 'c1"), big.stderr)
        XCTAssertTrue(big.stderr.contains("batch limit of 268435456 bytes"), big.stderr)
        // 10 records: each cell outgrows the secure engine's 512,000 characters, every row is
        // dropped as the real tool drops it, and the run ends naming the column and the limit.
        let small = try HostileMemoryTests.runLimited(["create", config, "-o", folder.appendingPathComponent("b").path, "-q"])
        XCTAssertEqual(small.status, 1, small.stderr)
        XCTAssertEqual(small.stderr.filter { $0 == "\n" }.count, 1, small.stderr)
        XCTAssertTrue(small.stderr.hasPrefix("error: column 'c14'"), small.stderr)
        XCTAssertTrue(small.stderr.contains("longer than 512000 characters"), small.stderr)
        // With the native engine the 1 MiB cell limit ends it.
        let runConfig = folder.appendingPathComponent("native.yaml")
        try "jinja_rendering_engine: native\n".write(to: runConfig, atomically: true, encoding: .utf8)
        let native = try HostileMemoryTests.runLimited(["create", config, "-c", runConfig.path, "-o", folder.appendingPathComponent("c").path, "-q"])
        XCTAssertEqual(native.status, 1, native.stderr)
        XCTAssertTrue(native.stderr.hasPrefix("error: column 'c16'"), native.stderr)  // c15 is exactly 1 MiB
        XCTAssertTrue(native.stderr.contains("cell limit of 1048576 bytes (raise it with --max-cell-bytes)"), native.stderr)
        // Nothing was left half-written: no batch file exists.
        for sub in ["a", "b", "c"] {
            let batches = folder.appendingPathComponent("\(sub)/dataset/parquet-files").path
            XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: batches)) ?? [], [], sub)
        }
    }

    func testLoopAndRepetitionLimits() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let config = folder.appendingPathComponent("loops.yaml")
        try """
        columns:
          - {name: n, column_type: sampler, sampler_type: poisson, params: {mean: 3}}
          - {name: many, column_type: expression, expr: "{% for i in range(99999) %}{{ i }}{% endfor %}"}
        """.write(to: config, atomically: true, encoding: .utf8)
        let loops = try HostileMemoryTests.runLimited(["create", config.path, "-o", folder.path, "-q", "--max-loop-iterations", "1000"])
        XCTAssertEqual(loops.status, 1, loops.stderr)
        XCTAssertTrue(loops.stderr.hasPrefix("error: column 'many'"), loops.stderr)
        XCTAssertTrue(loops.stderr.contains("limit of 1000 loop iterations"), loops.stderr)
        // The limits can be raised for real needs.
        let raised = try HostileMemoryTests.runLimited(["create", config.path, "-o", folder.appendingPathComponent("r").path, "-q",
                                                        "--max-cell-bytes", "4000000"])
        XCTAssertEqual(raised.status, 0, raised.stderr)
        let repeats = folder.appendingPathComponent("repeat.yaml")
        try """
        columns:
          - {name: n, column_type: sampler, sampler_type: poisson, params: {mean: 3}}
          - {name: huge, column_type: expression, expr: "{{ 'x' * 1000000000000 }}"}
        """.write(to: repeats, atomically: true, encoding: .utf8)
        let huge = try HostileMemoryTests.runLimited(["create", repeats.path, "-o", folder.appendingPathComponent("h").path, "-q"])
        XCTAssertEqual(huge.status, 1, huge.stderr)
        XCTAssertTrue(huge.stderr.contains("column 'huge'") && huge.stderr.contains("cell limit"), huge.stderr)
    }
}
