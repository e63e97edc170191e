import Foundation

/// Writes the rows of a batch as text (JSON Lines or CSV), reusing its buffers from batch to
/// batch. Shared by the text sinks.
///
/// Rows are formatted straight into output blocks of about ``blockBytes``: a batch's rows are
/// cut into runs of rows whose text fills about one block, two runs are formatted at a time in
/// parallel (one per core), and both blocks are handed to the output in one call. Flat leaf
/// fields are formatted value by value from their decoded buffers by a loop specialised per
/// kind (strings, integers, doubles, timestamps, booleans; every other kind through its
/// ``ValueWriter``); a top-level list of a leaf is written from its levels by the same loop
/// (``ListWalk``); other nested fields are first assembled into per-row cells
/// (``FieldTexts``), which the rows copy.
struct BatchTexts {
    private(set) var names: [String] = []
    private let style: TextStyle
    private let geometry: GeometryEncoding
    private let shapes: [FieldShape]
    private let formatters: [FieldFormatter]
    /// Cells of the nested fields of the current batch, one ``FieldTexts`` per nested field.
    private var nested: [FieldTexts] = []
    /// One block per worker, reused.
    private let blocks = [TextBlockStorage(), TextBlockStorage()]
    /// Text bytes per row of the last batch (sizes the runs of the next one).
    private var bytesPerRow = 0

    /// A dictionary of strings is written once for a batch (each entry escaped and quoted
    /// once, then copied by the rows that use it) when the batch's rows read it at least this
    /// many times over (on average per entry); a dictionary of mostly distinct values (ids)
    /// is written row by row, which saves its copy.
    static let formattedEntryReads = 2

    /// Batches smaller than this are formatted on the calling thread alone.
    static let parallelRows = 512
    /// About how many bytes of rows make one block.
    static let blockBytes = 1 << 20

    init(schema: Schema, style: TextStyle, geometry: GeometryEncoding = .wkt) throws {
        names = schema.fields.map(\.name)
        self.style = style
        self.geometry = geometry
        shapes = try schema.fields.map { field in try withContext(column: field.name) { try FieldShape(node: field) } }
        formatters = shapes.map { FieldFormatter(style: style, shape: $0, geometry: geometry) }
    }

    /// Writes every row of `batch` (whose schema must have the fields this was made for) to
    /// `output`: `prefixes[f]` before field `f`'s cell, then `suffix`.
    mutating func write(_ batch: RecordBatch, prefixes: [[UInt8]], suffix: [UInt8], to output: ByteOutput) throws {
        guard batch.schema.fields.map(\.name) == names else {
            throw ParquetError(.invalidArgument, "a batch's fields (\(batch.schema.fields.map(\.name))) differ from the output's (\(names))")
        }
        let rows = batch.numRows
        guard rows > 0 else { return }
        let fieldCount = names.count
        let fixed = prefixes.reduce(0) { $0 + $1.count } + suffix.count
        let perRow = bytesPerRow > 0 ? bytesPerRow : fixed + 16 * fieldCount
        let runRows = Swift.max(1, Swift.min(rows, Self.blockBytes / Swift.max(1, perRow)))
        let runStarts = Array(stride(from: 0, to: rows, by: runRows))
        // Lists of a leaf are written by the row loop from their levels; other nested fields
        // first get their cells, row by row, which the rows below copy.
        var lists: [ListWalk?] = Array(repeating: nil, count: fieldCount)
        var cellIndex: [Int?] = Array(repeating: nil, count: fieldCount)
        var nestedFields: [Int] = []
        for f in 0 ..< fieldCount where Self.flatColumn(shapes[f], batch) == nil {
            if let walk = ListWalk(shapes[f], batch, runStarts: runStarts) {
                lists[f] = walk
                continue
            }
            cellIndex[f] = nestedFields.count
            nestedFields.append(f)
        }
        while nested.count < nestedFields.count { nested.append(FieldTexts()) }
        try formatNested(batch, fields: nestedFields)

        let plan = try RowPlan(batch: batch, names: names, shapes: shapes, cellIndex: cellIndex, lists: lists, style: style,
                               geometry: geometry, runStarts: runStarts, prefixes: prefixes, suffix: suffix)
        let parallel = rows >= Self.parallelRows && runStarts.count > 1
        var written = 0
        let blocks = self.blocks
        try nested.withUnsafeBufferPointer { nestedCells in
            nonisolated(unsafe) let nestedCells = nestedCells
            var counts = [0, 0]
            var run = 0
            while run < runStarts.count {
                let count = parallel ? Swift.min(2, runStarts.count - run) : 1
                let first = run
                try counts.withUnsafeMutableBufferPointer { counts in
                    nonisolated(unsafe) let counts = counts
                    @Sendable func fill(_ k: Int) {
                        let r = first + k
                        let end = r + 1 < runStarts.count ? runStarts[r + 1] : rows
                        var block = TextBlock(blocks[k])
                        plan.writeRows(run: r, runStarts[r] ..< end, cells: nestedCells, into: &block)
                        counts[k] = block.count
                    }
                    if count == 2 {
                        DispatchQueue.concurrentPerform(iterations: 2) { fill($0) }
                    } else {
                        fill(0)
                    }
                    try output.write(blocks: (0 ..< count).map { UnsafeRawBufferPointer(start: blocks[$0].pointer, count: counts[$0]) })
                    for k in 0 ..< count { written += counts[k] }
                }
                run += count
            }
        }
        bytesPerRow = Swift.max(1, written / rows)
    }

    /// The column of a top-level field that is a flat leaf (no repetition, no enclosing group)
    /// present in `batch`; nil for anything written through ``RecordAssembler``.
    static func flatColumn(_ shape: FieldShape, _ batch: RecordBatch) -> ColumnData? {
        guard case .leaf(let index, _) = shape, let column = batch.column(at: index), column.descriptor.maxRepetitionLevel == 0,
              column.descriptor.path.count == 1 else { return nil }
        return column
    }

    /// A top-level list whose elements are a leaf column (`tags: list<string>`), checked for
    /// the row loop: its levels walked once as ``RecordAssembler`` would walk them, giving the
    /// level entry and value index at the start of each run. Nil for any other shape, and for
    /// levels the walk finds inconsistent (the assembler then reports them).
    struct ListWalk {
        let column: ColumnData
        /// Definition level at which the list is present (0 when it cannot be null), has an
        /// entry, and its element holds a value; the repetition level of a new entry.
        let present: UInt32, entry: UInt32, element: UInt32, repetition: UInt32
        /// Level entry and value index of the first row of each run.
        let runEntries: [Int], runValues: [Int]

        init?(_ shape: FieldShape, _ batch: RecordBatch, runStarts: [Int]) {
            guard case .list(.leaf(let index, _), let present, let entry, let repetition) = shape, let column = batch.column(at: index),
                  column.descriptor.maxRepetitionLevel == repetition, repetition == 1, entry >= 1,
                  column.descriptor.maxDefinitionLevel >= entry, (present ?? 0) >= 0, (present ?? 0) <= entry else { return nil }
            let n = column.levelCount
            let d = column.definitionLevels, r = column.repetitionLevels
            guard d.count == n, r.count == n else { return nil }
            let presentLevel = UInt32(present ?? 0), entryLevel = UInt32(entry)
            let element = UInt32(column.descriptor.maxDefinitionLevel), again = UInt32(repetition)
            var entries: [Int] = [], values: [Int] = []
            entries.reserveCapacity(runStarts.count)
            values.reserveCapacity(runStarts.count)
            var pos = 0, value = 0, run = 0
            let consistent: Bool = d.withUnsafeBufferPointer { d in
                r.withUnsafeBufferPointer { r in
                    for row in 0 ..< batch.numRows {
                        if run < runStarts.count && runStarts[run] == row {
                            entries.append(pos)
                            values.append(value)
                            run += 1
                        }
                        guard pos < n else { return false }
                        let level = d[pos]
                        if level < presentLevel || level < entryLevel {
                            pos += 1
                            continue
                        }
                        repeat {
                            if d[pos] == element { value += 1 }
                            pos += 1
                        } while pos < n && r[pos] == again
                    }
                    return pos == n
                }
            }
            guard consistent, run == runStarts.count, value <= column.values.count else { return nil }
            self.column = column
            self.present = presentLevel
            self.entry = entryLevel
            self.element = element
            self.repetition = again
            runEntries = entries
            runValues = values
        }
    }

    /// Assembles the cells of the nested fields `fields` (in parallel when there are several).
    private mutating func formatNested(_ batch: RecordBatch, fields: [Int]) throws {
        guard !fields.isEmpty else { return }
        let formatters = self.formatters, names = self.names
        var errors = [Error?](repeating: nil, count: fields.count)
        nested.withUnsafeMutableBufferPointer { cells in
            errors.withUnsafeMutableBufferPointer { errors in
                nonisolated(unsafe) let cells = cells, errors = errors
                @Sendable func run(_ k: Int) {
                    let f = fields[k]
                    cells[k].reset(cells: batch.numRows)
                    do {
                        try withContext(column: names[f]) { try formatters[f].format(batch, into: &cells[k]) }
                    } catch {
                        errors[k] = error
                    }
                }
                if fields.count > 1 && batch.numRows >= Self.parallelRows {
                    DispatchQueue.concurrentPerform(iterations: fields.count) { run($0) }
                } else {
                    for k in fields.indices { run(k) }
                }
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
    }
}
