/// A config's `seed_config` (the real tool's `SeedConfig`): where seed rows come from and how
/// they are taken. Parsed and shape-checked by the loader; generation reads it.
public struct SeedConfig: Sendable, Equatable {
    /// `source`, discriminated by `seed_type`.
    public enum Source: Sendable, Equatable {
        /// `seed_type: local`: a CSV, JSON(L) or Parquet file, or a `dir/*.ext` pattern.
        case local(path: String)
        /// `seed_type: hf`: a Hugging Face dataset path.
        case huggingFace(path: String, token: String?, endpoint: String)
        /// `seed_type: directory`: files under a folder, one row per file.
        case directory(path: String, filePattern: String, recursive: Bool)
        /// `seed_type: file_contents`: the contents of files under a folder.
        case fileContents(path: String, filePattern: String, recursive: Bool, encoding: String)
        /// `seed_type: agent_rollout`: agent traces in a built-in format.
        case agentRollout(format: String, path: String?, filePattern: String?, recursive: Bool)

        /// The `seed_type` text.
        public var seedType: String {
            switch self {
            case .local: "local"
            case .huggingFace: "hf"
            case .directory: "directory"
            case .fileContents: "file_contents"
            case .agentRollout: "agent_rollout"
            }
        }
    }

    /// `sampling_strategy`.
    public enum SamplingStrategy: String, Sendable, Equatable {
        /// Rows in file order (wrapping around when more records are wanted).
        case ordered
        /// Rows in a random order.
        case shuffle
    }

    /// `selection_strategy`.
    public enum Selection: Sendable, Equatable {
        /// `IndexRange`: rows `start ... end` (both inclusive, 0-based).
        case indexRange(start: Int, end: Int)
        /// `PartitionBlock`: partition `index` of `count` equal parts (the last one takes the
        /// remainder).
        case partition(index: Int, count: Int)
    }

    public var source: Source
    public var sampling: SamplingStrategy
    public var selection: Selection?

    public init(source: Source, sampling: SamplingStrategy = .ordered, selection: Selection? = nil) {
        self.source = source
        self.sampling = sampling
        self.selection = selection
    }

    /// The config in the real tool's serialized shape (for builder_config.json).
    public var value: ConfigValue {
        let source: ConfigValue
        switch self.source {
        case .local(let path):
            source = .object([("seed_type", .string("local")), ("path", .string(path))])
        case let .huggingFace(path, token, endpoint):
            source = .object([("seed_type", .string("hf")), ("path", .string(path)),
                              ("token", token.map { .string($0) } ?? .null), ("endpoint", .string(endpoint))])
        case let .directory(path, pattern, recursive):
            source = .object([("seed_type", .string("directory")), ("path", .string(path)),
                              ("file_pattern", .string(pattern)), ("recursive", .bool(recursive))])
        case let .fileContents(path, pattern, recursive, encoding):
            source = .object([("seed_type", .string("file_contents")), ("path", .string(path)),
                              ("file_pattern", .string(pattern)), ("recursive", .bool(recursive)),
                              ("encoding", .string(encoding))])
        case let .agentRollout(format, path, pattern, recursive):
            source = .object([("seed_type", .string("agent_rollout")), ("path", path.map { .string($0) } ?? .null),
                              ("file_pattern", pattern.map { .string($0) } ?? .null), ("recursive", .bool(recursive)),
                              ("format", .string(format))])
        }
        let selection: ConfigValue
        switch self.selection {
        case nil: selection = .null
        case let .indexRange(start, end)?: selection = .object([("start", .int(Int64(start))), ("end", .int(Int64(end)))])
        case let .partition(index, count)?:
            selection = .object([("index", .int(Int64(index))), ("num_partitions", .int(Int64(count)))])
        }
        return .object([("source", source), ("sampling_strategy", .string(sampling.rawValue)),
                        ("selection_strategy", selection)])
    }
}
