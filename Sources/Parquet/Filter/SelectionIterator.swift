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
///
/// Over an async source (a reader made by ``ParquetFileReader/open(source:options:)``, read
/// with `for try await`) and over a ``MultiRangeSource`` (read with ``next()``) it plans its
/// reads, and reads what a read of a file would, in few requests: first
/// the page-index regions (column and offset indexes) the selection needs for this and the
/// following row groups, with the filtered chunks' bloom filters and dictionaries for this
/// one; then, per row group, all the pages (or whole chunks) its batches decode, with the
/// dictionary pages they likely need. Each such step's byte ranges are merged when at most
/// 64 KiB apart and asked for in one ``AsyncRandomAccessSource/read(ranges:)`` (or
/// ``MultiRangeSource/read(ranges:)``) call, then decoded from memory; a read the plan missed
/// is fetched on its own and the step runs again. The plan is the same for both kinds of
/// source; only the fetch differs.
public struct SelectionIterator: Sendable {
    /// The reader; over a planned source, a reader of the same file reading `planned.fetched`.
    private let reader: ParquetFileReader
    /// For a source the reads are planned for (async or ``MultiRangeSource``): the source
    /// and the bytes fetched from it.
    private let planned: (source: ParquetFileReader.PlannedSource, fetched: FetchedRanges)?
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

    /// Page-index bytes fetched ahead for the row groups after the current one, at most.
    static let metadataLookahead: Int64 = 4 << 20

    init(reader: ParquetFileReader, columns: [ColumnDescriptor], limits: BatchLimits, rows: Range<Int64>?, filter: BoundFilter?) {
        if let source = reader.plannedSource {
            let fetched = FetchedRanges(name: reader.path, size: reader.size, refetchable: true)
            self.reader = reader.reading(from: fetched)
            planned = (source, fetched)
        } else {
            self.reader = reader
            planned = nil
        }
        self.columns = columns
        self.limits = BatchLimits(maxRows: Swift.max(1, limits.maxRows), maxBytes: Swift.max(1, limits.maxBytes))
        self.rows = rows
        self.filter = filter
    }

    /// The next batch, or nil after the last. Over a ``MultiRangeSource``, fetches what the
    /// step reads first (see ``nextAsync()``).
    ///
    /// - Throws: `.invalidArgument` over an async source (iterate with `for try await`).
    public mutating func next() throws -> RecordBatch? {
        guard let planned else { return try step() }
        guard case .sync(let source) = planned.source else {
            throw ParquetError(.invalidArgument, "this reader reads an async source: read its batches with `for try await`", file: reader.path)
        }
        while true {
            let saved = self
            do {
                return try step()
            } catch let miss as FetchMiss {
                let (missing, group) = try rewind(to: saved, after: miss)
                try reader.fetch(missing, from: source, into: planned.fetched, group: group)
            }
        }
    }

    /// The next batch, fetching through the async source (when there is one) what the step
    /// reads: a step that misses bytes is run again from where it started once they are in.
    mutating func nextAsync() async throws -> RecordBatch? {
        guard let planned, case .async(let source) = planned.source else { return try next() }
        while true {
            try Task.checkCancellation()
            let saved = self
            do {
                return try step()
            } catch let miss as FetchMiss {
                let (missing, group) = try rewind(to: saved, after: miss)
                try await reader.fetch(missing, from: source, into: planned.fetched, group: group)
            }
        }
    }

    /// After a step that missed bytes: puts the iterator back where the step started and
    /// gives what to fetch (the missed ranges not fetched yet) and the row group to keep it
    /// for (nil: metadata, kept while the iterator runs).
    ///
    /// - Throws: `.corrupt` when every missed range is fetched already.
    private mutating func rewind(to saved: SelectionIterator, after miss: FetchMiss) throws -> (ranges: [Range<Int64>], group: Int?) {
        let failedGroup = group
        self = saved
        let group: Int?
        switch miss.tier {
        case .metadata: group = nil
        case .data(let g): group = g
        case .current: group = failedGroup
        }
        let missing = planned?.fetched.missing(miss.ranges) ?? []
        guard !missing.isEmpty else {
            throw ParquetError(.corrupt, "a read of bytes already fetched failed", file: reader.path)
        }
        return (missing, group)
    }

    /// The file position of record `i` of the batch `next()` returned last.
    func filePosition(ofRecord i: Int, in batch: RecordBatch) -> Int64 {
        partialRows.indices.contains(i) ? groupStart + partialRows[i] : groupStart + Int64(batch.rowGroupOffset) + Int64(i)
    }

    /// Over a planned source: throws a ``FetchMiss`` for the part of `ranges` not fetched yet
    /// (plus `more`, fetched along), so that they come in one request.
    private func require(_ ranges: [Range<Int64>], tier: FetchMiss.Tier, more: () -> [Range<Int64>] = { [] }) throws {
        guard let planned else { return }
        let missing = planned.fetched.missing(ranges)
        guard !missing.isEmpty else { return }
        throw FetchMiss(ranges: missing + planned.fetched.missing(more()), tier: tier)
    }

    /// Which regions ``metadataRegions(_:partial:filter:)`` gives.
    private enum MetadataPart { case pageIndex, data }

    /// The regions row group `group` may read while it is planned. `.pageIndex`: the offset
    /// indexes of the selected columns (when only some rows are read, or a filter the
    /// statistics cannot decide may narrow them) and the filtered columns' column and offset
    /// indexes. `.data`: the bloom filters and the dictionaries the filter checks.
    private func metadataRegions(_ group: Int, partial: Bool, filter part: MetadataPart) -> [Range<Int64>] {
        let chunks = reader.metadata.rowGroups[group].columns
        var regions: [Range<Int64>] = []
        func add(_ offset: Int64?, _ length: Int64?) {
            guard let offset, let length, offset >= 0, length > 0, length <= reader.size - offset else { return }
            regions.append(offset ..< offset + length)
        }
        func addIndexes(_ column: Int, columnIndex: Bool) {
            guard chunks.indices.contains(column) else { return }
            add(chunks[column].offsetIndexOffset, chunks[column].offsetIndexLength.map(Int64.init))
            if columnIndex { add(chunks[column].columnIndexOffset, chunks[column].columnIndexLength.map(Int64.init)) }
        }
        var undecided = partial
        if let filter {
            let facts = filter.leaves.map { reader.statisticsFacts($0.column, group) }
            let outcomes = filter.evaluate { filter.leaves[$0].outcomes(facts[$0]) }
            guard outcomes.contains(.yes) else { return [] }
            if outcomes != .yes {
                undecided = true
                for (i, leaf) in filter.leaves.enumerated() where !leaf.isDecided(facts[i]) {
                    let c = leaf.column.index
                    if part == .pageIndex { addIndexes(c, columnIndex: true) }
                    guard part == .data, chunks.indices.contains(c), let md = chunks[c].metaData else { continue }
                    if !leaf.bloomKeys.isEmpty, let offset = md.bloomFilterOffset {
                        add(offset, md.bloomFilterLength.map(Int64.init) ?? Int64(ParquetFileReader.bloomHeaderProbe))
                    }
                    if ParquetFileReader.isAllDictionary(md), let start = md.dictionaryPageOffset, start > 0, start < md.dataPageOffset {
                        add(start, md.dataPageOffset - start)
                    }
                }
            }
        }
        if undecided, part == .pageIndex { for column in columns { addIndexes(column.index, columnIndex: false) } }
        return regions
    }

    /// The page-index regions of the row groups after `group` that the selection may read,
    /// up to ``metadataLookahead`` bytes.
    private func metadataLookahead(after group: Int) -> [Range<Int64>] {
        var regions: [Range<Int64>] = []
        var bytes: Int64 = 0
        var start = nextGroupStart
        let groups = reader.metadata.rowGroups
        for g in groups.indices.dropFirst(group + 1) {
            let count = groups[g].numRows
            defer { start += count }
            if let rows {
                if rows.upperBound <= start { break }
                if rows.lowerBound >= start + count { continue }
            }
            let partial = rows.map { $0.lowerBound > start || $0.upperBound < start + count } ?? false
            let more = metadataRegions(g, partial: partial, filter: .pageIndex)
            bytes += more.reduce(0) { $0 + Int64($1.count) }
            guard bytes <= Self.metadataLookahead else { break }
            regions += more
        }
        return regions
    }

    /// The next batch, or nil after the last (reading the reader's source).
    private mutating func step() throws -> RecordBatch? {
        let path = reader.path
        while true {
            if whole != nil {
                if let batch = try whole?.next() { partialRows = []; return batch }
                whole = nil
            }
            if pendingIndex < pending.count { return try nextPartial() }
            group += 1
            let groups = reader.metadata.rowGroups
            guard group < groups.count else { return nil }
            let start = nextGroupStart
            let count = groups[group].numRows
            guard count >= 0 else { throw ParquetError(.corrupt, "row group \(group) has a negative row count \(count)", file: path) }
            let (end, overflow) = start.addingReportingOverflow(count)
            guard !overflow else { throw ParquetError(.corrupt, "the row groups' row counts overflow a 64-bit integer", file: path) }
            nextGroupStart = end
            groupStart = start
            var local: Range<Int64> = 0 ..< count
            if let rows {
                if rows.upperBound <= start { group = groups.count; return nil }
                let upper = Swift.max(0, Swift.min(count, rows.upperBound - start))
                local = Swift.min(upper, Swift.max(0, rows.lowerBound - start)) ..< upper
            }
            guard !local.isEmpty else { continue }
            if planned != nil {
                // The page index, kept for the iterator; then the filter's bloom filters and
                // dictionaries, data of this row group.
                let g = group, partial = local != 0 ..< count
                try require(metadataRegions(g, partial: partial, filter: .pageIndex), tier: .metadata) { metadataLookahead(after: g) }
                try require(metadataRegions(g, partial: partial, filter: .data), tier: .data(g))
            }
            var ranges = [local]
            if let filter {
                let (outcomes, facts) = try reader.groupOutcomes(filter, group)
                guard outcomes.contains(.yes) else { rowGroupsSkipped += 1; continue }
                // When every row matches (`outcomes == .yes`) no page can be ruled out: the
                // column index is not read.
                if outcomes != .yes, let candidates = try reader.candidateRows(filter, group, leafFacts: facts) {
                    ranges = candidates.compactMap { r in
                        let c = Swift.max(r.lowerBound, local.lowerBound) ..< Swift.min(r.upperBound, local.upperBound)
                        return c.isEmpty ? nil : c
                    }
                    rowsSkippedByPageIndex += Int64(local.count) - ranges.reduce(0) { $0 + Int64($1.count) }
                }
                guard !ranges.isEmpty else { continue }
            }
            planned?.fetched.keepData(of: group)
            if ranges == [0 ..< count] {
                try require(try reader.chunkRanges(rowGroup: group, columns: columns), tier: .data(group))
                whole = BatchIterator(reader: reader, columns: columns, limits: limits, rowGroups: [group])
                continue
            }
            selections = []
            for column in columns {
                let g = group
                selections.append(try withContext(file: path, column: column.dottedPath) {
                    try ColumnSelection(reader: reader, group: g, groupRows: count, column: column, ranges: ranges)
                })
            }
            if planned != nil {
                var needed: [Range<Int64>] = []
                for (column, selection) in zip(columns, selections) {
                    if let pages = selection.pageRanges {
                        needed += pages
                        if let dictionary = selection.likelyDictionary { needed.append(dictionary) }
                    } else {
                        needed += try reader.chunkRanges(rowGroup: group, columns: [column])
                    }
                }
                try require(needed, tier: .data(group))
            }
            pending = ranges
            pendingIndex = 0
        }
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

    /// The async iterator of a ``SelectionIterator``: the same batches as its ``SelectionIterator/next()``
    /// (over an async source, fetched as ``SelectionIterator`` describes); checks for task
    /// cancellation before each batch.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var base: SelectionIterator

        /// The next batch, or nil after the last.
        public mutating func next() async throws -> RecordBatch? {
            try Task.checkCancellation()
            return try await base.nextAsync()
        }
    }
}
