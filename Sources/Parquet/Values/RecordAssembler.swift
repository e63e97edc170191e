/// Receives one record of a field from a ``RecordAssembler`` as a stream of events, in
/// document order: a scalar is ``appendValue(leaf:index:)`` (or ``appendNull()``), a struct
/// is ``beginStruct(_:)``, then per field ``beginField(_:of:)`` and its value, then
/// ``endStruct(_:)``; lists and maps likewise. Builders decide what a record becomes: JSON
/// text (the JSONL/CSV export), a ``ParquetValue`` tree (``ParquetValueBuilder``), or
/// anything else.
public protocol RecordBuilder {
    /// A null value: a null leaf, or a null struct, list or map (whose leaves are skipped).
    mutating func appendNull() throws
    /// The value at position `index` among the non-null values of leaf `leaf` (its position
    /// in ``RecordAssembler/columns``).
    mutating func appendValue(leaf: Int, index: Int) throws
    /// A VARIANT value (shredded columns already merged).
    mutating func appendVariant(_ value: Variant) throws
    /// A struct (``RecordAssembler/structFields```[id]` names its fields) begins.
    mutating func beginStruct(_ id: Int) throws
    /// Field `index` of struct `id` follows.
    mutating func beginField(_ index: Int, of id: Int) throws
    mutating func endStruct(_ id: Int) throws
    /// A list begins; `beginElement` precedes each element (0, 1, ...).
    mutating func beginList() throws
    mutating func beginElement(_ index: Int) throws
    mutating func endList() throws
    /// A map begins; each entry is `beginKey(i)`, the key, `beginValue()`, the value.
    mutating func beginMap() throws
    mutating func beginKey(_ index: Int) throws
    mutating func beginValue() throws
    mutating func endMap() throws
}

/// Rebuilds the records of one field (a struct, list, map, variant or leaf, nested to any
/// depth) from the repetition and definition levels of its leaf columns in a batch, and
/// hands each record to a ``RecordBuilder``.
///
/// ```swift
/// let field = batch.schema.fields[0]
/// var assembler = try RecordAssembler(shape: try FieldShape(node: field), batch: batch)
/// var builder = ParquetValueBuilder(assembler)
/// for _ in 0 ..< batch.numRows {
///     try assembler.assembleRecord(into: &builder)
///     print(builder.take())
/// }
/// try assembler.checkConsumed()
/// ```
///
/// Each leaf keeps a cursor into its level entries. A null or empty node consumes one entry
/// of every leaf below it; a leaf consumes one entry of its own. Every access is
/// bounds-checked, so inconsistent levels in a hostile file throw (`ParquetError.corrupt`
/// naming the column) instead of trapping.
public struct RecordAssembler {
    @usableFromInline
    struct Cursor {
        @usableFromInline var definitionLevels: [UInt32]
        @usableFromInline var repetitionLevels: [UInt32]
        @usableFromInline var levelCount: Int
        @usableFromInline var maxDefinitionLevel: UInt32
        @usableFromInline var position = 0
        @usableFromInline var valuePosition = 0
        @usableFromInline var name: String

        init(_ column: ColumnData) {
            definitionLevels = column.definitionLevels
            repetitionLevels = column.repetitionLevels
            levelCount = column.levelCount
            maxDefinitionLevel = UInt32(column.descriptor.maxDefinitionLevel)
            name = column.descriptor.dottedPath
        }
    }

    /// A shape node compiled for assembly: leaves numbered by cursor, the leaves below each
    /// node and its first leaf precomputed.
    @usableFromInline
    indirect enum Node {
        case leaf(cursor: Int)
        case structure(id: Int, fields: [Node], presentLevel: Int?, first: Int, leaves: [Int])
        case list(element: Node, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int, first: Int, leaves: [Int])
        case map(key: Node, value: Node, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int, first: Int, leaves: [Int])
        /// A VARIANT group, rebuilt by `variants[reader]`.
        case variant(reader: Int)
    }

    /// The field's leaf columns of the batch; builders index them by the `leaf` of
    /// ``RecordBuilder/appendValue(leaf:index:)``.
    public let columns: [ColumnData]
    /// The field names of every struct in the field, by the `id` builders receive.
    public let structFields: [[String]]

    @usableFromInline let root: Node
    @usableFromInline var cursors: [Cursor]
    private var variants: [VariantReader]

    /// Prepares to assemble the records of the field of `shape` (its leaves numbered as the
    /// batch schema's columns) from `batch`.
    ///
    /// - Throws: `ParquetError.invalidArgument` when the batch lacks one of the field's
    ///   columns; `.corrupt` for a malformed variant group.
    public init(shape: FieldShape, batch: RecordBatch) throws {
        var slots: [Int: Int] = [:]
        var data: [ColumnData] = []
        for index in shape.columns {
            guard let column = batch.column(at: index) else {
                throw ParquetError(.invalidArgument, "the batch lacks a column of this field")
            }
            slots[index] = data.count
            data.append(column)
        }
        columns = data
        cursors = data.map(Cursor.init)
        var variants: [VariantReader] = []
        var structs: [[String]] = []
        root = try Self.compile(shape.renumbered { slots[$0] ?? 0 }, structs: &structs) { variant in
            variants.append(try VariantReader(shape: variant) { data.indices.contains($0) ? data[$0] : nil })
            return variants.count - 1
        }
        structFields = structs
        self.variants = variants
    }

    private static func compile(_ shape: FieldShape, structs: inout [[String]], _ variant: (VariantShape) throws -> Int) rethrows -> Node {
        let leaves = shape.columns
        let first = leaves.first ?? 0
        switch shape {
        case .leaf(let column, _):
            return .leaf(cursor: column)
        case .variant(let shape):
            return .variant(reader: try variant(shape))
        case .structure(let fields, let present):
            let id = structs.count
            structs.append(fields.map(\.name))
            let compiled = try fields.map { try compile($0.shape, structs: &structs, variant) }
            return .structure(id: id, fields: compiled, presentLevel: leaves.isEmpty ? nil : present, first: first, leaves: leaves)
        case .list(let element, let present, let entry, let repetition):
            return .list(element: try compile(element, structs: &structs, variant), presentLevel: present, entryLevel: entry,
                         repetitionLevel: repetition, first: first, leaves: leaves)
        case .map(let key, let value, let present, let entry, let repetition):
            return .map(key: try compile(key, structs: &structs, variant), value: try compile(value, structs: &structs, variant),
                        presentLevel: present, entryLevel: entry, repetitionLevel: repetition, first: first, leaves: leaves)
        }
    }

    /// Assembles the next record of the field into `builder`.
    @inlinable
    public mutating func assembleRecord<B: RecordBuilder>(into builder: inout B) throws {
        try assemble(root, into: &builder)
    }

    /// Throws `ParquetError.corrupt` when a leaf has entries left over after the batch's records.
    public func checkConsumed() throws {
        for cursor in cursors where cursor.position != cursor.levelCount {
            throw ParquetError(.corrupt, "levels do not match the other columns of the record (\(cursor.levelCount - cursor.position) entries left)", column: cursor.name)
        }
    }

    @usableFromInline
    func runsPast(_ cursor: Int) -> ParquetError {
        ParquetError(.corrupt, "a record runs past the end of its column's levels", column: cursors[cursor].name)
    }

    @usableFromInline
    mutating func readVariant(_ index: Int) throws -> Variant? {
        let reader = variants[index]
        return try reader.read(&self)
    }

    @inlinable
    func level(_ cursor: Int) throws -> Int {
        let c = cursors[cursor]
        guard c.position < c.levelCount else { throw runsPast(cursor) }
        return c.definitionLevels.isEmpty ? Int(c.maxDefinitionLevel) : Int(c.definitionLevels[c.position])
    }

    @inlinable
    func repeats(_ cursor: Int, repetitionLevel: Int) -> Bool {
        let c = cursors[cursor]
        guard c.position < c.levelCount, !c.repetitionLevels.isEmpty else { return false }
        return Int(c.repetitionLevels[c.position]) == repetitionLevel
    }

    /// The prelude of a list or map node whose first leaf is `first`: appends a null (and skips
    /// the node's leaves) and returns nil when the node is null; otherwise returns whether it
    /// has entries, skipping the leaves of an empty one.
    @inlinable
    mutating func openRepeated<B: RecordBuilder>(
        _ first: Int, _ presentLevel: Int?, _ entryLevel: Int, _ leaves: [Int], into builder: inout B
    ) throws -> Bool? {
        let level = try level(first)
        if let presentLevel, level < presentLevel {
            try skipLeaves(leaves)
            try builder.appendNull()
            return nil
        }
        guard level >= entryLevel else {
            try skipLeaves(leaves)
            return false
        }
        return true
    }

    @inlinable
    mutating func skipLeaves(_ leaves: [Int]) throws {
        for cursor in leaves {
            guard cursors[cursor].position < cursors[cursor].levelCount else { throw runsPast(cursor) }
            cursors[cursor].position += 1
        }
    }

    @inlinable
    mutating func assemble<B: RecordBuilder>(_ node: Node, into builder: inout B) throws {
        switch node {
        case .variant(let index):
            if let value = try readVariant(index) {
                try builder.appendVariant(value)
            } else {
                try builder.appendNull()
            }

        case .leaf(let cursor):
            let position = cursors[cursor].position
            guard position < cursors[cursor].levelCount else { throw runsPast(cursor) }
            let levels = cursors[cursor].definitionLevels
            cursors[cursor].position += 1
            if levels.isEmpty || levels[position] == cursors[cursor].maxDefinitionLevel {
                let index = cursors[cursor].valuePosition
                cursors[cursor].valuePosition += 1
                try builder.appendValue(leaf: cursor, index: index)
            } else {
                try builder.appendNull()
            }

        case .structure(let id, let fields, let presentLevel, let first, let leaves):
            if let presentLevel, try level(first) < presentLevel {
                try skipLeaves(leaves)
                try builder.appendNull()
                return
            }
            try builder.beginStruct(id)
            for (index, field) in fields.enumerated() {
                try builder.beginField(index, of: id)
                try assemble(field, into: &builder)
            }
            try builder.endStruct(id)

        case .list(let element, let presentLevel, let entryLevel, let repetitionLevel, let first, let leaves):
            guard let hasEntries = try openRepeated(first, presentLevel, entryLevel, leaves, into: &builder) else { return }
            try builder.beginList()
            if hasEntries {
                var index = 0
                repeat {
                    try builder.beginElement(index)
                    try assemble(element, into: &builder)
                    index += 1
                } while repeats(first, repetitionLevel: repetitionLevel)
            }
            try builder.endList()

        case .map(let key, let value, let presentLevel, let entryLevel, let repetitionLevel, let first, let leaves):
            guard let hasEntries = try openRepeated(first, presentLevel, entryLevel, leaves, into: &builder) else { return }
            try builder.beginMap()
            if hasEntries {
                var index = 0
                repeat {
                    try builder.beginKey(index)
                    try assemble(key, into: &builder)
                    try builder.beginValue()
                    try assemble(value, into: &builder)
                    index += 1
                } while repeats(first, repetitionLevel: repetitionLevel)
            }
            try builder.endMap()
        }
    }
}

extension RecordAssembler: VariantLevels {
    package func definitionLevel(_ cursor: Int) throws -> Int { try level(cursor) }

    package func continues(_ cursor: Int, repetitionLevel: Int) -> Bool { repeats(cursor, repetitionLevel: repetitionLevel) }

    package mutating func skip(_ leaves: [Int]) throws { try skipLeaves(leaves) }

    package mutating func next(_ cursor: Int) throws -> Int? {
        let c = cursors[cursor]
        guard c.position < c.levelCount else { throw runsPast(cursor) }
        cursors[cursor].position += 1
        guard c.definitionLevels.isEmpty || c.definitionLevels[c.position] == c.maxDefinitionLevel else { return nil }
        cursors[cursor].valuePosition += 1
        return c.valuePosition
    }
}
