/// A 96-bit INT96 value as written by Impala/Spark for timestamps:
/// nanoseconds within the day and a Julian day number.
public struct Int96: Sendable, Hashable {
    /// Bytes 0..<8, little-endian: nanoseconds since midnight.
    public var nanosOfDay: UInt64
    /// Bytes 8..<12, little-endian: the Julian day number.
    public var julianDay: UInt32
    public init(nanosOfDay: UInt64, julianDay: UInt32) {
        self.nanosOfDay = nanosOfDay
        self.julianDay = julianDay
    }
}

/// Variable-length binary values stored back to back: value `i` is
/// `bytes[offsets[i] ..< offsets[i + 1]]`. `offsets` always has `count + 1` entries.
public struct ByteArrayValues: Sendable, Hashable {
    public var offsets: [Int]
    public var bytes: [UInt8]

    public init() {
        offsets = [0]
        bytes = []
    }

    public init(offsets: [Int], bytes: [UInt8]) {
        self.offsets = offsets
        self.bytes = bytes
    }

    /// Number of values.
    @inlinable public var count: Int { offsets.count - 1 }

    /// The byte range of value `i` (which must be `< count`).
    @inlinable public func range(_ i: Int) -> Range<Int> { offsets[i] ..< offsets[i + 1] }

    /// Value `i` as a byte array (allocates; prefer ``range(_:)`` in hot loops).
    public subscript(i: Int) -> ArraySlice<UInt8> { bytes[range(i)] }

    /// Appends one value.
    @inlinable public mutating func append<C: Collection>(_ value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
    }

    /// Makes room for `values` more values of `byteCount` more bytes. Growth is geometric,
    /// so reserving before every append stays linear.
    public mutating func reserveCapacity(values: Int, bytes byteCount: Int) {
        offsets.reserveAdditional(values)
        bytes.reserveAdditional(byteCount)
    }
}

/// Fixed-width binary values stored back to back: value `i` is
/// `bytes[i * width ..< (i + 1) * width]`.
public struct FixedLenByteArrayValues: Sendable, Hashable {
    public var width: Int
    public var bytes: [UInt8]

    public init(width: Int, bytes: [UInt8] = []) {
        self.width = width
        self.bytes = bytes
    }

    /// Number of values (0 when `width` is 0).
    @inlinable public var count: Int { width > 0 ? bytes.count / width : 0 }

    @inlinable public func range(_ i: Int) -> Range<Int> { i * width ..< (i + 1) * width }

    public subscript(i: Int) -> ArraySlice<UInt8> { bytes[range(i)] }
}

/// The non-null values of one leaf column, decoded into a typed buffer.
///
/// Nulls are not stored here: a value exists for every definition level equal to the
/// column's maximum definition level, in order.
public enum ColumnValues: Sendable, Hashable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case int96([Int96])
    case float([Float])
    case double([Double])
    case byteArray(ByteArrayValues)
    case fixedLenByteArray(FixedLenByteArrayValues)

    /// Number of values.
    public var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .int96(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .byteArray(let v): v.count
        case .fixedLenByteArray(let v): v.count
        }
    }

    /// The physical type this buffer holds.
    var physicalType: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32: .int32
        case .int64: .int64
        case .int96: .int96
        case .float: .float
        case .double: .double
        case .byteArray: .byteArray
        case .fixedLenByteArray: .fixedLenByteArray
        }
    }

    /// An empty buffer for a physical type (`typeLength` for FIXED_LEN_BYTE_ARRAY).
    public static func empty(for type: PhysicalType, typeLength: Int) -> ColumnValues {
        switch type {
        case .boolean: .boolean([])
        case .int32: .int32([])
        case .int64: .int64([])
        case .int96: .int96([])
        case .float: .float([])
        case .double: .double([])
        case .byteArray: .byteArray(ByteArrayValues())
        default: .fixedLenByteArray(FixedLenByteArrayValues(width: typeLength))
        }
    }
}
