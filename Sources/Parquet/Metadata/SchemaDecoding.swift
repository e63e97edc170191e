// Decoding of SchemaElement and the LogicalType / TimeUnit unions.

extension SchemaElement {
    /// parquet.thrift's names of `SchemaElement` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("SchemaElement", [1: "type", 2: "type_length", 3: "repetition_type", 4: "name", 5: "num_children", 6: "converted_type", 7: "scale", 8: "precision", 9: "field_id"], required: [4])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> SchemaElement {
        var e = SchemaElement()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: e.type = PhysicalType(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 2: e.typeLength = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 3: e.repetition = Repetition(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 4: e.name = try r.readString(f.type, Self.thrift.field(f.id))
            case 5: e.numChildren = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 6: e.convertedType = ConvertedType(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 7: e.scale = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 8: e.precision = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 9: e.fieldID = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 10: e.logicalType = try LogicalType.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        return e
    }
}

extension LogicalType {
    /// Decodes the `LogicalType` union. The first member decides the value (later members
    /// of a malformed multi-member union are skipped); an unknown member becomes
    /// `.undefined(fieldID:)`, as does a TIME/TIMESTAMP with an unknown unit.
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> LogicalType {
        var result: LogicalType?
        try r.readStruct(type, "LogicalType") { r, f in
            guard result == nil else {
                try r.skip(f)
                return
            }
            let known = f.id >= 1 && f.id <= 18 && f.id != 9
            guard f.type == .structure || !known else {
                throw ParquetError.corrupt("LogicalType: member \(f.id) is a \(f.type.name), not a struct")
            }
            switch f.id {
            case 5: result = try decodeDecimal(&r)
            case 7: result = try decodeTime(&r, fieldID: 7)
            case 8: result = try decodeTime(&r, fieldID: 8)
            case 10: result = try decodeInteger(&r)
            case 16: result = try decodeVariant(&r)
            case 17: result = try decodeGeometry(&r)
            case 18: result = try decodeGeography(&r)
            default:
                // Marker members are empty structs; skipping also tolerates extra fields.
                try r.skip(f)
                result = marker(f.id)
            }
        }
        guard let result else {
            throw ParquetError.corrupt("LogicalType: union has no member set")
        }
        return result
    }

    /// The member with an empty-struct payload for union id `id`.
    private static func marker(_ id: Int16) -> LogicalType {
        switch id {
        case 1: .string
        case 2: .map
        case 3: .list
        case 4: .enumeration
        case 6: .date
        case 11: .null
        case 12: .json
        case 13: .bson
        case 14: .uuid
        case 15: .float16
        default: .undefined(fieldID: id)
        }
    }

    /// parquet.thrift's names of `DecimalType` and its fields, and the fields it requires.
    private static let decimalThrift = ThriftStructNames("DecimalType", [1: "scale", 2: "precision"], required: [1, 2])

    private static func decodeDecimal(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var scale: Int32 = 0
        var precision: Int32 = 0
        try r.readStruct(Self.decimalThrift) { r, f in
            switch f.id {
            case 1: scale = try r.readInteger(f.type, Self.decimalThrift.field(f.id))
            case 2: precision = try r.readInteger(f.type, Self.decimalThrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return .decimal(scale: scale, precision: precision)
    }

    /// parquet.thrift's names of `TimeType` and `TimestampType` and their fields, and the
    /// fields they require.
    private static let timeThrift = ThriftStructNames("TimeType", [1: "isAdjustedToUTC", 2: "unit"], required: [1, 2])
    private static let timestampThrift = ThriftStructNames("TimestampType", [1: "isAdjustedToUTC", 2: "unit"], required: [1, 2])

    /// Decodes a TIME (`fieldID` 7) or TIMESTAMP (8) member.
    private static func decodeTime(_ r: inout ThriftCompactReader, fieldID: Int16) throws -> LogicalType {
        var utc = false
        var unit: TimeUnit?
        let names = fieldID == 7 ? timeThrift : timestampThrift
        try r.readStruct(names) { r, f in
            switch f.id {
            case 1: utc = try r.fieldBool(f, names.field(f.id))
            case 2: unit = try TimeUnit.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        guard let unit else { return .undefined(fieldID: fieldID) }
        return fieldID == 7 ? .time(isAdjustedToUTC: utc, unit: unit) : .timestamp(isAdjustedToUTC: utc, unit: unit)
    }

    /// parquet.thrift's names of `IntType` and its fields, and the fields it requires.
    private static let integerThrift = ThriftStructNames("IntType", [1: "bitWidth", 2: "isSigned"], required: [1, 2])

    private static func decodeInteger(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var bitWidth: Int8 = 0
        var signed = false
        try r.readStruct(Self.integerThrift) { r, f in
            switch f.id {
            case 1: bitWidth = try r.readInteger(f.type, Self.integerThrift.field(f.id))
            case 2: signed = try r.fieldBool(f, Self.integerThrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return .integer(bitWidth: bitWidth, isSigned: signed)
    }

    /// parquet.thrift's names of `VariantType` and its fields, and the fields it requires.
    private static let variantThrift = ThriftStructNames("VariantType", [1: "specification_version"], required: [])

    private static func decodeVariant(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var version: Int8?
        try r.readStruct(Self.variantThrift) { r, f in
            switch f.id {
            case 1: version = try r.readInteger(f.type, Self.variantThrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return .variant(specificationVersion: version)
    }

    /// parquet.thrift's names of `GeometryType` and its fields, and the fields it requires.
    private static let geometryThrift = ThriftStructNames("GeometryType", [1: "crs"], required: [])

    private static func decodeGeometry(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var crs: String?
        try r.readStruct(Self.geometryThrift) { r, f in
            switch f.id {
            case 1: crs = try r.readString(f.type, Self.geometryThrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return .geometry(crs: crs)
    }

    /// parquet.thrift's names of `GeographyType` and its fields, and the fields it requires.
    private static let geographyThrift = ThriftStructNames("GeographyType", [1: "crs", 2: "algorithm"], required: [])

    private static func decodeGeography(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var crs: String?
        var algorithm: Int32?
        try r.readStruct(Self.geographyThrift) { r, f in
            switch f.id {
            case 1: crs = try r.readString(f.type, Self.geographyThrift.field(f.id))
            case 2: algorithm = try r.readInteger(f.type, Self.geographyThrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return .geography(crs: crs, algorithm: algorithm)
    }
}

extension TimeUnit {
    /// Decodes the `TimeUnit` union; `nil` for a member this reader does not know.
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> TimeUnit? {
        var unit: TimeUnit?
        var any = false
        try r.readStruct(type, "TimeUnit") { r, f in
            if !any {
                any = true
                switch f.id {
                case 1: unit = .millis
                case 2: unit = .micros
                case 3: unit = .nanos
                default: unit = nil
                }
                if unit != nil && f.type != .structure {
                    throw ParquetError.corrupt("TimeUnit: member \(f.id) is a \(f.type.name), not a struct")
                }
            }
            try r.skip(f)
        }
        guard any else { throw ParquetError.corrupt("TimeUnit: union has no member set") }
        return unit
    }
}
