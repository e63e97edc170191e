// swift-tools-version:6.0
// Benchmark executables for the project's codecs (dev-time; not part of the project's own
// package). Depends on the project two folders up by path; SwiftPM names a path dependency
// after its folder, so the folder's name is computed here.
import PackageDescription

let projectPath = "../.."
let projectIdentity: String = {
    var parts = Context.packageDirectory.split(separator: "/").map(String.init)
    for component in projectPath.split(separator: "/") where component == ".." {
        if !parts.isEmpty { parts.removeLast() }
    }
    return (parts.last ?? "data-designer").lowercased()
}()

let package = Package(
    name: "benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: projectPath)],
    targets: [
        // Compression speed and size on page bodies (Benchmarks/compression.py drives it).
        .executableTarget(
            name: "compressbench",
            dependencies: [.product(name: "ParquetCodecs", package: projectIdentity)]
        ),
    ]
)
