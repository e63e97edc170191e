// swift-tools-version:6.0
// Benchmark executables for the codecs; a separate package that depends on the repository by
// path, so nothing here is part of the project's own package.
import PackageDescription

let package = Package(
    name: "benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "data-designer", path: "../..")],
    targets: [
        // codec-bench: compresses a page corpus (Benchmarks/page_corpus.py) with the Swift
        // compressors, page by page, and reports size and speed.
        .executableTarget(
            name: "codec-bench",
            dependencies: [.product(name: "ParquetCodecs", package: "data-designer")]),
    ]
)
