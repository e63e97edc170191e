/// Writes records as one Parquet file: the unified schema with its logical annotations, one
/// row group per source row group (or per ``ParquetWriterOptions/maxRowGroupRows`` records),
/// dictionary encoding with a PLAIN fallback, any codec the writer can write
/// (``CompressionCodec/writable``), and column statistics.
public struct ParquetSink: RecordSink, RowGroupCopier {
    private let output: ByteOutput
    private let options: ParquetWriterOptions
    private var writer: ParquetFileWriter?

    /// A sink writing to `output` with `options` (compression, dictionary, page size ...).
    public init(output: ByteOutput, options: ParquetWriterOptions = ParquetWriterOptions()) {
        self.output = output
        self.options = options
    }

    public mutating func begin(schema: Schema) throws {
        writer = try ParquetFileWriter(output: output, schema: schema, options: options)
    }

    /// Adds the batch's records to the row group being built. Without
    /// ``ParquetWriterOptions/maxRowGroupRows`` a row group ends with the batch that ends its
    /// source row group (``RecordBatch/endsRowGroup``), so the output keeps the inputs' row
    /// groups however they were read in batches; with it, row groups of that many records are
    /// cut whatever the source row groups.
    public mutating func write(_ batch: RecordBatch) throws {
        guard let writer else { throw ParquetError(.invalidArgument, "ParquetSink.write called before begin") }
        try writer.append(batch)
        if options.maxRowGroupRows == nil && batch.endsRowGroup { try writer.flushRowGroup() }
    }

    /// This sink (its writer once ``begin(schema:)`` has run).
    public var rowGroupCopier: (any RowGroupCopier)? { self }

    /// Whether every row group of `reader` can be copied as it is stored (see
    /// ``ParquetFileWriter/canCopyRowGroups(from:)``). Call after ``begin(schema:)``.
    public func canCopy(from reader: ParquetFileReader) -> Bool {
        writer?.canCopyRowGroups(from: reader) ?? false
    }

    /// Copies every row group of `reader` without decoding; returns the records copied.
    public func copyRowGroups(from reader: ParquetFileReader) throws -> Int64 {
        var records: Int64 = 0
        for index in reader.metadata.rowGroups.indices { records += try copyRowGroup(index, from: reader) }
        return records
    }

    /// Copies row group `index` of `reader` without decoding (after writing any row group
    /// being built); returns the records copied.
    public func copyRowGroup(_ index: Int, from reader: ParquetFileReader) throws -> Int64 {
        guard let writer else { throw ParquetError(.invalidArgument, "ParquetSink.copyRowGroup called before begin") }
        try writer.flushRowGroup()
        try writer.copyRowGroup(index, from: reader)
        return reader.metadata.rowGroups[index].numRows
    }

    public mutating func finish() throws {
        guard let writer else { throw ParquetError(.invalidArgument, "ParquetSink.finish called before begin") }
        try writer.close()
        try output.flush()
    }
}
