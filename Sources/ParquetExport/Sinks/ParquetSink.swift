extension ByteOutput: ByteWriter {}

/// Writes records as one Parquet file: the unified schema with its logical annotations, one
/// row group per input batch, dictionary encoding with a PLAIN fallback, any codec the
/// writer can write (``CompressionCodec/writable``), and column statistics.
public struct ParquetSink: RecordSink {
    private let output: ByteOutput
    private let options: ParquetWriterOptions
    private var writer: ParquetFileWriter?

    /// A sink writing to `output` with `options` (compression, dictionary, page size ...).
    public init(output: ByteOutput, options: ParquetWriterOptions = ParquetWriterOptions()) {
        self.output = output
        self.options = options
    }

    public mutating func begin(schema: Schema) throws {
        var options = self.options
        options.createdBy = "\(ToolInfo.name) version \(ToolInfo.version)"
        writer = try ParquetFileWriter(output: output, schema: schema, options: options)
    }

    public mutating func write(_ batch: RecordBatch) throws {
        guard let writer else { throw ParquetError(.invalidArgument, "ParquetSink.write called before begin") }
        try writer.write(batch)
    }

    /// Whether every row group of `reader` can be copied as it is stored (see
    /// ``ParquetFileWriter/canCopyRowGroups(from:)``). Call after ``begin(schema:)``.
    public func canCopy(from reader: ParquetFileReader) -> Bool {
        writer?.canCopyRowGroups(from: reader) ?? false
    }

    /// Copies every row group of `reader` without decoding; returns the records copied.
    public func copyRowGroups(from reader: ParquetFileReader) throws -> Int64 {
        guard let writer else { throw ParquetError(.invalidArgument, "ParquetSink.copyRowGroups called before begin") }
        var records: Int64 = 0
        for index in reader.metadata.rowGroups.indices {
            try writer.copyRowGroup(index, from: reader)
            records += reader.metadata.rowGroups[index].numRows
        }
        return records
    }

    public mutating func finish() throws {
        guard let writer else { throw ParquetError(.invalidArgument, "ParquetSink.finish called before begin") }
        try writer.close()
        try output.flush()
    }
}
