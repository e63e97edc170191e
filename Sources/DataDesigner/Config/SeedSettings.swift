import Foundation

/// A config's `seed_config`: a local seed file whose columns come first in every record.
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
    public enum Sampling: String, Sendable {
        case ordered, shuffle
    }

    public enum Selection: Sendable, Equatable {
        /// Rows `start ... end` (0-based, inclusive).
        case indexRange(start: Int, end: Int)
        /// Partition `index` (0-based) of `count` equal blocks.
        case partition(index: Int, count: Int)
    }

    /// The file formats of a seed (`.json` files are JSON Lines or a JSON array of objects).
    public enum Format: String, Sendable {
        case csv, json, parquet
    }

    /// The `path` as written in the config.
    public var path: String
    /// The files read, in order (one, or the sorted matches of a `dir/*.ext` pattern).
    public var files: [String]
    public var format: Format
    public var sampling: Sampling
    public var selection: Selection?
    /// The seed's column names, read from the file when the config loads.
    public var columnNames: [String]

    public init(path: String, files: [String], format: Format, sampling: Sampling = .ordered,
                selection: Selection? = nil, columnNames: [String] = []) {
        self.path = path
        self.files = files
        self.format = format
        self.sampling = sampling
        self.selection = selection
        self.columnNames = columnNames
    }

    /// The selected row range of a seed of `rows` rows, or an error message as Data Designer
    /// words it (an `end` past the last row, more partitions than rows, an empty seed).
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
}

/// Parses `seed_config` and resolves the seed file.
enum SeedConfigParser {
    static let extensions = ["parquet", "csv", "json", "jsonl"]

    /// `configFile` is the config's path: a relative seed path is looked up in the current
    /// directory first (as Data Designer does), then next to the config file.
    static func parse(_ value: ConfigValue, configFile: String) throws -> SeedSettings {
        func fail(_ message: String) -> ConfigError { ConfigError(message, file: configFile, param: "seed_config") }
        guard case .object(let members) = value else { throw fail("seed_config must be a mapping, not \(value.kindName)") }
        for m in members where !["source", "sampling_strategy", "selection_strategy"].contains(m.key) {
            throw fail("unknown key '\(m.key)' in seed_config (expected source, sampling_strategy, selection_strategy)")
        }
        guard let source = value["source"], source != .null else { throw fail("seed_config has no 'source'") }
        guard case .object(let sourceMembers) = source else { throw fail("seed_config.source must be a mapping, not \(source.kindName)") }
        let seedType = source["seed_type"] ?? .string("local")
        guard case .string(let type) = seedType else { throw fail("seed_config.source.seed_type must be a string") }
        guard type == "local" else {
            throw fail("seed source type '\(type)' is not supported; only local files (seed_type: local) are")
        }
        for m in sourceMembers where m.key != "seed_type" && m.key != "path" {
            throw fail("unknown key '\(m.key)' in seed_config.source (expected seed_type, path)")
        }
        guard case .string(let path)? = source["path"], !path.isEmpty else {
            throw fail("seed_config.source.path must be a non-empty string")
        }
        var sampling = SeedSettings.Sampling.ordered
        if let s = value["sampling_strategy"], s != .null {
            guard case .string(let text) = s, let parsed = SeedSettings.Sampling(rawValue: text) else {
                throw fail("sampling_strategy \(s.text.quotedForMessage) is not one of ordered, shuffle")
            }
            sampling = parsed
        }
        let selection = try parseSelection(value["selection_strategy"], fail)
        let (files, format) = try resolve(path, configFile: configFile, fail)
        return SeedSettings(path: path, files: files, format: format, sampling: sampling, selection: selection)
    }

    private static func parseSelection(_ value: ConfigValue?, _ fail: (String) -> ConfigError) throws -> SeedSettings.Selection? {
        guard let value, value != .null else { return nil }
        guard case .object(let members) = value else {
            throw fail("selection_strategy must be a mapping ({start, end} or {index, num_partitions}), not \(value.kindName)")
        }
        let keys = Set(members.map(\.key))
        func integer(_ key: String, default d: Int? = nil) throws -> Int {
            guard let v = value[key], v != .null else {
                if let d { return d }
                throw fail("selection_strategy needs '\(key)'")
            }
            switch v {
            case .int(let i): if let n = Int(exactly: i), n >= 0 { return n }
            case .double(let x): if x.rounded() == x, x >= 0, let n = Int(exactly: x) { return n }
            default: break
            }
            throw fail("selection_strategy.\(key) must be an integer >= 0, not \(v.text.quotedForMessage)")
        }
        if keys.isSubset(of: ["start", "end"]), !keys.isEmpty {
            let start = try integer("start"), end = try integer("end")
            if start > end { throw fail("selection_strategy: 'start' index must be less than or equal to 'end' index") }
            return .indexRange(start: start, end: end)
        }
        if keys.isSubset(of: ["index", "num_partitions"]) {
            let index = try integer("index", default: 0), count = try integer("num_partitions", default: 1)
            if count < 1 { throw fail("selection_strategy.num_partitions must be at least 1") }
            if index >= count { throw fail("selection_strategy: 'index' must be less than 'num_partitions'") }
            return .partition(index: index, count: count)
        }
        throw fail("selection_strategy must have keys start and end (an index range) or index and num_partitions (a partition block), not \(keys.sorted().joined(separator: ", "))")
    }

    /// The files of `path` and their format. A path ending in `*.ext` names the files with that
    /// extension in its folder (sorted by name).
    static func resolve(_ path: String, configFile: String, _ fail: (String) -> ConfigError) throws -> ([String], SeedSettings.Format) {
        let lower = path.lowercased()
        guard let ext = extensions.first(where: { lower.hasSuffix("." + $0) }) else {
            throw fail("seed file '\(path)': dataset files must be in parquet, csv, or jsonl/json format")
        }
        let format: SeedSettings.Format = ext == "parquet" ? .parquet : ext == "csv" ? .csv : .json
        var candidates = [path]
        if !path.hasPrefix("/") {
            let dir = (configFile as NSString).deletingLastPathComponent
            if !dir.isEmpty { candidates.append((dir as NSString).appendingPathComponent(path)) }
        }
        let fm = FileManager.default
        if (path as NSString).lastPathComponent.hasPrefix("*.") {
            for candidate in candidates {
                let folder = (candidate as NSString).deletingLastPathComponent
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                let names = (try? fm.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
                let matches = names.filter { $0.lowercased().hasSuffix("." + ext) && !$0.hasPrefix(".") }.sorted()
                if matches.isEmpty { throw fail("seed path '\(path)': no .\(ext) files in \(folder.isEmpty ? "." : folder)") }
                return (matches.map { folder.isEmpty ? $0 : (folder as NSString).appendingPathComponent($0) }, format)
            }
            throw fail("seed path '\(path)': the folder does not exist")
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDirectory) {
                if isDirectory.boolValue { throw fail("seed path '\(candidate)' is a directory, not a file") }
                return ([candidate], format)
            }
        }
        throw fail("seed file '\(path)' does not exist (looked in the current directory and next to the config)")
    }
}
