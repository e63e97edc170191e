import Foundation

/// The real tool's RunConfig fields read from a `--run-config` / `-c` YAML file (a direct
/// mapping of RunConfig fields, as `data-designer create -c` takes it).
///
/// Every RunConfig field is accepted and type-checked as the real model checks it (unknown
/// keys are refused, naming the key); the ones that change generation here are
/// `buffer_size`, `preserve_dropped_columns` and `jinja_rendering_engine`. The others
/// (concurrency, early shutdown, model request tuning, tracing, TUI) concern model calls and
/// the real tool's scheduler and have no effect here.
public struct RunSettings: Sendable, Equatable {
    /// `buffer_size`: records per batch (nil: not set in the file).
    public var bufferSize: Int?
    /// `preserve_dropped_columns` (default true): keep dropped columns in
    /// `dropped-columns-parquet-files/`.
    public var preserveDroppedColumns = true
    /// `jinja_rendering_engine` (default `secure`).
    public var engine = TemplateEngine.secure
    /// The fields the file set, in file order.
    public var fieldsSet: [String] = []

    public init() {}

    /// Every RunConfig field and the check its value gets.
    enum Check {
        case bool, positiveInt, nonNegativeInt, atLeastOneInt, probability, positiveFloat, port, engine, mapping
    }
    static let fields: [(String, Check)] = [
        ("disable_early_shutdown", .bool), ("shutdown_error_rate", .probability), ("shutdown_error_window", .atLeastOneInt),
        ("buffer_size", .positiveInt), ("max_concurrent_row_groups", .atLeastOneInt), ("max_in_flight_tasks", .atLeastOneInt),
        ("non_inference_max_parallel_workers", .atLeastOneInt), ("max_conversation_restarts", .nonNegativeInt),
        ("max_conversation_correction_steps", .nonNegativeInt), ("async_trace", .bool), ("write_scheduler_events", .bool),
        ("display_tui", .bool), ("progress_interval", .positiveFloat), ("otel_metrics_port", .port),
        ("preserve_dropped_columns", .bool), ("jinja_rendering_engine", .engine), ("request_admission", .mapping),
        ("progress_bar", .bool), ("throttle", .mapping),
    ]

    /// Reads a run config file (`.yaml` / `.yml`); throws ``ConfigError`` naming the file and
    /// the field.
    public static func load(path: String) throws -> RunSettings {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "yaml" || ext == "yml" else {
            throw ConfigError("Failed to load run config: unsupported file extension '.\(ext)'. Supported extensions: .yaml, .yml", file: path)
        }
        let text = try ConfigLoader.readText(path)
        return try parse(try YAMLParser.parse(text, file: path), file: path)
    }

    /// Validates a parsed run config document.
    public static func parse(_ document: ConfigValue, file: String) throws -> RunSettings {
        var settings = RunSettings()
        if document == .null { return settings }
        let f = try Fields(document, what: "the run config") { m, k in ConfigError(m, file: file, param: k) }
        try f.forbidExtra(fields.map(\.0))
        if f.present("throttle") != nil, f.present("request_admission") != nil {
            throw ConfigError("Specify either RunConfig.throttle or RunConfig.request_admission, not both. RunConfig.throttle is deprecated.", file: file, param: "throttle")
        }
        for (key, check) in fields {
            guard let v = f[key] else { continue }
            settings.fieldsSet.append(key)
            func bad(_ what: String) -> ConfigError { f.error(key, "\(key) must be \(what), not \(v.describedForMessage)") }
            switch check {
            case .bool:
                guard Fields.bool(v) != nil else { throw bad("true or false") }
            case .positiveInt, .nonNegativeInt, .atLeastOneInt:
                guard let i = Fields.int(v) else { throw bad("an integer") }
                let minimum: Int64 = check == .nonNegativeInt ? 0 : 1
                guard i >= minimum else { throw bad(minimum == 0 ? "at least 0" : "greater than 0") }
            case .probability:
                guard let d = Fields.float(v), d >= 0, d <= 1 else { throw bad("a number from 0 to 1") }
            case .positiveFloat:
                guard let d = Fields.float(v), d > 0 else { throw bad("a number greater than 0") }
            case .port:
                if v == .null { continue }
                guard let i = Fields.int(v), i >= 1, i <= 65535 else { throw bad("a port number from 1 to 65535 or null") }
            case .engine:
                guard case .string(let s) = v, let e = TemplateEngine(rawValue: s) else { throw bad("'native' or 'secure'") }
                settings.engine = e
            case .mapping:
                switch v {
                case .null, .object: break
                default: throw bad("a mapping or null")
                }
            }
        }
        if let b = f.present("buffer_size"), let i = Fields.int(b) {
            guard let n = Int(exactly: i) else { throw f.error("buffer_size", "buffer_size is too large") }
            settings.bufferSize = n
        }
        if let p = f["preserve_dropped_columns"], let b = Fields.bool(p) { settings.preserveDroppedColumns = b }
        return settings
    }
}
