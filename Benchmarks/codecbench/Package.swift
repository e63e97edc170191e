// swift-tools-version:6.0
// Template used by Benchmarks/bench_codecs.py: it copies this folder to a scratch directory
// (default /tmp/codecbench) and replaces @PROJECT_ROOT@ with the project's absolute path and
// @PROJECT_IDENTITY@ with that folder's name (SwiftPM's identity of a path dependency).
// Nothing here is part of the project's package.
import PackageDescription

let package = Package(
    name: "codecbench",
    dependencies: [.package(path: "@PROJECT_ROOT@")],
    targets: [
        .executableTarget(
            name: "codecbench",
            dependencies: [.product(name: "Parquet", package: "@PROJECT_IDENTITY@")]
        ),
    ]
)
