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

/// The address of an array's elements (nil when it has none). Valid while the array's buffer
/// lives unchanged: here, while the batch it belongs to is held.
private func base<T>(_ a: [T]) -> UnsafePointer<T>? {
    a.withUnsafeBufferPointer { $0.baseAddress }
}

/// How the rows of one batch are written: per field, where its cells come from. Holds
/// pointers into the batch's buffers, so it lives only while the batch does (inside
/// ``BatchTexts/write(_:prefixes:suffix:to:)``).
private struct RowPlan: @unchecked Sendable {
    enum Source {
        /// UTF-8 text: value `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
        case strings(Strings)
        /// UTF-8 text whose first values are dictionary entries (``ColumnData/dictionaryPrefix``):
        /// value `i < prefix` is entry `indices[i]`, later ones are value `i - prefix` of `plain`.
        case dictionaryStrings(entries: Strings, indices: UnsafePointer<UInt32>, prefix: Int, plain: Strings)
        /// As ``dictionaryStrings``, with each entry already written as a JSON string or CSV
        /// field (once for the batch, see ``RowPlan/formattedEntries(_:json:)``): copied as it is.
        case formattedStrings(entries: Strings, indices: UnsafePointer<UInt32>, prefix: Int, plain: Strings)
        case signed(UnsafePointer<Int64>)
        case double(UnsafePointer<Double>)
        case boolean(UnsafePointer<Bool>)
        case timestamp(UnsafePointer<Int64>, TimeUnit, adjustedToUTC: Bool)
        /// Any other kind, through its writer (at this index of ``RowPlan/writers``).
        case values(Int)
        /// A nested field: cell `row` of ``BatchTexts``' nested texts at this index.
        case cells(Int)
        /// A list of a leaf (``BatchTexts/ListWalk``), written as its JSON text.
        case list(ListLevels, ListElement)
    }

    /// Byte-array values in a batch's buffers: value `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
    struct Strings {
        var bytes: UnsafePointer<UInt8>?
        var offsets: UnsafePointer<Int>
        /// Bytes in `bytes`.
        var count: Int

        init?(_ values: ByteArrayValues) {
            guard let offsets = base(values.offsets) else { return nil }
            self.offsets = offsets
            bytes = base(values.bytes)
            count = values.bytes.count
        }

        /// Value `i` (which the caller has checked is below the number of values); empty when
        /// its offsets are inconsistent.
        @inline(__always)
        func text(_ i: Int) -> UnsafeRawBufferPointer {
            let lower = offsets[i], upper = offsets[i &+ 1]
            let valid = lower >= 0 && lower <= upper && upper <= count
            return UnsafeRawBufferPointer(start: valid ? bytes.map { UnsafeRawPointer($0 + lower) } : nil, count: valid ? upper &- lower : 0)
        }
    }

    /// The levels of a list of a leaf (see ``BatchTexts/ListWalk``).
    struct ListLevels {
        var definitions: UnsafePointer<UInt32>
        var repetitions: UnsafePointer<UInt32>
        var count: Int
        var present: UInt32, entry: UInt32, element: UInt32, repetition: UInt32
    }

    /// Where a list's element values come from.
    enum ListElement {
        case strings(Strings)
        /// Through the writer at this index of ``RowPlan/writers`` (JSON spelling).
        case values(Int)
    }

    /// Plain data (no references), so reading one per cell retains nothing.
    struct Field {
        var source: Source
        /// Definition levels (nil when every row holds a value) and the level of a value.
        var levels: UnsafePointer<UInt32>?
        var maxLevel: UInt32
    }

    let fields: [Field]
    let writers: [ValueWriter]
    /// Value index of each field at the first row of each run: `runValues[run * fields + field]`.
    let runValues: [Int]
    /// Level entry of each list field at the first row of each run (0 for other fields), laid
    /// out like ``runValues``.
    let runEntries: [Int]
    let json: Bool
    /// Prefix texts back to back: field `f`'s is `prefixBytes[prefixEnds[f - 1] ..< prefixEnds[f]]`.
    let prefixBytes: [UInt8]
    let prefixEnds: [Int]
    let suffix: [UInt8]
    /// The batch's buffers the pointers point into, held for as long as this plan.
    private let batch: RecordBatch
    /// The dictionaries written once (``Source/formattedStrings``), held for as long as this plan.
    private let formatted: [ByteArrayValues]

    init(batch: RecordBatch, names: [String], shapes: [FieldShape], cellIndex: [Int?], lists: [BatchTexts.ListWalk?], style: TextStyle,
         geometry: GeometryEncoding, runStarts: [Int], prefixes: [[UInt8]], suffix: [UInt8]) throws {
        self.batch = batch
        json = style == .json
        let rows = batch.numRows
        var fields: [Field] = [], writers: [ValueWriter] = [], starts: [[Int]] = []
        var entryStarts: [[Int]] = []
        var formatted: [ByteArrayValues] = []
        for (f, shape) in shapes.enumerated() {
            if let k = cellIndex[f] {
                fields.append(Field(source: .cells(k), levels: nil, maxLevel: 0))
                starts.append(Array(repeating: 0, count: runStarts.count))
                entryStarts.append(Array(repeating: 0, count: runStarts.count))
                continue
            }
            if f < lists.count, let walk = lists[f] {
                let source = try withContext(column: names[f]) {
                    try Self.listSource(walk, geometry: geometry, writerIndex: writers.count)
                }
                if case .list(_, .values) = source.0, let writer = source.1 { writers.append(writer) }
                fields.append(Field(source: source.0, levels: nil, maxLevel: 0))
                starts.append(walk.runValues)
                entryStarts.append(walk.runEntries)
                continue
            }
            entryStarts.append(Array(repeating: 0, count: runStarts.count))
            guard let column = BatchTexts.flatColumn(shape, batch) else {
                throw ParquetError(.invalidArgument, "field \(f) has no column in the batch")
            }
            var (field, writer, runValue) = try withContext(column: names[f]) {
                try Self.field(column, rows: rows, runStarts: runStarts, style: style, geometry: geometry, writerIndex: writers.count)
            }
            if case .dictionaryStrings(_, let indices, let prefix, let plain) = field.source, let dictionary = column.dictionaryPrefix?.dictionary,
               dictionary.count <= prefix / BatchTexts.formattedEntryReads {
                let texts = Self.formattedEntries(dictionary, json: json)
                if let entries = Strings(texts) {
                    formatted.append(texts)
                    field.source = .formattedStrings(entries: entries, indices: indices, prefix: prefix, plain: plain)
                }
            }
            fields.append(field)
            if let writer { writers.append(writer) }
            starts.append(runValue)
        }
        self.fields = fields
        self.writers = writers
        self.formatted = formatted
        var runValues: [Int] = []
        runValues.reserveCapacity(runStarts.count * fields.count)
        for run in runStarts.indices {
            for f in fields.indices { runValues.append(starts[f][run]) }
        }
        self.runValues = runValues
        var runEntries: [Int] = []
        runEntries.reserveCapacity(runStarts.count * fields.count)
        for run in runStarts.indices {
            for f in fields.indices { runEntries.append(entryStarts[f][run]) }
        }
        self.runEntries = runEntries
        var bytes: [UInt8] = [], ends: [Int] = []
        for f in shapes.indices {
            if f < prefixes.count { bytes.append(contentsOf: prefixes[f]) }
            ends.append(bytes.count)
        }
        prefixBytes = bytes
        prefixEnds = ends
        self.suffix = suffix
    }

    /// The source of a list of a leaf: its levels, and its elements' strings or the writer
    /// they need (to be at `writerIndex`).
    private static func listSource(_ walk: BatchTexts.ListWalk, geometry: GeometryEncoding, writerIndex: Int) throws -> (Source, ValueWriter?) {
        let column = walk.column
        guard let definitions = base(column.definitionLevels), let repetitions = base(column.repetitionLevels) else {
            throw ParquetError(.corrupt, "list levels are missing", column: column.descriptor.dottedPath)
        }
        let levels = ListLevels(definitions: definitions, repetitions: repetitions, count: column.levelCount,
                                present: walk.present, entry: walk.entry, element: walk.element, repetition: walk.repetition)
        if case .string = column.descriptor.kind, case .byteArray(let a) = column.values, let strings = Strings(a) {
            return (.list(levels, .strings(strings)), nil)
        }
        return (.list(levels, .values(writerIndex)), try makeValueWriter(column, style: .json, geometry: geometry))
    }

    /// Appends the JSON text of the list at level entry `pos` (its first element value at
    /// `v`), as ``RecordAssembler`` and ``JSONRecordBuilder`` write it; advances both past it.
    /// Null lists append nothing in CSV (`json` false).
    @inline(__always)
    private static func appendList(_ list: ListLevels, _ element: ListElement, entry pos: inout Int, value v: inout Int, json: Bool,
                                   writers: UnsafeBufferPointer<ValueWriter>, scratch: inout [UInt8], into out: inout TextBlock) {
        guard pos < list.count else { return }
        let level = list.definitions[pos]
        if level < list.present {
            pos &+= 1
            if json { out.appendNull() }
            return
        }
        out.append(UInt8(ascii: "["))
        if level < list.entry {
            pos &+= 1
        } else {
            var first = true
            repeat {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if list.definitions[pos] != list.element {
                    out.appendNull()
                } else {
                    switch element {
                    case .strings(let strings):
                        out.appendJSONString(strings.text(v), scratch: &scratch)
                    case .values(let w):
                        scratch.removeAll(keepingCapacity: true)
                        if writers[w](v, &scratch) { out.append(scratch) } else { out.appendNull() }
                    }
                    v &+= 1
                }
                pos &+= 1
            } while pos < list.count && list.repetitions[pos] == list.repetition
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Each entry of `dictionary` written as a JSON string (quoted and escaped) or a CSV
    /// field (quoted when it needs it), back to back.
    static func formattedEntries(_ dictionary: ByteArrayValues, json: Bool) -> ByteArrayValues {
        var block = TextBlock(TextBlockStorage(capacity: dictionary.bytes.count + 2 * dictionary.count + 16))
        var offsets = [0]
        offsets.reserveCapacity(dictionary.count + 1)
        var scratch: [UInt8] = []
        dictionary.bytes.withUnsafeBytes { bytes in
            for i in 0 ..< dictionary.count {
                let lower = dictionary.offsets[i], upper = dictionary.offsets[i + 1]
                let valid = lower >= 0 && lower <= upper && upper <= bytes.count
                let raw = valid ? UnsafeRawBufferPointer(rebasing: bytes[lower ..< upper]) : UnsafeRawBufferPointer(start: nil, count: 0)
                if json { block.appendJSONString(raw, scratch: &scratch) } else { block.appendCSVField(raw, scratch: &scratch) }
                offsets.append(block.count)
            }
        }
        return ByteArrayValues(offsets: offsets, bytes: Array(block.bytes))
    }

    /// The plan of a flat leaf field: its values' source and levels, the writer it needs (at
    /// `writerIndex`) when it has no specialised loop, and its value index at each run start.
    private static func field(_ column: ColumnData, rows: Int, runStarts: [Int], style: TextStyle,
                              geometry: GeometryEncoding, writerIndex: Int) throws -> (Field, ValueWriter?, [Int]) {
        let d = column.descriptor
        // Only strings are read from their dictionary; every other kind gets its values gathered.
        var column = column
        if column.dictionaryPrefix != nil, d.kind != .string { column = try column.materialized() }
        guard column.definitionLevels.isEmpty || column.definitionLevels.count == rows, column.levelCount == rows else {
            throw ParquetError(.corrupt, "column data does not match the batch's \(rows) rows", column: d.dottedPath)
        }
        let maxLevel = UInt32(d.maxDefinitionLevel)
        // Value index at the start of each run, and the values the rows need in all.
        var runValue: [Int] = []
        runValue.reserveCapacity(runStarts.count)
        var present = 0
        column.definitionLevels.withUnsafeBufferPointer { levels in
            var row = 0
            for start in runStarts {
                if levels.isEmpty {
                    present = start
                } else {
                    while row < start { if levels[row] == maxLevel { present += 1 }; row += 1 }
                }
                runValue.append(present)
            }
            if levels.isEmpty {
                present = rows
            } else {
                while row < rows { if levels[row] == maxLevel { present += 1 }; row += 1 }
            }
        }
        var writer: ValueWriter?
        func general() throws -> Source {
            guard d.kind == .null || column.values.count >= present else {
                throw ParquetError(.corrupt, "column data holds \(column.values.count) values for \(present) present rows", column: d.dottedPath)
            }
            writer = try makeValueWriter(column, style: style, geometry: geometry)
            return .values(writerIndex)
        }
        let source: Source
        let prefix = column.dictionaryPrefix
        switch (d.kind, column.values) {
        case (.string, .byteArray(let a)) where a.count + (prefix?.count ?? 0) >= present:
            guard let strings = Strings(a) else { throw ParquetError(.corrupt, "string values without offsets", column: d.dottedPath) }
            if let prefix, prefix.count > 0 {
                guard let entries = Strings(prefix.dictionary), let indices = base(prefix.indices) else {
                    throw ParquetError(.corrupt, "dictionary values without offsets", column: d.dottedPath)
                }
                source = .dictionaryStrings(entries: entries, indices: indices, prefix: prefix.count, plain: strings)
            } else {
                source = .strings(strings)
            }
        case (.integer(_, true), .int64(let a)) where a.count >= present && present > 0:
            source = try base(a).map { .signed($0) } ?? general()
        case (.double, .double(let a)) where a.count >= present && present > 0:
            source = try base(a).map { .double($0) } ?? general()
        case (.boolean, .boolean(let a)) where a.count >= present && present > 0:
            source = try base(a).map { .boolean($0) } ?? general()
        case (.timestamp(let unit, let utc), .int64(let a)) where a.count >= present && present > 0:
            source = try base(a).map { .timestamp($0, unit, adjustedToUTC: utc) } ?? general()
        default:
            source = try general()
        }
        let levels = column.definitionLevels.isEmpty ? nil : base(column.definitionLevels)
        return (Field(source: source, levels: levels, maxLevel: maxLevel), writer, runValue)
    }

    /// Appends rows `rows` (run `run` of the batch) to `out`; `cells` are the nested fields' cells.
    ///
    /// Everything the row loop reads is reached through raw pointers taken once here (the
    /// constant texts, the writers, the cells' bytes and ends), so the loop retains nothing.
    func writeRows(run: Int, _ rows: Range<Int>, cells: UnsafeBufferPointer<FieldTexts>, into out: inout TextBlock) {
        let json = self.json
        let fieldCount = fields.count
        var scratch: [UInt8] = []
        // The cells' buffers do not change while the rows are written (they are filled
        // before, and `cells` holds them), so their base addresses stay valid.
        let cellBytes = cells.map { $0.bytes.withUnsafeBufferPointer { $0.baseAddress } }
        let cellEnds = cells.map { $0.ends.withUnsafeBufferPointer { $0.baseAddress } }
        let cellCounts = cells.map { (rows: $0.ends.count, bytes: $0.bytes.count) }
        // CSV: a list's JSON text is made here, then written as one field.
        var listText = TextBlock(TextBlockStorage(capacity: json ? 1 : 1 << 10))
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 &* fieldCount) { next in
            for f in 0 ..< fieldCount {
                next[f] = runValues[run &* fieldCount &+ f]
                next[fieldCount &+ f] = runEntries[run &* fieldCount &+ f]
            }
            nullText.withUnsafeBytes { nullText in
            trueText.withUnsafeBytes { trueText in
            falseText.withUnsafeBytes { falseText in
            suffix.withUnsafeBytes { suffix in
            writers.withUnsafeBufferPointer { writers in
            cellBytes.withUnsafeBufferPointer { cellBytes in
            cellEnds.withUnsafeBufferPointer { cellEnds in
            cellCounts.withUnsafeBufferPointer { cellCounts in
            prefixBytes.withUnsafeBytes { prefixBytes in
                prefixEnds.withUnsafeBufferPointer { prefixEnds in
                    fields.withUnsafeBufferPointer { fields in
                        for row in rows {
                            var start = 0
                            for f in 0 ..< fieldCount {
                                let end = prefixEnds[f]
                                out.append(UnsafeRawBufferPointer(rebasing: prefixBytes[start ..< end]))
                                start = end
                                let field = fields[f]
                                if case .cells(let k) = field.source {
                                    let counts = cellCounts[k]
                                    if let bytes = cellBytes[k], let ends = cellEnds[k], row < counts.rows {
                                        let lower = row == 0 ? 0 : ends[row &- 1], upper = ends[row]
                                        if lower >= 0, lower <= upper, upper <= counts.bytes {
                                            out.append(UnsafeRawBufferPointer(start: bytes + lower, count: upper &- lower))
                                        }
                                    }
                                    continue
                                }
                                if case .list(let list, let element) = field.source {
                                    var v = next[f], pos = next[fieldCount &+ f]
                                    if json {
                                        Self.appendList(list, element, entry: &pos, value: &v, json: true, writers: writers, scratch: &scratch, into: &out)
                                    } else {
                                        listText.clear()
                                        Self.appendList(list, element, entry: &pos, value: &v, json: false, writers: writers, scratch: &scratch,
                                                        into: &listText)
                                        if listText.count > 0 { out.appendCSVJSONField(listText.bytes, scratch: &scratch) }
                                    }
                                    next[f] = v
                                    next[fieldCount &+ f] = pos
                                    continue
                                }
                                if let levels = field.levels, levels[row] != field.maxLevel {
                                    if json { out.append(nullText) }
                                    continue
                                }
                                let v = next[f]
                                next[f] = v &+ 1
                                switch field.source {
                                case .strings(let strings):
                                    let raw = strings.text(v)
                                    if json { out.appendJSONString(raw, scratch: &scratch) } else { out.appendCSVField(raw, scratch: &scratch) }
                                case .dictionaryStrings(let entries, let indices, let prefix, let plain):
                                    let raw = v < prefix ? entries.text(Int(indices[v])) : plain.text(v &- prefix)
                                    if json { out.appendJSONString(raw, scratch: &scratch) } else { out.appendCSVField(raw, scratch: &scratch) }
                                case .formattedStrings(let entries, let indices, let prefix, let plain):
                                    if v < prefix {
                                        out.append(entries.text(Int(indices[v])))
                                    } else if json {
                                        out.appendJSONString(plain.text(v &- prefix), scratch: &scratch)
                                    } else {
                                        out.appendCSVField(plain.text(v &- prefix), scratch: &scratch)
                                    }
                                case .signed(let a):
                                    out.appendInt(a[v])
                                case .double(let a):
                                    if !out.appendDouble(a[v]) && json { out.appendNull() }
                                case .timestamp(let a, let unit, let utc):
                                    out.appendTimestamp(a[v], unit: unit, adjustedToUTC: utc, quoted: json)
                                case .boolean(let a):
                                    out.append(a[v] ? trueText : falseText)
                                case .values(let w):
                                    scratch.removeAll(keepingCapacity: true)
                                    if writers[w](v, &scratch) { out.append(scratch) } else if json { out.append(nullText) }
                                case .cells, .list:
                                    break
                                }
                            }
                            out.append(suffix)
                        }
                    }
                }
            }
            }
            }
            }
            }
            }
            }
            }
            }
        }
    }
}
