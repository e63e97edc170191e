import Parquet

/// What an export reads of its inputs: a projection, a range of record positions over all
/// inputs in order, and a filter applied exactly to the records (after the reader has skipped
/// the row groups and pages that cannot match).
public struct ExportSelection: Sendable {
    /// Top-level names or dotted leaf paths; nil for all columns.
    public var columns: [String]?
    /// Record positions over all inputs (end exclusive); nil for all.
    public var rows: Range<Int64>?
    /// Only records matching this are written; nil for all.
    public var filter: RowGroupFilter?

    public init(columns: [String]? = nil, rows: Range<Int64>? = nil, filter: RowGroupFilter? = nil) {
        self.columns = columns
        self.rows = rows
        self.filter = filter
    }

    /// Whether everything is read (no projection, range or filter).
    public var isEverything: Bool { columns == nil && rows == nil && filter == nil }
}

extension Schema {
    /// The schema of only the leaves at `leaves` (indices into ``columns``) and the groups
    /// above them; leaf `k` of the result is the `k`-th selected leaf in file order.
    func projected(leaves: Set<Int>) throws -> Schema {
        var elements: [SchemaElement] = []
        func keep(_ node: SchemaNode) -> Bool {
            if let index = node.columnIndex { return leaves.contains(index) }
            return node.children.contains(where: keep)
        }
        func emit(_ node: SchemaNode) {
            var element = node.element
            if node.columnIndex == nil {
                let kept = node.children.filter(keep)
                element.numChildren = Int32(kept.count)
                elements.append(element)
                for child in kept { emit(child) }
            } else {
                elements.append(element)
            }
        }
        emit(root)
        return try Schema(elements: elements)
    }

    /// The leaf indices `names` select (see ``ParquetFileReader/columns(named:)``: a
    /// top-level name selects all its leaves).
    func leafIndices(named names: [String]) throws -> Set<Int> {
        var selected = Set<Int>()
        for name in names {
            let matches = columns.filter { $0.dottedPath == name || $0.path.first == name || $0.dottedPath.hasPrefix(name + ".") }
            guard !matches.isEmpty else { throw ParquetError(.invalidArgument, "no column named '\(name)'") }
            for column in matches { selected.insert(column.index) }
        }
        return selected
    }
}

/// The batches of several files with a selection applied: only the row groups and pages
/// the range and filter need, the filter applied exactly, converted to the unified schema and
/// projected. Used by ``Dataset/export(to:format:compression:compressionLevel:rowGroupSize:geometry:verifyChecksums:selection:durable:progress:)``.
final class SelectedBatchSource: @unchecked Sendable {
    private let readers: [ParquetFileReader]
    private let unified: UnifiedSchema
    private let selection: ExportSelection
    private let limits: BatchLimits
    /// The output schema (the unified one, projected).
    let schema: Schema
    /// Unified leaf index → output leaf index (nil: not written).
    private let outputIndex: [Int?]
    /// Names of the columns each file reads (projection plus filtered columns; nil: all).
    private let readColumns: [String]?
    private var fileIndex = 0
    private var fileStart: Int64 = 0
    private var iterator: SelectionIterator?

    init(readers: [ParquetFileReader], unified: UnifiedSchema, selection: ExportSelection, limits: BatchLimits) throws {
        self.readers = readers
        self.unified = unified
        self.selection = selection
        self.limits = limits
        if let names = selection.columns {
            let leaves = try unified.schema.leafIndices(named: names)
            schema = try unified.schema.projected(leaves: leaves)
            var map = [Int?](repeating: nil, count: unified.schema.columns.count)
            for (k, index) in leaves.sorted().enumerated() { map[index] = k }
            outputIndex = map
            readColumns = names + (selection.filter?.columnNames ?? []).filter { !names.contains($0) }
        } else {
            schema = unified.schema
            outputIndex = unified.schema.columns.indices.map { $0 }
            readColumns = nil
        }
    }

    func next() throws -> ExportItem? {
        while fileIndex < readers.count {
            let index = fileIndex
            let reader = readers[index]
            if iterator == nil {
                let records = try reader.numRows
                var local: Range<Int64>? = nil
                if let rows = selection.rows {
                    let lower = min(records, max(0, rows.lowerBound - fileStart)), upper = min(records, max(0, rows.upperBound - fileStart))
                    local = lower ..< max(lower, upper)
                }
                if local?.isEmpty == true || (selection.rows.map { $0.upperBound <= fileStart } ?? false) {
                    fileStart += records
                    fileIndex += 1
                    if selection.rows.map({ $0.upperBound <= fileStart }) ?? false { fileIndex = readers.count }
                    continue
                }
                fileStart += records
                iterator = try withContext(file: reader.path) {
                    try reader.batches(columns: readColumns, rows: local, filter: selection.filter, limits: limits)
                }
            }
            let batch: RecordBatch? = try withContext(file: reader.path) {
                guard var batch = try iterator?.next() else { return nil }
                if let filter = selection.filter { batch = try batch.filtered(by: filter) }
                var converted = try unified.convert(batch, fromFile: index)
                if selection.columns != nil {
                    var columns: [ColumnData] = []
                    for var column in converted.columns {
                        guard let k = outputIndex[column.descriptor.index] ?? nil else { continue }
                        column.descriptor = schema.columns[k]
                        columns.append(column)
                    }
                    converted.columns = columns
                    converted.schema = schema
                }
                return converted
            }
            if let batch {
                if batch.numRows == 0 { continue }
                return .batch(batch, reader.path)
            }
            iterator = nil
            reader.closeFile()
            fileIndex += 1
        }
        return nil
    }
}
