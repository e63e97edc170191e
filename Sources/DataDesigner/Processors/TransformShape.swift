import Parquet

/// The type of a schema_transform output column, as pandas and pyarrow type the records the
/// real processor makes (`pd.DataFrame(records).to_parquet()`). The template fixes it: every
/// rendered string stays a string (its values are JSON-escaped into it), and numbers, booleans,
/// nulls, lists and mappings are the template's own.
indirect enum TransformShape: Equatable {
    /// BYTE_ARRAY annotated STRING.
    case string
    /// INT64.
    case int
    /// DOUBLE (NaN is written as null, as pyarrow converts pandas' NaN).
    case double
    /// BOOLEAN.
    case bool
    /// Every value null: INT32 annotated NULL.
    case null
    /// A group of OPTIONAL fields (a mapping); pyarrow names fields in first-seen order.
    case structure([TransformField])
    /// A three-level LIST (`optional group (LIST) { repeated group list { optional element } }`).
    case list(TransformShape)

    /// Why a template value cannot be typed the way pyarrow types it (the real tool fails
    /// writing such a batch).
    struct Problem: Error {
        let message: String
    }

    /// The shape of the template value `v` at `path` (for messages).
    static func of(_ v: ConfigValue, path: String, depth: Int = 0) throws(Problem) -> TransformShape {
        guard depth < 60 else { throw Problem(message: "'\(path)' is nested more than 60 levels deep") }
        switch v {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .object(let members):
            guard !members.isEmpty else {
                throw Problem(message: "'\(path)' is an empty mapping: Parquet has no struct without fields (the real tool fails writing it)")
            }
            // (Config mappings have unique keys: the parsers refuse duplicates.)
            var fields: [TransformField] = []
            for m in members {
                fields.append(TransformField(name: m.key, shape: try of(m.value, path: path + "." + m.key, depth: depth + 1)))
            }
            return .structure(fields)
        case .array(let items):
            var element = TransformShape.null
            for (i, item) in items.enumerated() {
                let shape = try of(item, path: "\(path)[\(i)]", depth: depth + 1)
                guard let unified = element.unified(with: shape) else {
                    throw Problem(message: "'\(path)' mixes \(element.kindName) and \(shape.kindName) items, which pyarrow cannot write as one list (the real tool fails writing it)")
                }
                element = unified
            }
            return .list(element)
        }
    }

    /// The type pyarrow infers for a sequence holding values of both shapes: nulls take the
    /// other's type, integers and floats are floats, mappings unite their fields.
    func unified(with other: TransformShape) -> TransformShape? {
        switch (self, other) {
        case (.null, _): return other
        case (_, .null): return self
        case (.int, .double), (.double, .int): return .double
        case let (.list(a), .list(b)): return a.unified(with: b).map { .list($0) }
        case let (.structure(a), .structure(b)):
            var fields = a
            var position: [String: Int] = [:]
            for (i, f) in a.enumerated() { position[f.name] = i }
            for f in b {
                if let i = position[f.name] {
                    guard let u = fields[i].shape.unified(with: f.shape) else { return nil }
                    fields[i].shape = u
                } else {
                    position[f.name] = fields.count
                    fields.append(f)
                }
            }
            return .structure(fields)
        default: return self == other ? self : nil
        }
    }

    var kindName: String {
        switch self {
        case .string: "string"
        case .int: "integer"
        case .double: "float"
        case .bool: "boolean"
        case .null: "null"
        case .structure: "mapping"
        case .list: "list"
        }
    }

    /// The number of Parquet leaf columns.
    var leafCount: Int {
        switch self {
        case .structure(let fields): fields.reduce(0) { $0 + $1.shape.leafCount }
        case .list(let element): element.leafCount
        default: 1
        }
    }

    /// The schema elements (depth first) of an OPTIONAL column of this shape named `name`, as
    /// pyarrow writes it.
    func schemaElements(name: String) -> [SchemaElement] {
        switch self {
        case .string: return GeneratedType.string.schemaElements(name: name)
        case .int: return GeneratedType.int64.schemaElements(name: name)
        case .double: return GeneratedType.double.schemaElements(name: name)
        case .bool: return GeneratedType.boolean.schemaElements(name: name)
        case .null: return GeneratedType.null.schemaElements(name: name)
        case .structure(let fields):
            var e = SchemaElement()
            e.name = name
            e.repetition = .optional
            e.numChildren = Int32(clamping: fields.count)
            return [e] + fields.flatMap { $0.shape.schemaElements(name: $0.name) }
        case .list(let element):
            var outer = SchemaElement()
            outer.name = name
            outer.repetition = .optional
            outer.logicalType = .list
            outer.numChildren = 1
            var middle = SchemaElement()
            middle.name = "list"
            middle.repetition = .repeated
            middle.numChildren = 1
            return [outer, middle] + element.schemaElements(name: "element")
        }
    }
}

/// A field of a ``TransformShape/structure(_:)``.
struct TransformField: Equatable {
    var name: String
    var shape: TransformShape
}

/// Stripes records of a fixed shape into Parquet leaf columns (definition and repetition
/// levels, the non-null values), one record at a time.
struct TransformShredder {
    private struct Leaf {
        var definitions: [UInt32] = []
        var repetitions: [UInt32] = []
        var strings = ByteArrayValues()
        var ints: [Int64] = []
        var doubles: [Double] = []
        var bools: [Bool] = []
    }

    /// The record's value does not have the template's shape.
    struct Mismatch: Error {
        let message: String
    }

    let fields: [TransformField]
    private var leaves: [Leaf]
    private(set) var records = 0

    init(fields: [TransformField]) {
        self.fields = fields
        leaves = [Leaf](repeating: Leaf(), count: fields.reduce(0) { $0 + $1.shape.leafCount })
    }

    /// Adds one record (a dict with the template's keys).
    mutating func append(_ record: TemplateValue) throws(Mismatch) {
        guard case .dict(let d) = record else { throw Mismatch(message: "the record is \(record.typeName), not a mapping") }
        let members = try Self.members(d, fields, path: "")
        var leaf = 0
        for f in fields {
            try write(members[f.name], f.shape, path: f.name, definition: 0, repetition: 0, depth: 0, leaf: &leaf)
        }
        records += 1
    }

    /// The leaf columns, one per descriptor (in schema order).
    func columns(_ descriptors: [ColumnDescriptor]) throws -> [ColumnData] {
        guard descriptors.count == leaves.count else {
            throw CreateError("internal: \(leaves.count) transform leaves for \(descriptors.count) schema columns")
        }
        return zip(descriptors, leaves).map { d, leaf in
            let values: ColumnValues
            switch d.element.type {
            case .byteArray?: values = .byteArray(leaf.strings)
            case .int64?: values = .int64(leaf.ints)
            case .double?: values = .double(leaf.doubles)
            case .boolean?: values = .boolean(leaf.bools)
            default: values = .int32([])
            }
            return ColumnData(descriptor: d, definitionLevels: leaf.definitions,
                              repetitionLevels: d.maxRepetitionLevel > 0 ? leaf.repetitions : [],
                              values: values, levelCount: leaf.definitions.count)
        }
    }

    /// The members of a parsed mapping by key (linear in its size), each a key of `fields`.
    private static func members(_ d: TemplateDict, _ fields: [TransformField], path: String) throws(Mismatch) -> [String: TemplateValue] {
        var byKey: [String: TemplateValue] = [:]
        byKey.reserveCapacity(d.count)
        for i in 0..<d.count {
            guard case .string(let k) = d.keys[i] else { throw Mismatch(message: "'\(path)\(d.keys[i].str)' is not a key of the template") }
            byKey[k] = d.values[i]
        }
        if byKey.count > fields.count || fields.reduce(0, { $0 + (byKey[$1.name] == nil ? 0 : 1) }) < byKey.count {
            let names = Set(fields.map(\.name))
            let extra = byKey.keys.filter { !names.contains($0) }.sorted().first ?? ""
            throw Mismatch(message: "'\(path)\(extra)' is not a key of the template")
        }
        return byKey
    }

    private mutating func nulls(_ shape: TransformShape, definition: UInt32, repetition: UInt32, leaf: inout Int) {
        for k in leaf ..< leaf + shape.leafCount {
            leaves[k].definitions.append(definition)
            leaves[k].repetitions.append(repetition)
        }
        leaf += shape.leafCount
    }

    /// Dremel striping: `definition` is the level the value's parent reached, `depth` the
    /// repetition level of the innermost list around it.
    private mutating func write(_ value: TemplateValue?, _ shape: TransformShape, path: String, definition: UInt32,
                                repetition: UInt32, depth: UInt32, leaf: inout Int) throws(Mismatch) {
        func mismatch() -> Mismatch {
            Mismatch(message: "'\(path)' is \(value?.typeName ?? "missing") where the template has \(shape.kindName) values")
        }
        switch value {
        case nil, .none?:
            nulls(shape, definition: definition, repetition: repetition, leaf: &leaf)
            return
        case .float(let d)? where d.isNaN:
            guard shape == .double else { throw mismatch() }
            nulls(shape, definition: definition, repetition: repetition, leaf: &leaf)
            return
        default: break
        }
        guard let value else { return }
        let present = definition + 1
        switch shape {
        case .string:
            guard case .string(let s) = value else { throw mismatch() }
            leaves[leaf].strings.append(s.utf8)
        case .int:
            guard case .int(let i) = value else { throw mismatch() }
            leaves[leaf].ints.append(i)
        case .double:
            switch value {
            case .int(let i): leaves[leaf].doubles.append(Double(i))
            case .float(let d): leaves[leaf].doubles.append(d)
            default: throw mismatch()
            }
        case .bool:
            guard case .bool(let b) = value else { throw mismatch() }
            leaves[leaf].bools.append(b)
        case .null:
            throw mismatch()
        case .structure(let fields):
            guard case .dict(let d) = value else { throw mismatch() }
            let members = try Self.members(d, fields, path: path + ".")
            for f in fields {
                try write(members[f.name], f.shape, path: path + "." + f.name, definition: present,
                          repetition: repetition, depth: depth, leaf: &leaf)
            }
            return
        case .list(let element):
            guard case .list(let items) = value else { throw mismatch() }
            guard !items.isEmpty else {
                nulls(shape, definition: present, repetition: repetition, leaf: &leaf)
                return
            }
            let start = leaf
            for (i, item) in items.enumerated() {
                leaf = start
                try write(item, element, path: "\(path)[\(i)]", definition: present + 1,
                          repetition: i == 0 ? repetition : depth + 1, depth: depth + 1, leaf: &leaf)
            }
            return
        }
        leaves[leaf].definitions.append(present)
        leaves[leaf].repetitions.append(repetition)
        leaf += 1
    }
}
