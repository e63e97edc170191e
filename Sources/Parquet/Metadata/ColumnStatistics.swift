/// A statistics bound decoded to the column's physical type.
public enum StatisticValue: Sendable, Hashable {
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case int96(Int96)
    case float(Float)
    case double(Double)
    /// BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY bounds (without a length prefix).
    case bytes([UInt8])
}

/// Statistics of one column chunk (or page), typed by the column.
///
/// Bounds come from `min_value`/`max_value`. The deprecated `min`/`max` fields are used only
/// for columns whose order they were defined in (signed integers, floats, booleans); for byte
/// arrays and unsigned integers their signed byte order is unreliable, so they are ignored.
/// A bound whose byte length does not fit the physical type is dropped, and so are bounds the
/// column's ``ColumnOrder`` makes meaningless (parquet.thrift): all bounds of an unknown
/// order, of GEOMETRY / GEOGRAPHY columns and of INT96 columns without
/// `INT96_TIMESTAMP_ORDER`; a NaN bound of a float column in `TYPE_ORDER` (under
/// `IEEE_754_TOTAL_ORDER` a NaN bound means every value is NaN, and is kept).
public struct ColumnStatistics: Sendable, Hashable {
    public var nullCount: Int64?
    public var distinctCount: Int64?
    public var min: StatisticValue?
    public var max: StatisticValue?
    /// Whether `min` is the actual smallest value (not a truncated lower bound); nil if unknown.
    public var isMinExact: Bool?
    /// Whether `max` is the actual largest value (not a truncated upper bound); nil if unknown.
    public var isMaxExact: Bool?
    /// NaN values (FLOAT, DOUBLE, FLOAT16 columns); nil when the writer did not say.
    public var nanCount: Int64?
    /// The order `min` and `max` follow (nil: the file does not say, type-defined is assumed).
    public var order: ColumnOrder?

    /// - Parameter order: the column's entry of the footer's `column_orders`, if any.
    public init(_ raw: Statistics, column: ColumnDescriptor, order: ColumnOrder? = nil) {
        nullCount = raw.nullCount.flatMap { $0 >= 0 ? $0 : nil }
        distinctCount = raw.distinctCount.flatMap { $0 >= 0 ? $0 : nil }
        nanCount = raw.nanCount.flatMap { $0 >= 0 ? $0 : nil }
        self.order = order
        isMinExact = raw.isMinValueExact
        isMaxExact = raw.isMaxValueExact
        let legacyOrderHolds: Bool
        switch column.kind {
        case .boolean, .float, .double: legacyOrderHolds = true
        case .integer(_, let signed): legacyOrderHolds = signed
        case .decimal, .date, .time, .timestamp: legacyOrderHolds = column.physicalType == .int32 || column.physicalType == .int64
        default: legacyOrderHolds = false
        }
        let minBytes = raw.minValue ?? (legacyOrderHolds ? raw.min : nil)
        let maxBytes = raw.maxValue ?? (legacyOrderHolds ? raw.max : nil)
        min = minBytes.flatMap { Self.decode($0, column) }
        max = maxBytes.flatMap { Self.decode($0, column) }
        let boundsHold: Bool
        switch order {
        case .undefined?: boundsHold = false
        case .int96TimestampOrder?: boundsHold = column.physicalType == .int96
        case .ieee754TotalOrder?: boundsHold = column.kind == .float || column.kind == .double || column.kind == .float16
        case .typeDefined?, nil: boundsHold = column.physicalType != .int96
        }
        if !boundsHold || column.kind == .geometry {
            min = nil
            max = nil
        } else if order != .ieee754TotalOrder {
            if min.map(Self.isNaN) == true { min = nil }
            if max.map(Self.isNaN) == true { max = nil }
        }
    }

    private static func isNaN(_ value: StatisticValue) -> Bool {
        switch value {
        case .float(let v): v.isNaN
        case .double(let v): v.isNaN
        default: false
        }
    }

    /// Decodes one PLAIN-encoded bound; nil when its length does not fit the type.
    static func decode(_ bytes: [UInt8], _ column: ColumnDescriptor) -> StatisticValue? {
        func littleEndian(_ count: Int) -> UInt64? {
            guard bytes.count == count else { return nil }
            var value: UInt64 = 0
            for (i, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
            return value
        }
        switch column.physicalType {
        case .boolean:
            return bytes.count == 1 ? .boolean(bytes[0] != 0) : nil
        case .int32:
            return littleEndian(4).map { .int32(Int32(truncatingIfNeeded: $0)) }
        case .int64:
            return littleEndian(8).map { .int64(Int64(bitPattern: $0)) }
        case .float:
            return littleEndian(4).map { .float(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case .double:
            return littleEndian(8).map { .double(Double(bitPattern: $0)) }
        case .int96:
            guard bytes.count == 12 else { return nil }
            var nanos: UInt64 = 0, day: UInt32 = 0
            for i in 0 ..< 8 { nanos |= UInt64(bytes[i]) << (8 * UInt64(i)) }
            for i in 0 ..< 4 { day |= UInt32(bytes[8 + i]) << (8 * UInt32(i)) }
            return .int96(Int96(nanosOfDay: nanos, julianDay: day))
        case .fixedLenByteArray:
            return bytes.count == column.typeLength ? .bytes(bytes) : nil
        default:
            return .bytes(bytes)
        }
    }
}

extension ParquetFileReader {
    /// The statistics of a column chunk, or nil when the chunk has none.
    ///
    /// - Parameters:
    ///   - rowGroup: the row group index.
    ///   - column: the leaf column index (``ColumnDescriptor/index``).
    public func statistics(rowGroup: Int, column: Int) -> ColumnStatistics? {
        guard metadata.rowGroups.indices.contains(rowGroup), schema.columns.indices.contains(column) else { return nil }
        let chunks = metadata.rowGroups[rowGroup].columns
        guard chunks.indices.contains(column), let raw = chunks[column].metaData?.statistics else { return nil }
        let orders = metadata.columnOrders
        return ColumnStatistics(raw, column: schema.columns[column], order: orders.count == schema.columns.count ? orders[column] : nil)
    }
}
