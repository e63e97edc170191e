import Foundation
import Parquet

/// `Fixtures/manifest.json` (written by scripts/golden/fixtures.py): the flat and nested golden
/// fixtures, their JSONL and CSV goldens and their features.
public struct GoldenManifest: Decodable, Sendable {
    /// One fixture file.
    public struct Entry: Decodable, Sendable {
        /// The Parquet file, relative to `Fixtures/`.
        public var file: String
        /// The JSONL golden, relative to `Fixtures/`.
        public var golden: String
        /// The CSV golden, relative to `Fixtures/`, when there is one.
        public var csvGolden: String?
        public var features: [String]
        /// Codec names as parquet-format spells them (`SNAPPY`, `LZ4_RAW`, …).
        public var codecs: [String]

        /// The entry's codecs (names the table below does not know are left out).
        public var compressionCodecs: [CompressionCodec] { codecs.compactMap { GoldenManifest.codecNames[$0] } }

        enum CodingKeys: String, CodingKey {
            case file, golden, features, codecs
            case csvGolden = "csv_golden"
        }
    }

    public var fixtures: [Entry]

    /// parquet-format codec names → codecs.
    public static let codecNames: [String: CompressionCodec] = [
        "UNCOMPRESSED": .uncompressed, "SNAPPY": .snappy, "GZIP": .gzip, "LZO": .lzo,
        "BROTLI": .brotli, "LZ4": .lz4, "ZSTD": .zstd, "LZ4_RAW": .lz4Raw,
    ]

    /// Reads the manifest.
    public static func load() throws -> GoldenManifest {
        try JSONDecoder().decode(GoldenManifest.self, from: Data(contentsOf: TestPaths.fixtures.appendingPathComponent("manifest.json")))
    }
}
