import Foundation

/// Reads a config file, parses it and builds the validated ``DatasetConfig``.
///
/// Structure checks (each a ``ConfigError`` naming the file, and the column and param when
/// there is one):
/// - the document is a mapping; `data_designer:` (a mapping) is unwrapped when present, and
///   then it must be the only top-level key;
/// - `columns` is a non-empty list of mappings; `model_configs` is ignored; `seed_config`
///   names a local seed file (see ``SeedSettings``) whose column names are read here (they
///   may be referenced by expressions and must not repeat a config column's name);
///   `constraints` and `profilers` must be null or empty (not supported); any other
///   top-level key is an error;
/// - every column has a non-empty string `name`, unique in the config, and a `column_type`
///   of `sampler` or `expression`; LLM column types (`llm-text`, `llm_code`, ...) and other
///   Data Designer column types are refused as not supported, anything else as unknown;
/// - column keys other than the ones its type takes are errors, except `drop: false`,
///   empty `conditional_params` and `description`;
/// - expression columns: `expr` is a string whose `{{ name }}` references each name an
///   earlier column (not itself, not a later one); `dtype` is `str` (default), `int`,
///   `float` or `bool`; `convert_to` is not allowed;
/// - sampler columns: see ``SamplerParser``.
enum ConfigLoader {
    /// The largest config file read (64 MiB).
    static let maxFileSize = 64 << 20

    static func load(path: String) throws -> DatasetConfig {
        let ext = (path as NSString).pathExtension.lowercased()
        let format: ConfigFormat
        switch ext {
        case "json": format = .json
        case "yaml", "yml": format = .yaml
        default:
            let shown = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            throw ConfigError("unsupported config format (\(shown)); expected .json, .yaml or .yml", file: path)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("no such file", file: path)
        }
        if isDirectory.boolValue { throw ConfigError("is a directory, not a config file", file: path) }
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
        return try parse(text, format: format, file: path)
    }

    static func parse(_ text: String, format: ConfigFormat, file: String) throws -> DatasetConfig {
        let document: ConfigValue
        switch format {
        case .json: document = try JSONConfigParser.parse(text, file: file)
        case .yaml: document = try YAMLParser.parse(text, file: file)
        }
        return try build(document, file: file)
    }

    /// Validates a parsed document and builds the config.
    static func build(_ document: ConfigValue, file: String) throws -> DatasetConfig {
        guard case .object(let top) = document else {
            throw ConfigError("the config must be a mapping with a 'columns' list, not \(document.kindName)", file: file)
        }
        var root = document
        var members = top
        if let wrapped = document["data_designer"] {
            guard case .object(let inner) = wrapped else {
                throw ConfigError("'data_designer' must be a mapping with a 'columns' list, not \(wrapped.kindName)", file: file)
            }
            if let other = top.first(where: { $0.key != "data_designer" }) {
                throw ConfigError("unexpected top-level key '\(other.key)' beside 'data_designer'", file: file)
            }
            root = wrapped
            members = inner
        }
        var seed: SeedSettings?
        for m in members {
            switch m.key {
            case "columns", "model_configs": continue
            case "seed_config":
                if !isEmpty(m.value) { seed = try SeedConfigParser.parse(m.value, configFile: file) }
            case "constraints", "profilers":
                if !isEmpty(m.value) { throw ConfigError("'\(m.key)' is not supported", file: file) }
            default:
                throw ConfigError("unknown top-level key '\(m.key)' (expected 'columns')", file: file)
            }
        }
        guard let columnsValue = root["columns"] else { throw ConfigError("missing 'columns' list", file: file) }
        guard case .array(let items) = columnsValue else {
            throw ConfigError("'columns' must be a list, not \(columnsValue.kindName)", file: file)
        }
        if items.isEmpty { throw ConfigError("'columns' is empty", file: file) }

        var names: [String] = []
        var position: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            guard case .object = item else {
                throw ConfigError("columns[\(i)] must be a mapping, not \(item.kindName)", file: file)
            }
            guard let nameValue = item["name"] else { throw ConfigError("columns[\(i)] has no 'name'", file: file) }
            guard case .string(let name) = nameValue, !name.isEmpty else {
                throw ConfigError("columns[\(i)]: 'name' must be a non-empty string", file: file)
            }
            if position[name] != nil {
                throw ConfigError("duplicate column name", file: file, column: name, param: "name")
            }
            position[name] = i
            names.append(name)
        }

        if var s = seed {
            do {
                s.columnNames = try SeedTable.columnNames(s, limits: SeedLimits())
            } catch let e as CreateError {
                throw ConfigError(e.message, file: file, param: "seed_config")
            }
            if let clash = s.columnNames.first(where: { position[$0] != nil }) {
                throw ConfigError("seed dataset column '\(clash)' of \(s.path) collides with the config column of that name",
                                  file: file, column: clash, param: "name")
            }
            seed = s
        }
        var columns: [ColumnConfig] = []
        let seedColumns = Set(seed?.columnNames ?? [])
        for (i, item) in items.enumerated() {
            let context = ColumnContext(file: file, name: names[i], index: i, position: position, earlier: columns,
                                        seedColumns: seedColumns)
            columns.append(try column(item, context))
        }
        return DatasetConfig(columns: columns, value: root, fingerprint: root.fingerprint, seed: seed)
    }

    /// Whether `v` is null or an empty list/mapping.
    static func isEmpty(_ v: ConfigValue) -> Bool {
        switch v {
        case .null: return true
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        default: return false
        }
    }

    private static func column(_ item: ConfigValue, _ c: ColumnContext) throws -> ColumnConfig {
        guard let typeValue = item["column_type"] else {
            throw c.error("missing 'column_type' (expected sampler or expression)", param: "column_type")
        }
        guard case .string(let type) = typeValue else {
            throw c.error("'column_type' must be a string, not \(typeValue.kindName)", param: "column_type")
        }
        let allowed: Set<String>
        let column: ColumnConfig
        switch type {
        case "sampler":
            allowed = ["name", "column_type", "sampler_type", "params", "convert_to"]
            try checkKeys(item, allowed: allowed, c)
            let (sampler, convert) = try SamplerParser.parse(item, c)
            column = ColumnConfig(name: c.name, kind: .sampler(sampler), convertTo: convert)
        case "expression":
            allowed = ["name", "column_type", "expr", "dtype"]
            try checkKeys(item, allowed: allowed, c)
            column = try expression(item, c)
        default:
            let normalized = type.lowercased().replacingOccurrences(of: "_", with: "-")
            if normalized.hasPrefix("llm") {
                throw c.error("LLM columns ('\(type)') are not supported; only sampler and expression columns are", param: "column_type")
            }
            if ["seed-dataset", "validation", "embedding", "custom", "image"].contains(normalized) {
                throw c.error("column type '\(type)' is not supported; only sampler and expression columns are", param: "column_type")
            }
            throw c.error("unknown column type '\(type)' (expected sampler or expression)", param: "column_type")
        }
        return column
    }

    /// Refuses keys outside `allowed`, tolerating `drop: false`, empty `conditional_params`
    /// and a string `description`.
    private static func checkKeys(_ item: ConfigValue, allowed: Set<String>, _ c: ColumnContext) throws {
        guard case .object(let members) = item else { return }
        for m in members where !allowed.contains(m.key) {
            switch m.key {
            case "drop":
                if m.value == .bool(false) || m.value == .null { continue }
                throw c.error("'drop: true' is not supported", param: "drop")
            case "conditional_params":
                if isEmpty(m.value) { continue }
                throw c.error("conditional params are not supported", param: "conditional_params")
            case "description":
                if case .string = m.value { continue }
                if m.value == .null { continue }
                throw c.error("'description' must be a string", param: "description")
            case "convert_to":
                throw c.error("'convert_to' applies to sampler columns only (use 'dtype')", param: "convert_to")
            default:
                throw c.error("unknown key '\(m.key)'", param: m.key)
            }
        }
    }

    private static func expression(_ item: ConfigValue, _ c: ColumnContext) throws -> ColumnConfig {
        guard let exprValue = item["expr"] else { throw c.error("missing 'expr'", param: "expr") }
        guard case .string(let expr) = exprValue else {
            throw c.error("'expr' must be a string, not \(exprValue.kindName)", param: "expr")
        }
        var dtype = ExpressionType.str
        if let d = item["dtype"], d != .null {
            guard case .string(let s) = d, let t = ExpressionType(rawValue: s) else {
                throw c.error("dtype \(d.text.quotedForMessage) is not one of str, int, float, bool", param: "dtype")
            }
            dtype = t
        }
        let parts: [TemplatePart]
        do {
            parts = try ExpressionTemplate.parts(of: expr)
        } catch let e as ConfigError {
            throw c.error(e.message, param: "expr")
        }
        for case .reference(let name) in parts {
            try c.checkReference(name, param: "expr")
        }
        return ColumnConfig(name: c.name, kind: .expression(template: expr, dtype: dtype))
    }
}

/// Where a column sits in the config, for messages and reference checks.
struct ColumnContext {
    let file: String
    /// This column's name.
    let name: String
    /// Its index in `columns`.
    let index: Int
    /// Index of every column by name.
    let position: [String: Int]
    /// The columns before this one, already built.
    let earlier: [ColumnConfig]
    /// The seed dataset's columns (they come before every config column).
    var seedColumns: Set<String> = []

    /// A validation error naming this column and `param`.
    func error(_ message: String, param: String?) -> ConfigError {
        ConfigError(message, file: file, column: name, param: param)
    }

    /// Throws unless `reference` names an earlier column.
    func checkReference(_ reference: String, param: String) throws {
        guard let at = position[reference] else {
            if seedColumns.contains(reference) { return }
            throw error("unknown column '\(reference)'", param: param)
        }
        if at == index { throw error("refers to the column itself", param: param) }
        if at > index { throw error("refers to column '\(reference)', which comes later; reference only earlier columns", param: param) }
    }

    /// The earlier column named `reference` (after ``checkReference(_:param:)``).
    func earlierColumn(_ reference: String) -> ColumnConfig? {
        earlier.first { $0.name == reference }
    }
}

extension String {
    /// The string in single quotes, for messages.
    var quotedForMessage: String { "'\(self)'" }
}
