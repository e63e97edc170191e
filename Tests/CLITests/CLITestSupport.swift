import Foundation
import XCTest
import TestSupport

/// Paths and process helpers for end-to-end tests of the built `data-designer` executable.
enum CLI {
    /// The executable next to the test bundle (`swift test` builds it first).
    static var executable: URL {
        get throws {
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("data-designer")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            for configuration in ["debug", "release"] {
                let candidate = TestPaths.repositoryRoot.appendingPathComponent(".build/\(configuration)/data-designer")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            throw XCTSkip("the data-designer executable was not built")
        }
    }

    typealias Result = ProcessResult

    /// Runs the CLI through `/bin/sh -c 'SETUP && exec "$0" "$@"'` (e.g. `ulimit -n 64`), so
    /// the shell sets a limit and then becomes the CLI.
    static func run(_ arguments: [String], after setup: String) throws -> Result {
        try run(["-c", "\(setup) && exec \"$0\" \"$@\"", try executable.path] + arguments, in: nil,
                executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// Runs the CLI with `arguments` and waits for it.
    static func run(_ arguments: [String], in directory: URL? = nil, executable override: URL? = nil) throws -> Result {
        try runProcess(try override ?? executable, arguments, in: directory)
    }
}
