import Parquet

/// A leaf column's type as the unification rules compare it: the resolved value kind plus the
/// storage (physical type and, for FIXED_LEN_BYTE_ARRAY, the width).
struct LeafType: Equatable {
    var kind: ValueKind
    var physical: PhysicalType
    var typeLength: Int
    /// GEOMETRY / GEOGRAPHY with their CRS and edges: columns of another CRS do not unify.
    var geospatial: LogicalType?

    init(element: SchemaElement) {
        kind = ValueKind(element: element)
        physical = element.type ?? .byteArray
        typeLength = physical == .fixedLenByteArray ? Int(element.typeLength ?? 0) : 0
        geospatial = kind == .geometry ? element.logicalType : nil
    }

    /// Whether this is the Null logical type (an all-null column without a real type).
    var isNull: Bool { kind == .null }
}

/// The outcome of unifying two leaf types.
enum LeafUnification {
    /// The first (accumulated) element stays as it is.
    case keepFirst
    /// The second file's element is the unified type.
    case takeSecond
    /// A new element (name and repetition still to be set by the caller).
    case element(SchemaElement)
    /// The types cannot be unified; `reason` explains a rule when there is more to say
    /// than "the types differ".
    case incompatible(reason: String?)
}

/// The type rules of schema unification for two leaf columns (neither of them null-typed).
enum LeafTypeUnifier {
    /// The largest DECIMAL precision the unified schema may have.
    static let maxDecimalPrecision = 38

    static func unify(_ a: SchemaElement, _ b: SchemaElement) -> LeafUnification {
        let ta = LeafType(element: a), tb = LeafType(element: b)
        if ta == tb { return .keepFirst }
        let result: SchemaElement
        switch (ta.kind, tb.kind) {
        case (.integer(let wa, let sa), .integer(let wb, let sb)):
            guard let (width, signed) = unifiedInteger(wa, sa, wb, sb) else {
                return .incompatible(reason: "an unsigned 64-bit integer cannot be mixed with signed integers")
            }
            result = integerElement(bitWidth: width, isSigned: signed)
        case (.integer, .float), (.integer, .double), (.float, .integer), (.double, .integer),
             (.float, .double), (.double, .float):
            result = plainElement(.double)
        case (.timestamp, .timestamp), (.timestamp, .int96Timestamp), (.int96Timestamp, .timestamp):
            guard let (ua, utcA) = timestampParts(ta.kind), let (ub, utcB) = timestampParts(tb.kind) else {
                return .incompatible(reason: nil)
            }
            guard utcA == utcB else {
                return .incompatible(reason: "timestamps adjusted to UTC cannot be mixed with local timestamps")
            }
            result = timestampElement(unit: finer(ua, ub), isAdjustedToUTC: utcA)
        case (.time(let ua, let utcA), .time(let ub, let utcB)):
            guard utcA == utcB else {
                return .incompatible(reason: "times adjusted to UTC cannot be mixed with local times")
            }
            result = timeElement(unit: finer(ua, ub), isAdjustedToUTC: utcA)
        case (.decimal(let pa, let sa), .decimal(let pb, let sb)):
            let scale = max(sa, sb)
            let (integerDigits, overflow) = max(pa - sa, pb - sb).addingReportingOverflow(scale)
            guard !overflow, integerDigits >= 1, integerDigits <= maxDecimalPrecision else {
                return .incompatible(reason: "the unified precision \(overflow ? "" : "\(integerDigits) ")exceeds \(maxDecimalPrecision) digits")
            }
            result = decimalElement(precision: integerDigits, scale: scale)
        default:
            return .incompatible(reason: nil)
        }
        // Prefer an input's own element when it already is the unified type (annotations kept).
        let tr = LeafType(element: result)
        if tr == ta { return .keepFirst }
        if tr == tb { return .takeSecond }
        return .element(result)
    }

    /// Integer width rules: signed → widest; unsigned only → widest unsigned; a mix → signed of
    /// max(signed widths, 2 × unsigned widths) capped at 64; UINT64 mixed with signed → nil.
    static func unifiedInteger(_ wa: Int, _ sa: Bool, _ wb: Int, _ sb: Bool) -> (Int, Bool)? {
        switch (sa, sb) {
        case (true, true): return (max(wa, wb), true)
        case (false, false): return (max(wa, wb), false)
        default:
            let (signedWidth, unsignedWidth) = sa ? (wa, wb) : (wb, wa)
            guard unsignedWidth < 64 else { return nil }
            return (min(64, max(signedWidth, 2 * unsignedWidth)), true)
        }
    }

    /// A TIMESTAMP's unit and UTC flag; INT96 counts as TIMESTAMP(NANOS, not adjusted).
    static func timestampParts(_ kind: ValueKind) -> (TimeUnit, Bool)? {
        switch kind {
        case .timestamp(let unit, let utc): (unit, utc)
        case .int96Timestamp: (.nanos, false)
        default: nil
        }
    }

    static func finer(_ a: TimeUnit, _ b: TimeUnit) -> TimeUnit {
        rank(a) >= rank(b) ? a : b
    }

    /// 0 for MILLIS, 1 for MICROS, 2 for NANOS.
    static func rank(_ unit: TimeUnit) -> Int {
        switch unit {
        case .millis: 0
        case .micros: 1
        case .nanos: 2
        }
    }

    // MARK: - Elements of unified types (name and repetition are set by the caller)

    static func plainElement(_ type: PhysicalType) -> SchemaElement {
        var e = SchemaElement()
        e.type = type
        return e
    }

    /// INT32 for widths up to 32, else INT64; bare for signed 32/64, else annotated with the
    /// INTEGER logical type and the matching legacy converted type.
    static func integerElement(bitWidth: Int, isSigned: Bool) -> SchemaElement {
        var e = plainElement(bitWidth <= 32 ? .int32 : .int64)
        if isSigned && (bitWidth == 32 || bitWidth == 64) { return e }
        e.logicalType = .integer(bitWidth: Int8(truncatingIfNeeded: bitWidth), isSigned: isSigned)
        let converted: [Int: ConvertedType] = isSigned
            ? [8: .int8, 16: .int16, 32: .int32, 64: .int64]
            : [8: .uint8, 16: .uint16, 32: .uint32, 64: .uint64]
        e.convertedType = converted[bitWidth]
        return e
    }

    static func timestampElement(unit: TimeUnit, isAdjustedToUTC: Bool) -> SchemaElement {
        var e = plainElement(.int64)
        e.logicalType = .timestamp(isAdjustedToUTC: isAdjustedToUTC, unit: unit)
        if isAdjustedToUTC, unit != .nanos {
            e.convertedType = unit == .millis ? .timestampMillis : .timestampMicros
        }
        return e
    }

    static func timeElement(unit: TimeUnit, isAdjustedToUTC: Bool) -> SchemaElement {
        var e = plainElement(unit == .millis ? .int32 : .int64)
        e.logicalType = .time(isAdjustedToUTC: isAdjustedToUTC, unit: unit)
        if isAdjustedToUTC, unit != .nanos {
            e.convertedType = unit == .millis ? .timeMillis : .timeMicros
        }
        return e
    }

    /// INT32 up to 9 digits, INT64 up to 18, else the narrowest FIXED_LEN_BYTE_ARRAY.
    static func decimalElement(precision: Int, scale: Int) -> SchemaElement {
        var e: SchemaElement
        if precision <= 9 {
            e = plainElement(.int32)
        } else if precision <= 18 {
            e = plainElement(.int64)
        } else {
            e = plainElement(.fixedLenByteArray)
            e.typeLength = Int32(decimalByteWidth(precision: precision))
        }
        e.logicalType = .decimal(scale: Int32(scale), precision: Int32(precision))
        e.convertedType = .decimal
        e.scale = Int32(scale)
        e.precision = Int32(precision)
        return e
    }

    /// The fewest bytes whose two's complement range holds every `precision`-digit value.
    static func decimalByteWidth(precision: Int) -> Int {
        // Most digits that always fit in n bytes: floor(log10(2^(8n-1) - 1)), n = 1...16.
        let digits = [2, 4, 6, 9, 11, 14, 16, 18, 21, 23, 26, 28, 31, 33, 35, 38]
        return (digits.firstIndex { $0 >= precision } ?? 15) + 1
    }

    // MARK: - Human-readable types for messages

    /// `INT64`, `BYTE_ARRAY (STRING)`, `FIXED_LEN_BYTE_ARRAY(16) (UUID)`, `group (LIST)`, ...
    static func describe(_ element: SchemaElement, isLeaf: Bool) -> String {
        guard isLeaf else {
            switch GroupCategory(element) {
            case .list: return "group (LIST)"
            case .map: return "group (MAP)"
            case .structure: return "group (STRUCT)"
            }
        }
        let type = LeafType(element: element)
        let storage = type.physical == .fixedLenByteArray ? "\(type.physical)(\(type.typeLength))" : "\(type.physical)"
        if let geospatial = type.geospatial { return "\(storage) (\(geospatial))" }
        guard type.kind != ValueKind.physical(type.physical), let annotation = annotation(type.kind) else { return storage }
        return "\(storage) (\(annotation))"
    }

    private static func annotation(_ kind: ValueKind) -> String? {
        switch kind {
        case .integer(let width, let signed): "INTEGER(\(width), \(signed ? "signed" : "unsigned"))"
        case .string: "STRING"
        case .uuid: "UUID"
        case .float16: "FLOAT16"
        case .decimal(let p, let s): "DECIMAL(\(p),\(s))"
        case .date: "DATE"
        case .time(let unit, let utc): "TIME(\(unit), \(utc ? "UTC" : "local"))"
        case .timestamp(let unit, let utc): "TIMESTAMP(\(unit), \(utc ? "UTC" : "local"))"
        case .null: "NULL"
        case .geometry: "GEOMETRY"
        case .boolean, .float, .double, .binary, .int96Timestamp: nil
        }
    }
}

/// How a group is read: as a list, a map or a struct (LogicalTypes.md annotations, including
/// the legacy MAP_KEY_VALUE on the outer group).
enum GroupCategory: Equatable {
    case list, map, structure

    init(_ element: SchemaElement) {
        if element.logicalType == .list || (element.logicalType == nil && element.convertedType == .list) {
            self = .list
        } else if element.logicalType == .map || element.convertedType == .map || element.convertedType == .mapKeyValue {
            self = .map
        } else {
            self = .structure
        }
    }
}
