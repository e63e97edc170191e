// swift-tools-version:6.0
// Benchmark executables for the codecs, the reader's sources and Codable decoding; a separate package that depends on the repository by
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
        // readbench: decodes files column by column through a file, memory or async source
        // and reports the time (issue 13: memory no slower than file).
        .executableTarget(
            name: "readbench",
            dependencies: [.product(name: "Parquet", package: "data-designer")]),
        // codablebench: every record of some files decoded columnar or as Codable structs
        // (the Codable target: at most 3x the columnar time, docs/performance.md).
        .executableTarget(
            name: "codablebench",
            dependencies: [.product(name: "Parquet", package: "data-designer")]),
        // filterbench: the bytes a row-range or filtered read takes, through a CountingSource,
        // split by what they are (issue 14; driven by Benchmarks/filter_bench.py).
        .executableTarget(
            name: "filterbench",
            dependencies: [.product(name: "Parquet", package: "data-designer"),
                           .product(name: "ParquetExport", package: "data-designer")]),
    ]
)
