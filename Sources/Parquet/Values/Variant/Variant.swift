import Foundation

/// A VARIANT value (parquet-format VariantEncoding.md) decoded into a tree.
///
/// Each primitive keeps its Variant physical type (an `int8` stays ``int8(_:)``, a decimal
/// keeps its width and scale), so a value read from a shredded column equals the same value
/// read from its binary encoding. Short strings and long strings are both ``string(_:)``.
/// Object fields are in the order of their keys (unsigned byte order of the UTF-8), as the
/// encoding stores them. Equality is structural; NaNs equal each other so that a value always
/// equals itself.
public indirect enum Variant: Sendable, Hashable {
    /// The Variant null (type id 0), distinct from a missing (SQL null) variant.
    case null
    case bool(Bool)
    case int8(Int8)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    /// decimal4, decimal8 or decimal16.
    case decimal(VariantDecimal)
    /// Days since 1970-01-01.
    case date(daysSinceEpoch: Int32)
    /// Microseconds or nanoseconds since the epoch; `isAdjustedToUTC` for the types with a
    /// time zone (`timestamp`, `timestamptz(9)`), false for the `ntz` ones.
    case timestamp(Int64, unit: TimeUnit, isAdjustedToUTC: Bool)
    /// Time of day without time zone, in microseconds after midnight.
    case time(microseconds: Int64)
    case binary([UInt8])
    /// Text (invalid UTF-8 replaced with U+FFFD).
    case string(String)
    case uuid(UUID)
    case array([Variant])
    /// Fields in key order.
    case object([Field])

    /// One field of an object.
    public struct Field: Sendable, Hashable {
        public var key: String
        public var value: Variant
        public init(key: String, value: Variant) {
            self.key = key
            self.value = value
        }
    }

    /// The value of field `key` of an object; nil otherwise.
    public subscript(key: String) -> Variant? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    /// Element `index` of an array; nil otherwise or out of range.
    public subscript(index: Int) -> Variant? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    public static func == (a: Variant, b: Variant) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int8(let x), .int8(let y)): return x == y
        case (.int16(let x), .int16(let y)): return x == y
        case (.int32(let x), .int32(let y)): return x == y
        case (.int64(let x), .int64(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.decimal(let x), .decimal(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.timestamp(let x, let u, let z), .timestamp(let y, let v, let w)): return x == y && u == v && z == w
        case (.time(let x), .time(let y)): return x == y
        case (.binary(let x), .binary(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.uuid(let x), .uuid(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let v): hasher.combine(1); hasher.combine(v)
        case .int8(let v): hasher.combine(3); hasher.combine(v)
        case .int16(let v): hasher.combine(4); hasher.combine(v)
        case .int32(let v): hasher.combine(5); hasher.combine(v)
        case .int64(let v): hasher.combine(6); hasher.combine(v)
        case .double(let v): hasher.combine(7); hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern)
        case .decimal(let v): hasher.combine(8); hasher.combine(v)
        case .date(let v): hasher.combine(11); hasher.combine(v)
        case .timestamp(let v, let unit, let utc): hasher.combine(12); hasher.combine(v); hasher.combine(unit); hasher.combine(utc)
        case .float(let v): hasher.combine(14); hasher.combine(v.isNaN ? Float.nan.bitPattern : v.bitPattern)
        case .binary(let v): hasher.combine(15); hasher.combine(v)
        case .string(let v): hasher.combine(16); hasher.combine(v)
        case .time(let v): hasher.combine(17); hasher.combine(v)
        case .uuid(let v): hasher.combine(20); hasher.combine(v)
        case .array(let v): hasher.combine(30); hasher.combine(v)
        case .object(let v): hasher.combine(31); hasher.combine(v)
        }
    }
}

/// An exact Variant decimal: `unscaled × 10^-scale`, with the width it was stored in.
public struct VariantDecimal: Sendable, Hashable {
    /// Bytes of the unscaled value as stored: 4 (decimal4), 8 (decimal8) or 16 (decimal16).
    public let width: Int
    /// Digits after the point, 0...38.
    public let scale: Int
    /// The unscaled value, 128-bit two's complement: the high and the low 64 bits.
    public let high: Int64
    public let low: UInt64

    /// A decimal whose unscaled value fits in 64 bits.
    public init(unscaled: Int64, scale: Int, width: Int) {
        self.init(high: unscaled < 0 ? -1 : 0, low: UInt64(bitPattern: unscaled), scale: scale, width: width)
    }

    /// A decimal with a 128-bit unscaled value given as its high and low halves.
    public init(high: Int64, low: UInt64, scale: Int, width: Int) {
        self.high = high
        self.low = low
        self.scale = scale
        self.width = width
    }

    /// The unscaled value when it fits in 64 bits.
    public var unscaledInt64: Int64? {
        let value = Int64(bitPattern: low)
        return high == (value < 0 ? -1 : 0) ? value : nil
    }

    /// The unscaled value as 16 big-endian two's complement bytes.
    public var unscaledBigEndian: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        let h = UInt64(bitPattern: high)
        for k in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: h >> UInt64(k))) }
        for k in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: low >> UInt64(k))) }
        return bytes
    }
}
