import Foundation

/// One Parquet value as a typed tree: a scalar of a leaf column, or a list, map or struct
/// rebuilt from the levels of its leaves (``RecordAssembler``).
///
/// ```swift
/// let reader = try ParquetFileReader(path: "events.parquet")
/// var rows = try reader.rows(columns: ["id", "tags"])
/// while let row = try rows.next() {
///     if case .int(let id) = row["id"], case .list(let tags)? = row["tags"] { print(id, tags.count) }
///     print(row)   // {"id":1,"tags":["a","b"]}
/// }
/// ```
///
/// Integers of every width are ``int(_:)`` (signed) or ``uint(_:)`` (unsigned logical types);
/// FLOAT and FLOAT16 are ``float(_:)``. ``description`` is the value's compact JSON text,
/// spelled exactly as JSONL export writes it (docs/values.md) by the same formatting code.
/// Equality is structural; NaNs equal each other so that a value always equals itself.
public enum ParquetValue: Sendable, Hashable, CustomStringConvertible {
    /// A null at any level (a missing optional value or a null list element).
    case null
    case bool(Bool)
    /// A signed integer (INT32, INT64, INT(8|16|32|64, signed)).
    case int(Int64)
    /// An unsigned integer (INT(8|16|32|64, unsigned)).
    case uint(UInt64)
    /// FLOAT, and FLOAT16 widened to 32 bits.
    case float(Float)
    case double(Double)
    /// DECIMAL(precision, scale), exact.
    case decimal(ParquetDecimal)
    /// STRING, ENUM and JSON text (invalid UTF-8 replaced with U+FFFD).
    case string(String)
    /// Un-annotated BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY bytes.
    case binary([UInt8])
    /// DATE: days since 1970-01-01.
    case date(daysSinceEpoch: Int32)
    /// TIME: units after midnight.
    case time(Int64, unit: TimeUnit)
    /// TIMESTAMP (and INT96, read as not adjusted nanoseconds — or Spark's wrapping
    /// microseconds when the instant does not fit 64-bit nanoseconds): units since the epoch.
    case timestamp(Int64, unit: TimeUnit, isAdjustedToUTC: Bool)
    case uuid(UUID)
    /// LIST: the elements in order (a null element is ``null``).
    case list([ParquetValue])
    /// MAP: the entries in stored order.
    case map([MapEntry])
    /// A group: its fields in schema order.
    case `struct`([Field])
    /// VARIANT, decoded (shredded columns merged).
    case variant(Variant)
    /// GEOMETRY / GEOGRAPHY, WKB decoded.
    case geometry(Geometry)

    /// One field of a ``struct(_:)``.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: ParquetValue
        public init(name: String, value: ParquetValue) {
            self.name = name
            self.value = value
        }
    }

    /// One entry of a ``map(_:)``.
    public struct MapEntry: Sendable, Hashable {
        public var key: ParquetValue
        public var value: ParquetValue
        public init(key: ParquetValue, value: ParquetValue) {
            self.key = key
            self.value = value
        }
    }

    /// Whether this is ``null``.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value of the struct field `name` (nil when this is not a struct or has no such field).
    public subscript(name: String) -> ParquetValue? {
        guard case .struct(let fields) = self else { return nil }
        return fields.first { $0.name == name }?.value
    }

    /// Element `index` of a list (nil when this is not a list or the index is out of range).
    public subscript(index: Int) -> ParquetValue? {
        guard case .list(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The compact JSON text of the value (docs/values.md): the text JSONL export writes,
    /// geometries as WKT strings.
    public var description: String {
        var out: [UInt8] = []
        appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of the value (see ``description``) to `out`.
    public func appendJSON(to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        switch self {
        case .null:
            out.append(contentsOf: nullText)
        case .bool(let v):
            out.append(contentsOf: v ? trueText : falseText)
        case .int(let v):
            ValueText.appendInt(v, to: &out)
        case .uint(let v):
            ValueText.appendUInt(v, to: &out)
        case .float(let v):
            if !ValueText.appendFloat(v, to: &out) { out.append(contentsOf: nullText) }
        case .double(let v):
            if !ValueText.appendDouble(v, to: &out) { out.append(contentsOf: nullText) }
        case .decimal(let d):
            d.appendText(to: &out)
        case .string(let s):
            JSONText.appendString(s, to: &out)
        case .binary(let bytes):
            out.append(quote)
            bytes.withUnsafeBytes { ValueText.appendBase64($0, to: &out) }
            out.append(quote)
        case .date(let days):
            out.append(quote)
            ValueText.appendDate(daysSinceEpoch: Int64(days), to: &out)
            out.append(quote)
        case .time(let v, let unit):
            out.append(quote)
            ValueText.appendTime(v, unit: unit, to: &out)
            out.append(quote)
        case .timestamp(let v, let unit, let utc):
            out.append(quote)
            ValueText.appendTimestamp(v, unit: unit, adjustedToUTC: utc, to: &out)
            out.append(quote)
        case .uuid(let uuid):
            out.append(quote)
            withUnsafeBytes(of: uuid.uuid) { ValueText.appendUUID($0, to: &out) }
            out.append(quote)
        case .list(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                element.appendJSON(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let entries):
            out.append(UInt8(ascii: "{"))
            var key: [UInt8] = []
            for (i, entry) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                key.removeAll(keepingCapacity: true)
                entry.key.appendJSON(to: &key)
                JSONText.appendMapKey(key, to: &out)
                out.append(UInt8(ascii: ":"))
                entry.value.appendJSON(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .struct(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(field.name, to: &out)
                out.append(UInt8(ascii: ":"))
                field.value.appendJSON(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .variant(let v):
            VariantText.appendJSON(v, to: &out)
        case .geometry(let g):
            out.append(quote)
            GeometryText.appendWKT(g, to: &out)
            out.append(quote)
        }
    }

    public static func == (a: ParquetValue, b: ParquetValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.uint(let x), .uint(let y)): x == y
        case (.float(let x), .float(let y)): x == y || (x.isNaN && y.isNaN)
        case (.double(let x), .double(let y)): x == y || (x.isNaN && y.isNaN)
        case (.decimal(let x), .decimal(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.binary(let x), .binary(let y)): x == y
        case (.date(let x), .date(let y)): x == y
        case (.time(let x, let u), .time(let y, let v)): x == y && u == v
        case (.timestamp(let x, let u, let p), .timestamp(let y, let v, let q)): x == y && u == v && p == q
        case (.uuid(let x), .uuid(let y)): x == y
        case (.list(let x), .list(let y)): x == y
        case (.map(let x), .map(let y)): x == y
        case (.struct(let x), .struct(let y)): x == y
        case (.variant(let x), .variant(let y)): x == y
        case (.geometry(let x), .geometry(let y)): x == y
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let v): hasher.combine(1); hasher.combine(v)
        case .int(let v): hasher.combine(2); hasher.combine(v)
        case .uint(let v): hasher.combine(3); hasher.combine(v)
        case .float(let v): hasher.combine(4); hasher.combine(v.isNaN ? Float.nan.bitPattern : v.bitPattern == (-0.0 as Float).bitPattern ? 0 : v.bitPattern)
        case .double(let v): hasher.combine(5); hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern == (-0.0 as Double).bitPattern ? 0 : v.bitPattern)
        case .decimal(let v): hasher.combine(6); hasher.combine(v)
        case .string(let v): hasher.combine(7); hasher.combine(v)
        case .binary(let v): hasher.combine(8); hasher.combine(v)
        case .date(let v): hasher.combine(9); hasher.combine(v)
        case .time(let v, let u): hasher.combine(10); hasher.combine(v); hasher.combine(u)
        case .timestamp(let v, let u, let z): hasher.combine(11); hasher.combine(v); hasher.combine(u); hasher.combine(z)
        case .uuid(let v): hasher.combine(12); hasher.combine(v)
        case .list(let v): hasher.combine(13); hasher.combine(v)
        case .map(let v): hasher.combine(14); hasher.combine(v)
        case .struct(let v): hasher.combine(15); hasher.combine(v)
        case .variant(let v): hasher.combine(16); hasher.combine(v)
        case .geometry(let v): hasher.combine(17); hasher.combine(v)
        }
    }
}

/// An exact DECIMAL value: `unscaled × 10^-scale`, whatever physical type stored it.
///
/// The unscaled value is kept as minimal big-endian two's complement bytes, so equal values
/// from INT32, INT64 and byte-array columns compare equal.
public struct ParquetDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The unscaled value: big-endian two's complement, without redundant sign bytes.
    public let unscaledBigEndian: [UInt8]
    /// Digits after the point.
    public let scale: Int

    /// A decimal whose unscaled value fits in 64 bits.
    public init(unscaled: Int64, scale: Int) {
        var bytes: [UInt8] = []
        for k in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: unscaled >> Int64(k))) }
        self.init(bigEndian: bytes, scale: scale)
    }

    /// A decimal from big-endian two's complement bytes of any length (empty is zero).
    public init<C: Collection>(bigEndian bytes: C, scale: Int) where C.Element == UInt8 {
        var b = Array(bytes)
        if b.isEmpty { b = [0] }
        // Drop sign-extension bytes that the next byte's top bit repeats.
        var start = 0
        while start + 1 < b.count
            && ((b[start] == 0 && b[start + 1] & 0x80 == 0) || (b[start] == 0xFF && b[start + 1] & 0x80 != 0)) {
            start += 1
        }
        unscaledBigEndian = Array(b[start...])
        self.scale = scale
    }

    /// The unscaled value when it fits in 64 bits.
    public var unscaledInt64: Int64? {
        guard unscaledBigEndian.count <= 8, let first = unscaledBigEndian.first else { return nil }
        var v: Int64 = first & 0x80 != 0 ? -1 : 0
        for b in unscaledBigEndian { v = v << 8 | Int64(b) }
        return v
    }

    /// The exact text: `-12.30`, `0.05`, `7` (scale 0).
    public var description: String {
        var out: [UInt8] = []
        appendText(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The value as a Foundation `Decimal` (rounded to its 38 significant digits when longer).
    public var decimalValue: Decimal {
        Decimal(string: description, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }

    func appendText(to out: inout [UInt8]) {
        if let v = unscaledInt64 {
            ValueText.appendDecimal(unscaled: v, scale: scale, to: &out)
        } else {
            unscaledBigEndian.withUnsafeBytes { ValueText.appendDecimal(bigEndian: $0, scale: scale, to: &out) }
        }
    }
}

private let trueText = Array("true".utf8)
private let falseText = Array("false".utf8)

extension JSONText {
    /// Appends the JSON text of a map key: a JSON string key as it is, any other key as the
    /// JSON string of its text (`1` → `"1"`).
    package static func appendMapKey(_ keyText: [UInt8], to out: inout [UInt8]) {
        if keyText.first == UInt8(ascii: "\"") {
            out.append(contentsOf: keyText)
        } else {
            keyText.withUnsafeBytes { appendString($0, to: &out) }
        }
    }
}
