import Foundation
import Parquet
import ParquetExport

/// Writes batch files: into `tmp-partial-parquet-files/` first, then renamed into place, so
/// `parquet-files/` and `dropped-columns-parquet-files/` only ever hold complete files. The
/// dropped-columns file of a batch is moved into place before its batch file.
struct BatchFileWriter {
    let layout: DatasetLayout
    let plan: GenerationPlan
    /// Whether dropped columns are kept (`preserve_dropped_columns`).
    let preserveDropped: Bool

    /// The key/value metadata key holding the rows a batch was planned with (its records can
    /// be fewer when expressions drop rows).
    static let plannedRowsKey = "data_designer.planned_records"

    /// The Parquet settings of batch files: Snappy, one row group per batch.
    static func writerOptions(plannedRows: Int) -> ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.compression = .snappy
        options.keyValueMetadata = [KeyValue(key: plannedRowsKey, value: String(plannedRows))]
        return options
    }

    /// Writes batch `index` (planned with `plannedRows` rows): the processors' files and the
    /// dropped-columns file first, the batch file last (a batch file in place means the batch
    /// is complete).
    func write(_ output: BatchOutput, index: Int, plannedRows: Int) throws {
        for (k, records) in output.processorRecords.enumerated() where k < plan.transforms.count {
            let name = plan.transforms[k].name
            let partial = layout.partialPath("processor\(k)_" + DatasetLayout.batchFileName(index))
            try writeFile(records, schema: records.schema, to: partial, plannedRows: plannedRows)
            try FileSystem.makeDirectory(layout.processorFolder(name))
            try FileSystem.rename(partial, layout.processorPath(name, index))
        }
        if preserveDropped, let dropped = output.droppedColumns, let schema = plan.droppedSchema {
            let partial = layout.partialPath("dropped_" + DatasetLayout.batchFileName(index))
            try writeFile(dropped, schema: schema, to: partial, plannedRows: plannedRows)
            try FileSystem.makeDirectory(layout.droppedFolder)
            try FileSystem.rename(partial, layout.droppedPath(index))
        }
        let partial = layout.partialPath(index)
        try writeFile(output.records, schema: plan.schema, to: partial, plannedRows: plannedRows)
        try FileSystem.rename(partial, layout.batchPath(index))
    }

    private func writeFile(_ batch: RecordBatch, schema: Schema, to path: String, plannedRows: Int) throws {
        let output = try ByteOutput(atomicFileAt: path, durable: true)
        do {
            try output.committing {
                let writer = try ParquetFileWriter(output: output, schema: schema, options: Self.writerOptions(plannedRows: plannedRows))
                try writer.write(batch)
                _ = try writer.close()
            }
        } catch let error as ParquetError {
            throw error.adding(file: path)
        }
    }

    /// The rows batch file `path` was planned with: its key/value metadata, else (files of
    /// earlier versions) its record count.
    static func plannedRows(path: String) throws -> (planned: Int64, records: Int64) {
        let reader = try ParquetFileReader(path: path)
        let records = try reader.numRows
        if let kv = reader.metadata.keyValueMetadata.first(where: { $0.key == plannedRowsKey }),
           let text = kv.value, let planned = Int64(text) {
            return (planned, records)
        }
        return (records, records)
    }
}
