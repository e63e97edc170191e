// The footer's schema list for a Schema tree, with legacy annotations filled in.

enum WriterSchema {
    /// The depth-first `SchemaElement` list of `schema`: the elements as given, with
    /// `num_children` and `type` made consistent with the tree and the legacy `ConvertedType`
    /// (plus DECIMAL scale/precision) set where the spec pairs it with the logical type.
    ///
    /// - Throws: `.unsupported` for leaves the writer cannot write (unknown physical type,
    ///   FIXED_LEN_BYTE_ARRAY without a positive `type_length`) and for groups without leaves.
    static func elements(of schema: Schema) throws -> [SchemaElement] {
        var out: [SchemaElement] = []
        var root = schema.root.element
        root.type = nil
        root.typeLength = nil
        root.numChildren = Int32(clamping: schema.root.children.count)
        out.append(root)
        for child in schema.root.children { try append(child, to: &out) }
        return out
    }

    private static func append(_ node: SchemaNode, to out: inout [SchemaElement]) throws {
        var e = withLegacyAnnotation(node.element)
        let name = node.path.joined(separator: ".")
        if node.isLeaf {
            guard let type = e.type, (0 ... 7).contains(type.rawValue) else {
                throw ParquetError.unsupported("column '\(name)' has physical type \(e.type.map { "\($0)" } ?? "none"), which the writer cannot write")
            }
            if type == .fixedLenByteArray {
                guard let length = e.typeLength, length > 0 else {
                    throw ParquetError.unsupported("FIXED_LEN_BYTE_ARRAY column '\(name)' needs a positive type_length")
                }
            } else {
                e.typeLength = nil
            }
            e.numChildren = nil
            out.append(e)
            return
        }
        guard !node.children.isEmpty else {
            throw ParquetError.unsupported("group '\(name)' has no fields; Parquet files cannot hold empty groups")
        }
        e.type = nil
        e.typeLength = nil
        e.numChildren = Int32(clamping: node.children.count)
        out.append(e)
        for child in node.children { try append(child, to: &out) }
    }

    /// `element` with its `ConvertedType` set from its `LogicalType` when the element has none
    /// and the spec names a counterpart (STRING→UTF8, DECIMAL, DATE, TIME/TIMESTAMP in millis
    /// or micros, INT/UINT 8…64, LIST, MAP, ENUM, JSON, BSON).
    static func withLegacyAnnotation(_ element: SchemaElement) -> SchemaElement {
        var e = element
        guard e.convertedType == nil, let logical = e.logicalType else { return e }
        switch logical {
        case .string: e.convertedType = .utf8
        case .map: e.convertedType = .map
        case .list: e.convertedType = .list
        case .enumeration: e.convertedType = .enumType
        case .json: e.convertedType = .json
        case .bson: e.convertedType = .bson
        case .date: e.convertedType = .date
        case let .decimal(scale, precision):
            e.convertedType = .decimal
            if e.scale == nil { e.scale = scale }
            if e.precision == nil { e.precision = precision }
        case let .time(_, unit):
            switch unit {
            case .millis: e.convertedType = .timeMillis
            case .micros: e.convertedType = .timeMicros
            case .nanos: break
            }
        case let .timestamp(_, unit):
            switch unit {
            case .millis: e.convertedType = .timestampMillis
            case .micros: e.convertedType = .timestampMicros
            case .nanos: break
            }
        case let .integer(bitWidth, isSigned):
            switch (bitWidth, isSigned) {
            case (8, true): e.convertedType = .int8
            case (16, true): e.convertedType = .int16
            case (32, true): e.convertedType = .int32
            case (64, true): e.convertedType = .int64
            case (8, false): e.convertedType = .uint8
            case (16, false): e.convertedType = .uint16
            case (32, false): e.convertedType = .uint32
            case (64, false): e.convertedType = .uint64
            default: break
            }
        case .null, .uuid, .float16, .variant, .geometry, .geography, .undefined:
            break
        }
        return e
    }
}
