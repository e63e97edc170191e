import Foundation
import XCTest

/// Locations of the repository's fixtures and of the shared conformance corpus, for every test
/// target (one locator, so a checkout or CI machine configures the corpus in one place).
public enum TestPaths {
    /// The package root (this file is `Tests/TestSupport/TestPaths.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Fixtures/` at the package root.
    public static var fixtures: URL { repositoryRoot.appendingPathComponent("Fixtures") }

    /// The environment variable that points at an apache/parquet-testing checkout.
    public static let parquetTestingVariable = "PARQUET_TESTING_DIR"

    /// The apache/parquet-testing checkout: `$PARQUET_TESTING_DIR` when set, else
    /// `../shared/parquet-testing` relative to the package root; nil when the chosen folder has
    /// no `data/` folder.
    public static var parquetTesting: URL? {
        let url: URL
        if let path = ProcessInfo.processInfo.environment[parquetTestingVariable], !path.isEmpty {
            url = URL(fileURLWithPath: path).standardizedFileURL
        } else {
            url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/parquet-testing")
                .standardizedFileURL
        }
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("data").path) ? url : nil
    }

    /// The parquet-testing checkout, or an `XCTSkip` saying where it was looked for.
    public static func requireParquetTesting(_ what: String = "") throws -> URL {
        guard let url = parquetTesting else {
            let suffix = what.isEmpty ? "" : "; \(what) skipped"
            throw XCTSkip("parquet-testing is not present (set \(parquetTestingVariable) or check out "
                          + "../shared/parquet-testing)\(suffix)")
        }
        return url
    }

    /// A fresh temporary folder, removed by the test case's teardown.
    public static func temporaryFolder(_ testCase: XCTestCase, prefix: String = "dd-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
