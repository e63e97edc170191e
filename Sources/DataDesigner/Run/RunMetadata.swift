import Foundation
import ParquetExport

/// The content of a dataset folder's metadata.json: every field the real tool writes
/// (`actual_num_records`, `buffer_size`, `column_statistics` once the run is complete,
/// `config_hash`, `config_hash_algo`, `config_hash_version`, `dataset_name`, `file_paths`,
/// `num_completed_batches`, `original_target_num_records`, `preserve_dropped_columns`,
/// `target_num_records`, `total_num_batches`) and ours (`seed`, `tool`, `tool_version`), keys
/// sorted as the real tool sorts them.
public struct RunMetadata: Sendable, Equatable {
    public var targetNumRecords: Int
    public var originalTargetNumRecords: Int
    public var actualNumRecords: Int64
    public var totalNumBatches: Int
    public var numCompletedBatches: Int
    public var bufferSize: Int
    public var datasetName: String
    public var seed: UInt64
    /// Completed batch files relative to the dataset folder, in batch order.
    public var parquetFiles: [String]
    /// The schema_transform processors' files of the completed batches, per processor
    /// (`file_paths.processor-files`, as the real tool lists them; absent without processors).
    public var processorFiles: [String: [String]] = [:]
    /// `sha256:<hex>`: the real tool's config hash.
    public var configHash: String
    public var configHashAlgo = "sha256"
    public var configHashVersion = ConfigHash.version
    public var preserveDroppedColumns = true
    /// The profile of every kept column (written when the run is complete).
    public var columnStatistics: ConfigValue?
    /// Ours: `YYYY-MM-DD` the run's `person_from_faker` birth dates count back from (only
    /// when the config has such a column; a resume keeps it, so its batches stay identical).
    public var personReferenceDate: String?
    /// Ours: `sha256:<hex>` of the seed dataset's files (only with a seed dataset): a run
    /// resumes only with the same seed data.
    public var seedDatasetHash: String?

    public init(targetNumRecords: Int, originalTargetNumRecords: Int, actualNumRecords: Int64, totalNumBatches: Int,
                numCompletedBatches: Int, bufferSize: Int, datasetName: String, seed: UInt64, parquetFiles: [String],
                processorFiles: [String: [String]] = [:], configHash: String, preserveDroppedColumns: Bool = true, columnStatistics: ConfigValue? = nil,
                personReferenceDate: String? = nil, seedDatasetHash: String? = nil) {
        self.personReferenceDate = personReferenceDate
        self.seedDatasetHash = seedDatasetHash
        self.targetNumRecords = targetNumRecords
        self.originalTargetNumRecords = originalTargetNumRecords
        self.actualNumRecords = actualNumRecords
        self.totalNumBatches = totalNumBatches
        self.numCompletedBatches = numCompletedBatches
        self.bufferSize = bufferSize
        self.datasetName = datasetName
        self.seed = seed
        self.parquetFiles = parquetFiles
        self.processorFiles = processorFiles
        self.configHash = configHash
        self.preserveDroppedColumns = preserveDroppedColumns
        self.columnStatistics = columnStatistics
    }

    /// The JSON object.
    public var value: ConfigValue {
        var members: [(key: String, value: ConfigValue)] = [
            ("actual_num_records", .int(actualNumRecords)),
            ("buffer_size", .int(Int64(bufferSize))),
            ("config_hash", .string(configHash)),
            ("config_hash_algo", .string(configHashAlgo)),
            ("config_hash_version", .int(Int64(configHashVersion))),
            ("dataset_name", .string(datasetName)),
            ("file_paths", .object([("parquet-files", .array(parquetFiles.map { .string($0) }))]
                + (processorFiles.isEmpty ? [] : [("processor-files", .object(processorFiles.sorted { $0.key < $1.key }.map {
                    ($0.key, ConfigValue.array($0.value.map { .string($0) }))
                }))]))),
            ("num_completed_batches", .int(Int64(numCompletedBatches))),
            ("original_target_num_records", .int(Int64(originalTargetNumRecords))),
        ]
        if let personReferenceDate { members.append(("person_reference_date", .string(personReferenceDate))) }
        members += [
            ("preserve_dropped_columns", .bool(preserveDroppedColumns)),
            ("seed", .int(Int64(clamping: seed))),
        ]
        if let seedDatasetHash { members.append(("seed_dataset_hash", .string(seedDatasetHash))) }
        members += [
            ("target_num_records", .int(Int64(targetNumRecords))),
            ("tool", .string(ToolInfo.name)),
            ("tool_version", .string(ToolInfo.version)),
            ("total_num_batches", .int(Int64(totalNumBatches))),
        ]
        if let columnStatistics { members.append(("column_statistics", columnStatistics)) }
        return .object(members)
    }

    /// Writes the file atomically (a temporary file in the same folder, then a rename), as the
    /// real tool writes it: `json.dump(indent=2, sort_keys=True)`.
    func write(to path: String) throws {
        let output = try ByteOutput(atomicFileAt: path, durable: true)
        try output.write(Array(PythonJSON.dumps(value, sortKeys: true, ensureASCII: true, indent: 2).utf8))
        try output.commit()
    }

    /// Reads metadata.json at `path`; throws ``CreateError`` naming the file and the field
    /// for unreadable JSON or a missing or mistyped field.
    static func read(from path: String) throws -> RunMetadata {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CreateError("\(path): cannot read: \(error.localizedDescription)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any] else {
            throw CreateError("\(path): not a JSON object")
        }
        func int(_ key: String) throws -> Int64 {
            guard let number = object[key] as? NSNumber, Double(number.int64Value) == number.doubleValue else {
                throw CreateError("\(path): field '\(key)' is missing or not an integer")
            }
            return number.int64Value
        }
        func string(_ key: String) throws -> String {
            guard let value = object[key] as? String else { throw CreateError("\(path): field '\(key)' is missing or not a string") }
            return value
        }
        func count(_ key: String) throws -> Int {
            let value = try int(key)
            guard value >= 0, let n = Int(exactly: value) else { throw CreateError("\(path): field '\(key)' is negative") }
            return n
        }
        let seed = try int("seed")
        guard seed >= 0 else { throw CreateError("\(path): field 'seed' is negative") }
        let files = (object["file_paths"] as? [String: Any])?["parquet-files"] as? [String] ?? []
        var m = RunMetadata(
            targetNumRecords: try count("target_num_records"),
            originalTargetNumRecords: try count("original_target_num_records"),
            actualNumRecords: Int64(try count("actual_num_records")),
            totalNumBatches: try count("total_num_batches"),
            numCompletedBatches: try count("num_completed_batches"),
            bufferSize: try count("buffer_size"),
            datasetName: try string("dataset_name"),
            seed: UInt64(seed),
            parquetFiles: files,
            configHash: try string("config_hash"))
        m.configHashVersion = (object["config_hash_version"] as? NSNumber)?.intValue ?? 1
        if let p = object["preserve_dropped_columns"] as? Bool { m.preserveDroppedColumns = p }
        m.personReferenceDate = object["person_reference_date"] as? String
        m.seedDatasetHash = object["seed_dataset_hash"] as? String
        m.processorFiles = (object["file_paths"] as? [String: Any])?["processor-files"] as? [String: [String]] ?? [:]
        return m
    }
}
