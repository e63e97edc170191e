// swift-tools-version:6.0
// Page-decode benchmark of the codecs on real Parquet pages (Benchmarks/extract_pages.py).
// Template like Benchmarks/codecbench: copy this folder to a scratch directory and replace
// @PROJECT_ROOT@ with a checkout's absolute path and @PROJECT_IDENTITY@ with that folder's
// name (see docs/performance.md, "Codec decode speed"). Nothing here is part of the project.
import PackageDescription

let package = Package(
    name: "pagebench",
    dependencies: [.package(path: "@PROJECT_ROOT@")],
    targets: [
        .executableTarget(
            name: "pagebench",
            dependencies: [.product(name: "ParquetCodecs", package: "@PROJECT_IDENTITY@")]
        ),
    ]
)
