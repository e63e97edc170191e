import Foundation

/// Reads a config file, parses it and builds the validated ``DatasetConfig``, accepting
/// everything the real tool's serializer writes (data-designer 0.9.7 `write_config`) and
/// refusing what its models refuse.
///
/// Structure checks (each a ``ConfigError`` naming the file, and the column and key when
/// there is one):
/// - the document is the builder form `{data_designer: {...}, library_version: ...}` or the
///   shorthand `{columns: [...], ...}`; other top-level keys are refused;
/// - `data_designer` holds `columns` (required) and optionally `model_configs`,
///   `tool_configs`, `seed_config`, `constraints`, `profilers`, `processors`; anything else
///   is refused (`extra="forbid"`);
/// - `model_configs` and `tool_configs` are checked for their shape (they are not used: no
///   column here calls a model); `profilers` are accepted and not run (they call models);
/// - every column has a unique non-empty `name` and a `column_type`: `sampler` and
///   `expression` are generated; LLM, embedding, image, validation, custom and seed-dataset
///   columns are refused naming the column and its type; unknown types are refused;
/// - column keys are the real model's fields (`name`, `drop`, `column_type`, `skip`,
///   `propagate_skip` and the type's own); others are refused naming the key;
/// - expression `expr` is a template of the supported Jinja2 subset (``CompiledTemplate``),
///   checked for the run's template engine, reading only existing columns without cycles;
///   `skip.when` reads at least one column, not itself (skip is refused on sampler columns);
/// - sampler params: see ``SamplerParser``; `conditional_params` conditions read other sampler
///   columns; constraints and processors name existing columns.
enum ConfigLoader {
    /// The largest config file read (64 MiB).
    static let maxFileSize = 64 << 20
    /// The library version written to builder_config.json (the real tool's release we follow).
    static let libraryVersion = "0.9.7"

    static func load(path: String, engine: TemplateEngine) throws -> DatasetConfig {
        let ext = (path as NSString).pathExtension.lowercased()
        let format: ConfigFormat
        switch ext {
        case "json": format = .json
        case "yaml", "yml": format = .yaml
        default:
            let shown = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            throw ConfigError("unsupported config format (\(shown)); expected .json, .yaml or .yml", file: path)
        }
        let text = try readText(path)
        return try parse(text, format: format, file: path, engine: engine)
    }

    /// The UTF-8 text of the file at `path` (at most 64 MiB).
    static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("no such file", file: path)
        }
        if isDirectory.boolValue { throw ConfigError("is a directory, not a config file", file: path) }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? NSNumber, size.intValue > maxFileSize {
            throw ConfigError("config file is larger than 64 MiB", file: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("cannot read the file (\(error.localizedDescription))", file: path)
        }
        if data.count > maxFileSize { throw ConfigError("config file is larger than 64 MiB", file: path) }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigError("the file is not valid UTF-8 text", file: path)
        }
        return text
    }

    static func parse(_ text: String, format: ConfigFormat, file: String, engine: TemplateEngine) throws -> DatasetConfig {
        let document: ConfigValue
        switch format {
        case .json: document = try JSONConfigParser.parse(text, file: file)
        case .yaml: document = try YAMLParser.parse(text, file: file)
        }
        return try build(document, file: file, engine: engine)
    }

    static let dataDesignerKeys = ["columns", "model_configs", "tool_configs", "seed_config", "constraints", "profilers", "processors"]

    /// Validates a parsed document and builds the config.
    static func build(_ document: ConfigValue, file: String, engine: TemplateEngine) throws -> DatasetConfig {
        func fail(_ message: String, _ key: String?) -> ConfigError {
            ConfigError(message, file: file, param: key)
        }
        guard case .object(let top) = document else {
            throw ConfigError("the config must be a mapping with 'data_designer' (or 'columns'), not \(document.kindName)", file: file)
        }
        var root = document
        var libraryVersion: String?
        if top.contains(where: { $0.key == "data_designer" }) || !top.contains(where: { $0.key == "columns" }) {
            // The builder form (BuilderConfig): data_designer + library_version.
            let builder = try Fields(document, what: "the top level") { m, _ in ConfigError(m, file: file) }
            for m in top where m.key != "data_designer" && m.key != "library_version" {
                throw ConfigError("unknown top-level key '\(m.key)' (expected 'data_designer' and 'library_version')", file: file)
            }
            guard let wrapped = builder["data_designer"] else {
                throw ConfigError("missing 'data_designer' (or a 'columns' list for the shorthand form)", file: file)
            }
            guard case .object = wrapped else {
                throw ConfigError("'data_designer' must be a mapping with a 'columns' list, not \(wrapped.kindName)", file: file)
            }
            libraryVersion = try builder.optionalString("library_version")
            root = wrapped
        }
        let dd = try Fields(root, what: "data_designer", fail: fail)
        for m in dd.members where !dataDesignerKeys.contains(m.key) {
            throw ConfigError("unknown key '\(m.key)' in data_designer (the real tool refuses extra keys; expected \(dataDesignerKeys.joined(separator: ", ")))", file: file, param: m.key)
        }
        let modelConfigs = try checkModelConfigs(dd["model_configs"], file: file)
        let toolConfigs = try checkToolConfigs(dd["tool_configs"], file: file)
        let profilers = try checkProfilers(dd["profilers"], file: file)
        guard let columnsValue = dd["columns"] else { throw ConfigError("missing 'columns' list", file: file) }
        guard case .array(let items) = columnsValue else {
            throw ConfigError("'columns' must be a list, not \(columnsValue.kindName)", file: file)
        }
        let seedConfig = try SeedConfigParser.parse(dd["seed_config"], file: file)
        if items.isEmpty && seedConfig == nil { throw ConfigError("'columns' is empty", file: file) }

        var declaredSeedColumns: [(name: String, drop: Bool)] = []
        var raw = try ColumnParser.parseAll(items, file: file, engine: engine, hasSeed: seedConfig != nil,
                                            seedColumns: &declaredSeedColumns)
        let constraints = try ConstraintParser.parse(dd["constraints"], columns: raw.map(\.config), file: file)
        let (processors, processorValue) = try ProcessorParser.parse(dd["processors"], columns: raw.map(\.config), file: file, engine: engine)
        // Columns named by drop processors are dropped (the builder marks them drop: true).
        for case let .dropColumns(_, names) in processors {
            for i in raw.indices where ProcessorParser.matches(raw[i].config.name, names) { raw[i].config.drop = true }
        }
        var seed: SeedSettings?
        var seedProblem: String?
        if let seedConfig, case .local(let path) = seedConfig.source {
            // A seed file that is not there yet is reported when generation starts (the
            // config's shape is still checked); a file that is there is read for its columns.
            do {
                _ = try SeedSettings.resolve(path, configFile: file)
            } catch let e as CreateError {
                seedProblem = e.message
            }
            if seedProblem == nil {
                do {
                    seed = try SeedSettings.resolve(seedConfig, path: path, configFile: file, limits: .forNames)
                } catch let e as CreateError {
                    throw ConfigError(e.message, file: file, param: "seed_config.source.path")
                }
            }
            // builder_config.json lists the seed's columns itself: they must be the file's.
            if let seed, !declaredSeedColumns.isEmpty, declaredSeedColumns.map(\.name) != seed.columnNames {
                throw ConfigError("the config lists seed-dataset columns \(declaredSeedColumns.map(\.name)) but the seed dataset \(seed.path) has \(seed.columnNames)",
                                  file: file, param: "columns")
            }
            let names = Set(raw.map(\.config.name))
            if let clash = seed?.columnNames.first(where: names.contains) {
                throw ConfigError("Seed dataset column(s) {'\(clash)'} collide with existing column(s). Please remove the conflicting columns or use a seed dataset with different column names.",
                                  file: file, column: clash, param: "name")
            }
        }
        try ColumnParser.crossCheck(raw.map(\.config), constraints: constraints, file: file, hasSeed: seedConfig != nil,
                                    seedColumns: seed.map { Set($0.columnNames) })
        if seedConfig == nil, !raw.contains(where: { if case .sampler = $0.config.kind { true } else { false } }) {
            raw.insert(ColumnParser.internalRowID(), at: 0)
        }
        guard raw.contains(where: { !$0.config.drop }) || seedConfig != nil else {
            throw ConfigError("all columns are dropped; mark at least one column with drop: false", file: file)
        }

        let constraintValue: ConfigValue = constraints.isEmpty ? .null : .array(constraints.map(ConstraintParser.value))
        // The real tool appends the seed's columns (`seed-dataset`, dropped where a drop
        // processor's pattern names them) before it writes builder_config.json and hashes.
        var dropPatterns: [String] = []
        for case let .dropColumns(_, names) in processors { dropPatterns += names }
        let seedNames = seed?.columnNames ?? declaredSeedColumns.map(\.name)
        seed?.droppedColumns = Set(seedNames.filter { name in
            ProcessorParser.matches(name, dropPatterns) || declaredSeedColumns.contains { $0.name == name && $0.drop }
        })
        let seedColumnValues: [ConfigValue] = seedNames.map { name in
            let drop = ProcessorParser.matches(name, dropPatterns) || declaredSeedColumns.contains { $0.name == name && $0.drop }
            return .object([("name", .string(name)), ("drop", .bool(drop)),
                            ("column_type", .string("seed-dataset")), ("skip", .null), ("propagate_skip", .bool(true))])
        }
        let normalized = ConfigValue.object([
            ("columns", .array(raw.map(\.value) + seedColumnValues)),
            ("model_configs", modelConfigs),
            ("tool_configs", toolConfigs),
            ("seed_config", seedConfig?.value ?? .null),
            ("constraints", constraintValue),
            ("profilers", profilers),
            ("processors", processorValue),
        ])
        return DatasetConfig(columns: raw.map(\.config), constraints: constraints, processors: processors,
                             seedConfig: seedConfig, seed: seed, seedProblem: seedProblem, libraryVersion: libraryVersion, value: normalized,
                             fingerprint: ConfigHash.fingerprint(of: normalized), legacyFingerprint: root.fingerprint,
                             engine: engine)
    }

    // MARK: Model, tool and profiler configs (shape only)

    static let modelConfigKeys = ["alias", "model", "inference_parameters", "provider", "skip_health_check"]
    static let toolConfigKeys = ["tool_alias", "providers", "allow_tools", "max_tool_call_turns", "timeout_sec"]

    static func checkModelConfigs(_ v: ConfigValue?, file: String) throws -> ConfigValue {
        guard let v, v != .null else { return .array([]) }
        guard case .array(let items) = v else { throw ConfigError("'model_configs' must be a list, not \(v.kindName)", file: file, param: "model_configs") }
        for (i, item) in items.enumerated() {
            let f = try Fields(item, what: "model_configs[\(i)]") { m, k in
                ConfigError(m, file: file, param: "model_configs[\(i)]" + (k.map { ".\($0)" } ?? ""))
            }
            try f.forbidExtra(modelConfigKeys)
            _ = try f.string("alias")
            _ = try f.string("model")
            if let p = f.present("inference_parameters"), case .object = p {} else if f.present("inference_parameters") != nil {
                throw f.error("inference_parameters", "inference_parameters must be a mapping")
            }
            _ = try f.optionalString("provider")
            _ = try f.bool("skip_health_check", default: false)
        }
        return v
    }

    static func checkToolConfigs(_ v: ConfigValue?, file: String) throws -> ConfigValue {
        guard let v, v != .null else { return .array([]) }
        guard case .array(let items) = v else { throw ConfigError("'tool_configs' must be a list, not \(v.kindName)", file: file, param: "tool_configs") }
        for (i, item) in items.enumerated() {
            let f = try Fields(item, what: "tool_configs[\(i)]") { m, k in
                ConfigError(m, file: file, param: "tool_configs[\(i)]" + (k.map { ".\($0)" } ?? ""))
            }
            try f.forbidExtra(toolConfigKeys)
            _ = try f.string("tool_alias")
        }
        return v
    }

    static func checkProfilers(_ v: ConfigValue?, file: String) throws -> ConfigValue {
        guard let v, v != .null else { return .null }
        guard case .array(let items) = v else { throw ConfigError("'profilers' must be a list, not \(v.kindName)", file: file, param: "profilers") }
        // The one profiler type (JudgeScoreProfilerConfig) summarizes llm-judge columns, which
        // are refused; its shape is checked as the real model checks it.
        for (i, item) in items.enumerated() {
            guard case .object = item else { throw ConfigError("profilers[\(i)] must be a mapping", file: file, param: "profilers") }
            let f = try Fields(item, what: "profilers[\(i)]") { m, k in
                ConfigError(m, file: file, param: "profilers[\(i)]" + (k.map { ".\($0)" } ?? ""))
            }
            try f.forbidExtra(["model_alias", "summary_score_sample_size"])
            _ = try f.string("model_alias")
            if let n = try f.optionalInt("summary_score_sample_size"), n < 1 {
                throw f.error("summary_score_sample_size", "must be at least 1 (or null)")
            }
        }
        return items.isEmpty ? .null : v
    }
}

extension String {
    /// The string in single quotes, for messages.
    var quotedForMessage: String { "'\(self)'" }
}
