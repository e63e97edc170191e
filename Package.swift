// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "data-designer",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "ParquetExport", targets: ["ParquetExport"]),
        .executable(name: "data-designer", targets: ["data-designer"]),
    ],
    dependencies: [],
    targets: [
        // Thrift → metadata → schema → pages → encodings/codecs → column readers → batches.
        .target(name: "Parquet"),
        // Datasets, value formatting, sinks (JSONL, later CSV/Parquet), count and export.
        .target(name: "ParquetExport", dependencies: ["Parquet"]),
        // Argument parsing and printing only.
        .executableTarget(name: "data-designer", dependencies: ["ParquetExport", "Parquet"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"]),
        .testTarget(name: "ParquetExportTests", dependencies: ["ParquetExport", "Parquet"]),
        .testTarget(name: "CLITests", dependencies: ["ParquetExport"]),
    ]
)
