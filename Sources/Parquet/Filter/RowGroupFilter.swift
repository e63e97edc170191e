import Foundation

// A predicate over columns, used to skip row groups, pages and chunks that cannot hold a
// matching row (statistics, column index, dictionaries, bloom filters) and to filter rows
// exactly. Semantics follow Arrow compute (pyarrow's `dataset` filtering), which the tests
// check against: a comparison with a null value is null (unknown) and the row is dropped,
// `not` of null is null; `in` of a null value is false (so `not (x in (...))` keeps nulls);
// comparisons follow IEEE 754 (NaN equals nothing, `NaN != x` is true); strings and binary
// compare by their bytes; unsigned columns by their unsigned value; decimals by their value.

/// A literal a ``RowGroupFilter`` compares columns with.
public enum FilterValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// An exact decimal (compared exactly with DECIMAL and integer columns).
    case decimal(Decimal)
    /// Compared with STRING / ENUM / JSON / BYTE_ARRAY columns by its UTF-8 bytes.
    case string(String)
    case binary([UInt8])

    public var description: String {
        switch self {
        case .bool(let v): "\(v)"
        case .int(let v): "\(v)"
        case .uint(let v): "\(v)"
        case .double(let v): "\(v)"
        case .decimal(let v): "\(v)"
        case .string(let v): "'\(v)'"
        case .binary(let v): "x'" + v.map { String($0, radix: 16) }.joined() + "'"
        }
    }
}

/// A comparison operator of a ``RowGroupFilter``.
public enum FilterComparison: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A predicate over a file's columns: the `filter:` of ``ParquetFileReader/batches(columns:rows:filter:limits:)``.
///
/// Columns are top-level leaf names or dotted leaf paths (`address.city`); columns inside a
/// list or map are not supported. Build with the operators:
///
/// ```swift
/// let filter: RowGroupFilter = .column("score") > 50 && .column("domain").in(["Finance", "Retail"])
/// ```
///
/// A filter never makes a reader drop a matching row: it skips row groups, pages and chunks
/// that hold none. It is a skip hint: the rows read may include non-matching ones, and
/// ``matchingRecords(in:)`` picks the matching ones exactly.
public indirect enum RowGroupFilter: Sendable, Hashable, CustomStringConvertible {
    case compare(column: String, FilterComparison, FilterValue)
    /// The column's value equals one of the values (false for a null value).
    case isIn(column: String, [FilterValue])
    case isNull(column: String)
    case isNotNull(column: String)
    case and(RowGroupFilter, RowGroupFilter)
    case or(RowGroupFilter, RowGroupFilter)
    case not(RowGroupFilter)

    /// A column reference to build a filter from.
    public struct Column: Sendable, Hashable {
        public var name: String
        public init(_ name: String) { self.name = name }
        /// `column in (values...)`.
        public func `in`(_ values: [FilterValue]) -> RowGroupFilter { .isIn(column: name, values) }
        public var isNull: RowGroupFilter { .isNull(column: name) }
        public var isNotNull: RowGroupFilter { .isNotNull(column: name) }
    }

    /// A column reference (a top-level name or a dotted leaf path).
    public static func column(_ name: String) -> Column { Column(name) }

    public static func && (a: RowGroupFilter, b: RowGroupFilter) -> RowGroupFilter { .and(a, b) }
    public static func || (a: RowGroupFilter, b: RowGroupFilter) -> RowGroupFilter { .or(a, b) }
    public static prefix func ! (a: RowGroupFilter) -> RowGroupFilter { .not(a) }

    /// Every column the filter names, in first-use order.
    public var columnNames: [String] {
        var names: [String] = []
        func visit(_ f: RowGroupFilter) {
            switch f {
            case .compare(let c, _, _), .isIn(let c, _), .isNull(let c), .isNotNull(let c):
                if !names.contains(c) { names.append(c) }
            case .and(let a, let b), .or(let a, let b): visit(a); visit(b)
            case .not(let a): visit(a)
            }
        }
        visit(self)
        return names
    }

    public var description: String {
        switch self {
        case .compare(let c, let op, let v): "\(c) \(op.rawValue) \(v)"
        case .isIn(let c, let vs): "\(c) in (\(vs.map(\.description).joined(separator: ", ")))"
        case .isNull(let c): "\(c) is null"
        case .isNotNull(let c): "\(c) is not null"
        case .and(let a, let b): "(\(a) and \(b))"
        case .or(let a, let b): "(\(a) or \(b))"
        case .not(let a): "not (\(a))"
        }
    }
}

extension RowGroupFilter.Column {
    /// A column reference; lets `.column("a") > 1` read as an operand of the comparisons.
    public static func column(_ name: String) -> Self { Self(name) }
    public static func == (c: Self, v: FilterValue) -> RowGroupFilter { .compare(column: c.name, .equal, v) }
    public static func != (c: Self, v: FilterValue) -> RowGroupFilter { .compare(column: c.name, .notEqual, v) }
    public static func < (c: Self, v: FilterValue) -> RowGroupFilter { .compare(column: c.name, .less, v) }
    public static func <= (c: Self, v: FilterValue) -> RowGroupFilter { .compare(column: c.name, .lessOrEqual, v) }
    public static func > (c: Self, v: FilterValue) -> RowGroupFilter { .compare(column: c.name, .greater, v) }
    public static func >= (c: Self, v: FilterValue) -> RowGroupFilter { .compare(column: c.name, .greaterOrEqual, v) }
}

extension FilterValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

// MARK: - Values in comparable form

/// A column value or literal in the form comparisons work on.
enum FilterScalar {
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case decimal(Decimal)
    case bytes(ArraySlice<UInt8>)

    /// `a <=> b`: -1, 0, 1; nil when unordered (NaN) or of kinds that do not compare.
    static func compare(_ a: FilterScalar, _ b: FilterScalar) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return sign(x ? 1 : 0, y ? 1 : 0)
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.uint(let x), .uint(let y)): return sign(x, y)
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : sign(UInt64(x), y)
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : sign(x, UInt64(y))
        case (.double(let x), .double(let y)): return x.isNaN || y.isNaN ? nil : sign(x, y)
        case (.int(let x), .double(let y)): return compareExact(x, y)
        case (.double(let x), .int(let y)): return compareExact(y, x).map { -$0 }
        case (.uint(let x), .double(let y)): return compareExact(x, y)
        case (.double(let x), .uint(let y)): return compareExact(y, x).map { -$0 }
        case (.decimal(let x), .decimal(let y)): return x.isNaN || y.isNaN ? nil : sign(x, y)
        case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y) ? -1 : (x.elementsEqual(y) ? 0 : 1)
        default: return nil
        }
    }

    /// An integer against a double, exactly (no rounding of the integer).
    static func compareExact<I: BinaryInteger>(_ x: I, _ y: Double) -> Int? {
        guard !y.isNaN else { return nil }
        if y.isInfinite { return y > 0 ? -1 : 1 }
        let floor = y.rounded(.down)
        // Integers beyond the double's range compare by sign of the bound.
        guard let whole = I(exactly: floor) else {
            return floor > 0 ? -1 : 1
        }
        if x < whole { return -1 }
        if x > whole { return 1 }
        return floor == y ? 0 : -1
    }
}

/// How the values of one filtered column are read and compared.
enum FilterDomain: Sendable {
    case bool, signed, unsigned, float, bytes
    case decimal(scale: Int)

    init?(_ column: ColumnDescriptor) {
        switch column.kind {
        case .boolean: self = .bool
        case .integer(_, let signed): self = signed ? .signed : .unsigned
        case .date, .time, .timestamp: self = .signed
        case .float, .double: self = .float
        case .string, .binary, .uuid: self = .bytes
        case .decimal(_, let scale): self = .decimal(scale: scale)
        default: return nil
        }
        if case .bytes = self, column.physicalType != .byteArray && column.physicalType != .fixedLenByteArray { return nil }
    }

    /// A column value from its statistics / PLAIN form.
    func scalar(_ value: StatisticValue) -> FilterScalar? {
        switch (self, value) {
        case (.bool, .boolean(let v)): return .bool(v)
        case (.signed, .int32(let v)): return .int(Int64(v))
        case (.signed, .int64(let v)): return .int(v)
        case (.unsigned, .int32(let v)): return .uint(UInt64(UInt32(bitPattern: v)))
        case (.unsigned, .int64(let v)): return .uint(UInt64(bitPattern: v))
        case (.float, .float(let v)): return .double(Double(v))
        case (.float, .double(let v)): return .double(v)
        case (.bytes, .bytes(let v)): return .bytes(v[...])
        case (.decimal(let s), .int32(let v)): return .decimal(Self.decimal(unscaled: Int64(v), scale: s))
        case (.decimal(let s), .int64(let v)): return .decimal(Self.decimal(unscaled: v, scale: s))
        case (.decimal(let s), .bytes(let v)): return Self.decimal(twosComplement: v[...], scale: s).map { .decimal($0) }
        default: return nil
        }
    }

    static func decimal(unscaled: Int64, scale: Int) -> Decimal {
        Decimal(sign: unscaled < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(unscaled.magnitude))
    }

    /// A big-endian two's-complement unscaled value (at most 16 bytes) as a decimal.
    static func decimal(twosComplement bytes: ArraySlice<UInt8>, scale: Int) -> Decimal? {
        guard let first = bytes.first, bytes.count <= 16 else { return bytes.isEmpty ? Decimal(0) : nil }
        let negative = first & 0x80 != 0
        // Magnitude as big-endian bytes: negate when negative.
        var magnitude = Array(bytes)
        if negative {
            var carry = 1
            for i in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let v = Int(~magnitude[i]) + carry
                magnitude[i] = UInt8(truncatingIfNeeded: v)
                carry = v >> 8
            }
        }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for byte in magnitude {
            hi = hi << 8 | lo >> 56
            lo = lo << 8 | UInt64(byte)
        }
        var value = Decimal(hi) * Decimal(sign: .plus, exponent: 0, significand: Decimal(UInt64(1) << 32) * Decimal(UInt64(1) << 32)) + Decimal(lo)
        value = Decimal(sign: negative ? .minus : .plus, exponent: -scale, significand: value)
        return value
    }

    /// The literal in a form that compares with this domain's values, or nil when the kinds
    /// do not compare (a string with a number column...).
    func literal(_ value: FilterValue) -> FilterScalar? {
        switch (self, value) {
        case (.bool, .bool(let v)): return .bool(v)
        case (.signed, .int(let v)), (.unsigned, .int(let v)), (.float, .int(let v)): return .int(v)
        case (.signed, .uint(let v)), (.unsigned, .uint(let v)), (.float, .uint(let v)): return .uint(v)
        case (.signed, .double(let v)), (.unsigned, .double(let v)), (.float, .double(let v)): return .double(v)
        case (.signed, .decimal(let v)), (.unsigned, .decimal(let v)):
            // An integral decimal compares as its integer; otherwise as a double between two integers.
            if let i = Int64(exactly: NSDecimalNumber(decimal: v)), Decimal(i) == v { return .int(i) }
            return .double(NSDecimalNumber(decimal: v).doubleValue)
        case (.float, .decimal(let v)): return .double(Double(v.description) ?? .nan)
        case (.decimal, .int(let v)): return .decimal(Decimal(v))
        case (.decimal, .uint(let v)): return .decimal(Decimal(v))
        case (.decimal, .double(let v)):
            // The double's shortest decimal text: 12.34 means 12.34.
            guard v.isFinite, let d = Decimal(string: "\(v)", locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            return .decimal(d)
        case (.decimal, .decimal(let v)): return .decimal(v)
        case (.bytes, .string(let v)): return .bytes(Array(v.utf8)[...])
        case (.bytes, .binary(let v)): return .bytes(v[...])
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .bool: "boolean"
        case .signed, .unsigned: "integer"
        case .float: "floating-point"
        case .bytes: "string/binary"
        case .decimal: "decimal"
        }
    }
}
