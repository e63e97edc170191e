/// Rebuilds nested records (structs, lists, maps) from the repetition and definition levels
/// of their leaf columns and writes each record as compact JSON.
///
/// Each leaf keeps a cursor into its level entries. A null or empty node consumes one entry
/// of every leaf below it; a written leaf consumes one entry of its own. Every access is
/// bounds-checked, so inconsistent levels in a hostile file throw instead of trapping.
struct RecordAssembler: VariantLevels {
    private struct Cursor {
        var definitionLevels: [UInt32]
        var repetitionLevels: [UInt32]
        var levelCount: Int
        var maxDefinitionLevel: UInt32
        var write: ValueWriter
        var position = 0
        var valuePosition = 0
        var name: String
    }

    /// A shape node compiled for writing: leaves numbered by cursor, the leaves below each
    /// node and its first leaf precomputed, struct keys pre-encoded as `"name":`.
    private indirect enum Node {
        case leaf(cursor: Int)
        case structure(fields: [(key: [UInt8], node: Node)], presentLevel: Int?, first: Int, leaves: [Int])
        case list(element: Node, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int, first: Int, leaves: [Int])
        case map(key: Node, value: Node, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int, first: Int, leaves: [Int])
        /// A VARIANT group, rebuilt by `variants[reader]`.
        case variant(reader: Int)
    }

    private let root: Node
    private var cursors: [Cursor] = []
    private var variants: [VariantReader] = []

    init(shape: FieldShape, batch: RecordBatch, geometry: GeometryEncoding = .wkt) throws {
        var slots: [Int: Int] = [:]
        var data: [ColumnData] = []
        for index in shape.columns {
            guard let column = batch.column(at: index) else {
                throw ParquetError(.invalidArgument, "the batch lacks a column of this field")
            }
            let d = column.descriptor
            slots[index] = cursors.count
            data.append(column)
            cursors.append(Cursor(definitionLevels: column.definitionLevels, repetitionLevels: column.repetitionLevels,
                                  levelCount: column.levelCount, maxDefinitionLevel: UInt32(d.maxDefinitionLevel),
                                  write: try makeValueWriter(column, style: .json, geometry: geometry), name: d.dottedPath))
        }
        var variants: [VariantReader] = []
        root = try Self.compile(shape.renumbered { slots[$0] ?? 0 }) { variant in
            variants.append(try VariantReader(shape: variant) { data.indices.contains($0) ? data[$0] : nil })
            return variants.count - 1
        }
        self.variants = variants
    }

    private static func compile(_ shape: FieldShape, _ variant: (VariantShape) throws -> Int) rethrows -> Node {
        let leaves = shape.columns
        let first = leaves.first ?? 0
        switch shape {
        case .leaf(let column, _):
            return .leaf(cursor: column)
        case .variant(let shape):
            return .variant(reader: try variant(shape))
        case .structure(let fields, let present):
            let compiled = try fields.map { field -> (key: [UInt8], node: Node) in
                var key: [UInt8] = []
                JSONText.appendString(field.name, to: &key)
                key.append(UInt8(ascii: ":"))
                return (key, try compile(field.shape, variant))
            }
            return .structure(fields: compiled, presentLevel: leaves.isEmpty ? nil : present, first: first, leaves: leaves)
        case .list(let element, let present, let entry, let repetition):
            return .list(element: try compile(element, variant), presentLevel: present, entryLevel: entry, repetitionLevel: repetition,
                         first: first, leaves: leaves)
        case .map(let key, let value, let present, let entry, let repetition):
            return .map(key: try compile(key, variant), value: try compile(value, variant), presentLevel: present, entryLevel: entry,
                        repetitionLevel: repetition, first: first, leaves: leaves)
        }
    }

    /// Writes the next record of the field.
    mutating func writeRecord(to out: inout [UInt8]) throws {
        try write(root, to: &out)
    }

    /// Throws when a leaf has entries left over after the batch's records.
    func checkConsumed() throws {
        for cursor in cursors where cursor.position != cursor.levelCount {
            throw ParquetError(.corrupt, "levels do not match the other columns of the record (\(cursor.levelCount - cursor.position) entries left)", column: cursor.name)
        }
    }

    private func runsPast(_ cursor: Int) -> ParquetError {
        ParquetError(.corrupt, "a record runs past the end of its column's levels", column: cursors[cursor].name)
    }

    func definitionLevel(_ cursor: Int) throws -> Int {
        let c = cursors[cursor]
        guard c.position < c.levelCount else { throw runsPast(cursor) }
        return c.definitionLevels.isEmpty ? Int(c.maxDefinitionLevel) : Int(c.definitionLevels[c.position])
    }

    /// Whether the next entry of `cursor` starts a new entry of a list at `repetitionLevel`.
    func continues(_ cursor: Int, repetitionLevel: Int) -> Bool {
        let c = cursors[cursor]
        guard c.position < c.levelCount, !c.repetitionLevels.isEmpty else { return false }
        return Int(c.repetitionLevels[c.position]) == repetitionLevel
    }

    /// Consumes one entry of every leaf in `leaves` (a null or empty node).
    mutating func skip(_ leaves: [Int]) throws {
        for cursor in leaves {
            guard cursors[cursor].position < cursors[cursor].levelCount else { throw runsPast(cursor) }
            cursors[cursor].position += 1
        }
    }

    /// Consumes the next entry of `cursor`: the index of its value, or nil for a null.
    mutating func next(_ cursor: Int) throws -> Int? {
        let c = cursors[cursor]
        guard c.position < c.levelCount else { throw runsPast(cursor) }
        cursors[cursor].position += 1
        guard c.definitionLevels.isEmpty || c.definitionLevels[c.position] == c.maxDefinitionLevel else { return nil }
        cursors[cursor].valuePosition += 1
        return c.valuePosition
    }

    private mutating func write(_ node: Node, to out: inout [UInt8]) throws {
        switch node {
        case .variant(let index):
            let reader = variants[index]
            if let value = try reader.read(&self) {
                VariantText.appendJSON(value, to: &out)
            } else {
                out.append(contentsOf: nullText)
            }

        case .leaf(let cursor):
            let position = cursors[cursor].position
            guard position < cursors[cursor].levelCount else { throw runsPast(cursor) }
            let levels = cursors[cursor].definitionLevels
            if levels.isEmpty || levels[position] == cursors[cursor].maxDefinitionLevel {
                if !cursors[cursor].write(cursors[cursor].valuePosition, &out) { out.append(contentsOf: nullText) }
                cursors[cursor].valuePosition += 1
            } else {
                out.append(contentsOf: nullText)
            }
            cursors[cursor].position += 1

        case .structure(let fields, let presentLevel, let first, let leaves):
            if let presentLevel, try definitionLevel(first) < presentLevel {
                try skip(leaves)
                out.append(contentsOf: nullText)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: field.key)
                try write(field.node, to: &out)
            }
            out.append(UInt8(ascii: "}"))

        case .list(let element, let presentLevel, let entryLevel, let repetitionLevel, let first, let leaves):
            let level = try definitionLevel(first)
            if let presentLevel, level < presentLevel {
                try skip(leaves)
                out.append(contentsOf: nullText)
                return
            }
            if level < entryLevel {
                try skip(leaves)
                out.append(UInt8(ascii: "["))
                out.append(UInt8(ascii: "]"))
                return
            }
            out.append(UInt8(ascii: "["))
            repeat {
                try write(element, to: &out)
                guard continues(first, repetitionLevel: repetitionLevel) else { break }
                out.append(UInt8(ascii: ","))
            } while true
            out.append(UInt8(ascii: "]"))

        case .map(let key, let value, let presentLevel, let entryLevel, let repetitionLevel, let first, let leaves):
            let level = try definitionLevel(first)
            if let presentLevel, level < presentLevel {
                try skip(leaves)
                out.append(contentsOf: nullText)
                return
            }
            if level < entryLevel {
                try skip(leaves)
                out.append(UInt8(ascii: "{"))
                out.append(UInt8(ascii: "}"))
                return
            }
            out.append(UInt8(ascii: "{"))
            var keyText: [UInt8] = []
            repeat {
                keyText.removeAll(keepingCapacity: true)
                try write(key, to: &keyText)
                if keyText.first == UInt8(ascii: "\"") {
                    out.append(contentsOf: keyText)
                } else {
                    keyText.withUnsafeBytes { JSONText.appendString($0, to: &out) }
                }
                out.append(UInt8(ascii: ":"))
                try write(value, to: &out)
                guard continues(first, repetitionLevel: repetitionLevel) else { break }
                out.append(UInt8(ascii: ","))
            } while true
            out.append(UInt8(ascii: "}"))
        }
    }
}
