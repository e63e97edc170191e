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
}
