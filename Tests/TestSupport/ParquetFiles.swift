import Foundation
import Parquet

/// Writes `batches` with the library's writer (default options) as the Parquet file at
/// `path`: the test files built from batches in code.
public func writeParquetFile(_ batches: [RecordBatch], schema: Schema, to path: String, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
    let output = MemoryByteWriter()
    let writer = try ParquetFileWriter(output: output, schema: schema, options: options)
    for batch in batches { try writer.write(batch) }
    _ = try writer.close()
    try Data(output.bytes).write(to: URL(fileURLWithPath: path))
}
