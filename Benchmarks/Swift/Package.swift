// swift-tools-version:6.0
// Benchmark executables for the codecs and Codable decoding; a separate package that depends on the repository by
// path, so nothing here is part of the project's own package.
import PackageDescription

let package = Package(
    name: "benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "data-designer", path: "../..")],
    targets: [
        // compressbench: compresses page bodies with the Swift encoders, page by page, and
        // reports size and speed (driven by Benchmarks/compression.py).
        .executableTarget(
            name: "compressbench",
            dependencies: [.product(name: "ParquetCodecs", package: "data-designer")]),
        // codablebench: every record of some files decoded columnar or as Codable structs
        // (the Codable target: at most 3x the columnar time, docs/performance.md).
        .executableTarget(
            name: "codablebench",
            dependencies: [.product(name: "Parquet", package: "data-designer")]),
    ]
)
