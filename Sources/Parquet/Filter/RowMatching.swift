// Exact evaluation of a RowGroupFilter on decoded records.

extension RowGroupFilter {
    /// The positions (0-based, increasing) of the records of `batch` that match, evaluated
    /// exactly on their values (see ``RowGroupFilter`` for the semantics of nulls, NaN and `in`).
    ///
    /// - Throws: `.invalidArgument` when the filter does not fit the batch's schema, or names
    ///   a column the batch does not hold (read it along: ``ParquetFileReader/batches(columns:rows:filter:limits:)``
    ///   adds filtered columns only when asked to).
    public func matchingRecords(in batch: RecordBatch) throws -> [Int] {
        try Self.matchingRecords(BoundFilter(self, schema: batch.schema), in: batch)
    }

    /// The positions of the records of `batch` that match `bound` (bound to the batch's schema).
    static func matchingRecords(_ bound: BoundFilter, in batch: RecordBatch) throws -> [Int] {
        var leafRows: [[UInt8]] = []
        for leaf in bound.leaves {
            guard let data = batch.column(at: leaf.column.index) else {
                throw ParquetError(.invalidArgument, "the filtered column is not among the columns read", column: leaf.column.dottedPath)
            }
            leafRows.append(try Self.rowOutcomes(leaf, data, rows: batch.numRows))
        }
        func visit(_ node: BoundFilter.Node) -> [UInt8] {
            switch node {
            case .leaf(let i): return leafRows[i]
            case .not(let a):
                var v = visit(a)
                for i in v.indices { v[i] = v[i] == Self.yes ? Self.no : (v[i] == Self.no ? Self.yes : Self.null) }
                return v
            case .and(let a, let b):
                var x = visit(a)
                let y = visit(b)
                for i in x.indices {
                    x[i] = x[i] == Self.no || y[i] == Self.no ? Self.no : (x[i] == Self.yes && y[i] == Self.yes ? Self.yes : Self.null)
                }
                return x
            case .or(let a, let b):
                var x = visit(a)
                let y = visit(b)
                for i in x.indices {
                    x[i] = x[i] == Self.yes || y[i] == Self.yes ? Self.yes : (x[i] == Self.no && y[i] == Self.no ? Self.no : Self.null)
                }
                return x
            }
        }
        let result = visit(bound.root)
        var matching: [Int] = []
        for (i, v) in result.enumerated() where v == Self.yes { matching.append(i) }
        return matching
    }

    private static let yes = FilterOutcomes.yes.rawValue, no = FilterOutcomes.no.rawValue, null = FilterOutcomes.null.rawValue

    /// A leaf's outcome on each record of a flat (non-repeated) column.
    private static func rowOutcomes(_ leaf: FilterLeaf, _ data: ColumnData, rows: Int) throws -> [UInt8] {
        let maxDefinition = UInt32(leaf.column.maxDefinitionLevel)
        let hasDefinition = maxDefinition > 0
        guard data.levelCount == rows, !hasDefinition || data.definitionLevels.count == rows else {
            throw ParquetError(.corrupt, "the column holds \(data.levelCount) entries for \(rows) records", column: leaf.column.dottedPath)
        }
        var out = [UInt8](repeating: 0, count: rows)
        var value = 0
        let count = data.values.count
        for row in 0 ..< rows {
            if hasDefinition && data.definitionLevels[row] != maxDefinition {
                out[row] = leaf.outcome(nil).rawValue
                continue
            }
            guard value < count, let scalar = leaf.domain.scalar(data.values, value) else {
                throw ParquetError(.corrupt, "the column holds fewer values than its definition levels call for", column: leaf.column.dottedPath)
            }
            out[row] = leaf.outcome(scalar).rawValue
            value += 1
        }
        return out
    }
}

extension RecordBatch {
    /// The records at `offsets` (increasing positions in this batch) as a batch.
    public func records(at offsets: [Int]) throws -> RecordBatch {
        if offsets.count == numRows { return self }
        var batch = self
        batch.columns = try columns.map { try $0.records(at: offsets) }
        batch.numRows = offsets.count
        return batch
    }

    /// The records of this batch that match `filter`, exactly.
    public func filtered(by filter: RowGroupFilter) throws -> RecordBatch {
        try records(at: filter.matchingRecords(in: self))
    }
}
