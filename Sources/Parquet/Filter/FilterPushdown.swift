// Where a RowGroupFilter meets a file: row groups by their statistics, bloom filters and
// dictionaries; pages by the column index.

extension FilterDomain {
    /// Value `i` of a decoded column's values (or dictionary) in comparable form.
    @inline(__always)
    func scalar(_ values: ColumnValues, _ i: Int) -> FilterScalar? {
        switch (self, values) {
        case (.bool, .boolean(let v)): return .bool(v[i])
        case (.signed, .int32(let v)): return .int(Int64(v[i]))
        case (.signed, .int64(let v)): return .int(v[i])
        case (.unsigned, .int32(let v)): return .uint(UInt64(UInt32(bitPattern: v[i])))
        case (.unsigned, .int64(let v)): return .uint(UInt64(bitPattern: v[i]))
        case (.float, .float(let v)): return .double(Double(v[i]))
        case (.float, .double(let v)): return .double(v[i])
        case (.bytes, .byteArray(let v)): return .bytes(v[i])
        case (.bytes, .fixedLenByteArray(let v)): return .bytes(v[i])
        case (.decimal(let s), .int32(let v)): return .decimal(Self.decimal(unscaled: Int64(v[i]), scale: s))
        case (.decimal(let s), .int64(let v)): return .decimal(Self.decimal(unscaled: v[i], scale: s))
        case (.decimal(let s), .byteArray(let v)): return Self.decimal(twosComplement: v[i], scale: s).map { .decimal($0) }
        case (.decimal(let s), .fixedLenByteArray(let v)): return Self.decimal(twosComplement: v[i], scale: s).map { .decimal($0) }
        default: return nil
        }
    }
}

extension ParquetFileReader {
    /// Most dictionary entries a filter checks one by one (a larger dictionary is not read).
    static let maxFilterDictionary = 1 << 16

    /// Whether some row of row group `rowGroup` may match `filter`, from the chunks'
    /// statistics, bloom filters (for `==`, `!=` and `in`) and, for chunks whose data pages
    /// are all dictionary-encoded, their dictionary pages. False means no row matches.
    ///
    /// - Throws: `.invalidArgument` when the filter does not fit the schema (see
    ///   ``RowGroupFilter``); a `ParquetError` naming the column when a bloom filter or
    ///   dictionary page that was read is corrupt.
    public func rowGroupMayMatch(_ filter: RowGroupFilter, rowGroup: Int) throws -> Bool {
        let bound = try withContext(file: path) { try BoundFilter(filter, schema: schema) }
        guard metadata.rowGroups.indices.contains(rowGroup) else {
            throw ParquetError(.invalidArgument, "no row group \(rowGroup) (the file has \(metadata.rowGroups.count))", file: path)
        }
        return try groupOutcomes(bound, rowGroup).outcomes.contains(.yes)
    }

    /// The possible outcomes of `bound` on a row group, and each leaf's facts used.
    func groupOutcomes(_ bound: BoundFilter, _ group: Int) throws -> (outcomes: FilterOutcomes, leafFacts: [ValueFacts]) {
        var facts = bound.leaves.map { statisticsFacts($0.column, group) }
        var outcomes = bound.evaluate { bound.leaves[$0].outcomes(facts[$0]) }
        guard outcomes.contains(.yes), metadata.rowGroups[group].numRows > 0 else { return ([], facts) }
        // Every row matches: no bloom filter or dictionary can rule a row out, so none is read.
        if outcomes == .yes { return (outcomes, facts) }
        // Bloom filters, for equality tests.
        var blooms: [Int: BloomFilter?] = [:]
        var changed = false
        let decided = bound.leaves.indices.map { bound.leaves[$0].isDecided(facts[$0]) }
        for (i, leaf) in bound.leaves.enumerated() where !decided[i] && !leaf.bloomKeys.isEmpty && leaf.bloomKeys.contains(where: { $0 != nil }) {
            if case .compare(let op, _) = leaf.test, op != .equal && op != .notEqual { continue }
            let column = leaf.column.index
            if blooms[column] == nil { blooms[column] = try bloomFilter(rowGroup: group, column: column) }
            guard let filter = blooms[column] ?? nil else { continue }
            let keys = leaf.bloomKeys
            facts[i].mayContain = { k in
                guard keys.indices.contains(k), let key = keys[k] else { return true }
                return filter.mayContain(plain: key)
            }
            changed = true
        }
        if changed {
            outcomes = bound.evaluate { bound.leaves[$0].outcomes(facts[$0]) }
            guard outcomes.contains(.yes) else { return ([], facts) }
        }
        // Dictionaries of all-dictionary chunks.
        changed = false
        var dictionaries: [Int: [FilterScalar]?] = [:]
        for (i, leaf) in bound.leaves.enumerated() where !decided[i] {
            if case .isNull = leaf.test { continue }
            if case .isNotNull = leaf.test { continue }
            let column = leaf.column.index
            if dictionaries[column] == nil {
                dictionaries[column] = try withContext(file: path, column: leaf.column.dottedPath) {
                    try dictionaryScalars(leaf.column, leaf.domain, group)
                }
            }
            guard let values = dictionaries[column] ?? nil else { continue }
            facts[i].distinct = values
            changed = true
        }
        if changed {
            outcomes = bound.evaluate { bound.leaves[$0].outcomes(facts[$0]) }
        }
        return (outcomes.contains(.yes) ? outcomes : [], facts)
    }

    /// What a chunk's statistics say about its values.
    func statisticsFacts(_ column: ColumnDescriptor, _ group: Int) -> ValueFacts {
        var facts = ValueFacts()
        let chunk = metadata.rowGroups[group].columns[column.index]
        let optional = column.maxDefinitionLevel > 0
        facts.mayHaveNulls = optional
        guard let domain = FilterDomain(column) else { return facts }
        if case .float = domain { facts.mayHaveNaN = true }
        guard let stats = statistics(rowGroup: group, column: column.index) else { return facts }
        if let nulls = stats.nullCount {
            facts.mayHaveNulls = optional && nulls > 0
            if let entries = chunk.metaData?.numValues, entries > 0, column.maxRepetitionLevel == 0 {
                facts.mayHaveValues = nulls < entries
            }
        }
        if case .float = domain, let nan = stats.nanCount { facts.mayHaveNaN = nan > 0 }
        facts.min = stats.min.flatMap(domain.scalar)
        facts.max = stats.max.flatMap(domain.scalar)
        return facts
    }

    /// The dictionary of a chunk whose data pages are all dictionary-encoded, as comparable
    /// values; nil when the chunk is not such a chunk, or its dictionary is too large.
    func dictionaryScalars(_ column: ColumnDescriptor, _ domain: FilterDomain, _ group: Int) throws -> [FilterScalar]? {
        let chunk = metadata.rowGroups[group].columns[column.index]
        guard let md = chunk.metaData, Self.isAllDictionary(md),
              let start = md.dictionaryPageOffset, start > 0, start < md.dataPageOffset else { return nil }
        let reader = try ColumnChunkReader(file: file, descriptor: column, chunk: chunk, quirks: quirks,
                                           pageRanges: [start ..< md.dataPageOffset], verifyChecksums: options.verifyChecksums, rowGroup: group)
        var chunkReader = reader
        guard let values = try chunkReader.readDictionaryPage(), values.count <= Self.maxFilterDictionary else { return nil }
        var out: [FilterScalar] = []
        out.reserveCapacity(values.count)
        for i in 0 ..< values.count {
            guard let s = domain.scalar(values, i) else { return nil }
            out.append(s)
        }
        return out
    }

    /// Whether every data page of a chunk is dictionary-encoded (from its encoding stats, or
    /// else its encodings: only dictionary and level encodings, PLAIN not among them).
    static func isAllDictionary(_ md: ColumnMetaData) -> Bool {
        let dictionary: Set<Encoding> = [.plainDictionary, .rleDictionary]
        if let stats = md.encodingStats {
            let data = stats.filter { ($0.pageType == .dataPage || $0.pageType == .dataPageV2) && $0.count > 0 }
            return !data.isEmpty && data.allSatisfy { dictionary.contains($0.encoding) }
        }
        let encodings = Set(md.encodings)
        return !encodings.isDisjoint(with: dictionary) && encodings.isSubset(of: dictionary.union([.rle, .bitPacked]))
    }

    /// The row ranges (row-group relative, sorted, disjoint) of row group `group` that may
    /// hold matching rows, from the column index of the filtered columns (leaves without one
    /// keep their row-group facts); nil when no filtered column has a usable page index.
    func candidateRows(_ bound: BoundFilter, _ group: Int, leafFacts: [ValueFacts]) throws -> [Range<Int64>]? {
        let rows = metadata.rowGroups[group].numRows
        let orders = metadata.columnOrders
        // Per leaf: page first rows and per-page outcomes, or nil.
        var pages: [(firstRows: [Int64], outcomes: [FilterOutcomes])?] = []
        var cache: [Int: (ColumnIndex, OffsetIndex)?] = [:]
        for (i, leaf) in bound.leaves.enumerated() {
            let c = leaf.column.index
            // A leaf the row group's facts decide has that outcome on every page.
            if leaf.isDecided(leafFacts[i]) { pages.append(nil); continue }
            if cache[c] == nil {
                cache[c] = try pageIndex(group, leaf.column, rows: rows)
            }
            guard let (columnIndex, offsetIndex) = cache[c] ?? nil else { pages.append(nil); continue }
            var outcomes: [FilterOutcomes] = []
            outcomes.reserveCapacity(columnIndex.pageCount)
            for p in 0 ..< columnIndex.pageCount {
                var facts = ValueFacts()
                facts.mayHaveValues = !columnIndex.nullPages[p]
                facts.mayHaveNulls = leaf.column.maxDefinitionLevel > 0 && (columnIndex.nullCounts.map { $0[p] > 0 } ?? true)
                facts.mayHaveNaN = leafFacts[i].mayHaveNaN
                if facts.mayHaveValues {
                    var raw = Statistics()
                    raw.minValue = columnIndex.minValues[p]
                    raw.maxValue = columnIndex.maxValues[p]
                    let stats = ColumnStatistics(raw, column: leaf.column, order: orders.count == schema.columns.count ? orders[c] : nil)
                    facts.min = stats.min.flatMap(leaf.domain.scalar)
                    facts.max = stats.max.flatMap(leaf.domain.scalar)
                }
                // Both the page's facts and the chunk's (bloom filter, dictionary) bound what
                // the page holds.
                outcomes.append(leaf.outcomes(facts).intersection(leaf.outcomes(leafFacts[i])))
            }
            pages.append((offsetIndex.pageLocations.map(\.firstRowIndex), outcomes))
        }
        guard pages.contains(where: { $0 != nil }) else { return nil }
        let constant = bound.leaves.indices.map { bound.leaves[$0].outcomes(leafFacts[$0]) }
        // Segment the row group at every page start of every leaf; evaluate each segment.
        var starts = Set<Int64>([0])
        for p in pages { if let p { starts.formUnion(p.firstRows) } }
        let boundaries = starts.sorted()
        var cursors = [Int](repeating: 0, count: pages.count)
        var ranges: [Range<Int64>] = []
        for (s, start) in boundaries.enumerated() {
            let end = s + 1 < boundaries.count ? boundaries[s + 1] : rows
            guard start < end else { continue }
            let outcome = bound.evaluate { i -> FilterOutcomes in
                guard let p = pages[i] else { return constant[i] }
                while cursors[i] + 1 < p.firstRows.count && p.firstRows[cursors[i] + 1] <= start { cursors[i] += 1 }
                return p.outcomes[cursors[i]]
            }
            guard outcome.contains(.yes) else { continue }
            if let last = ranges.last, last.upperBound == start {
                ranges[ranges.count - 1] = last.lowerBound ..< end
            } else {
                ranges.append(start ..< end)
            }
        }
        return ranges
    }

    /// A chunk's column index and offset index when both exist, decode, agree on the page
    /// count and the offset index is consistent with the chunk; nil otherwise.
    func pageIndex(_ group: Int, _ column: ColumnDescriptor, rows: Int64) throws -> (ColumnIndex, OffsetIndex)? {
        let chunk = metadata.rowGroups[group].columns[column.index]
        guard chunk.columnIndexOffset != nil, chunk.offsetIndexOffset != nil, let md = chunk.metaData else { return nil }
        guard let ci = try columnIndex(rowGroup: group, column: column.index),
              let oi = try offsetIndex(rowGroup: group, column: column.index),
              ci.pageCount == oi.pageLocations.count, oi.isConsistent(chunk: Self.chunkRange(md), rows: rows) else { return nil }
        return (ci, oi)
    }

    /// The file bytes of a chunk: from its dictionary page (if before the first data page) for
    /// `total_compressed_size` bytes (clamped on overflow).
    static func chunkRange(_ md: ColumnMetaData) -> Range<Int64> {
        var start = md.dataPageOffset
        if let dictionary = md.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        let (end, overflow) = start.addingReportingOverflow(max(0, md.totalCompressedSize))
        return start ..< (overflow ? Int64.max : end)
    }
}
