import Foundation

/// Records of a file decoded as `T`, one batch at a time, from
/// ``ParquetFileReader/records(as:columns:rows:filter:)``.
///
/// It is both a throwing iterator (``next()``) and an `AsyncSequence` of records; both yield
/// the same records:
///
/// ```swift
/// var orders = try reader.records(as: Order.self)
/// while let order = try orders.next() { print(order.id) }
///
/// for try await order in try reader.records(as: Order.self, rows: 1_000 ..< 2_000) { print(order.id) }
/// ```
public struct RecordIterator<T: Decodable>: Sendable {
    private var batches: MatchingBatches
    /// The current batch (kept to make ``state`` again for a copy of the iterator).
    private var current: MatchingBatches.Batch?
    /// The decoding state of `current`, made again when this iterator was copied.
    private var state: BatchDecodingState?
    private var row = 0
    private var rows = 0

    init(batches: MatchingBatches) {
        self.batches = batches
    }

    /// The next record, or nil after the last.
    ///
    /// - Throws: `DecodingError` naming the column and the record (its position in the file)
    ///   for a missing or mismatched field; `ParquetError` for unreadable data. A record
    ///   that fails to decode is passed over: the next call decodes the one after it.
    public mutating func next() throws -> T? {
        while row == rows {
            guard let batch = try batches.next() else { return nil }
            try start(batch)
        }
        return try decodeRecord()
    }

    /// The next record, reading as the batches' async iterator does.
    mutating func nextAsync() async throws -> T? {
        while row == rows {
            guard let batch = try await batches.nextAsync() else { return nil }
            try start(batch)
        }
        return try decodeRecord()
    }

    private mutating func start(_ batch: MatchingBatches.Batch) throws {
        state = nil
        current = batch
        row = 0
        rows = 0
        state = try BatchDecodingState(batch: batch.batch)
        rows = batch.batch.numRows
    }

    private mutating func decodeRecord() throws -> T? {
        if !isKnownUniquelyReferenced(&state), let batch = current?.batch { state = try BatchDecodingState(batch: batch) }
        guard let state, let position = current?.position(row) else { return nil }
        state.row = row
        state.record = position
        row += 1
        return try T(from: RecordDecoder(state: state))
    }
}

extension RecordIterator: AsyncSequence {
    /// Each element is one record.
    public typealias Element = T

    /// Iterates a copy of the iterator from where it stands.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self) }

    /// The async iterator of a ``RecordIterator``: the same records as its
    /// ``RecordIterator/next()``; checks for task cancellation before each batch. Over an
    /// ``AsyncRandomAccessSource`` the pages are fetched asynchronously (see
    /// ``SelectionIterator/AsyncIterator``).
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var base: RecordIterator

        /// The next record, or nil after the last.
        public mutating func next() async throws -> T? {
            try await base.nextAsync()
        }
    }
}

extension ParquetFileReader {
    /// The records of the file decoded as `T` (see ``records(as:columns:rows:filter:)``).
    ///
    /// ```swift
    /// struct Order: Decodable { var id: String; var quantity: Int; var tags: [String]; var note: String? }
    /// let orders = try ParquetFileReader(path: "orders.parquet").decode(Order.self)
    /// let big = try reader.decode(Order.self, filter: .column("quantity") >= 100)
    /// ```
    public func decode<T: Decodable>(_ type: T.Type, columns: [String]? = nil, rows: Range<Int64>? = nil,
                                     filter: RowGroupFilter? = nil) throws -> [T] {
        var records = try self.records(as: type, columns: columns, rows: rows, filter: filter)
        var result: [T] = []
        while let record = try records.next() { result.append(record) }
        return result
    }

    /// The file's records decoded as `T`, streamed one batch at a time (memory is bounded by
    /// the batch limits).
    ///
    /// Properties map to top-level fields by their `CodingKeys` names; nested structs decode
    /// from groups, arrays from lists, dictionaries from maps (keys by their text), optionals
    /// from nullable fields; `Date` from TIMESTAMP or DATE, `Decimal` from DECIMAL (or
    /// integers), `UUID` from UUID, `Data` and `[UInt8]` from binary, and every integer and
    /// floating-point width from any integer column whose values fit (floats from any number).
    /// Top-level columns and lists of them are decoded straight from their column buffers.
    ///
    /// The records are exactly those at `rows` that match `filter`: the filter skips row
    /// groups and pages (as in ``batches(columns:rows:filter:limits:)``) and is then evaluated
    /// on the values of what was read (``RowGroupFilter/matchingRecords(in:)``). Columns it
    /// names are read for that even when `columns` leaves them out.
    ///
    /// - Parameters:
    ///   - columns: the columns to read (see ``columns(named:)``); nil for all. Selecting
    ///     only the fields `T` needs saves their decoding.
    ///   - rows: record positions in the file, end exclusive (a range past the end is cut
    ///     there); row groups and pages outside it are not read. Nil for all.
    ///   - filter: only the records that match; nil for all.
    /// - Throws: `ParquetError.invalidArgument` for an unknown column name, a range starting
    ///   before 0 or a filter that does not fit the schema; on `next()`, `DecodingError`
    ///   naming the column (coding path) and the record's position in the file for a missing
    ///   field, a null in a non-optional property, or a type that does not match.
    public func records<T: Decodable>(as type: T.Type, columns: [String]? = nil, rows: Range<Int64>? = nil,
                                      filter: RowGroupFilter? = nil) throws -> RecordIterator<T> {
        RecordIterator(batches: try MatchingBatches(reader: self, columns: columns, rows: rows, filter: filter))
    }
}
