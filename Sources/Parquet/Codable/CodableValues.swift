import Foundation

/// Conversions of one value to the Swift types Parquet values decode into, shared by the
/// flat-column and the value-tree paths; every failure is a `DecodingError` naming the
/// column (coding path) and the record.
enum CodableValues {
    static func decode<T: Decodable>(_ type: T.Type, from value: ParquetValue, path: [CodingKey], state: BatchDecodingState) throws -> T {
        // Types with a Parquet meaning of their own, and the common scalars without a
        // decoder round trip; each cast only confirms the type just compared.
        if T.self == Date.self, let r = try date(value, path, state) as? T { return r }
        if T.self == Decimal.self, let r = try decimal(value, path, state) as? T { return r }
        if T.self == UUID.self, let r = try uuid(value, path, state) as? T { return r }
        if T.self == Data.self, let r = Data(try bytes(value, path, state)) as? T { return r }
        if T.self == String.self, let r = try string(value, path, state) as? T { return r }
        if T.self == Double.self, let r = try double(value, path, state) as? T { return r }
        if T.self == Int.self, let r = try integer(value, path, state) as Int as? T { return r }
        if T.self == Int64.self, let r = try integer(value, path, state) as Int64 as? T { return r }
        if T.self == Bool.self, let r = try bool(value, path, state) as? T { return r }
        if case .null = value, !(type is ExpressibleByNilLiteral.Type) {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "\(state.describe(path)) is null"))
        }
        return try T(from: ValueDecoder(value: value, codingPath: path, state: state))
    }

    static func mismatch(_ type: Any.Type, _ value: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "\(state.describe(path)) is null"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "\(state.describe(path)): cannot decode \(type) from \(value.kindName) \(String(value.description.prefix(80)))"))
    }

    static func bool(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .variant(.bool(let b)): return b
        default: throw mismatch(Bool.self, v, path, state)
        }
    }

    static func string(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> String {
        switch v {
        case .string(let s): return s
        case .variant(.string(let s)): return s
        default: throw mismatch(String.self, v, path, state)
        }
    }

    static func integer<T: FixedWidthInteger>(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> T {
        let result: T?
        switch v {
        case .int(let x): result = T(exactly: x)
        case .uint(let x): result = T(exactly: x)
        case .variant(.int8(let x)): result = T(exactly: x)
        case .variant(.int16(let x)): result = T(exactly: x)
        case .variant(.int32(let x)): result = T(exactly: x)
        case .variant(.int64(let x)): result = T(exactly: x)
        case .decimal(let d) where d.scale == 0: result = d.unscaledInt64.flatMap { T(exactly: $0) }
        default: throw mismatch(T.self, v, path, state)
        }
        guard let result else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(state.describe(path)): \(v) does not fit in \(T.self)"))
        }
        return result
    }

    static func double(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Double {
        switch v {
        case .double(let x): return x
        case .float(let x): return Double(x)
        case .int(let x): return Double(x)
        case .uint(let x): return Double(x)
        case .decimal(let d): return NSDecimalNumber(decimal: d.decimalValue).doubleValue
        case .variant(.double(let x)): return x
        case .variant(.float(let x)): return Double(x)
        case .variant(.int8(let x)): return Double(x)
        case .variant(.int16(let x)): return Double(x)
        case .variant(.int32(let x)): return Double(x)
        case .variant(.int64(let x)): return Double(x)
        default: throw mismatch(Double.self, v, path, state)
        }
    }

    static func float(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Float {
        if case .float(let x) = v { return x }
        return Float(try double(v, path, state))
    }

    static func date(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Date {
        switch v {
        case .timestamp(let x, let unit, _), .variant(.timestamp(let x, let unit, _)):
            return date(ticks: x, perSecond: ticksPerSecond(unit))
        case .date(let days), .variant(.date(let days)):
            return Date(timeIntervalSince1970: Double(days) * 86_400)
        default: throw mismatch(Date.self, v, path, state)
        }
    }

    /// The instant `ticks` units of `1 / perSecond` s after the Unix epoch.
    @inline(__always)
    static func date(ticks: Int64, perSecond: Int64) -> Date {
        let (seconds, fraction) = ticks.quotientAndRemainder(dividingBy: perSecond)
        return Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / Double(perSecond))
    }

    static func ticksPerSecond(_ unit: TimeUnit) -> Int64 {
        switch unit {
        case .millis: 1_000
        case .micros: 1_000_000
        case .nanos: 1_000_000_000
        }
    }

    /// Whether `T` is one of the types with a Parquet meaning of their own or a common
    /// scalar, which ``decode(_:from:path:state:)`` converts itself (never from a list).
    static func isScalar<T>(_ type: T.Type) -> Bool {
        T.self == Date.self || T.self == Decimal.self || T.self == UUID.self || T.self == Data.self || T.self == String.self
            || T.self == Double.self || T.self == Int.self || T.self == Int64.self || T.self == Bool.self
    }

    static func decimal(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> Decimal {
        switch v {
        case .decimal(let d): return d.decimalValue
        case .variant(.decimal(let d)):
            return d.unscaledBigEndian.withUnsafeBytes { raw in
                var text: [UInt8] = []
                ValueText.appendDecimal(bigEndian: raw, scale: d.scale, to: &text)
                return Decimal(string: String(decoding: text, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX")) ?? .nan
            }
        case .int(let x): return Decimal(x)
        case .uint(let x): return Decimal(x)
        case .double(let x) where x.isFinite: return Decimal(x)
        case .float(let x) where x.isFinite: return Decimal(Double(x))
        default: throw mismatch(Decimal.self, v, path, state)
        }
    }

    static func uuid(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> UUID {
        switch v {
        case .uuid(let u), .variant(.uuid(let u)): return u
        case .string(let s): if let u = UUID(uuidString: s) { return u }
        default: break
        }
        throw mismatch(UUID.self, v, path, state)
    }

    static func bytes(_ v: ParquetValue, _ path: [CodingKey], _ state: BatchDecodingState) throws -> [UInt8] {
        switch v {
        case .binary(let b), .variant(.binary(let b)): return b
        case .string(let s): return Array(s.utf8)
        case .uuid(let u): return withUnsafeBytes(of: u.uuid) { Array($0) }
        default: throw mismatch(Data.self, v, path, state)
        }
    }
}

extension ParquetValue {
    /// The case name, for error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .float: "float"
        case .double: "double"
        case .decimal: "decimal"
        case .string: "string"
        case .binary: "binary"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .uuid: "uuid"
        case .list: "list"
        case .map: "map"
        case .struct: "struct"
        case .variant: "variant"
        case .geometry: "geometry"
        }
    }
}
