import Parquet

/// How the values of a source column become values of its unified column.
enum ValueConversion: Sendable, Equatable {
    /// Same type: the buffer is reused.
    case identity
    /// Unsigned 8/16-bit INT32 values read as a signed INT32 column: the buffer is reused
    /// after checking that no value reads as negative.
    case unsignedToSigned32
    /// INT32 → INT64, sign- or zero-extended.
    case widen32(signed: Bool)
    /// Integer (signed or unsigned) or FLOAT → DOUBLE.
    case toDouble(signed: Bool)
    /// TIME / TIMESTAMP units: values multiplied by `factor`, overflow checked (INT32 or INT64 in, INT64 out).
    case scale(factor: Int64)
    /// INT96 timestamps → INT64 nanoseconds since the epoch.
    case int96ToNanos
    /// DECIMAL rescaling and re-encoding.
    case decimal(DecimalRescale)

    /// The conversion between two leaves that unification paired.
    init(from source: SchemaElement, to target: SchemaElement) throws {
        let from = LeafType(element: source), to = LeafType(element: target)
        if from == to {
            self = .identity
            return
        }
        switch (from.kind, to.kind) {
        case (.integer(let w, let s), .integer(_, let targetSigned)) where from.physical == to.physical:
            self = (!s && targetSigned && w < 64) ? .unsignedToSigned32 : .identity
        case (.integer(_, let s), .integer) where from.physical == .int32 && to.physical == .int64:
            self = .widen32(signed: s)
        case (.integer(_, let s), .double):
            self = .toDouble(signed: s)
        case (.float, .double):
            self = .toDouble(signed: true)
        case (.timestamp(let a, _), .timestamp(let b, _)), (.time(let a, _), .time(let b, _)):
            self = .scale(factor: ValueConversion.factor(from: a, to: b))
        case (.int96Timestamp, .timestamp(.nanos, _)):
            self = .int96ToNanos
        case (.decimal(_, let s), .decimal(let p, let t)):
            self = .decimal(DecimalRescale(sourceScale: s, targetScale: t, targetPrecision: p,
                                           targetPhysical: to.physical, targetWidth: to.typeLength))
        default:
            throw ParquetError(.invalidArgument, "internal error: no conversion from \(LeafTypeUnifier.describe(source, isLeaf: true)) to \(LeafTypeUnifier.describe(target, isLeaf: true))")
        }
    }

    /// 1, 1 000 or 1 000 000 (the target unit is never coarser).
    static func factor(from: TimeUnit, to: TimeUnit) -> Int64 {
        let steps = max(0, LeafTypeUnifier.rank(to) - LeafTypeUnifier.rank(from))
        return steps == 0 ? 1 : steps == 1 ? 1_000 : 1_000_000
    }

    /// Converts one column's values; errors carry neither file nor column (the caller adds them).
    func apply(_ values: ColumnValues) throws -> ColumnValues {
        switch (self, values) {
        case (.identity, _):
            return values
        case (.unsignedToSigned32, .int32(let a)):
            if let bad = a.first(where: { $0 < 0 }) {
                throw ParquetError(.invalidArgument, "unsigned value \(UInt32(bitPattern: bad)) does not fit the unified signed 32-bit column")
            }
            return values
        case (.widen32(let signed), .int32(let a)):
            return .int64(signed ? a.map { Int64($0) } : a.map { Int64(UInt32(bitPattern: $0)) })
        case (.toDouble(let signed), .int32(let a)):
            return .double(signed ? a.map { Double($0) } : a.map { Double(UInt32(bitPattern: $0)) })
        case (.toDouble(let signed), .int64(let a)):
            return .double(signed ? a.map { Double($0) } : a.map { Double(UInt64(bitPattern: $0)) })
        case (.toDouble, .float(let a)):
            return .double(a.map { Double($0) })
        case (.scale(let factor), .int32(let a)):
            return .int64(try a.map { try ValueConversion.scaled(Int64($0), factor) })
        case (.scale(let factor), .int64(let a)):
            return factor == 1 ? values : .int64(try a.map { try ValueConversion.scaled($0, factor) })
        case (.int96ToNanos, .int96(let a)):
            return .int64(try a.map(ValueConversion.nanos))
        case (.decimal(let rescale), _):
            return try rescale.apply(values)
        default:
            throw ParquetError(.corrupt, "the column's values are not of its physical type")
        }
    }

    @inline(__always)
    private static func scaled(_ value: Int64, _ factor: Int64) throws -> Int64 {
        let (result, overflow) = value.multipliedReportingOverflow(by: factor)
        if overflow {
            throw ParquetError(.invalidArgument, "value \(value) overflows a 64-bit integer when multiplied by \(factor) to reach the unified unit")
        }
        return result
    }

    private static func nanos(_ value: Int96) throws -> Int64 {
        switch value.instant {
        case .nanoseconds(let nanos):
            return nanos
        case .microseconds(let micros):
            // Outside 64-bit nanoseconds by construction.
            throw ParquetError(.invalidArgument, "INT96 timestamp (Julian day \(Int32(bitPattern: value.julianDay)), \(Int64(bitPattern: value.nanosOfDay)) ns, \(micros) µs as Spark reads it) overflows 64-bit nanoseconds")
        }
    }
}
