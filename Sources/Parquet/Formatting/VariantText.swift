import Foundation

/// The JSON text of a ``Variant`` (docs/values.md, "VARIANT"): each primitive spelled as the
/// column of the same Parquet type would be — decimals exact, dates `YYYY-MM-DD`, timestamps
/// with 6 or 9 fraction digits and `Z` when adjusted to UTC, binary as base64, UUIDs as text,
/// NaN and infinities as `null` — arrays as JSON arrays and objects as JSON objects.
public enum VariantText {
    /// Appends the compact JSON text of `value`.
    public static func appendJSON(_ value: Variant, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        switch value {
        case .null:
            out.append(contentsOf: nullText)
        case .bool(let v):
            out.append(contentsOf: v ? Array("true".utf8) : Array("false".utf8))
        case .int8(let v): ValueText.appendInt(Int64(v), to: &out)
        case .int16(let v): ValueText.appendInt(Int64(v), to: &out)
        case .int32(let v): ValueText.appendInt(Int64(v), to: &out)
        case .int64(let v): ValueText.appendInt(v, to: &out)
        case .float(let v):
            if !ValueText.appendFloat(v, to: &out) { out.append(contentsOf: nullText) }
        case .double(let v):
            if !ValueText.appendDouble(v, to: &out) { out.append(contentsOf: nullText) }
        case .decimal(let d):
            if let unscaled = d.unscaledInt64 {
                ValueText.appendDecimal(unscaled: unscaled, scale: d.scale, to: &out)
            } else {
                d.unscaledBigEndian.withUnsafeBytes { ValueText.appendDecimal(bigEndian: $0, scale: d.scale, to: &out) }
            }
        case .date(let days):
            out.append(quote)
            ValueText.appendDate(daysSinceEpoch: Int64(days), to: &out)
            out.append(quote)
        case .timestamp(let v, let unit, let utc):
            out.append(quote)
            ValueText.appendTimestamp(v, unit: unit, adjustedToUTC: utc, to: &out)
            out.append(quote)
        case .time(let micros):
            out.append(quote)
            ValueText.appendTime(micros, unit: .micros, to: &out)
            out.append(quote)
        case .binary(let bytes):
            out.append(quote)
            bytes.withUnsafeBytes { ValueText.appendBase64($0, to: &out) }
            out.append(quote)
        case .string(let s):
            JSONText.appendString(s, to: &out)
        case .uuid(let uuid):
            out.append(quote)
            withUnsafeBytes(of: uuid.uuid) { ValueText.appendUUID($0, to: &out) }
            out.append(quote)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendJSON(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(field.key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendJSON(field.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The compact JSON text of `value`.
    public static func json(_ value: Variant) -> String {
        var out: [UInt8] = []
        appendJSON(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
