import Foundation
import Parquet

/// The files of one dataset folder:
///
/// ```
/// <folder>/builder_config.json
/// <folder>/metadata.json
/// <folder>/parquet-files/batch_00000.parquet ...
/// <folder>/dropped-columns-parquet-files/batch_00000.parquet ...   (dropped columns)
/// <folder>/processors-files/<name>/batch_00000.parquet ...        (schema_transform processors)
/// <folder>/tmp-partial-parquet-files/
/// ```
struct DatasetLayout {
    let folder: String

    static let batchesFolderName = "parquet-files"
    static let partialFolderName = "tmp-partial-parquet-files"
    static let droppedFolderName = "dropped-columns-parquet-files"
    static let processorsFolderName = "processors-files"

    var builderConfig: String { path("builder_config.json") }
    var metadata: String { path("metadata.json") }
    var batchesFolder: String { path(Self.batchesFolderName) }
    var partialFolder: String { path(Self.partialFolderName) }
    var droppedFolder: String { path(Self.droppedFolderName) }
    var processorsFolder: String { path(Self.processorsFolderName) }
    func processorFolder(_ name: String) -> String { (processorsFolder as NSString).appendingPathComponent(name) }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// `batch_00042.parquet` (at least five digits).
    static func batchFileName(_ index: Int) -> String {
        let digits = String(index)
        return "batch_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".parquet"
    }

    /// `parquet-files/batch_00042.parquet`, as metadata.json lists it.
    static func relativeBatchPath(_ index: Int) -> String { batchesFolderName + "/" + batchFileName(index) }

    func batchPath(_ index: Int) -> String { (batchesFolder as NSString).appendingPathComponent(Self.batchFileName(index)) }
    func partialPath(_ index: Int) -> String { partialPath(Self.batchFileName(index)) }
    func partialPath(_ name: String) -> String { (partialFolder as NSString).appendingPathComponent(name) }
    func droppedPath(_ index: Int) -> String { (droppedFolder as NSString).appendingPathComponent(Self.batchFileName(index)) }
    func processorPath(_ name: String, _ index: Int) -> String {
        (processorFolder(name) as NSString).appendingPathComponent(Self.batchFileName(index))
    }
    /// `processors-files/<name>/batch_00042.parquet`, as metadata.json lists it.
    static func relativeProcessorPath(_ name: String, _ index: Int) -> String {
        processorsFolderName + "/" + name + "/" + batchFileName(index)
    }

    /// The batch index of a `batch_<digits>.parquet` name.
    static func batchIndex(of name: String) -> Int? {
        guard name.hasPrefix("batch_"), name.hasSuffix(".parquet") else { return nil }
        let digits = name.dropFirst(6).dropLast(8)
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// Batch files in `parquet-files/` by index.
    func existingBatches() throws -> [Int: String] {
        guard FileSystem.isDirectory(batchesFolder) else { return [:] }
        var found: [Int: String] = [:]
        for name in try FileSystem.contents(batchesFolder) {
            if let index = Self.batchIndex(of: name) { found[index] = batchPath(index) }
        }
        return found
    }

    /// Creates the folder, `parquet-files/` and an empty `tmp-partial-parquet-files/`, and
    /// removes temporary files a killed run left beside metadata.json / builder_config.json.
    func prepare() throws {
        try FileSystem.makeDirectory(folder)
        for name in try FileSystem.contents(folder)
        where name.hasPrefix(".metadata.json.tmp-") || name.hasPrefix(".builder_config.json.tmp-") {
            try FileSystem.remove(path(name))
        }
        try FileSystem.makeDirectory(batchesFolder)
        try FileSystem.removeContents(of: partialFolder)
        try FileSystem.makeDirectory(partialFolder)
    }

    /// Removes the batch files and metadata.json (a restart from zero).
    func clearRun() throws {
        try FileSystem.removeContents(of: batchesFolder)
        try FileSystem.removeContents(of: droppedFolder)
        try FileSystem.removeContents(of: processorsFolder)
        try FileSystem.removeContents(of: partialFolder)
        try FileSystem.remove(metadata)
    }
}

/// File-system helpers that throw ``CreateError`` naming the path.
enum FileSystem {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// Whether `path` is missing, or a folder without entries.
    static func isMissingOrEmpty(_ path: String) -> Bool {
        guard exists(path) else { return true }
        guard isDirectory(path) else { return false }
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).isEmpty
    }

    static func contents(_ path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw CreateError("\(path): cannot list folder: \(error.localizedDescription)")
        }
    }

    static func makeDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CreateError("\(path): cannot create folder: \(error.localizedDescription)")
        }
    }

    static func remove(_ path: String) throws {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw CreateError("\(path): cannot remove: \(error.localizedDescription)")
        }
    }

    /// Removes every entry of folder `path` (nothing when it does not exist).
    static func removeContents(of path: String) throws {
        guard isDirectory(path) else { return }
        for name in try contents(path) { try remove((path as NSString).appendingPathComponent(name)) }
    }

    /// Renames `from` onto `to` (replacing it), atomically on one file system.
    static func rename(_ from: String, _ to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw CreateError("\(to): cannot move \(from) into place: \(String(cString: strerror(errno)))")
        }
    }
}
