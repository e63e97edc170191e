// The batches behind rows and Codable records: a row range and a filter applied exactly.

/// The batches of ``ParquetFileReader/batches(columns:rows:filter:limits:)`` narrowed to
/// exactly the records that match the filter, for ``RowIterator`` and ``RecordIterator``.
///
/// The selection path skips what the filter rules out (row groups, pages) but keeps every
/// record of what it reads; here each batch is then cut to the records the filter matches,
/// evaluated on their values (``RowGroupFilter/matchingRecords(in:)``). Columns the filter
/// names but the caller did not select are read along for that and dropped afterwards.
/// Batches left empty are skipped. Each record keeps its position in the file.
struct MatchingBatches: Sendable {
    /// One batch and the file positions of its records.
    struct Batch: Sendable {
        var batch: RecordBatch
        /// `positions[i]` is record `i`'s position in the file; nil when the records are
        /// consecutive from `first`.
        var positions: [Int64]?
        var first: Int64

        /// The file position of record `i` of the batch.
        func position(_ i: Int) -> Int64 {
            if let positions { return positions.indices.contains(i) ? positions[i] : -1 }
            return first &+ Int64(i)
        }
    }

    private var base: SelectionIterator
    private let filter: BoundFilter?
    /// Schema indices of the selected columns when the filter added some; nil otherwise.
    private let keep: Set<Int>?

    /// The records of `reader` at `rows` (nil: all) that match `filter` (nil: all), with the
    /// columns `columns` (see ``ParquetFileReader/columns(named:)``; nil: all).
    ///
    /// - Throws: `.invalidArgument` for an unknown column, a negative start, or a filter that
    ///   does not fit the schema.
    init(reader: ParquetFileReader, columns: [String]?, rows: Range<Int64>?, filter: RowGroupFilter?) throws {
        let bound = try filter.map { f in try withContext(file: reader.path) { try BoundFilter(f, schema: reader.schema) } }
        var names = columns
        var keep: Set<Int>? = nil
        if let columns, let bound {
            let selected = Set(try reader.columns(named: columns).map(\.index))
            let added = bound.leaves.map(\.column).filter { !selected.contains($0.index) }
            if !added.isEmpty {
                names = columns + added.map(\.dottedPath)
                keep = selected
            }
        }
        base = try reader.batches(columns: names, rows: rows, filter: filter)
        self.filter = bound
        self.keep = keep
    }

    /// The next non-empty batch, or nil after the last.
    mutating func next() throws -> Batch? {
        while let batch = try base.next() {
            if let result = try narrow(batch) { return result }
        }
        return nil
    }

    /// The next non-empty batch, read as ``SelectionIterator/nextAsync()`` reads.
    mutating func nextAsync() async throws -> Batch? {
        while let batch = try await base.nextAsync() {
            if let result = try narrow(batch) { return result }
        }
        return nil
    }

    /// `batch` cut to the matching records and the selected columns; nil when none matches.
    private func narrow(_ batch: RecordBatch) throws -> Batch? {
        guard let filter else {
            guard batch.numRows > 0 else { return nil }
            return Batch(batch: batch, positions: nil, first: base.filePosition(ofRecord: 0, in: batch))
        }
        let matching = try RowGroupFilter.matchingRecords(filter, in: batch)
        guard !matching.isEmpty else { return nil }
        var narrowed = try batch.records(at: matching)
        if let keep { narrowed.columns.removeAll { !keep.contains($0.descriptor.index) } }
        return Batch(batch: narrowed, positions: matching.map { base.filePosition(ofRecord: $0, in: batch) }, first: 0)
    }
}
