// Reading a range of records and/or the row groups and pages a filter cannot rule out.

extension ParquetFileReader {
    /// An iterator over the records at positions `rows` (nil: all) of the row groups and
    /// pages that may hold rows matching `filter` (nil: no filter).
    ///
    /// Row groups outside `rows`, and those the filter rules out by statistics, bloom filters
    /// or dictionaries, are not read. Within a row group, the rows are narrowed to those in
    /// `rows` and in the pages the filtered columns' column index cannot rule out; every
    /// selected column then reads only the pages holding those rows when its chunk has an
    /// offset index (its dictionary page and the data pages; whole chunks otherwise). The
    /// batches hold exactly the records at `rows` (a range past the end is cut at the end),
    /// less the skipped ones: a filter is a skip hint, see
    /// ``RowGroupFilter/matchingRecords(in:)`` for exact filtering. Batches never span two
    /// row groups.
    ///
    /// - Parameters:
    ///   - columns: the columns to decode (see ``columns(named:)``); nil for all. Columns the
    ///     filter names are not added.
    ///   - rows: record positions in the file, end exclusive; nil for all.
    ///   - filter: skip what cannot match; nil for none.
    ///   - limits: batch caps (partly read row groups are capped by records only).
    /// - Throws: `.invalidArgument` for an unknown column, a negative start, or a filter that
    ///   does not fit the schema.
    public func batches(columns: [String]? = nil, rows: Range<Int64>?, filter: RowGroupFilter? = nil,
                        limits: BatchLimits = .default) throws -> SelectionIterator {
        if let rows, rows.lowerBound < 0 {
            throw ParquetError(.invalidArgument, "the record range \(rows) starts before 0", file: path)
        }
        let bound = try filter.map { f in try withContext(file: path) { try BoundFilter(f, schema: schema) } }
        return SelectionIterator(reader: self, columns: try self.columns(named: columns), limits: limits, rows: rows, filter: bound)
    }

    /// An iterator over the row groups and pages that may hold rows matching `filter`; see
    /// ``batches(columns:rows:filter:limits:)``.
    public func batches(columns: [String]? = nil, filter: RowGroupFilter, limits: BatchLimits = .default) throws -> SelectionIterator {
        try batches(columns: columns, rows: nil, filter: filter, limits: limits)
    }
}

/// Yields the batches of ``ParquetFileReader/batches(columns:rows:filter:limits:)``.
public struct SelectionIterator: Sendable {
    private let reader: ParquetFileReader
    private let columns: [ColumnDescriptor]
    private let limits: BatchLimits
    private let rows: Range<Int64>?
    private let filter: BoundFilter?
    private var group = -1
    /// File position of the next row group's first record.
    private var nextGroupStart: Int64 = 0
    private var whole: BatchIterator?
    private var selections: [ColumnSelection] = []
    /// Rows still to hand out of the current partly read row group (row-group relative).
    private var pending: [Range<Int64>] = []
    /// The first range of `pending` not yet handed out in full.
    private var pendingIndex = 0
    /// Row groups skipped by the filter so far.
    public private(set) var rowGroupsSkipped = 0
    /// Rows of row groups that were read only in part, skipped by the column index so far.
    public private(set) var rowsSkippedByPageIndex: Int64 = 0
    /// File position of the current row group's first record.
    private var groupStart: Int64 = 0
    /// The row-group positions of the last batch's records when it came from a partly read
    /// row group; empty after a batch of a whole one (its records are consecutive).
    private var partialRows: [Int64] = []

    init(reader: ParquetFileReader, columns: [ColumnDescriptor], limits: BatchLimits, rows: Range<Int64>?, filter: BoundFilter?) {
        self.reader = reader
        self.columns = columns
        self.limits = BatchLimits(maxRows: Swift.max(1, limits.maxRows), maxBytes: Swift.max(1, limits.maxBytes))
        self.rows = rows
        self.filter = filter
    }

    /// The next batch, or nil after the last.
    public mutating func next() throws -> RecordBatch? {
        while true {
            if whole != nil {
                if let batch = try whole?.next() { partialRows = []; return batch }
                whole = nil
            }
            if pendingIndex < pending.count { return try nextPartial() }
            guard try advance() else { return nil }
        }
    }

    /// The next batch, reading whole row groups of a reader over an ``AsyncRandomAccessSource``
    /// asynchronously (partly read row groups and filter checks read synchronously, which such
    /// a reader refuses); checks for task cancellation first.
    mutating func nextAsync() async throws -> RecordBatch? {
        try Task.checkCancellation()
        while true {
            if whole != nil {
                if let batch = try await whole?.nextAsync() { partialRows = []; return batch }
                whole = nil
            }
            if pendingIndex < pending.count { return try nextPartial() }
            guard try advance() else { return nil }
        }
    }

    /// The file position of record `i` of the batch `next()` returned last.
    func filePosition(ofRecord i: Int, in batch: RecordBatch) -> Int64 {
        partialRows.indices.contains(i) ? groupStart + partialRows[i] : groupStart + Int64(batch.rowGroupOffset) + Int64(i)
    }

    /// Moves to the next row group and plans its read (whole, in part, or skipped); false
    /// after the last.
    private mutating func advance() throws -> Bool {
        let path = reader.path
        group += 1
        let groups = reader.metadata.rowGroups
        guard group < groups.count else { return false }
        let start = nextGroupStart
        let count = groups[group].numRows
        guard count >= 0 else { throw ParquetError(.corrupt, "row group \(group) has a negative row count \(count)", file: path) }
        let (end, overflow) = start.addingReportingOverflow(count)
        guard !overflow else { throw ParquetError(.corrupt, "the row groups' row counts overflow a 64-bit integer", file: path) }
        nextGroupStart = end
        groupStart = start
        var local: Range<Int64> = 0 ..< count
        if let rows {
            if rows.upperBound <= start { group = groups.count; return false }
            let upper = Swift.max(0, Swift.min(count, rows.upperBound - start))
            local = Swift.min(upper, Swift.max(0, rows.lowerBound - start)) ..< upper
        }
        guard !local.isEmpty else { return true }
        var ranges = [local]
        if let filter {
            let (outcomes, facts) = try reader.groupOutcomes(filter, group)
            guard outcomes.contains(.yes) else { rowGroupsSkipped += 1; return true }
            if let candidates = try reader.candidateRows(filter, group, leafFacts: facts) {
                ranges = candidates.compactMap { r in
                    let c = Swift.max(r.lowerBound, local.lowerBound) ..< Swift.min(r.upperBound, local.upperBound)
                    return c.isEmpty ? nil : c
                }
                rowsSkippedByPageIndex += Int64(local.count) - ranges.reduce(0) { $0 + Int64($1.count) }
            }
            guard !ranges.isEmpty else { return true }
        }
        if ranges == [0 ..< count] {
            whole = BatchIterator(reader: reader, columns: columns, limits: limits, rowGroups: [group])
            return true
        }
        selections = []
        for column in columns {
            let g = group
            selections.append(try withContext(file: path, column: column.dottedPath) {
                try ColumnSelection(reader: reader, group: g, groupRows: count, column: column, ranges: ranges)
            })
        }
        pending = ranges
        pendingIndex = 0
        return true
    }

    /// The next batch of the current partly read row group.
    private mutating func nextPartial() throws -> RecordBatch {
        var taken: [Int64] = []
        while taken.count < limits.maxRows, pendingIndex < pending.count {
            let first = pending[pendingIndex]
            let n = Swift.min(Int64(limits.maxRows - taken.count), Int64(first.count))
            taken.append(contentsOf: first.lowerBound ..< first.lowerBound + n)
            if n == first.count { pendingIndex += 1 } else { pending[pendingIndex] = first.lowerBound + n ..< first.upperBound }
        }
        let data = try selections.take(taken, file: reader.path, rowGroup: group)
        partialRows = taken
        let done = pendingIndex >= pending.count
        if done { selections = [] }
        return RecordBatch(schema: reader.schema, columns: data, numRows: taken.count, rowGroupIndex: group,
                           rowGroupOffset: Int(taken.first ?? 0), endsRowGroup: done)
    }
}

extension SelectionIterator: AsyncSequence {
    /// Each element is one batch.
    public typealias Element = RecordBatch

    /// Iterates a copy of the iterator from where it stands.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self) }

    /// The async iterator of a ``SelectionIterator``: the same batches as its ``SelectionIterator/next()``;
    /// checks for task cancellation before each batch. Over an ``AsyncRandomAccessSource``,
    /// row groups read whole are fetched asynchronously; a row range or filter that reads a
    /// row group in part, or checks its dictionary or bloom filter, needs a synchronous source.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var base: SelectionIterator

        /// The next batch, or nil after the last.
        public mutating func next() async throws -> RecordBatch? {
            try await base.nextAsync()
        }
    }
}
