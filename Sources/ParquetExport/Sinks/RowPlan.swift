import Foundation
import Parquet

/// The address of an array's elements (nil when it has none). Valid while the array's buffer
/// lives unchanged: here, while the batch it belongs to is held.
private func base<T>(_ a: [T]) -> UnsafePointer<T>? {
    a.withUnsafeBufferPointer { $0.baseAddress }
}

/// How the rows of one batch are written: per field, where its cells come from. Holds
/// pointers into the batch's buffers, so it lives only while the batch does (inside
/// ``BatchTexts/write(_:prefixes:suffix:to:)``).
struct RowPlan: @unchecked Sendable {
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
        if let entries = Strings(dictionary) {
            for i in 0 ..< dictionary.count {
                let raw = entries.text(i)
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
