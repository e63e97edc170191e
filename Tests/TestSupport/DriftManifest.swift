import Foundation

/// `Fixtures/drift/manifest.json` (written by scripts/golden/drift.py): the schema-drift
/// datasets and what exporting each must give.
public struct DriftManifest: Decodable, Sendable {
    /// One dataset folder under `Fixtures/drift/`.
    public struct Case: Decodable, Sendable {
        public var name: String
        /// `ok` or `error`.
        public var expect: String
        public var jsonl: String?
        public var csv: String?
        public var rows: Int?
        public var onDisk: Bool?
        public var errorFile: String?
        public var errorColumn: String?
        public var errorSubstrings: [String]?

        enum CodingKeys: String, CodingKey {
            case name = "case", expect, jsonl, csv, rows
            case onDisk = "on_disk", errorFile = "error_file", errorColumn = "error_column"
            case errorSubstrings = "error_substrings"
        }
    }

    public var cases: [Case]

    /// `Fixtures/drift/`.
    public static var folder: URL { TestPaths.fixtures.appendingPathComponent("drift") }

    /// Reads the manifest.
    public static func load() throws -> DriftManifest {
        try JSONDecoder().decode(DriftManifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
    }
}
