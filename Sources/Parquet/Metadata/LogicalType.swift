/// The unit of a TIME or TIMESTAMP value.
public enum TimeUnit: Sendable, Hashable, CustomStringConvertible {
    case millis, micros, nanos

    public var description: String {
        switch self {
        case .millis: "MILLIS"
        case .micros: "MICROS"
        case .nanos: "NANOS"
        }
    }
}

/// The `LogicalType` union of parquet.thrift.
///
/// Members this reader does not know (written by a newer writer) decode to
/// ``undefined(fieldID:)`` and the column falls back to its physical type.
public enum LogicalType: Sendable, Hashable {
    case string
    case map
    case list
    case enumeration
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(isAdjustedToUTC: Bool, unit: TimeUnit)
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
    case integer(bitWidth: Int8, isSigned: Bool)
    /// The Null type (field 11, "UNKNOWN"): every value is null.
    case null
    case json
    case bson
    case uuid
    case float16
    case variant(specificationVersion: Int8?)
    case geometry(crs: String?)
    case geography(crs: String?, algorithm: Int32?)
    /// A union member this reader does not know, by its Thrift field id.
    case undefined(fieldID: Int16)
}
