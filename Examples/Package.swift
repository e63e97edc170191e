// swift-tools-version:6.0
// A separate package that uses the toolkit the way an app does: as a dependency by path.
// Build and run from the repository root:
//   swift run --package-path Examples ParquetExamples
import PackageDescription

let package = Package(
    name: "ParquetExamples",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named, so the products below resolve whatever folder the repository is checked out in
        // (a path dependency's identity is otherwise its folder's name).
        .package(name: "data-designer", path: ".."),
    ],
    targets: [
        .executableTarget(name: "ParquetExamples", dependencies: [
            .product(name: "Parquet", package: "data-designer"),
            .product(name: "ParquetExport", package: "data-designer"),
        ]),
    ]
)
