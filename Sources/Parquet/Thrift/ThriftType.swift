// Wire-level vocabulary of the Thrift compact protocol, shared by reader and writer.

/// A wire type of the Thrift compact protocol (the low nibble of a field header, or an
/// element type of a list, set or map header).
enum ThriftType: UInt8, Sendable {
    case stop = 0
    /// A boolean `true`; as a struct field it carries no payload.
    case boolTrue = 1
    /// A boolean `false`; as a struct field it carries no payload.
    case boolFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12
    /// 16 raw bytes (added to the compact protocol after Parquet's metadata was defined).
    case uuid = 13

    /// Whether the type is one of the two boolean codes.
    @inline(__always) var isBool: Bool { self == .boolTrue || self == .boolFalse }

    /// The fewest bytes one value of this type occupies inside a list, set or map.
    ///
    /// Every compact-protocol value takes at least one byte (an empty struct is its stop byte,
    /// an empty collection its header, a boolean element one byte), so a collection header
    /// announcing more elements than bytes remain is corrupt and is rejected before allocating.
    var minimumElementSize: Int {
        switch self {
        case .double: 8
        case .uuid: 16
        default: 1
        }
    }

    /// The Thrift IDL name, for error messages.
    var name: String {
        switch self {
        case .stop: "stop"
        case .boolTrue, .boolFalse: "bool"
        case .byte: "i8"
        case .i16: "i16"
        case .i32: "i32"
        case .i64: "i64"
        case .double: "double"
        case .binary: "binary"
        case .list: "list"
        case .set: "set"
        case .map: "map"
        case .structure: "struct"
        case .uuid: "uuid"
        }
    }
}

/// A decoded struct field header: the field id and its wire type.
struct ThriftFieldHeader: Sendable, Equatable {
    var id: Int16
    var type: ThriftType
}
