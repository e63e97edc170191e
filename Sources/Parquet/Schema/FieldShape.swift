/// The logical shape of a field — struct, list, map or leaf — resolved from the schema tree,
/// including the backward-compatibility rules of the Parquet spec (LogicalTypes.md) for
/// 2-level lists, unannotated repeated fields and legacy maps.
///
/// Levels are those at which each part exists: a node with `presentLevel` `p` is null for a
/// record whose definition level (at its first leaf) is below `p`; a list or map has entries
/// when the definition level reaches `entryLevel`, and a new entry starts where the
/// repetition level equals `repetitionLevel`.
public indirect enum FieldShape: Sendable, Hashable {
    /// A leaf column (index into ``Schema/columns``); it holds a value when the definition
    /// level equals `definitionLevel` (the column's maximum).
    case leaf(column: Int, definitionLevel: Int)
    /// A group written as an object with fields in schema order; `presentLevel` is nil when
    /// the group cannot be null on its own.
    case structure(fields: [NamedShape], presentLevel: Int?)
    /// A list; `presentLevel` is nil for a list that cannot be null (an unannotated repeated field).
    case list(element: FieldShape, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int)
    /// A map. (A map without a value field is read as a list of its keys.)
    case map(key: FieldShape, value: FieldShape, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int)
    /// A VARIANT group: its metadata, value and shredded columns.
    case variant(VariantShape)

    /// The shape of a top-level field (or any schema node).
    public init(node: SchemaNode) throws {
        if node.repetition == .repeated {
            // An unannotated repeated field is a list that cannot be null.
            let element = try FieldShape.unrepeated(node)
            try FieldShape.requireLeaves(element, node)
            self = .list(element: element, presentLevel: nil, entryLevel: node.maxDefinitionLevel,
                         repetitionLevel: node.maxRepetitionLevel)
        } else {
            self = try FieldShape.unrepeated(node)
        }
    }

    /// The first leaf column below this shape (its levels decide nulls and list lengths).
    public var firstColumn: Int? {
        switch self {
        case .leaf(let column, _): column
        case .structure(let fields, _): fields.lazy.compactMap(\.shape.firstColumn).first
        case .list(let element, _, _, _): element.firstColumn
        case .map(let key, let value, _, _, _): key.firstColumn ?? value.firstColumn
        case .variant(let shape): shape.columns.first
        }
    }

    /// Every leaf column below this shape, in schema order.
    public var columns: [Int] {
        switch self {
        case .leaf(let column, _): [column]
        case .structure(let fields, _): fields.flatMap(\.shape.columns)
        case .list(let element, _, _, _): element.columns
        case .map(let key, let value, _, _, _): key.columns + value.columns
        case .variant(let shape): shape.columns
        }
    }

    /// The same shape with every leaf's column index passed through `map`.
    public func renumbered(_ map: (Int) -> Int) -> FieldShape {
        switch self {
        case .leaf(let column, let level):
            .leaf(column: map(column), definitionLevel: level)
        case .structure(let fields, let present):
            .structure(fields: fields.map { NamedShape(name: $0.name, shape: $0.shape.renumbered(map)) }, presentLevel: present)
        case .list(let element, let present, let entry, let repetition):
            .list(element: element.renumbered(map), presentLevel: present, entryLevel: entry, repetitionLevel: repetition)
        case .map(let key, let value, let present, let entry, let repetition):
            .map(key: key.renumbered(map), value: value.renumbered(map), presentLevel: present, entryLevel: entry,
                 repetitionLevel: repetition)
        case .variant(let shape):
            .variant(shape.renumbered(map))
        }
    }

    /// The shape of `node` ignoring its own repetition (as the element of a list).
    private static func unrepeated(_ node: SchemaNode) throws -> FieldShape {
        let presentLevel = node.repetition == .optional ? node.maxDefinitionLevel : nil
        if let column = node.columnIndex {
            return .leaf(column: column, definitionLevel: node.maxDefinitionLevel)
        }
        let element = node.element
        if case .variant? = element.logicalType {
            return .variant(try VariantShape(node: node))
        }
        let isList = element.logicalType == .list || (element.logicalType == nil && element.convertedType == .list)
        let isMap = element.logicalType == .map || element.convertedType == .map || element.convertedType == .mapKeyValue
        if isList, node.children.count == 1, let repeated = node.children.first, repeated.repetition == .repeated {
            let item: FieldShape
            if repeated.isLeaf || repeated.children.count > 1 || repeated.name == "array" || repeated.name == node.name + "_tuple" {
                item = try unrepeated(repeated)  // 2-level list: the repeated field is the element
            } else if let only = repeated.children.first {
                item = try FieldShape(node: only)  // 3-level list
            } else {
                item = .structure(fields: [], presentLevel: nil)
            }
            try requireLeaves(item, node)
            return .list(element: item, presentLevel: presentLevel, entryLevel: repeated.maxDefinitionLevel,
                         repetitionLevel: repeated.maxRepetitionLevel)
        }
        if isMap, node.children.count == 1, let entries = node.children.first, entries.repetition == .repeated,
           let keyNode = entries.children.first {
            let key = try FieldShape(node: keyNode)
            try requireLeaves(key, node)
            guard entries.children.count > 1 else {
                // A map without a value field reads as the list of its keys (as pyarrow reads it).
                return .list(element: key, presentLevel: presentLevel, entryLevel: entries.maxDefinitionLevel,
                             repetitionLevel: entries.maxRepetitionLevel)
            }
            let value = try FieldShape(node: entries.children[1])
            return .map(key: key, value: value, presentLevel: presentLevel, entryLevel: entries.maxDefinitionLevel,
                        repetitionLevel: entries.maxRepetitionLevel)
        }
        let fields = try node.children.map { NamedShape(name: $0.name, shape: try FieldShape(node: $0)) }
        return .structure(fields: fields, presentLevel: presentLevel)
    }

    private static func requireLeaves(_ shape: FieldShape, _ node: SchemaNode) throws {
        guard shape.firstColumn != nil else {
            throw ParquetError.unsupported("repeated field '\(node.path.joined(separator: "."))' has no leaf columns")
        }
    }
}

/// A named field of a struct shape.
public struct NamedShape: Sendable, Hashable {
    /// The field's name in its group.
    public let name: String
    /// How the field's values are assembled from its leaves.
    public let shape: FieldShape
}
