/// One node of the schema tree: a group (with children) or a leaf column.
///
/// Every property is derived from the footer's schema elements by ``Schema/init(elements:)``
/// and read-only, so levels, paths and column indices cannot drift from the element they
/// describe; build a new `Schema` from edited elements to change one.
public struct SchemaNode: Sendable, Hashable {
    /// The schema element this node was built from.
    public let element: SchemaElement
    /// Child nodes; empty for a leaf.
    public let children: [SchemaNode]
    /// Names from the root's child down to this node.
    public let path: [String]
    /// Maximum definition level of this node (counting optional and repeated ancestors and itself).
    public let maxDefinitionLevel: Int
    /// Maximum repetition level of this node (counting repeated ancestors and itself).
    public let maxRepetitionLevel: Int
    /// The index into ``Schema/columns`` for a leaf; nil for a group.
    public let columnIndex: Int?

    /// The element's name.
    public var name: String { element.name }
    /// REQUIRED when the element does not say.
    public var repetition: Repetition { element.repetition ?? .required }
    /// Whether the node is a leaf column.
    public var isLeaf: Bool { columnIndex != nil }
}

/// A leaf column: where it sits in the schema and how its values are interpreted.
///
/// Derived from the schema elements by ``Schema/init(elements:)``; read-only.
public struct ColumnDescriptor: Sendable, Hashable {
    /// Position among the file's leaf columns (the column chunk index in each row group).
    public let index: Int
    /// Names from the root's child down to the leaf.
    public let path: [String]
    /// The schema element the column was built from.
    public let element: SchemaElement
    /// The element's physical type.
    public let physicalType: PhysicalType
    /// Byte width for FIXED_LEN_BYTE_ARRAY, else 0.
    public let typeLength: Int
    /// Maximum definition level (optional and repeated nodes from the root to the leaf).
    public let maxDefinitionLevel: Int
    /// Maximum repetition level (repeated nodes from the root to the leaf).
    public let maxRepetitionLevel: Int
    /// How values are written out (derived from the logical and converted type).
    public let kind: ValueKind

    /// The path joined with dots, as used in messages and projection.
    public var dottedPath: String { path.joined(separator: ".") }
}

/// The schema of a file: the tree of fields and the flat list of leaf columns, both derived
/// from the footer's schema elements and read-only.
public struct Schema: Sendable, Hashable {
    /// The root group (the message); its children are the top-level fields.
    public let root: SchemaNode
    /// Leaf columns in file order.
    public let columns: [ColumnDescriptor]

    /// Deepest nesting this reader accepts; deeper schemas are refused as corrupt.
    public static let maxDepth = 100

    /// Builds the tree from the footer's depth-first list of schema elements.
    public init(elements: [SchemaElement]) throws {
        guard let first = elements.first else {
            throw ParquetError.corrupt("the schema has no elements")
        }
        var builder = Builder(elements: elements)
        builder.position = 1
        let rootChildren = Int(first.numChildren ?? 0)
        guard rootChildren >= 0, rootChildren <= elements.count - 1 else {
            throw ParquetError.corrupt("the schema root claims \(rootChildren) children but only \(elements.count - 1) elements follow")
        }
        var children: [SchemaNode] = []
        for _ in 0..<rootChildren {
            children.append(try builder.node(parentPath: [], parentDef: 0, parentRep: 0, depth: 1))
        }
        guard builder.position == elements.count else {
            throw ParquetError.corrupt("the schema has \(elements.count - builder.position) elements that belong to no group")
        }
        root = SchemaNode(element: first, children: children, path: [], maxDefinitionLevel: 0,
                          maxRepetitionLevel: 0, columnIndex: nil)
        columns = builder.columns
    }

    /// The top-level fields.
    public var fields: [SchemaNode] { root.children }

    /// The leaf column with this dotted path, if any.
    public func column(named dottedPath: String) -> ColumnDescriptor? {
        columns.first { $0.dottedPath == dottedPath }
    }

    private struct Builder {
        let elements: [SchemaElement]
        var position = 0
        var columns: [ColumnDescriptor] = []

        mutating func node(parentPath: [String], parentDef: Int, parentRep: Int, depth: Int) throws -> SchemaNode {
            guard depth <= Schema.maxDepth else {
                throw ParquetError.corrupt("the schema is nested deeper than \(Schema.maxDepth) levels")
            }
            guard position < elements.count else {
                throw ParquetError.corrupt("the schema ends inside a group")
            }
            let element = elements[position]
            position += 1
            let path = parentPath + [element.name]
            let repetition = element.repetition ?? .required
            let def = parentDef + (repetition == .required ? 0 : 1)
            let rep = parentRep + (repetition == .repeated ? 1 : 0)
            let childCount = Int(element.numChildren ?? 0)
            guard childCount >= 0, childCount <= elements.count - position else {
                throw ParquetError.corrupt("schema element '\(element.name)' claims \(childCount) children but only \(elements.count - position) elements follow")
            }
            if childCount == 0, let type = element.type {
                let typeLength = Int(element.typeLength ?? 0)
                if type == .fixedLenByteArray, typeLength < 0 {
                    throw ParquetError.corrupt("column '\(path.joined(separator: "."))' has a negative type_length \(typeLength)")
                }
                let descriptor = ColumnDescriptor(
                    index: columns.count, path: path, element: element, physicalType: type,
                    typeLength: type == .fixedLenByteArray ? typeLength : 0,
                    maxDefinitionLevel: def, maxRepetitionLevel: rep,
                    kind: ValueKind(element: element))
                columns.append(descriptor)
                return SchemaNode(element: element, children: [], path: path, maxDefinitionLevel: def,
                                  maxRepetitionLevel: rep, columnIndex: descriptor.index)
            }
            var children: [SchemaNode] = []
            children.reserveCapacity(childCount)
            for _ in 0..<childCount {
                children.append(try node(parentPath: path, parentDef: def, parentRep: rep, depth: depth + 1))
            }
            return SchemaNode(element: element, children: children, path: path, maxDefinitionLevel: def,
                              maxRepetitionLevel: rep, columnIndex: nil)
        }
    }
}
