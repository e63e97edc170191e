/// Parses `seed_config` into ``SeedConfig``, with the real models' fields and defaults.
enum SeedConfigParser {
    static func parse(_ v: ConfigValue?, file: String) throws -> SeedConfig? {
        guard let v, v != .null else { return nil }
        func fail(_ m: String, _ k: String?) -> ConfigError {
            ConfigError(m, file: file, param: "seed_config" + (k.map { ".\($0)" } ?? ""))
        }
        let f = try Fields(v, what: "seed_config", fail: fail)
        try f.forbidExtra(["source", "sampling_strategy", "selection_strategy"])
        let sourceValue = try f.required("source")
        let s = try Fields(sourceValue, what: "seed_config.source") { m, k in fail(m, "source" + (k.map { ".\($0)" } ?? "")) }
        let type = try s.string("seed_type")
        let source: SeedConfig.Source
        switch type {
        case "local":
            let path = try s.string("path")
            if path.isEmpty { throw s.error("path", "path must not be empty") }
            source = .local(path: path)
        case "hf":
            source = .huggingFace(path: try s.string("path"), token: try s.optionalString("token"),
                                  endpoint: try s.optionalString("endpoint") ?? "https://huggingface.co")
        case "directory", "file_contents":
            let path = try s.string("path")
            if PythonText.strip(path, chars: nil).isEmpty { throw s.error("path", "path must be a non-empty string") }
            let pattern = try s.optionalString("file_pattern") ?? "*"
            let recursive = try s.bool("recursive", default: true)
            source = type == "directory"
                ? .directory(path: path, filePattern: pattern, recursive: recursive)
                : .fileContents(path: path, filePattern: pattern, recursive: recursive, encoding: try s.optionalString("encoding") ?? "utf-8")
        case "agent_rollout":
            source = .agentRollout(format: try s.string("format"), path: try s.optionalString("path"),
                                   filePattern: try s.optionalString("file_pattern"), recursive: try s.bool("recursive", default: true))
        case "dataframe":
            throw s.error("seed_type", "a 'dataframe' seed cannot be read from a config file (the real serializer refuses to write it)")
        default:
            throw s.error("seed_type", "unknown seed_type '\(type)' (expected local, hf, directory, file_contents or agent_rollout)")
        }
        let sampling = SeedConfig.SamplingStrategy(rawValue: try f.choice("sampling_strategy", ["ordered", "shuffle"], default: "ordered")) ?? .ordered
        var selection: SeedConfig.Selection?
        if let sel = f.present("selection_strategy") {
            let sf = try Fields(sel, what: "seed_config.selection_strategy") { m, k in fail(m, "selection_strategy" + (k.map { ".\($0)" } ?? "")) }
            if sf["start"] != nil || sf["end"] != nil {
                try sf.forbidExtra(["start", "end"])
                let start = try sf.int("start"), end = try sf.int("end")
                guard start >= 0, end >= 0 else { throw sf.error("start", "start and end must be at least 0") }
                guard start <= end else { throw sf.error("start", "'start' index must be less than or equal to 'end' index") }
                selection = .indexRange(start: start, end: end)
            } else {
                try sf.forbidExtra(["index", "num_partitions"])
                let index = try sf.optionalInt("index") ?? 0, count = try sf.optionalInt("num_partitions") ?? 1
                guard index >= 0 else { throw sf.error("index", "index must be at least 0") }
                guard count >= 1 else { throw sf.error("num_partitions", "num_partitions must be at least 1") }
                guard index < count else { throw sf.error("index", "'index' must be less than 'num_partitions'") }
                selection = .partition(index: index, count: count)
            }
        }
        return SeedConfig(source: source, sampling: sampling, selection: selection)
    }
}
