import Foundation
import Parquet

/// One section of the examples: a name and the code it runs.
struct Example {
    /// What the sections share: where the repository's fixtures are and a scratch folder.
    struct Context: Sendable {
        /// The repository root (this file sits at `Examples/Sources/ParquetExamples/`).
        let repository: URL
        /// A fresh folder for files the sections write, removed at the end.
        let temporaryFolder: URL

        init() throws {
            repository = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            temporaryFolder = FileManager.default.temporaryDirectory
                .appendingPathComponent("parquet-examples-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
        }

        /// A committed fixture, by its path under `Fixtures/`.
        func fixture(_ path: String) -> String {
            repository.appendingPathComponent("Fixtures").appendingPathComponent(path).path
        }

        func removeTemporaryFolder() {
            try? FileManager.default.removeItem(at: temporaryFolder)
        }
    }

    let name: String
    let run: (Context) async throws -> Void

    init(_ name: String, _ run: @escaping (Context) async throws -> Void) {
        self.name = name
        self.run = run
    }
}

/// A check that did not hold.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String
}

/// Throws a ``CheckFailure`` naming `what` when `actual` differs from `expected`.
func check<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
    guard actual == expected else {
        throw CheckFailure(description: "\(what): got \(actual), expected \(expected)")
    }
}

/// The UTF-8 text of byte-array value `index`.
func text(_ values: ByteArrayValues, _ index: Int) -> String {
    String(decoding: values[index], as: UTF8.self)
}
