import Parquet

/// The Parquet type a generated column is written as (every column is REQUIRED).
public enum GeneratedType: String, Sendable, Equatable {
    /// BYTE_ARRAY annotated STRING (UTF-8).
    case string
    /// INT64.
    case int64
    /// DOUBLE.
    case double
    /// BOOLEAN.
    case boolean

    /// The schema element of a REQUIRED leaf of this type named `name`.
    func schemaElement(name: String) -> SchemaElement {
        var e = SchemaElement()
        e.name = name
        e.repetition = .required
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
}

/// The values of one generated column in one batch.
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

    /// The values as a Parquet value buffer.
    var columnValues: ColumnValues {
        switch self {
        case .string(let v): .byteArray(v)
        case .int64(let v): .int64(v)
        case .double(let v): .double(v)
        case .boolean(let v): .boolean(v)
        }
    }

    /// Appends the plain text of value `row` (`row < count`): strings as they are, integers
    /// in decimal, doubles in shortest round-trip form (`2.5`, `3.0`, `1e-05`), booleans as
    /// `true` / `false`.
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
