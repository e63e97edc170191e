/// A consumer of record batches that writes them somewhere (JSONL, CSV, Parquet ...).
///
/// An export calls ``begin(schema:)`` once, ``write(_:)`` once per batch in order, and
/// ``finish()`` at the end; the sink never sees more than one batch at a time.
public protocol RecordSink {
    /// Prepares for records of `schema` (the unified schema of all inputs).
    mutating func begin(schema: Schema) throws
    /// Writes one batch.
    mutating func write(_ batch: RecordBatch) throws
    /// Writes any trailer and flushes; the caller then commits the output.
    mutating func finish() throws
    /// The sink's way to take Parquet row groups as they are stored, without decoding them;
    /// nil (the default) for a sink that cannot. Ask after ``begin(schema:)``.
    var rowGroupCopier: (any RowGroupCopier)? { get }
}

extension RecordSink {
    public var rowGroupCopier: (any RowGroupCopier)? { nil }
}

/// The capability of a sink (``ParquetSink``) to copy row groups of a Parquet file as they
/// are stored: an export copies the row groups it can instead of decoding them.
public protocol RowGroupCopier {
    /// Whether every row group of `reader` can be copied as it is stored.
    func canCopy(from reader: ParquetFileReader) -> Bool
    /// Copies row group `index` of `reader` without decoding; returns the records copied.
    func copyRowGroup(_ index: Int, from reader: ParquetFileReader) throws -> Int64
}
