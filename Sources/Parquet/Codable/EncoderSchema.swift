import Foundation

// The schema and plan ParquetEncoder writes columns by: the united shapes of the values
// (EncoderShapes.swift) turned into the Parquet schema and, per node, the levels it is shredded at.

// MARK: - Plan

/// One node of the derived schema, with the levels the shredder writes at.
final class PlanNode {
    enum Kind { case leaf(EncodedLeaf, column: Int), group, list, map }
    let kind: Kind
    /// The dotted coding path (no list positions), for messages.
    let path: String
    let nullable: Bool
    /// Definition level of this node when it is present.
    let def: UInt32
    /// List / map: the definition and repetition level of the repeated middle node.
    var repeatedDef: UInt32 = 0
    var repeatedRep: UInt32 = 0
    /// Group fields.
    var fields: [PlanNode] = []
    var names: [String] = []
    var index: [String: Int] = [:]
    /// Field indices of the last struct's keys in call order (structs ask in the same
    /// order each time, so a record encodes without hashing its keys).
    var keyCache: [(String, Int)] = []
    /// List element or map value; map key.
    var element: PlanNode?
    var key: PlanNode?
    /// Every leaf column at or below this node.
    var leaves: [Int] = []

    init(kind: Kind, path: String, nullable: Bool, def: UInt32) {
        self.kind = kind
        self.path = path
        self.nullable = nullable
        self.def = def
    }

    /// The index of field `name`, `call` being the position of the request in this struct.
    @inline(__always)
    func fieldIndex(_ name: String, call: Int) -> Int? {
        if call < keyCache.count, keyCache[call].0 == name { return keyCache[call].1 }
        guard let i = index[name] else { return nil }
        if call < keyCache.count { keyCache[call] = (name, i) } else if call == keyCache.count { keyCache.append((name, i)) }
        return i
    }
}

/// How the derived schema was built: the Parquet schema, the plan and per-column facts.
struct EncoderSchema {
    let schema: Schema
    let root: PlanNode
    /// Decimal columns: their precision and scale (nil for other columns).
    let decimals: [ParquetEncoder.DecimalFormat?]

    /// Derives the schema of the values `probe` saw.
    ///
    /// - Throws: `EncodingError.invalidValue` naming the field when a field's type was never
    ///   observed (nil or empty in every value, with a type the encoder cannot infer), or a
    ///   struct has no fields; `ParquetError.invalidArgument` for an impossible decimal format.
    static func derive(from probe: ShapeProbe, decimalFormats: [String: ParquetEncoder.DecimalFormat],
                       defaultDecimal: ParquetEncoder.DecimalFormat) throws -> EncoderSchema {
        var builder = Builder(decimalFormats: decimalFormats, defaultDecimal: defaultDecimal)
        let root = PlanNode(kind: .group, path: "", nullable: false, def: 0)
        var rootElement = SchemaElement()
        rootElement.name = "schema"
        builder.elements.append(rootElement)
        try builder.groupFields(of: probe.root, into: root, codingPath: [], def: 0, rep: 0)
        builder.elements[0].numChildren = Int32(clamping: root.fields.count)
        let schema = try Schema(elements: builder.elements)
        guard schema.columns.count == builder.decimals.count else {
            throw ParquetError(.invalidArgument, "the derived schema has \(schema.columns.count) columns, expected \(builder.decimals.count)")
        }
        return EncoderSchema(schema: schema, root: root, decimals: builder.decimals)
    }

    private struct Builder {
        let decimalFormats: [String: ParquetEncoder.DecimalFormat]
        let defaultDecimal: ParquetEncoder.DecimalFormat
        var elements: [SchemaElement] = []
        var decimals: [ParquetEncoder.DecimalFormat?] = []

        init(decimalFormats: [String: ParquetEncoder.DecimalFormat], defaultDecimal: ParquetEncoder.DecimalFormat) {
            self.decimalFormats = decimalFormats
            self.defaultDecimal = defaultDecimal
        }

        static func fail(_ path: [CodingKey], _ message: String) -> EncodingError {
            .invalidValue(path, .init(codingPath: path, debugDescription: "\(encoderPathText(path)): \(message)"))
        }

        /// Fills in a field seen only as nil (or a list seen only empty) from its Swift type.
        func resolve(_ node: ShapeNode, _ path: [CodingKey]) throws {
            guard node.kind == .unknown else { return }
            guard var type = node.declaredType else {
                throw Self.fail(path, "its type was never observed (nil or empty in every value the schema was derived from); pass a prototype value with it set")
            }
            while let optional = type as? any EncoderOptionalMarker.Type {
                node.nullable = true
                type = optional.encoderWrappedType
            }
            if let leaf = EncodedLeaf.of(type) {
                node.kind = .leaf(leaf)
            } else if let array = type as? any EncoderArrayMarker.Type {
                node.kind = .list
                let element = node.elementNode()
                if element.declaredType == nil { element.declaredType = array.encoderElementType }
            } else if let map = type as? any EncoderStringKeyedMap.Type {
                node.kind = .map
                let element = node.elementNode()
                if element.declaredType == nil { element.declaredType = map.encoderValueType }
            } else {
                throw Self.fail(path, "its type \(type) was never observed with a value (nil or empty in every value the schema was derived from); pass a prototype value with it set")
            }
        }

        mutating func groupFields(of shape: ShapeNode, into plan: PlanNode, codingPath: [CodingKey], def: UInt32, rep: UInt32) throws {
            guard !shape.fields.isEmpty else {
                throw Self.fail(codingPath, "a struct without fields cannot be written (Parquet groups need at least one field)")
            }
            for (name, field) in zip(shape.names, shape.fields) {
                let optional = field.nullable || field.presence < shape.instances
                let child = try node(field, name: name, optional: optional, codingPath: codingPath + [EncoderMapKey(name)], def: def, rep: rep)
                plan.index[name] = plan.fields.count
                plan.names.append(name)
                plan.fields.append(child)
                plan.leaves += child.leaves
            }
        }

        mutating func node(_ shape: ShapeNode, name: String, optional: Bool, codingPath: [CodingKey], def parentDef: UInt32, rep: UInt32) throws -> PlanNode {
            try resolve(shape, codingPath)
            let def = parentDef + (optional ? 1 : 0)
            let dotted = codingPath.filter { !($0 is IndexKey) }.map(\.stringValue).joined(separator: ".")
            var e = SchemaElement()
            e.name = name
            e.repetition = optional ? .optional : .required
            switch shape.kind {
            case .unknown:
                throw Self.fail(codingPath, "its type was never observed")
            case .leaf(let leaf):
                var format: ParquetEncoder.DecimalFormat?
                try Self.describe(leaf, into: &e, format: &format, decimal: decimalFormats[dotted] ?? defaultDecimal, path: dotted)
                let column = decimals.count
                decimals.append(format)
                elements.append(e)
                let plan = PlanNode(kind: .leaf(leaf, column: column), path: dotted, nullable: optional, def: def)
                plan.leaves = [column]
                return plan
            case .group:
                let plan = PlanNode(kind: .group, path: dotted, nullable: optional, def: def)
                let at = elements.count
                elements.append(e)
                try groupFields(of: shape, into: plan, codingPath: codingPath, def: def, rep: rep)
                elements[at].numChildren = Int32(clamping: plan.fields.count)
                return plan
            case .list, .map:
                let isMap = shape.kind == .map
                let plan = PlanNode(kind: isMap ? .map : .list, path: dotted, nullable: optional, def: def)
                plan.repeatedDef = def + 1
                plan.repeatedRep = rep + 1
                e.logicalType = isMap ? .map : .list
                e.numChildren = 1
                elements.append(e)
                var repeated = SchemaElement()
                repeated.name = isMap ? "key_value" : "list"
                repeated.repetition = .repeated
                repeated.numChildren = isMap ? 2 : 1
                elements.append(repeated)
                if isMap {
                    var key = SchemaElement()
                    key.name = "key"
                    key.repetition = .required
                    key.type = .byteArray
                    key.logicalType = .string
                    let column = decimals.count
                    decimals.append(nil)
                    elements.append(key)
                    let keyPlan = PlanNode(kind: .leaf(.string, column: column), path: dotted + ".key", nullable: false, def: plan.repeatedDef)
                    keyPlan.leaves = [column]
                    plan.key = keyPlan
                    plan.leaves.append(column)
                }
                let elementShape = shape.elementNode()
                let element = try node(elementShape, name: isMap ? "value" : "element", optional: elementShape.nullable,
                                       codingPath: codingPath, def: plan.repeatedDef, rep: plan.repeatedRep)
                plan.element = element
                plan.leaves += element.leaves
                return plan
            }
        }

        /// The physical and logical type of a leaf.
        static func describe(_ leaf: EncodedLeaf, into e: inout SchemaElement, format: inout ParquetEncoder.DecimalFormat?,
                             decimal: ParquetEncoder.DecimalFormat, path: String) throws {
            switch leaf {
            case .bool: e.type = .boolean
            case let .integer(bits, signed):
                e.type = bits <= 32 ? .int32 : .int64
                e.logicalType = .integer(bitWidth: Int8(bits), isSigned: signed)
            case .float: e.type = .float
            case .double: e.type = .double
            case .string:
                e.type = .byteArray
                e.logicalType = .string
            case .binary: e.type = .byteArray
            case .date:
                e.type = .int64
                e.logicalType = .timestamp(isAdjustedToUTC: true, unit: .micros)
            case .uuid:
                e.type = .fixedLenByteArray
                e.typeLength = 16
                e.logicalType = .uuid
            case .decimal:
                guard (1 ... 38).contains(decimal.precision), (0 ... decimal.precision).contains(decimal.scale) else {
                    throw ParquetError(.invalidArgument, "the decimal format of '\(path)' has precision \(decimal.precision) and scale \(decimal.scale); precision must be 1...38 and scale 0...precision")
                }
                format = decimal
                e.logicalType = .decimal(scale: Int32(decimal.scale), precision: Int32(decimal.precision))
                if decimal.precision <= 9 {
                    e.type = .int32
                } else if decimal.precision <= 18 {
                    e.type = .int64
                } else {
                    e.type = .fixedLenByteArray
                    e.typeLength = Int32(DecimalDigits.byteWidth(precision: decimal.precision))
                }
            }
        }
    }
}
