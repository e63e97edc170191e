import Foundation

/// A `seed_config` with a local source, resolved: the files to read and the seed's columns.
///
/// ```yaml
/// seed_config:
///   source: {seed_type: local, path: products.csv}   # .csv, .json, .jsonl, .parquet, or dir/*.ext
///   sampling_strategy: ordered                       # or shuffle
///   selection_strategy: {start: 100, end: 199}       # or {index: 2, num_partitions: 5}, or null
/// ```
///
/// As in Data Designer: `ordered` gives record `i` the selected row `i mod S` (S selected
/// rows); `shuffle` gives records blocks of S rows, each block a new random order of the
/// selection. An index range is inclusive at both ends; partition `index` of `num_partitions`
/// is rows `index·⌊n/num_partitions⌋ ...`, the last one running to the end.
public struct SeedSettings: Sendable, Equatable {
    /// The file formats of a seed (`.json` files are JSON Lines or a JSON array of objects).
    public enum Format: String, Sendable {
        case csv, json, parquet
    }

    /// The `path` as written in the config.
    public var path: String
    /// The files read, in order (one, or the sorted matches of a `dir/*.ext` pattern).
    public var files: [String]
    public var format: Format
    public var sampling: SeedConfig.SamplingStrategy
    public var selection: SeedConfig.Selection?
    /// The seed's column names, read from the file when the config loads.
    public var columnNames: [String]
    /// The seed columns kept out of the dataset (named by a drop processor's pattern, or
    /// listed with `drop: true`); they go to the dropped-columns files.
    public var droppedColumns: Set<String> = []

    public init(path: String, files: [String], format: Format, sampling: SeedConfig.SamplingStrategy = .ordered,
                selection: SeedConfig.Selection? = nil, columnNames: [String] = []) {
        self.path = path
        self.files = files
        self.format = format
        self.sampling = sampling
        self.selection = selection
        self.columnNames = columnNames
    }

    /// The selected row range of a seed of `rows` rows, or the error Data Designer gives (an
    /// `end` past the last row, more partitions than rows, an empty seed).
    func selectedRange(rows: Int) -> Result<Range<Int>, CreateError> {
        let origin = "seed dataset \(path)"
        guard rows > 0 else { return .failure(CreateError("\(origin) has no rows")) }
        switch selection {
        case nil:
            return .success(0 ..< rows)
        case let .indexRange(start, end)?:
            if end >= rows {
                return .failure(CreateError("\(origin): selection strategy 'end' index \(end) is out of bounds for dataset size \(rows)"))
            }
            return .success(start ..< end + 1)
        case let .partition(index, count)?:
            if count > rows {
                return .failure(CreateError("\(origin): selection strategy 'num_partitions' \(count) is out of bounds for dataset size \(rows)"))
            }
            let size = rows / count
            let start = index * size
            let end = index == count - 1 ? rows : (index + 1) * size
            return .success(start ..< end)
        }
    }

    static let extensions = ["parquet", "csv", "json", "jsonl"]

    /// Resolves a local seed `path` of `config` and reads its column names. A relative path
    /// is looked up in the current directory first (as Data Designer does), then next to the
    /// config file `configFile`. Throws ``CreateError`` naming the path.
    static func resolve(_ config: SeedConfig, path: String, configFile: String, limits: SeedLimits) throws -> SeedSettings {
        let (files, format) = try resolve(path, configFile: configFile)
        var settings = SeedSettings(path: path, files: files, format: format, sampling: config.sampling, selection: config.selection)
        settings.columnNames = try SeedTable.columnNames(settings, limits: limits)
        return settings
    }

    /// The files of `path` and their format. A path ending in `*.ext` names the files with that
    /// extension in its folder (sorted by name).
    static func resolve(_ path: String, configFile: String) throws -> ([String], Format) {
        let lower = path.lowercased()
        guard let ext = extensions.first(where: { lower.hasSuffix("." + $0) }) else {
            throw CreateError("seed file '\(path)': dataset files must be in parquet, csv, or jsonl/json format")
        }
        let format: Format = ext == "parquet" ? .parquet : ext == "csv" ? .csv : .json
        var candidates = [path]
        if !path.hasPrefix("/") {
            let dir = (configFile as NSString).deletingLastPathComponent
            if !dir.isEmpty { candidates.append((dir as NSString).appendingPathComponent(path)) }
        }
        let fm = FileManager.default
        if (path as NSString).lastPathComponent.hasPrefix("*.") {
            for candidate in candidates {
                let folder = (candidate as NSString).deletingLastPathComponent
                let shown = folder.isEmpty ? "." : folder
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: shown, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                let names = (try? fm.contentsOfDirectory(atPath: shown)) ?? []
                let matches = names.filter { $0.lowercased().hasSuffix("." + ext) && !$0.hasPrefix(".") }.sorted()
                if matches.isEmpty { throw CreateError("seed path '\(path)': no .\(ext) files in \(shown)") }
                return (matches.map { folder.isEmpty ? $0 : (folder as NSString).appendingPathComponent($0) }, format)
            }
            throw CreateError("seed path '\(path)': the folder does not exist")
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDirectory) {
                if isDirectory.boolValue { throw CreateError("seed path '\(candidate)' is a directory, not a file") }
                return ([candidate], format)
            }
        }
        throw CreateError("seed file '\(path)' does not exist (looked in the current directory and next to the config)")
    }
}
