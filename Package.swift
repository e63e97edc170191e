// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "data-designer",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ParquetCodecs", targets: ["ParquetCodecs"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "ParquetExport", targets: ["ParquetExport"]),
        .library(name: "ParquetRemote", targets: ["ParquetRemote"]),
        .library(name: "DataDesigner", targets: ["DataDesigner"]),
        .executable(name: "data-designer", targets: ["data-designer"]),
    ],
    dependencies: [],
    targets: [
        // The compression codecs (Snappy, GZIP/DEFLATE, ZSTD, LZ4, BROTLI), checksums and the
        // error type: the standard library only.
        .target(name: "ParquetCodecs"),
        // Sources → Thrift → metadata → schema → pages → encodings → column readers → batches; the writer.
        .target(name: "Parquet", dependencies: ["ParquetCodecs"]),
        // Remote byte sources (HTTP range requests): the only target that imports
        // FoundationNetworking, so the core products stay free of it.
        .target(name: "ParquetRemote", dependencies: ["Parquet"]),
        // Datasets, schema unification, value formatting, sinks (JSONL, CSV, Parquet), count and export.
        .target(name: "ParquetExport", dependencies: ["Parquet"]),
        // Dataset generation: configs (JSON/YAML), samplers, batch layout, resume.
        .target(name: "DataDesigner", dependencies: ["ParquetExport", "Parquet"]),
        // Argument parsing and printing only.
        .executableTarget(name: "data-designer", dependencies: ["DataDesigner", "ParquetExport", "Parquet"]),
        // Shared by the test targets only (no product): the fixture and parquet-testing locator,
        // schema builders, the golden and drift manifests, the process runner, SplitMix64, the
        // ParquetError assertion and the codec vector fixture loader (docs/testing.md).
        .target(name: "TestSupport", dependencies: ["Parquet"], path: "Tests/TestSupport"),
        .testTarget(name: "ParquetCodecsTests", dependencies: ["ParquetCodecs", "TestSupport"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "ParquetCodecs", "TestSupport"]),
        .testTarget(name: "ParquetRemoteTests", dependencies: ["ParquetRemote", "Parquet", "TestSupport"]),
        .testTarget(name: "ParquetExportTests", dependencies: ["ParquetExport", "Parquet", "TestSupport"]),
        .testTarget(name: "DataDesignerTests", dependencies: ["DataDesigner", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ParquetExport", "DataDesigner", "TestSupport"]),
    ]
)
