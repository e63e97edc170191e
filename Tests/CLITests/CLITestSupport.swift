import Foundation
import XCTest

/// Paths and process helpers for end-to-end tests of the built `data-designer` executable.
enum CLI {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var fixtures: URL { repositoryRoot.appendingPathComponent("Fixtures") }

    /// The executable next to the test bundle (`swift test` builds it first).
    static var executable: URL {
        get throws {
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("data-designer")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            for configuration in ["debug", "release"] {
                let candidate = repositoryRoot.appendingPathComponent(".build/\(configuration)/data-designer")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            throw XCTSkip("the data-designer executable was not built")
        }
    }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs the CLI through `/bin/sh -c 'SETUP && exec "$0" "$@"'` (e.g. `ulimit -n 64`), so
    /// the shell sets a limit and then becomes the CLI.
    static func run(_ arguments: [String], after setup: String) throws -> Result {
        try run(["-c", "\(setup) && exec \"$0\" \"$@\"", try executable.path] + arguments, in: nil,
                executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// Runs the CLI with `arguments` and waits for it.
    static func run(_ arguments: [String], in directory: URL? = nil, executable override: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try override ?? executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a large output cannot block the child.
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
        return Result(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder, removed by the test case's teardown.
    static func temporaryFolder(_ testCase: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dd-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
