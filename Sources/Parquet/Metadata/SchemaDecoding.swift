// Decoding of SchemaElement and the LogicalType / TimeUnit unions.

extension SchemaElement {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> SchemaElement {
        var e = SchemaElement()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "SchemaElement") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: e.type = PhysicalType(rawValue: try r.readInteger(f.type, "SchemaElement.type"))
            case 2: e.typeLength = try r.readInteger(f.type, "SchemaElement.type_length")
            case 3: e.repetition = Repetition(rawValue: try r.readInteger(f.type, "SchemaElement.repetition_type"))
            case 4: e.name = try r.readString(f.type, "SchemaElement.name")
            case 5: e.numChildren = try r.readInteger(f.type, "SchemaElement.num_children")
            case 6: e.convertedType = ConvertedType(rawValue: try r.readInteger(f.type, "SchemaElement.converted_type"))
            case 7: e.scale = try r.readInteger(f.type, "SchemaElement.scale")
            case 8: e.precision = try r.readInteger(f.type, "SchemaElement.precision")
            case 9: e.fieldID = try r.readInteger(f.type, "SchemaElement.field_id")
            case 10: e.logicalType = try LogicalType.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        try seen.require(4, "SchemaElement", "name")
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
            case 7: result = try decodeTime(&r, "TimeType", fieldID: 7)
            case 8: result = try decodeTime(&r, "TimestampType", fieldID: 8)
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

    private static func decodeDecimal(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var scale: Int32 = 0
        var precision: Int32 = 0
        var seen = ThriftFieldSet()
        try r.readStruct("DecimalType") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: scale = try r.readInteger(f.type, "DecimalType.scale")
            case 2: precision = try r.readInteger(f.type, "DecimalType.precision")
            default: try r.skip(f)
            }
        }
        try seen.require(1, "DecimalType", "scale")
        try seen.require(2, "DecimalType", "precision")
        return .decimal(scale: scale, precision: precision)
    }

    private static func decodeTime(_ r: inout ThriftCompactReader, _ name: String, fieldID: Int16) throws -> LogicalType {
        var utc = false
        var unit: TimeUnit?
        var seen = ThriftFieldSet()
        try r.readStruct(name) { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: utc = try r.fieldBool(f, "\(name).isAdjustedToUTC")
            case 2: unit = try TimeUnit.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        try seen.require(1, name, "isAdjustedToUTC")
        try seen.require(2, name, "unit")
        guard let unit else { return .undefined(fieldID: fieldID) }
        return fieldID == 7 ? .time(isAdjustedToUTC: utc, unit: unit) : .timestamp(isAdjustedToUTC: utc, unit: unit)
    }

    private static func decodeInteger(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var bitWidth: Int8 = 0
        var signed = false
        var seen = ThriftFieldSet()
        try r.readStruct("IntType") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: bitWidth = try r.readInteger(f.type, "IntType.bitWidth")
            case 2: signed = try r.fieldBool(f, "IntType.isSigned")
            default: try r.skip(f)
            }
        }
        try seen.require(1, "IntType", "bitWidth")
        try seen.require(2, "IntType", "isSigned")
        return .integer(bitWidth: bitWidth, isSigned: signed)
    }

    private static func decodeVariant(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var version: Int8?
        try r.readStruct("VariantType") { r, f in
            switch f.id {
            case 1: version = try r.readInteger(f.type, "VariantType.specification_version")
            default: try r.skip(f)
            }
        }
        return .variant(specificationVersion: version)
    }

    private static func decodeGeometry(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var crs: String?
        try r.readStruct("GeometryType") { r, f in
            switch f.id {
            case 1: crs = try r.readString(f.type, "GeometryType.crs")
            default: try r.skip(f)
            }
        }
        return .geometry(crs: crs)
    }

    private static func decodeGeography(_ r: inout ThriftCompactReader) throws -> LogicalType {
        var crs: String?
        var algorithm: Int32?
        try r.readStruct("GeographyType") { r, f in
            switch f.id {
            case 1: crs = try r.readString(f.type, "GeographyType.crs")
            case 2: algorithm = try r.readInteger(f.type, "GeographyType.algorithm")
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
