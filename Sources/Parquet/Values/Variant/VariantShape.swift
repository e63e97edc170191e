/// The columns of a VARIANT group and how its shredded parts (VariantShredding.md) nest,
/// resolved once from the schema.
///
/// A variant group holds a `metadata` binary and a *slot*: an optional `value` binary (the
/// encoded variant) and an optional `typed_value` (a shredded primitive column, a LIST of
/// slots, or a group of named field slots). Leaves are indices into ``Schema/columns``.
public struct VariantShape: Sendable, Hashable {
    /// The `metadata` column.
    public var metadata: Int
    /// The definition level at which the variant exists; nil for a required group.
    public var presentLevel: Int?
    /// The value/typed_value pair of the whole variant.
    public var root: Slot

    /// A `value` and/or `typed_value` pair.
    public struct Slot: Sendable, Hashable {
        /// The `value` binary column, if the group has one.
        public var value: Int?
        /// The shredded `typed_value`, if the group has one.
        public var typed: Typed?
        /// For an object field group that is (against the spec) optional: the level at which
        /// it exists; a null group is a missing field.
        public var presentLevel: Int?

        /// Every leaf below this slot, in schema order.
        public var columns: [Int] { (value.map { [$0] } ?? []) + (typed?.columns ?? []) }
    }

    /// A shredded `typed_value`.
    public indirect enum Typed: Sendable, Hashable {
        /// A primitive column read as the Variant type `type`.
        case primitive(column: Int, type: ShreddedType)
        /// A 3-level LIST of element slots.
        case array(element: Slot, presentLevel: Int?, entryLevel: Int, repetitionLevel: Int)
        /// A group of field slots, by name in schema order.
        case object(fields: [NamedSlot], presentLevel: Int?)

        public var columns: [Int] {
            switch self {
            case .primitive(let column, _): [column]
            case .array(let element, _, _, _): element.columns
            case .object(let fields, _): fields.flatMap(\.slot.columns)
            }
        }
    }

    /// A shredded object field.
    public struct NamedSlot: Sendable, Hashable {
        public var name: String
        public var slot: Slot
    }

    /// The Variant type a shredded primitive column holds (VariantShredding.md's table).
    public enum ShreddedType: Sendable, Hashable {
        case boolean, int8, int16, int32, int64, float, double
        case decimal4(scale: Int), decimal8(scale: Int), decimal16(scale: Int)
        case date, time
        case timestamp(unit: TimeUnit, isAdjustedToUTC: Bool)
        case binary, string, uuid
    }

    /// Every leaf of the variant, in schema order.
    public var columns: [Int] { ([metadata] + root.columns).sorted() }

    /// The same shape with every column index passed through `map`.
    public func renumbered(_ map: (Int) -> Int) -> VariantShape {
        VariantShape(metadata: map(metadata), presentLevel: presentLevel, root: root.renumbered(map))
    }

    public init(metadata: Int, presentLevel: Int?, root: Slot) {
        self.metadata = metadata
        self.presentLevel = presentLevel
        self.root = root
    }

    /// The shape of a VARIANT-annotated group.
    ///
    /// - Throws: `ParquetError` naming the column when the group lacks `metadata` or both
    ///   `value` and `typed_value`, when a part is not of the type the spec requires, or when a
    ///   shredded column has a type the spec does not allow (such as an unsigned integer).
    public init(node: SchemaNode) throws {
        let name = node.path.joined(separator: ".")
        guard let metadataNode = node.children.first(where: { $0.name == "metadata" }), let metadata = metadataNode.columnIndex,
              metadataNode.element.type == .byteArray, metadataNode.repetition != .repeated else {
            throw ParquetError.corrupt("VARIANT group '\(name)' has no BYTE_ARRAY metadata field")
        }
        self.metadata = metadata
        presentLevel = node.repetition == .optional ? node.maxDefinitionLevel : nil
        root = try Self.slot(node, isField: false)
        guard root.value != nil || root.typed != nil else {
            throw ParquetError.corrupt("VARIANT group '\(name)' has neither a value nor a typed_value field")
        }
    }

    private static func slot(_ node: SchemaNode, isField: Bool) throws -> Slot {
        let name = node.path.joined(separator: ".")
        var slot = Slot(value: nil, typed: nil, presentLevel: isField && node.repetition == .optional ? node.maxDefinitionLevel : nil)
        for child in node.children {
            switch child.name {
            case "value":
                guard let column = child.columnIndex, child.element.type == .byteArray, child.repetition != .repeated else {
                    throw ParquetError.corrupt("shredded variant field '\(name).value' is not a BYTE_ARRAY column")
                }
                slot.value = column
            case "typed_value":
                slot.typed = try typed(child)
            case "metadata" where !isField:
                continue
            default:
                throw ParquetError.corrupt("shredded variant group '\(name)' has an unexpected field '\(child.name)'")
            }
        }
        if isField && slot.value == nil && slot.typed == nil {
            throw ParquetError.corrupt("shredded variant field '\(name)' has neither value nor typed_value")
        }
        return slot
    }

    private static func typed(_ node: SchemaNode) throws -> Typed {
        let name = node.path.joined(separator: ".")
        guard node.repetition != .repeated else {
            throw ParquetError.corrupt("shredded variant field '\(name)' is repeated")
        }
        let present = node.repetition == .optional ? node.maxDefinitionLevel : nil
        if let column = node.columnIndex {
            return .primitive(column: column, type: try shreddedType(node))
        }
        let element = node.element
        if element.logicalType == .list || (element.logicalType == nil && element.convertedType == .list) {
            guard node.children.count == 1, let repeated = node.children.first, repeated.repetition == .repeated,
                  repeated.children.count == 1, let item = repeated.children.first, !item.isLeaf else {
                throw ParquetError.unsupported("shredded variant array '\(name)' is not a 3-level LIST of value/typed_value groups")
            }
            return .array(element: try slot(item, isField: true), presentLevel: present,
                          entryLevel: repeated.maxDefinitionLevel, repetitionLevel: repeated.maxRepetitionLevel)
        }
        guard element.logicalType == nil else {
            throw ParquetError.unsupported("shredded variant group '\(name)' has an unsupported annotation")
        }
        var fields: [NamedSlot] = []
        for child in node.children {
            guard !child.isLeaf else {
                throw ParquetError.corrupt("shredded variant object field '\(child.path.joined(separator: "."))' is not a value/typed_value group")
            }
            guard child.repetition != .repeated else {
                throw ParquetError.corrupt("shredded variant object field '\(child.path.joined(separator: "."))' is repeated")
            }
            fields.append(NamedSlot(name: child.name, slot: try slot(child, isField: true)))
        }
        return .object(fields: fields, presentLevel: present)
    }

    /// The Variant type of a shredded primitive column.
    static func shreddedType(_ node: SchemaNode) throws -> ShreddedType {
        let physical = node.element.type ?? .byteArray
        let type: ShreddedType?
        switch ValueKind(element: node.element) {
        case .boolean: type = .boolean
        case .integer(let width, let signed):
            type = !signed ? nil : width == 8 ? .int8 : width == 16 ? .int16 : width == 32 ? .int32 : .int64
        case .float: type = .float
        case .double: type = .double
        case .decimal(let precision, let scale):
            switch physical {
            case .int32: type = .decimal4(scale: scale)
            case .int64: type = .decimal8(scale: scale)
            default:
                type = precision <= 38 && scale <= 38 && (physical == .byteArray || (node.element.typeLength ?? 0) <= 16) ? .decimal16(scale: scale) : nil
            }
        case .date: type = .date
        case .time(let unit, let utc): type = unit == .micros && !utc ? .time : nil
        case .timestamp(let unit, let utc): type = unit == .millis ? nil : .timestamp(unit: unit, isAdjustedToUTC: utc)
        case .binary: type = physical == .byteArray ? .binary : nil
        case .string: type = .string
        case .uuid: type = .uuid
        default: type = nil
        }
        guard let type else {
            throw ParquetError.unsupported("shredded variant column '\(node.path.joined(separator: "."))' has a type no Variant value is shredded as: \(node.element.typeDescription)")
        }
        return type
    }
}

extension VariantShape.Slot {
    func renumbered(_ map: (Int) -> Int) -> VariantShape.Slot {
        VariantShape.Slot(value: value.map(map), typed: typed?.renumbered(map), presentLevel: presentLevel)
    }
}

extension VariantShape.Typed {
    func renumbered(_ map: (Int) -> Int) -> VariantShape.Typed {
        switch self {
        case .primitive(let column, let type):
            .primitive(column: map(column), type: type)
        case .array(let element, let present, let entry, let repetition):
            .array(element: element.renumbered(map), presentLevel: present, entryLevel: entry, repetitionLevel: repetition)
        case .object(let fields, let present):
            .object(fields: fields.map { .init(name: $0.name, slot: $0.slot.renumbered(map)) }, presentLevel: present)
        }
    }
}
