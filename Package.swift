// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "data-designer",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "ParquetExport", targets: ["ParquetExport"]),
        .library(name: "DataDesigner", targets: ["DataDesigner"]),
        .executable(name: "data-designer", targets: ["data-designer"]),
    ],
    dependencies: [],
    targets: [
        // Thrift → metadata → schema → pages → encodings/codecs → column readers → batches.
        .target(name: "Parquet"),
        // Datasets, value formatting, sinks (JSONL, later CSV/Parquet), count and export.
        .target(name: "ParquetExport", dependencies: ["Parquet"]),
        // Dataset generation: configs (JSON/YAML), samplers, batch layout, resume.
        .target(name: "DataDesigner", dependencies: ["ParquetExport", "Parquet"]),
        // Argument parsing and printing only.
        .executableTarget(name: "data-designer", dependencies: ["DataDesigner", "ParquetExport", "Parquet"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"]),
        .testTarget(name: "ParquetExportTests", dependencies: ["ParquetExport", "Parquet"]),
        .testTarget(name: "DataDesignerTests", dependencies: ["DataDesigner"]),
        .testTarget(name: "CLITests", dependencies: ["ParquetExport"]),
    ]
)
