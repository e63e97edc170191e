import Parquet

/// The Parquet type a generated column is written as.
///
/// Sampler and expression columns are flat leaves; seed columns add DATE and TIMESTAMP
/// leaves and nulls; `person_from_faker` columns are groups (``structure(_:)``).
public indirect enum GeneratedType: Sendable, Equatable {
    /// BYTE_ARRAY annotated STRING (UTF-8).
    case string
    /// INT64.
    case int64
    /// DOUBLE.
    case double
    /// BOOLEAN.
    case boolean
    /// INT32 annotated DATE (days since 1970-01-01).
    case date
    /// INT64 annotated TIMESTAMP in `unit`, adjusted to UTC or naive.
    case timestamp(TimeUnit, utc: Bool)
    /// A column whose every value is null: INT32 annotated NULL (as pyarrow writes a
    /// column of `None`s).
    case null
    /// A group of named fields.
    case structure([GeneratedField])

    /// The schema element of a REQUIRED leaf of this type named `name`.
    func schemaElement(name: String) -> SchemaElement {
        schemaElements(name: name, nullable: false)[0]
    }

    /// The schema elements (depth first) of a column of this type named `name`: one leaf,
    /// or a group followed by its fields' elements. A ``null`` column is always OPTIONAL.
    func schemaElements(name: String, nullable: Bool) -> [SchemaElement] {
        var e = SchemaElement()
        e.name = name
        e.repetition = nullable || self == .null ? .optional : .required
        switch self {
        case .string:
            e.type = .byteArray
            e.logicalType = .string
        case .int64: e.type = .int64
        case .double: e.type = .double
        case .boolean: e.type = .boolean
        case .date:
            e.type = .int32
            e.logicalType = .date
        case let .timestamp(unit, utc):
            e.type = .int64
            e.logicalType = .timestamp(isAdjustedToUTC: utc, unit: unit)
        case .null:
            e.type = .int32
            e.logicalType = .null
        case .structure(let fields):
            e.numChildren = Int32(clamping: fields.count)
            return [e] + fields.flatMap { $0.type.schemaElements(name: $0.name, nullable: $0.nullable) }
        }
        return [e]
    }

    /// The number of Parquet leaf columns of this type.
    var leafCount: Int {
        if case .structure(let fields) = self { return fields.reduce(0) { $0 + $1.type.leafCount } }
        return 1
    }
}

/// A field of a ``GeneratedType/structure(_:)`` column.
public struct GeneratedField: Sendable, Equatable {
    public var name: String
    public var type: GeneratedType
    /// Whether the field is OPTIONAL (it may hold nulls).
    public var nullable: Bool

    public init(name: String, type: GeneratedType, nullable: Bool) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// The fields of a struct column in one batch, each with the batch's row count.
struct StructBuffer {
    let names: [String]
    let fields: [ColumnBuffer]
    let count: Int
}

/// The values of one generated column in one batch.
///
/// Flat cases hold one value per row. ``nullable(_:valid:)`` wraps such a buffer: rows whose
/// `valid` entry is false are null, and the wrapped buffer holds a placeholder (0, "",
/// false) at their index, so every case is indexed by row.
indirect enum ColumnBuffer {
    case string(ByteArrayValues)
    case int64([Int64])
    case double([Double])
    case boolean([Bool])
    /// Days since 1970-01-01.
    case date([Int32])
    /// Units since 1970-01-01T00:00:00 (UTC when `utc`, else naive).
    case timestamp([Int64], TimeUnit, utc: Bool)
    /// `count` nulls.
    case null(count: Int)
    /// `values` with the rows where `valid` is false null.
    case nullable(ColumnBuffer, valid: [Bool])
    case structure(StructBuffer)

    var count: Int {
        switch self {
        case .string(let v): v.count
        case .int64(let v): v.count
        case .double(let v): v.count
        case .boolean(let v): v.count
        case .date(let v): v.count
        case .timestamp(let v, _, _): v.count
        case .null(let n): n
        case .nullable(_, let valid): valid.count
        case .structure(let s): s.count
        }
    }

    /// Whether value `row` is null.
    @inline(__always)
    func isNull(row: Int) -> Bool {
        switch self {
        case .null: true
        case .nullable(_, let valid): !valid[row]
        default: false
        }
    }

    /// Appends the plain text of value `row` (`row < count`): strings as they are, integers
    /// in decimal, doubles in shortest round-trip form (`2.5`, `3.0`, `1e-05`), booleans as
    /// `true` / `false`, dates `YYYY-MM-DD`, timestamps `YYYY-MM-DDTHH:MM:SS[.fraction]`,
    /// as Data Designer renders seed values. A null is `nan` in a floating-point or string
    /// column (pandas' missing value there) and `None` elsewhere; a struct is written as a
    /// Python dict (`{'name': 'Ann', 'middle_name': None, 'age': 31}`).
    @inline(__always)
    func appendText(row: Int, to out: inout [UInt8]) {
        switch self {
        case .string(let v):
            v.bytes.withUnsafeBufferPointer { out.append(contentsOf: $0[v.range(row)]) }
        case .int64(let v):
            TextFormat.appendInt(v[row], to: &out)
        case .double(let v):
            out.append(contentsOf: TextFormat.double(v[row]).utf8)
        case .boolean(let v):
            out.append(contentsOf: v[row] ? TextFormat.trueBytes : TextFormat.falseBytes)
        case .date(let v):
            TextFormat.appendDate(Int64(v[row]), to: &out)
        case let .timestamp(v, unit, utc):
            TextFormat.appendTimestamp(v[row], unit: unit, to: &out)
            if utc { out.append(contentsOf: Array("+00:00".utf8)) }
        case .null:
            out.append(contentsOf: TextFormat.noneBytes)
        case let .nullable(values, valid):
            if valid[row] {
                values.appendText(row: row, to: &out)
            } else if case .double = values {
                out.append(contentsOf: TextFormat.nanBytes)
            } else if case .string = values {
                out.append(contentsOf: TextFormat.nanBytes)
            } else {
                out.append(contentsOf: TextFormat.noneBytes)
            }
        case .structure(let s):
            out.append(UInt8(ascii: "{"))
            for (i, name) in s.names.enumerated() {
                if i > 0 { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                TextFormat.appendPythonRepr(name.utf8, to: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                s.fields[i].appendRepr(row: row, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends value `row` as Python's `repr` writes it inside a dict: strings quoted,
    /// booleans `True` / `False`, nulls `None`, other values as ``appendText(row:to:)``.
    func appendRepr(row: Int, to out: inout [UInt8]) {
        switch self {
        case .string(let v):
            v.bytes.withUnsafeBufferPointer { TextFormat.appendPythonRepr($0[v.range(row)], to: &out) }
        case .boolean(let v):
            out.append(contentsOf: v[row] ? TextFormat.pythonTrueBytes : TextFormat.pythonFalseBytes)
        case .null:
            out.append(contentsOf: TextFormat.noneBytes)
        case let .nullable(values, valid):
            if valid[row] { values.appendRepr(row: row, to: &out) } else { out.append(contentsOf: TextFormat.noneBytes) }
        default:
            appendText(row: row, to: &out)
        }
    }

    /// The plain text of value `row` (allocates; for messages and conversions).
    func text(row: Int) -> String {
        var bytes: [UInt8] = []
        appendText(row: row, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Text forms shared by expressions, conversions and category values.
enum TextFormat {
    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)
    static let pythonTrueBytes: [UInt8] = Array("True".utf8)
    static let pythonFalseBytes: [UInt8] = Array("False".utf8)
    static let noneBytes: [UInt8] = Array("None".utf8)
    static let nanBytes: [UInt8] = Array("nan".utf8)

    /// `YYYY-MM-DD` of a day count since 1970-01-01.
    static func appendDate(_ days: Int64, to out: inout [UInt8]) {
        let c = DateTimeMath.civil(days: days)
        DateTimeMath.appendISO(CivilDateTime(year: c.year, month: c.month, day: c.day, hour: 0, minute: 0, second: 0),
                               withTime: false, to: &out)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, then `.` and the fraction (6 digits, 9 for nanoseconds with
    /// a sub-microsecond part) when it is not zero, as pandas' `Timestamp.isoformat` writes it.
    static func appendTimestamp(_ value: Int64, unit: TimeUnit, to out: inout [UInt8]) {
        let perSecond: Int64 = unit == .millis ? 1000 : unit == .micros ? 1_000_000 : 1_000_000_000
        let seconds = DateTimeMath.floorDiv(value, perSecond)
        let fraction = value - seconds * perSecond
        DateTimeMath.appendISO(DateTimeMath.civil(seconds: seconds), withTime: true, to: &out)
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        switch unit {
        case .millis: DateTimeMath.appendPadded(fraction * 1000, 6, to: &out)
        case .micros: DateTimeMath.appendPadded(fraction, 6, to: &out)
        case .nanos:
            if fraction % 1000 == 0 {
                DateTimeMath.appendPadded(fraction / 1000, 6, to: &out)
            } else {
                DateTimeMath.appendPadded(fraction, 9, to: &out)
            }
        }
    }

    /// Appends the UTF-8 text `bytes` as Python's `repr` of a str: in single quotes, or in
    /// double quotes when it holds a single quote and no double quote; backslashes, the
    /// quote, `\n`, `\r`, `\t` escaped, other control characters as `\xNN`.
    static func appendPythonRepr<C: Collection>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8 {
        let single = UInt8(ascii: "'"), double = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let quote = bytes.contains(single) && !bytes.contains(double) ? double : single
        out.append(quote)
        for b in bytes {
            switch b {
            case backslash, quote: out.append(backslash); out.append(b)
            case 0x0A: out.append(backslash); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(backslash); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(backslash); out.append(UInt8(ascii: "t"))
            case 0 ..< 0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [backslash, UInt8(ascii: "x"), hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(quote)
    }

    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        DateTimeMath.appendPadded(value, 1, to: &out)
    }

    /// Shortest round-trip text of a double (`3.0`, `0.1`, `1e+16`, `nan`, `inf`).
    static func double(_ value: Double) -> String { "\(value)" }

    /// Parses an integer (surrounding spaces allowed); a number with a fraction is truncated
    /// toward zero when it is finite and in range. Nil when the text is not a number.
    static func parseInt(_ text: String) -> Int64? {
        let trimmed = text.trimmedText
        if let exact = Int64(trimmed) { return exact }
        guard let d = Double(trimmed) else { return nil }
        return int(truncating: d)
    }

    /// `value` truncated toward zero, or nil for NaN, infinities and values beyond Int64.
    static func int(truncating value: Double) -> Int64? {
        let t = value.rounded(.towardZero)
        guard t.isFinite, t >= -9.223372036854775808e18, t < 9.223372036854775808e18 else { return nil }
        return Int64(t)
    }

    /// Parses a floating-point number (surrounding spaces allowed).
    static func parseDouble(_ text: String) -> Double? { Double(text.trimmedText) }

    /// Parses `true`/`false`/`1`/`0`/`yes`/`no` (any case, surrounding spaces allowed).
    static func parseBool(_ text: String) -> Bool? {
        switch text.trimmedText.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmedText: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first ... last])
    }
}
