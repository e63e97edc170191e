import Foundation
import XCTest

/// Hostile files under a 1 GiB address-space limit (`ulimit -v`): a lie in a file must not
/// make the reader allocate what the lie asks for, or the allocation fails and the process
/// traps. Each case ends with exit 1 and one `error:` line naming the file.
final class HostileMemoryTests: XCTestCase {
    /// Runs the CLI with `arguments` under an address-space limit of `megabytes`.
    static func runLimited(_ arguments: [String], megabytes: Int = 1024) throws -> CLI.Result {
        let executable = try CLI.executable.path
        let script = "ulimit -v \(megabytes * 1024) && exec \"$0\" \"$@\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, executable] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        return CLI.Result(status: status, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    private func assertOneErrorLine(_ result: CLI.Result, naming path: String, _ fragment: String,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("error: \(path)"), result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(fragment), "'\(result.stderr)' lacks '\(fragment)'", file: file, line: line)
    }

    func testTheLimitLeavesRoomForNormalWork() throws {
        let dataset = CLI.fixtures.appendingPathComponent("example-dataset").path
        let result = try Self.runLimited(["export", dataset, "-o", "-", "-f", "jsonl", "-q"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, try Data(contentsOf: CLI.fixtures.appendingPathComponent("example-dataset/example-dataset.jsonl")))
    }

    /// Page headers promising 2 GiB − 1 bytes for pages of a few hundred (one per codec).
    func testLyingPageSizesDoNotAllocateTheLie() throws {
        let folder = CLI.fixtures.appendingPathComponent("regressions")
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
        let folder = try CLI.temporaryFolder(self)
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
