import Foundation
import ParquetExport

/// The content of a dataset folder's metadata.json.
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
    /// `sha256:<hex>` of the canonical config JSON.
    public var configHash: String
    public var configHashAlgo = "sha256"
    public var configHashVersion = 1
    /// `YYYY-MM-DD` the run's `person_from_faker` birth dates count back from (written only
    /// when the config has such a column; a resume keeps it, so batches stay identical).
    public var personReferenceDate: String? = nil
    /// `sha256:<hex>` of the seed dataset's files (written only when the config has one): a
    /// run resumes only with the same seed data.
    public var seedDatasetHash: String? = nil

    /// The JSON object, fields in the documented order.
    public var value: ConfigValue {
        .object([
            ("target_num_records", .int(Int64(targetNumRecords))),
            ("original_target_num_records", .int(Int64(originalTargetNumRecords))),
            ("actual_num_records", .int(actualNumRecords)),
            ("total_num_batches", .int(Int64(totalNumBatches))),
            ("num_completed_batches", .int(Int64(numCompletedBatches))),
            ("buffer_size", .int(Int64(bufferSize))),
            ("dataset_name", .string(datasetName)),
            ("seed", .int(Int64(clamping: seed))),
            ("file_paths", .object([("parquet-files", .array(parquetFiles.map { .string($0) }))])),
            ("config_hash", .string(configHash)),
            ("config_hash_algo", .string(configHashAlgo)),
            ("config_hash_version", .int(Int64(configHashVersion))),
        ] + (personReferenceDate.map { [("person_reference_date", ConfigValue.string($0))] } ?? [])
          + (seedDatasetHash.map { [("seed_dataset_hash", ConfigValue.string($0))] } ?? []))
    }

    /// Writes the file atomically (a temporary file in the same folder, then a rename).
    func write(to path: String) throws {
        let output = try ByteOutput(atomicFileAt: path)
        try output.write(Array((value.prettyJSON() + "\n").utf8))
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
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
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
        return RunMetadata(
            targetNumRecords: try count("target_num_records"),
            originalTargetNumRecords: try count("original_target_num_records"),
            actualNumRecords: Int64(try count("actual_num_records")),
            totalNumBatches: try count("total_num_batches"),
            numCompletedBatches: try count("num_completed_batches"),
            bufferSize: try count("buffer_size"),
            datasetName: try string("dataset_name"),
            seed: UInt64(seed),
            parquetFiles: files,
            configHash: try string("config_hash"),
            personReferenceDate: object["person_reference_date"] as? String,
            seedDatasetHash: object["seed_dataset_hash"] as? String)
    }
}
