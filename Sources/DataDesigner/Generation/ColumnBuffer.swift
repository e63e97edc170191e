import Parquet

/// The Parquet type a generated column is written as. Every column is OPTIONAL, as pandas
/// writes the real tool's batch files (cells are null where `skip` left them empty); seed
/// columns add DATE and TIMESTAMP leaves, `person_from_faker` columns are groups
/// (``structure(_:)``) of OPTIONAL fields.
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
    /// Every value null: INT32 annotated NULL (as pyarrow writes a column of `None`s).
    case null
    /// A group of named fields.
    case structure([GeneratedField])

    /// The schema element of an OPTIONAL leaf of this type named `name` (flat types).
    func schemaElement(name: String) -> SchemaElement {
        schemaElements(name: name)[0]
    }

    /// The schema elements (depth first) of an OPTIONAL column of this type named `name`: one
    /// leaf, or a group followed by its fields' elements.
    func schemaElements(name: String) -> [SchemaElement] {
        var e = SchemaElement()
        e.name = name
        e.repetition = .optional
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
            return [e] + fields.flatMap { $0.type.schemaElements(name: $0.name) }
        }
        return [e]
    }

    /// The number of Parquet leaf columns of this type.
    var leafCount: Int {
        if case .structure(let fields) = self { return fields.reduce(0) { $0 + $1.type.leafCount } }
        return 1
    }

    /// The Arrow type the real tool's profiler reports (`pyarrow_dtype`).
    var pyarrowName: String { arrowName(top: true) }

    private func arrowName(top: Bool) -> String {
        switch self {
        case .string: top ? "large_string" : "string"
        case .int64: "int64"
        case .double: "double"
        case .boolean: "bool"
        case .date: "date32[day]"
        case let .timestamp(unit, utc):
            "timestamp[\(unit == .millis ? "ms" : unit == .micros ? "us" : "ns")\(utc ? ", tz=Etc/UTC" : "")]"
        case .null: "null"
        case .structure(let fields): "struct<" + fields.map { "\($0.name): \($0.type.arrowName(top: false))" }.joined(separator: ", ") + ">"
        }
    }

    /// The profiler's `simple_dtype`.
    var simpleName: String {
        switch self {
        case .string: "string"
        case .int64: "int"
        case .double: "float"
        case .boolean: "bool"
        case .date: "date"
        case .timestamp: "timestamp"
        case .null: "null"
        case .structure: "dict"
        }
    }
}

/// A field of a ``GeneratedType/structure(_:)`` column (always OPTIONAL, as pyarrow writes
/// the fields of the dicts it is given), or a top-level column of ``GenerationPlan/columnTypes``.
public struct GeneratedField: Sendable, Equatable {
    /// The field's name.
    public var name: String
    /// The Parquet type it is written as.
    public var type: GeneratedType

    /// A field `name` of type `type`.
    public init(name: String, type: GeneratedType) {
        self.name = name
        self.type = type
    }
}

/// The fields of a struct column in one batch, each a column of the batch's rows.
struct StructBuffer {
    let names: [String]
    let fields: [GeneratedColumn]
    let count: Int
}

/// The values of one generated column in one batch (a value for every row; rows that are
/// null hold a placeholder: 0, "", false).
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
        case .structure(let s): s.count
        }
    }

    /// Total bytes held (text bytes, or 8 per number).
    var byteSize: Int {
        switch self {
        case .string(let v): v.bytes.count + 8 * v.offsets.count
        case .int64(let v): 8 * v.count
        case .double(let v): 8 * v.count
        case .boolean(let v): v.count
        case .date(let v): 4 * v.count
        case .timestamp(let v, _, _): 8 * v.count
        case .null: 0
        case .structure(let s): s.fields.reduce(0) { $0 + $1.buffer.byteSize + ($1.valid?.count ?? 0) }
        }
    }

    /// The value of `row` as Python's `str()` shows it (floats as `repr`, `True`/`False`,
    /// dates and timestamps in ISO form, a struct as a dict).
    func appendPythonText(row: Int, to out: inout [UInt8]) {
        switch self {
        case .string(let v): v.bytes.withUnsafeBufferPointer { out.append(contentsOf: $0[v.range(row)]) }
        case .int64(let v): out.append(contentsOf: String(v[row]).utf8)
        case .double(let v): out.append(contentsOf: PythonText.floatRepr(v[row]).utf8)
        case .boolean(let v): out.append(contentsOf: (v[row] ? "True" : "False").utf8)
        case .date(let v): TextFormat.appendDate(Int64(v[row]), to: &out)
        case let .timestamp(v, unit, utc): TextFormat.appendTimestamp(v[row], unit: unit, utc: utc, to: &out)
        case .null: out.append(contentsOf: "None".utf8)
        case .structure: RowVariables.cell(GeneratedColumn(buffer: self), row: row, json: false).appendStr(to: &out)
        }
    }

    /// The string of `row` (strings only; empty otherwise).
    func string(row: Int) -> String {
        guard case .string(let v) = self else { return "" }
        return v.bytes.withUnsafeBufferPointer { String(decoding: $0[v.range(row)], as: UTF8.self) }
    }

    /// The rows where `keep` is true.
    func compacted(_ keep: [Bool]) -> ColumnBuffer {
        var rows: [Int32] = []
        rows.reserveCapacity(keep.count)
        for (i, k) in keep.enumerated() where k { rows.append(Int32(truncatingIfNeeded: i)) }
        return gather(rows)
    }
}

/// A generated column: its values, which rows are null, and (datetime samplers) the
/// datetimes as seconds.
struct GeneratedColumn {
    var buffer: ColumnBuffer
    /// nil when every row has a value.
    var valid: [Bool]?
    /// Seconds since 1970 of datetime and timedelta samplers (before formatting).
    var seconds: [Int64]?
    /// Whether a null reads as NaN in templates (pandas' missing value in float and string
    /// columns of a seed dataset), not as None.
    var nullIsNaN = false

    init(buffer: ColumnBuffer, valid: [Bool]? = nil, seconds: [Int64]? = nil, nullIsNaN: Bool = false) {
        self.buffer = buffer
        self.valid = valid
        self.seconds = seconds
        self.nullIsNaN = nullIsNaN
    }

    func isNull(_ row: Int) -> Bool {
        if case .null = buffer { return true }
        return valid.map { !$0[row] } ?? false
    }

    func compacted(_ keep: [Bool]) -> GeneratedColumn {
        GeneratedColumn(buffer: buffer.compacted(keep),
                        valid: valid.map { v in zip(v, keep).compactMap { $1 ? $0 : nil } },
                        seconds: seconds.map { s in zip(s, keep).compactMap { $1 ? $0 : nil } },
                        nullIsNaN: nullIsNaN)
    }

    /// The rows `rows` (each `< count`), in that order.
    func gathered(_ rows: [Int32]) -> GeneratedColumn {
        GeneratedColumn(buffer: buffer.gather(rows), valid: valid.map { v in rows.map { v[Int($0)] } },
                        seconds: seconds.map { s in rows.map { s[Int($0)] } }, nullIsNaN: nullIsNaN)
    }

    /// The column as Parquet data for an OPTIONAL leaf: definition level 1 for values, 0 for
    /// nulls, the values of the non-null rows only. (Struct columns: ``LeafColumns``.)
    func columnData(descriptor: ColumnDescriptor) -> ColumnData {
        var out: [ColumnData] = []
        var next = 0
        if (try? LeafColumns.append(self, rows: buffer.count, descriptors: [descriptor], next: &next, into: &out)) != nil,
           let first = out.first {
            return first
        }
        return ColumnData(descriptor: descriptor, definitionLevels: [UInt32](repeating: 0, count: buffer.count),
                          repetitionLevels: [], values: .int32([]), levelCount: buffer.count)
    }
}

/// Number helpers shared by conversions and templates.
enum TextFormat {
    /// `YYYY-MM-DD` of a day count since 1970-01-01.
    static func appendDate(_ days: Int64, to out: inout [UInt8]) {
        let c = DateTimeMath.civil(days: days)
        DateTimeMath.appendISO(CivilDateTime(year: c.year, month: c.month, day: c.day, hour: 0, minute: 0, second: 0),
                               withTime: false, to: &out)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, then `.` and the fraction (6 digits, 9 for nanoseconds with a
    /// sub-microsecond part) when it is not zero, and `+00:00` when adjusted to UTC, as
    /// pandas' `Timestamp.isoformat` writes it (how Data Designer renders seed datetimes).
    static func appendTimestamp(_ value: Int64, unit: TimeUnit, utc: Bool, to out: inout [UInt8]) {
        let perSecond: Int64 = unit == .millis ? 1000 : unit == .micros ? 1_000_000 : 1_000_000_000
        let seconds = DateTimeMath.floorDiv(value, perSecond)
        let fraction = value - seconds * perSecond
        DateTimeMath.appendISO(DateTimeMath.civil(seconds: seconds), withTime: true, to: &out)
        if fraction != 0 {
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
        if utc { out.append(contentsOf: "+00:00".utf8) }
    }

    /// `value` truncated toward zero, or nil for NaN, infinities and values beyond Int64.
    static func int(truncating value: Double) -> Int64? {
        let t = value.rounded(.towardZero)
        guard t.isFinite, t >= -9.223372036854775808e18, t < 9.223372036854775808e18 else { return nil }
        return Int64(t)
    }

    /// `value` rounded half to even (numpy `round`), or nil when it does not fit Int64.
    static func int(roundingHalfEven value: Double) -> Int64? {
        int(truncating: value.rounded(.toNearestOrEven))
    }
}

/// Scalar values of a category or subcategory column, typed as numpy types them: all
/// integers → INT64; integers and floats → DOUBLE; any text among them → STRING of every
/// value's text (numpy turns the numbers into text too).
struct ValueTable {
    enum Storage {
        case strings([[UInt8]])
        case ints([Int64])
        case doubles([Double])
    }

    let storage: Storage
    /// Each value's text (subcategory keys are matched with it).
    let texts: [String]

    var count: Int { texts.count }

    var type: GeneratedType {
        switch storage {
        case .strings: .string
        case .ints: .int64
        case .doubles: .double
        }
    }

    init(_ values: [ConfigValue]) {
        texts = values.map(\.text)
        var ints: [Int64] = [], doubles: [Double] = []
        var allInts = true, allNumbers = true
        for value in values {
            switch value {
            case .int(let i): ints.append(i); doubles.append(Double(i))
            case .double(let d): doubles.append(d); allInts = false
            default: allInts = false; allNumbers = false
            }
        }
        if values.isEmpty || !allNumbers {
            // numpy's text of each value: str(1) = "1", str(2.5) = "2.5".
            storage = .strings(values.map { v in
                switch v {
                case .double(let d): Array(PythonText.floatRepr(d).utf8)
                default: Array(v.text.utf8)
                }
            })
        } else if allInts {
            storage = .ints(ints)
        } else {
            storage = .doubles(doubles)
        }
    }

    /// The column holding `choices` (indices into this table).
    func gather(_ choices: [Int32]) -> ColumnBuffer {
        switch storage {
        case .strings(let values):
            var out = ByteArrayValues()
            out.offsets.reserveCapacity(choices.count + 1)
            for c in choices { out.append(values[Int(c)]) }
            return .string(out)
        case .ints(let values): return .int64(choices.map { values[Int($0)] })
        case .doubles(let values): return .double(choices.map { values[Int($0)] })
        }
    }

    /// Value `i` as a double (numeric tables).
    func number(_ i: Int) -> Double {
        switch storage {
        case .ints(let v): Double(v[i])
        case .doubles(let v): v[i]
        case .strings: .nan
        }
    }
}
