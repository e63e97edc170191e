/// How the values of a leaf column are interpreted, resolved once from the physical type,
/// the logical type and the legacy converted type.
///
/// Logical types that do not fit the physical type are ignored (the physical type is used),
/// and unknown or unsupported annotations fall back to the physical type, so every column reads.
public enum ValueKind: Sendable, Hashable {
    case boolean
    /// An integer of `bitWidth` bits (8, 16, 32, 64); unsigned values are reinterpreted.
    case integer(bitWidth: Int, isSigned: Bool)
    case float
    case double
    /// IEEE half precision in a 2-byte FIXED_LEN_BYTE_ARRAY.
    case float16
    /// UTF-8 text (STRING, ENUM and JSON annotations).
    case string
    /// Bytes without a text meaning (written as base64).
    case binary
    /// A 16-byte UUID.
    case uuid
    case decimal(precision: Int, scale: Int)
    /// Days since 1970-01-01.
    case date
    case time(unit: TimeUnit, isAdjustedToUTC: Bool)
    case timestamp(unit: TimeUnit, isAdjustedToUTC: Bool)
    /// The legacy INT96 timestamp (nanoseconds, not adjusted to UTC).
    case int96Timestamp
    /// The Null logical type: every value is null.
    case null
    /// GEOMETRY or GEOGRAPHY: Well-Known Binary in a BYTE_ARRAY.
    case geometry

    /// Resolves the kind of a leaf schema element.
    public init(element: SchemaElement) {
        let physical = element.type ?? .byteArray
        if let logical = element.logicalType, let kind = ValueKind(logical: logical, element: element, physical: physical) {
            self = kind
        } else if element.logicalType == nil, let converted = element.convertedType,
                  let kind = ValueKind(converted: converted, element: element, physical: physical) {
            self = kind
        } else {
            self = ValueKind.physical(physical)
        }
    }

    /// The kind used for a bare physical type.
    public static func physical(_ type: PhysicalType) -> ValueKind {
        switch type {
        case .boolean: .boolean
        case .int32: .integer(bitWidth: 32, isSigned: true)
        case .int64: .integer(bitWidth: 64, isSigned: true)
        case .int96: .int96Timestamp
        case .float: .float
        case .double: .double
        default: .binary
        }
    }

    private init?(logical: LogicalType, element: SchemaElement, physical: PhysicalType) {
        let isBinary = physical == .byteArray || physical == .fixedLenByteArray
        let isInt = physical == .int32 || physical == .int64
        switch logical {
        case .string, .enumeration, .json:
            guard physical == .byteArray else { return nil }
            self = .string
        case .decimal(let scale, let precision):
            guard isInt || isBinary, let kind = ValueKind.decimal(precision: precision, scale: scale) else { return nil }
            self = kind
        case .date:
            guard physical == .int32 else { return nil }
            self = .date
        case .time(let utc, let unit):
            guard (unit == .millis && physical == .int32) || (unit != .millis && physical == .int64) else { return nil }
            self = .time(unit: unit, isAdjustedToUTC: utc)
        case .timestamp(let utc, let unit):
            guard physical == .int64 else { return nil }
            self = .timestamp(unit: unit, isAdjustedToUTC: utc)
        case .integer(let width, let signed):
            guard isInt, [8, 16, 32, 64].contains(Int(width)) else { return nil }
            guard (physical == .int64) == (width == 64) else { return nil }
            self = .integer(bitWidth: Int(width), isSigned: signed)
        case .null:
            self = .null
        case .uuid:
            guard physical == .fixedLenByteArray, element.typeLength == 16 else { return nil }
            self = .uuid
        case .float16:
            guard physical == .fixedLenByteArray, element.typeLength == 2 else { return nil }
            self = .float16
        case .geometry, .geography:
            guard physical == .byteArray else { return nil }
            self = .geometry
        case .map, .list, .bson, .variant, .undefined:
            return nil
        }
    }

    private init?(converted: ConvertedType, element: SchemaElement, physical: PhysicalType) {
        let isInt = physical == .int32 || physical == .int64
        switch converted {
        case .utf8, .enumType, .json:
            guard physical == .byteArray else { return nil }
            self = .string
        case .decimal:
            guard let kind = ValueKind.decimal(precision: element.precision ?? 0, scale: element.scale ?? 0),
                  isInt || physical == .byteArray || physical == .fixedLenByteArray else { return nil }
            self = kind
        case .date:
            guard physical == .int32 else { return nil }
            self = .date
        case .timeMillis:
            guard physical == .int32 else { return nil }
            self = .time(unit: .millis, isAdjustedToUTC: true)
        case .timeMicros:
            guard physical == .int64 else { return nil }
            self = .time(unit: .micros, isAdjustedToUTC: true)
        case .timestampMillis, .timestampMicros:
            guard physical == .int64 else { return nil }
            self = .timestamp(unit: converted == .timestampMillis ? .millis : .micros, isAdjustedToUTC: true)
        case .uint8, .uint16, .uint32, .uint64, .int8, .int16, .int32, .int64:
            let widths: [ConvertedType: (Int, Bool)] = [
                .uint8: (8, false), .uint16: (16, false), .uint32: (32, false), .uint64: (64, false),
                .int8: (8, true), .int16: (16, true), .int32: (32, true), .int64: (64, true),
            ]
            guard isInt, let (width, signed) = widths[converted], (physical == .int64) == (width == 64) else { return nil }
            self = .integer(bitWidth: width, isSigned: signed)
        default:
            return nil
        }
    }

    private static func decimal(precision: Int32, scale: Int32) -> ValueKind? {
        guard scale >= 0, precision >= 0, scale <= 10_000, precision <= 10_000 else { return nil }
        return .decimal(precision: Int(precision), scale: Int(scale))
    }
}
