/// The records of a file as ``ParquetRow``s, one batch decoded at a time (memory is bounded
/// by the batch limits), from ``ParquetFileReader/rows(columns:)``.
///
/// ```swift
/// var rows = try reader.rows(columns: ["id", "tags"])
/// while let row = try rows.next() { print(row["id"] ?? .null) }
/// ```
public struct RowIterator {
    private var batches: BatchIterator
    private var pending: [ParquetRow] = []
    private var position = 0

    init(batches: BatchIterator) {
        self.batches = batches
    }

    /// The next record, or nil after the last.
    ///
    /// - Throws: `ParquetError` naming the file and column for unreadable data.
    public mutating func next() throws -> ParquetRow? {
        while position == pending.count {
            guard let batch = try batches.next() else { return nil }
            pending = try batch.rows()
            position = 0
        }
        position += 1
        return pending[position - 1]
    }
}

extension ParquetFileReader {
    /// The file's records as ``ParquetRow``s of their top-level fields (``ParquetValue``s),
    /// in file order.
    ///
    /// - Parameter columns: top-level field names or dotted leaf paths (see
    ///   ``columns(named:)``); a struct selected by some of its leaves holds only those. Nil
    ///   reads every field.
    /// - Throws: `ParquetError.invalidArgument` for an unknown column name.
    public func rows(columns: [String]? = nil) throws -> RowIterator {
        RowIterator(batches: try batches(columns: columns))
    }
}
