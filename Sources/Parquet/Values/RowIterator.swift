/// The records of a file as ``ParquetRow``s, one batch decoded at a time (memory is bounded
/// by the batch limits), from ``ParquetFileReader/rows(columns:rows:filter:)``.
///
/// It is both a throwing iterator (``next()``) and an `AsyncSequence` of rows; both yield the
/// same rows:
///
/// ```swift
/// var rows = try reader.rows(columns: ["id", "tags"])
/// while let row = try rows.next() { print(row["id"] ?? .null) }
///
/// for try await row in try reader.rows(columns: ["id"], filter: .column("age") > 30) {
///     print(row)
/// }
/// ```
public struct RowIterator: Sendable {
    private var batches: MatchingBatches
    private var pending: [ParquetRow] = []
    private var position = 0

    init(batches: MatchingBatches) {
        self.batches = batches
    }

    /// The next record, or nil after the last.
    ///
    /// - Throws: `ParquetError` naming the file and column for unreadable data.
    public mutating func next() throws -> ParquetRow? {
        while position == pending.count {
            guard let next = try batches.next() else { return nil }
            pending = try next.batch.rows()
            position = 0
        }
        return take()
    }

    /// The next record, reading as the batches' async iterator does.
    mutating func nextAsync() async throws -> ParquetRow? {
        while position == pending.count {
            guard let next = try await batches.nextAsync() else { return nil }
            pending = try next.batch.rows()
            position = 0
        }
        return take()
    }

    private mutating func take() -> ParquetRow {
        position += 1
        return pending[position - 1]
    }
}

extension RowIterator: AsyncSequence {
    /// Each element is one record.
    public typealias Element = ParquetRow

    /// Iterates a copy of the iterator from where it stands.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self) }

    /// The async iterator of a ``RowIterator``: the same rows as its ``RowIterator/next()``;
    /// checks for task cancellation before each batch. Over an ``AsyncRandomAccessSource``
    /// the pages are fetched asynchronously (see ``SelectionIterator/AsyncIterator``).
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var base: RowIterator

        /// The next record, or nil after the last.
        public mutating func next() async throws -> ParquetRow? {
            try await base.nextAsync()
        }
    }
}

extension ParquetFileReader {
    /// The file's records as ``ParquetRow``s of their top-level fields (``ParquetValue``s),
    /// in file order.
    ///
    /// Unlike ``batches(columns:rows:filter:limits:)``, where a filter only skips what cannot
    /// match, the rows are exactly the records that match `filter` (evaluated on their
    /// values, see ``RowGroupFilter/matchingRecords(in:)``); columns the filter names are
    /// read for that but appear in the rows only when `columns` selects them.
    ///
    /// - Parameters:
    ///   - columns: top-level field names or dotted leaf paths (see ``columns(named:)``); a
    ///     struct selected by some of its leaves holds only those. Nil reads every field.
    ///   - rows: record positions in the file, end exclusive (a range past the end is cut
    ///     there); row groups and pages outside it are not read. Nil for all.
    ///   - filter: only the records that match; nil for all.
    /// - Throws: `ParquetError.invalidArgument` for an unknown column name, a range starting
    ///   before 0, or a filter that does not fit the schema.
    public func rows(columns: [String]? = nil, rows: Range<Int64>? = nil, filter: RowGroupFilter? = nil) throws -> RowIterator {
        RowIterator(batches: try MatchingBatches(reader: self, columns: columns, rows: rows, filter: filter))
    }
}
