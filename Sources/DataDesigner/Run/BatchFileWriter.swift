import Foundation
import Parquet
import ParquetExport

/// Writes batch files: into `tmp-partial-parquet-files/` first, then renamed into
/// `parquet-files/`, so `parquet-files/` only ever holds complete files.
struct BatchFileWriter {
    let layout: DatasetLayout
    let schema: Schema

    /// The Parquet settings of batch files: Snappy, one row group per batch.
    static var writerOptions: ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.compression = .snappy
        options.createdBy = "\(ToolInfo.name) version \(ToolInfo.version)"
        return options
    }

    /// Writes `batch` as batch file `index`.
    func write(_ batch: RecordBatch, index: Int) throws {
        let partial = layout.partialPath(index)
        let output = try ByteOutput(atomicFileAt: partial)
        do {
            let writer = try ParquetFileWriter(output: output, schema: schema, options: Self.writerOptions)
            try writer.write(batch)
            try writer.close()
            try output.commit()
        } catch let error as ParquetError {
            output.discard()
            throw error.adding(file: partial)
        } catch {
            output.discard()
            throw error
        }
        try FileSystem.rename(partial, layout.batchPath(index))
    }
}
