// swift-tools-version:6.0
// Fuzzing package for the Parquet reader. It depends on the repository root by path, so it is
// built separately (see docs/hardening.md):
//
//   cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library --product parquet-fuzz
//   cd Fuzz && swift build -c release --product parquet-mutate
import Foundation
import PackageDescription

// A path dependency's identity is its folder name, which differs between checkouts and
// worktrees; take it from this file's location.
let rootFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = rootFolder.lastPathComponent.lowercased()

let package = Package(
    name: "ParquetFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        // The harness: runs one input through the whole read and export path.
        .target(name: "ParquetFuzzCore", dependencies: [
            .product(name: "Parquet", package: rootIdentity),
            .product(name: "ParquetExport", package: rootIdentity),
        ]),
        // libFuzzer entry point (`LLVMFuzzerTestOneInput`); build with `-sanitize=fuzzer`.
        .executableTarget(name: "parquet-fuzz", dependencies: ["ParquetFuzzCore"]),
        // A self-contained mutation driver for toolchains without libFuzzer.
        .executableTarget(name: "parquet-mutate", dependencies: ["ParquetFuzzCore"]),
    ]
)
