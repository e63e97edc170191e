import Parquet

/// The Parquet type a generated column is written as. Every column is OPTIONAL, as pandas
/// writes the real tool's batch files (cells are null where `skip` left them empty).
public enum GeneratedType: String, Sendable, Equatable {
    /// BYTE_ARRAY annotated STRING (UTF-8).
    case string
    /// INT64.
    case int64
    /// DOUBLE.
    case double
    /// BOOLEAN.
    case boolean

    /// The schema element of an OPTIONAL leaf of this type named `name`.
    func schemaElement(name: String) -> SchemaElement {
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
        }
        return e
    }

    /// The Arrow type the real tool's profiler reports (`pyarrow_dtype`).
    var pyarrowName: String {
        switch self {
        case .string: "large_string"
        case .int64: "int64"
        case .double: "double"
        case .boolean: "bool"
        }
    }

    /// The profiler's `simple_dtype`.
    var simpleName: String {
        switch self {
        case .string: "string"
        case .int64: "int"
        case .double: "float"
        case .boolean: "bool"
        }
    }
}

/// The values of one generated column in one batch (a value for every row; rows that are
/// null hold a placeholder).
enum ColumnBuffer {
    case string(ByteArrayValues)
    case int64([Int64])
    case double([Double])
    case boolean([Bool])

    var type: GeneratedType {
        switch self {
        case .string: .string
        case .int64: .int64
        case .double: .double
        case .boolean: .boolean
        }
    }

    var count: Int {
        switch self {
        case .string(let v): v.count
        case .int64(let v): v.count
        case .double(let v): v.count
        case .boolean(let v): v.count
        }
    }

    /// Total bytes held (text bytes, or 8 per number).
    var byteSize: Int {
        switch self {
        case .string(let v): v.bytes.count + 8 * v.offsets.count
        case .int64(let v): 8 * v.count
        case .double(let v): 8 * v.count
        case .boolean(let v): v.count
        }
    }

    /// The value of `row` as Python's `str()` shows it (floats as `repr`, `True`/`False`).
    func appendPythonText(row: Int, to out: inout [UInt8]) {
        switch self {
        case .string(let v): v.bytes.withUnsafeBufferPointer { out.append(contentsOf: $0[v.range(row)]) }
        case .int64(let v): out.append(contentsOf: String(v[row]).utf8)
        case .double(let v): out.append(contentsOf: PythonText.floatRepr(v[row]).utf8)
        case .boolean(let v): out.append(contentsOf: (v[row] ? "True" : "False").utf8)
        }
    }

    /// The string of `row` (strings only; empty otherwise).
    func string(row: Int) -> String {
        guard case .string(let v) = self else { return "" }
        return v.bytes.withUnsafeBufferPointer { String(decoding: $0[v.range(row)], as: UTF8.self) }
    }

    /// The rows where `keep` is true.
    func compacted(_ keep: [Bool]) -> ColumnBuffer {
        switch self {
        case .string(let v):
            var out = ByteArrayValues()
            v.bytes.withUnsafeBufferPointer { bytes in
                for row in 0..<v.count where keep[row] { out.append(bytes[v.range(row)]) }
            }
            return .string(out)
        case .int64(let v): return .int64(zip(v, keep).compactMap { $1 ? $0 : nil })
        case .double(let v): return .double(zip(v, keep).compactMap { $1 ? $0 : nil })
        case .boolean(let v): return .boolean(zip(v, keep).compactMap { $1 ? $0 : nil })
        }
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

    func isNull(_ row: Int) -> Bool { valid.map { !$0[row] } ?? false }

    func compacted(_ keep: [Bool]) -> GeneratedColumn {
        GeneratedColumn(buffer: buffer.compacted(keep),
                        valid: valid.map { v in zip(v, keep).compactMap { $1 ? $0 : nil } },
                        seconds: seconds.map { s in zip(s, keep).compactMap { $1 ? $0 : nil } })
    }

    /// The column as Parquet data for an OPTIONAL leaf: definition level 1 for values, 0 for
    /// nulls, the values of the non-null rows only.
    func columnData(descriptor: ColumnDescriptor) -> ColumnData {
        let rows = buffer.count
        guard let valid else {
            return ColumnData(descriptor: descriptor, definitionLevels: [UInt32](repeating: 1, count: rows), repetitionLevels: [],
                              values: parquetValues(buffer), levelCount: rows)
        }
        let levels = valid.map { UInt32($0 ? 1 : 0) }
        return ColumnData(descriptor: descriptor, definitionLevels: levels, repetitionLevels: [],
                          values: parquetValues(buffer.compacted(valid)), levelCount: rows)
    }

    private func parquetValues(_ b: ColumnBuffer) -> ColumnValues {
        switch b {
        case .string(let v): .byteArray(v)
        case .int64(let v): .int64(v)
        case .double(let v): .double(v)
        case .boolean(let v): .boolean(v)
        }
    }
}

/// Number helpers shared by conversions and templates.
enum TextFormat {
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
