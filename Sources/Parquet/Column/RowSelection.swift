// Reading the records at chosen positions of a file: only the row groups that hold them, and,
// for columns whose chunk has an offset index, only the pages that hold them.

extension ParquetFileReader {
    /// An iterator over the records at `rowIndices` (record positions in the file, 0-based),
    /// in file order, one batch per row group that holds some of them (split into batches of
    /// at most `maxRowsPerBatch` records).
    ///
    /// Row groups without a selected record are not read. Within a row group, a column whose
    /// chunk has a consistent offset index reads only the pages that hold selected records
    /// (plus its dictionary page; nested columns too, as their pages begin on record
    /// boundaries when the chunk has an offset index); other columns read their chunk
    /// and skip the records before each selected one. A missing, unreadable or inconsistent
    /// offset index falls back to reading the whole chunk.
    ///
    /// - Parameters:
    ///   - columns: the columns to decode (see ``columns(named:)``); nil for all.
    ///   - rowIndices: strictly increasing record positions below ``numRows``.
    ///   - maxRowsPerBatch: most records per batch; nil for one batch per row group.
    /// - Throws: `.invalidArgument` when the positions are not strictly increasing or lie
    ///   outside the file.
    public func batches(columns: [String]? = nil, rowIndices: [Int64], maxRowsPerBatch: Int? = nil) throws -> SelectedRowsIterator {
        let total = try numRows
        var previous: Int64 = -1
        for row in rowIndices {
            guard row > previous else {
                throw ParquetError(.invalidArgument, "row positions must be strictly increasing (\(row) after \(previous))", file: path)
            }
            guard row < total else {
                throw ParquetError(.invalidArgument, "row position \(row) is past the file's \(total) records", file: path)
            }
            previous = row
        }
        return SelectedRowsIterator(reader: self, columns: try self.columns(named: columns), rows: rowIndices,
                                    maxRowsPerBatch: maxRowsPerBatch)
    }
}

/// Yields the records at chosen positions of a file (see
/// ``ParquetFileReader/batches(columns:rowIndices:maxRowsPerBatch:)``); each call decodes at
/// most one batch.
public struct SelectedRowsIterator {
    private let reader: ParquetFileReader
    private let columns: [ColumnDescriptor]
    private let rows: [Int64]
    private let maxRows: Int
    /// Index into `rows` of the next record to hand out.
    private var cursor = 0
    private var group = -1
    /// File position of the current row group's first record.
    private var groupStart: Int64 = 0
    private var groupRows: Int64 = 0
    private var selections: [ColumnSelection] = []
    /// Per column of the current row group, the byte ranges read (nil: the whole chunk).
    private(set) var pageRanges: [[Range<Int64>]?] = []

    init(reader: ParquetFileReader, columns: [ColumnDescriptor], rows: [Int64], maxRowsPerBatch: Int?) {
        self.reader = reader
        self.columns = columns
        self.rows = rows
        self.maxRows = max(1, maxRowsPerBatch ?? Int.max)
    }

    /// The next batch, or nil after the last selected record.
    public mutating func next() throws -> RecordBatch? {
        guard cursor < rows.count else { return nil }
        let path = reader.path
        let groups = reader.metadata.rowGroups
        if group < 0 || rows[cursor] >= groupStart + groupRows {
            // Move to the row group holding the next selected record.
            if group >= 0 { groupStart += groupRows }
            group += 1
            while group < groups.count, rows[cursor] >= groupStart + groups[group].numRows {
                groupStart += groups[group].numRows
                group += 1
            }
            guard group < groups.count else {
                throw ParquetError(.corrupt, "record \(rows[cursor]) lies in no row group", file: path)
            }
            groupRows = groups[group].numRows
            let groupEnd = groupStart + groupRows
            var upper = cursor
            while upper < rows.count && rows[upper] < groupEnd { upper += 1 }
            let inGroup = rows[cursor ..< upper].map { $0 - groupStart }
            selections = []
            pageRanges = []
            for column in columns {
                let selection = try withContext(file: path, column: column.dottedPath) {
                    try ColumnSelection(reader: reader, group: group, groupRows: groupRows, column: column, rows: inGroup)
                }
                selections.append(selection)
                pageRanges.append(selection.pageRanges)
            }
        }
        let groupEnd = groupStart + groupRows
        var upper = cursor
        while upper < rows.count && rows[upper] < groupEnd && upper - cursor < maxRows { upper += 1 }
        let taken = rows[cursor ..< upper].map { $0 - groupStart }
        let data = try selections.take(taken, file: path, rowGroup: group)
        cursor = upper
        return RecordBatch(schema: reader.schema, columns: data, numRows: taken.count, rowGroupIndex: group)
    }
}

/// The selected records of one column chunk: its reader and where each selected record sits
/// in the stream of records that reader yields.
extension Array where Element == ColumnSelection {
    /// Takes the records at `rows` (positions within the row group, ascending) from every
    /// column; errors name the file, the column and the row group.
    mutating func take(_ rows: [Int64], file path: String, rowGroup group: Int) throws -> [ColumnData] {
        var data: [ColumnData] = []
        data.reserveCapacity(count)
        for i in indices {
            data.append(try withContext(file: path, column: self[i].descriptor.dottedPath) {
                do {
                    return try self[i].take(rows)
                } catch let error as ParquetError {
                    // Page errors (a checksum mismatch) name their row group already.
                    if error.message.hasPrefix("row group ") { throw error }
                    throw ParquetError(error.kind, "row group \(group): \(error.message)")
                }
            })
        }
        return data
    }
}

struct ColumnSelection {
    let descriptor: ColumnDescriptor
    private var chunkReader: ColumnChunkReader
    /// Byte ranges the reader reads; nil for the whole chunk.
    let pageRanges: [Range<Int64>]?
    /// With `pageRanges`: the dictionary page's bytes, read only if a page read needs them,
    /// when the chunk has one and the pages read are likely dictionary-encoded (see
    /// ``mayUseDictionary(_:firstPage:)``); what an async reader fetches with the pages.
    let likelyDictionary: Range<Int64>?
    /// First row (in the row group) of each page read, and the position of that row in the
    /// reader's record stream; empty when the whole chunk is read (stream position = row).
    private var pageFirstRows: [Int64] = []
    private var pageStreamStarts: [Int64] = []
    /// Records consumed from the reader so far.
    private var streamPosition: Int64 = 0
    private var pageCursor = 0

    /// Most records read from the stream at once (to skip, or to gather selected ones from).
    static let skipStep = 4096

    init(reader: ParquetFileReader, group: Int, groupRows: Int64, column: ColumnDescriptor, rows: [Int64]) throws {
        var ranges: [Range<Int64>] = []
        for row in rows {
            if let last = ranges.last, last.upperBound == row {
                ranges[ranges.count - 1] = last.lowerBound ..< row + 1
            } else {
                ranges.append(row ..< row + 1)
            }
        }
        try self.init(reader: reader, group: group, groupRows: groupRows, column: column, ranges: ranges)
    }

    /// - Parameter ranges: the selected rows (row-group relative) as sorted, disjoint ranges.
    init(reader: ParquetFileReader, group: Int, groupRows: Int64, column: ColumnDescriptor, ranges rows: [Range<Int64>]) throws {
        descriptor = column
        let chunk = reader.metadata.rowGroups[group].columns[column.index]
        var plan: (ranges: [Range<Int64>], dictionary: Range<Int64>?, firstRows: [Int64], starts: [Int64], firstPage: Int)?
        // Pages of a chunk with an offset index begin on record boundaries (parquet.thrift,
        // PageLocation.first_row_index), so nested columns select pages too. An unreadable
        // offset index falls back to the whole chunk (bytes not fetched yet by an async
        // reader are not a fault: that miss goes up to be fetched).
        var index: OffsetIndex?
        do {
            index = try reader.offsetIndex(rowGroup: group, column: column.index)
        } catch is ParquetError {
            index = nil
        }
        if let metadata = chunk.metaData, let index {
            plan = Self.plan(index, metadata: metadata, groupRows: groupRows, rows: rows)
        }
        pageRanges = plan?.ranges
        if let plan, let dictionary = plan.dictionary, let metadata = chunk.metaData,
           Self.mayUseDictionary(metadata, firstPage: plan.firstPage) {
            likelyDictionary = dictionary
        } else {
            likelyDictionary = nil
        }
        pageFirstRows = plan?.firstRows ?? []
        pageStreamStarts = plan?.starts ?? []
        chunkReader = try ColumnChunkReader(file: reader.file, descriptor: column, chunk: chunk, quirks: reader.quirks,
                                            pageRanges: plan?.ranges, lazyDictionary: plan?.dictionary,
                                            verifyChecksums: reader.options.verifyChecksums, rowGroup: group)
    }

    /// The pages holding `rows` (sorted, disjoint, row-group relative) as byte ranges (adjacent
    /// pages merged), the dictionary region before the first data page (read only if a page
    /// needs it), each page's first row and stream position; nil when the index does not
    /// describe the chunk.

    private static func plan(_ index: OffsetIndex, metadata: ColumnMetaData, groupRows: Int64, rows: [Range<Int64>])
        -> (ranges: [Range<Int64>], dictionary: Range<Int64>?, firstRows: [Int64], starts: [Int64], firstPage: Int)? {
        var start = metadata.dataPageOffset
        if let dictionary = metadata.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        let (end, overflow) = start.addingReportingOverflow(metadata.totalCompressedSize)
        guard !overflow, metadata.totalCompressedSize >= 0,
              index.isConsistent(chunk: start ..< end, rows: groupRows) else { return nil }
        let locations = index.pageLocations
        var ranges: [Range<Int64>] = []
        let dictionary = locations.first.flatMap { $0.offset > start ? start ..< $0.offset : nil }
        var firstRows: [Int64] = [], starts: [Int64] = []
        var streamed: Int64 = 0
        var r = 0
        var firstPage = locations.count
        for (i, location) in locations.enumerated() {
            let pageEnd = i + 1 < locations.count ? locations[i + 1].firstRowIndex : groupRows
            while r < rows.count && rows[r].upperBound <= location.firstRowIndex { r += 1 }
            guard r < rows.count else { break }
            guard rows[r].lowerBound < pageEnd else { continue }
            firstPage = Swift.min(firstPage, i)
            let bytes = location.offset ..< location.offset + Int64(location.compressedPageSize)
            if let last = ranges.last, last.upperBound == bytes.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound ..< bytes.upperBound
            } else {
                ranges.append(bytes)
            }
            firstRows.append(location.firstRowIndex)
            starts.append(streamed)
            streamed += pageEnd - location.firstRowIndex
        }
        return (ranges, dictionary, firstRows, starts, firstPage)
    }

    /// Whether data page `firstPage` (0-based, in file order) or a later one of a chunk with a
    /// dictionary page may be dictionary-encoded: false when the chunk's encoding stats count
    /// no more than `firstPage` dictionary-encoded data pages (writers fall back from the
    /// dictionary to plain encoding when it grows too large, so those pages come first);
    /// true without encoding stats. Only a guess of what to fetch: a page that does need the
    /// dictionary reads it anyway.
    static func mayUseDictionary(_ metadata: ColumnMetaData, firstPage: Int) -> Bool {
        guard let stats = metadata.encodingStats else { return true }
        let dictionary: Set<Encoding> = [.plainDictionary, .rleDictionary]
        let pages = stats.reduce(0) { total, stat in
            (stat.pageType == .dataPage || stat.pageType == .dataPageV2) && dictionary.contains(stat.encoding) ? total + Int(stat.count) : total
        }
        return firstPage < pages
    }

    /// Where row `row` (row-group relative) sits in the reader's record stream.
    private mutating func streamIndex(of row: Int64) throws -> Int64 {
        guard !pageFirstRows.isEmpty else { return row }
        while pageCursor + 1 < pageFirstRows.count && pageFirstRows[pageCursor + 1] <= row { pageCursor += 1 }
        guard pageFirstRows[pageCursor] <= row else {
            throw ParquetError.corrupt("row \(row) lies in no page that was read")
        }
        return pageStreamStarts[pageCursor] + (row - pageFirstRows[pageCursor])
    }

    /// The records at `rows` (sorted, row-group relative, after any taken before).
    ///
    /// The stream is read ``skipStep`` records at a time at most: a long gap is skipped in
    /// such reads, and the selected records within one read are gathered from it.
    mutating func take(_ rows: [Int64]) throws -> ColumnData {
        var output = ColumnData(descriptor: descriptor, definitionLevels: [], repetitionLevels: [],
                                values: .empty(for: descriptor.physicalType, typeLength: descriptor.typeLength), levelCount: 0)
        let step = Int64(Self.skipStep)
        var i = 0
        while i < rows.count {
            let target = try streamIndex(of: rows[i])
            guard target >= streamPosition else {
                throw ParquetError.corrupt("row \(rows[i]) was asked for after a later one")
            }
            var gap = target - streamPosition
            while gap >= step {
                _ = try read(Self.skipStep)
                gap -= step
            }
            // Every selected record before `windowEnd` comes from one read.
            let start = streamPosition, windowEnd = streamPosition + step
            var offsets: [Int] = []
            while i < rows.count {
                let index = try streamIndex(of: rows[i])
                guard index < windowEnd else { break }
                offsets.append(Int(index - start))
                i += 1
            }
            guard let last = offsets.last else { continue }
            let data = try read(last + 1)
            try output.append(offsets.count == last + 1 ? data : data.records(at: offsets))
        }
        return output
    }

    /// Reads exactly `records` records from the stream.
    private mutating func read(_ records: Int) throws -> ColumnData {
        let data = try chunkReader.read(records: records).data
        let got = descriptor.maxRepetitionLevel == 0 ? data.levelCount : data.repetitionLevels.lazy.filter { $0 == 0 }.count
        guard got == records else {
            throw ParquetError.corrupt("the column chunk ends after \(streamPosition + Int64(got)) records; \(streamPosition + Int64(records)) were needed")
        }
        streamPosition += Int64(records)
        return data
    }
}

extension ColumnData {
    /// The records at `offsets` (strictly increasing record positions within this data): their
    /// level entries and values, in one pass over the levels.
    func records(at offsets: [Int]) throws -> ColumnData {
        let d = descriptor
        var out = ColumnData(descriptor: d, definitionLevels: [], repetitionLevels: [],
                             values: .empty(for: d.physicalType, typeLength: d.typeLength), levelCount: 0)
        let hasDefinition = d.maxDefinitionLevel > 0, hasRepetition = d.maxRepetitionLevel > 0
        let maxDefinition = UInt32(d.maxDefinitionLevel)
        guard (!hasDefinition || definitionLevels.count == levelCount),
              (!hasRepetition || repetitionLevels.count == levelCount) else {
            throw ParquetError.corrupt("level counts differ from the entries of the column data")
        }
        var valueRanges: [Range<Int>] = []
        var k = 0, record = -1, value = 0
        var copying = false
        for entry in 0 ..< levelCount {
            if !hasRepetition || repetitionLevels[entry] == 0 {
                record += 1
                guard k < offsets.count else { break }
                copying = offsets[k] == record
                if copying { k += 1 }
            }
            let defined = !hasDefinition || definitionLevels[entry] == maxDefinition
            if copying {
                if hasDefinition { out.definitionLevels.append(definitionLevels[entry]) }
                if hasRepetition { out.repetitionLevels.append(repetitionLevels[entry]) }
                out.levelCount += 1
                if defined {
                    if let last = valueRanges.last, last.upperBound == value {
                        valueRanges[valueRanges.count - 1] = last.lowerBound ..< value + 1
                    } else {
                        valueRanges.append(value ..< value + 1)
                    }
                }
            }
            if defined { value += 1 }
        }
        guard k == offsets.count, value <= values.count else {
            throw ParquetError.corrupt("the column data holds fewer records or values than its levels call for")
        }
        for range in valueRanges { try out.values.append(from: values, range: range) }
        return out
    }

    /// Appends the level entries and values of `other` (the same column).
    mutating func append(_ other: ColumnData) throws {
        if levelCount == 0 && values.count == 0 {
            self = other
            return
        }
        definitionLevels += other.definitionLevels
        repetitionLevels += other.repetitionLevels
        try values.append(from: other.values, range: 0 ..< other.values.count)
        levelCount += other.levelCount
    }
}
