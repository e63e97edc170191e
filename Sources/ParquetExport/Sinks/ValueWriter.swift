/// How values are spelled: as JSON (quoted strings, `null`) or as CSV fields.
public enum TextStyle: Sendable {
    case json
    case csv
}

/// Appends the text of value `index` of a column; returns false when the value has no text
/// (NaN and infinities), which the caller writes as null.
typealias ValueWriter = (_ index: Int, _ out: inout [UInt8]) -> Bool

let trueText = Array("true".utf8)
let falseText = Array("false".utf8)
private let quote = UInt8(ascii: "\"")

/// Builds the writer for a column's values, choosing the spelling once per column.
func makeValueWriter(_ column: ColumnData, style: TextStyle, geometry: GeometryEncoding = .wkt) throws -> ValueWriter {
    let d = column.descriptor
    let json = style == .json
    // Text that never needs escaping, quoted in JSON only; in CSV an empty text (empty binary)
    // is written `""` so that it stays distinct from null.
    func quoted(_ body: @escaping (Int, inout [UInt8]) -> Void) -> ValueWriter {
        { i, o in
            let start = o.count
            if json { o.append(quote) }
            body(i, &o)
            if json {
                o.append(quote)
            } else if o.count == start {
                o.append(contentsOf: [quote, quote])
            }
            return true
        }
    }
    func bytes(_ buffer: [UInt8], _ range: @escaping (Int) -> Range<Int>, _ body: @escaping (UnsafeRawBufferPointer, inout [UInt8]) -> Void) -> (Int, inout [UInt8]) -> Void {
        { i, o in buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range(i)]), &o) } }
    }
    switch (d.kind, column.values) {
    case (.null, _):
        return { _, _ in false }
    case (.boolean, .boolean(let a)):
        return { i, o in o.append(contentsOf: a[i] ? trueText : falseText); return true }
    case (.integer(let width, let signed), .int32(let a)):
        if signed || width == 64 {
            return { i, o in ValueText.appendInt(Int64(a[i]), to: &o); return true }
        }
        return { i, o in ValueText.appendUInt(UInt64(UInt32(bitPattern: a[i])), to: &o); return true }
    case (.integer(_, let signed), .int64(let a)):
        if signed {
            return { i, o in ValueText.appendInt(a[i], to: &o); return true }
        }
        return { i, o in ValueText.appendUInt(UInt64(bitPattern: a[i]), to: &o); return true }
    case (.float, .float(let a)):
        return { i, o in ValueText.appendFloat(a[i], to: &o) }
    case (.double, .double(let a)):
        return { i, o in ValueText.appendDouble(a[i], to: &o) }
    case (.float16, .fixedLenByteArray(let a)) where a.width == 2:
        return { i, o in ValueText.appendFloat16(bits: UInt16(a.bytes[2 * i]) | UInt16(a.bytes[2 * i + 1]) << 8, to: &o) }
    case (.string, .byteArray(let a)):
        let write = bytes(a.bytes, a.range) { raw, o in
            if json { JSONText.appendString(raw, to: &o) } else { CSVText.appendField(raw, to: &o) }
        }
        return { i, o in write(i, &o); return true }
    case (.geometry, .byteArray(let a)):
        return try geometryWriter(a, json: json, encoding: geometry)
    case (.binary, .byteArray(let a)):
        return quoted(bytes(a.bytes, a.range) { ValueText.appendBase64($0, to: &$1) })
    case (.binary, .fixedLenByteArray(let a)):
        return quoted(bytes(a.bytes, a.range) { ValueText.appendBase64($0, to: &$1) })
    case (.uuid, .fixedLenByteArray(let a)):
        return quoted(bytes(a.bytes, a.range) { ValueText.appendUUID($0, to: &$1) })
    case (.decimal(_, let scale), .int32(let a)):
        return { i, o in ValueText.appendDecimal(unscaled: Int64(a[i]), scale: scale, to: &o); return true }
    case (.decimal(_, let scale), .int64(let a)):
        return { i, o in ValueText.appendDecimal(unscaled: a[i], scale: scale, to: &o); return true }
    case (.decimal(_, let scale), .byteArray(let a)):
        let write = bytes(a.bytes, a.range) { ValueText.appendDecimal(bigEndian: $0, scale: scale, to: &$1) }
        return { i, o in write(i, &o); return true }
    case (.decimal(_, let scale), .fixedLenByteArray(let a)):
        let write = bytes(a.bytes, a.range) { ValueText.appendDecimal(bigEndian: $0, scale: scale, to: &$1) }
        return { i, o in write(i, &o); return true }
    case (.date, .int32(let a)):
        return quoted { i, o in ValueText.appendDate(daysSinceEpoch: Int64(a[i]), to: &o) }
    case (.time(let unit, _), .int32(let a)):
        return quoted { i, o in ValueText.appendTime(Int64(a[i]), unit: unit, to: &o) }
    case (.time(let unit, _), .int64(let a)):
        return quoted { i, o in ValueText.appendTime(a[i], unit: unit, to: &o) }
    case (.timestamp(let unit, let utc), .int64(let a)):
        return quoted { i, o in ValueText.appendTimestamp(a[i], unit: unit, adjustedToUTC: utc, to: &o) }
    case (.int96Timestamp, .int96(let a)):
        return quoted { i, o in ValueText.appendInt96Timestamp(a[i], to: &o) }
    default:
        throw ParquetError(.corrupt, "values of physical type \(d.physicalType) cannot be read as \(d.kind)", column: d.dottedPath)
    }
}

/// GEOMETRY / GEOGRAPHY values: WKB decoded and written as WKT (a JSON string in JSONL),
/// GeoJSON (an object in JSONL, its text in CSV) or left as base64 WKB.
private func geometryWriter(_ a: ByteArrayValues, json: Bool, encoding: GeometryEncoding) throws -> ValueWriter {
    switch encoding {
    case .wkb:
        return { i, o in
            if json { o.append(quote) }
            a.bytes.withUnsafeBytes { ValueText.appendBase64(UnsafeRawBufferPointer(rebasing: $0[a.range(i)]), to: &o) }
            if json { o.append(quote) } else if a.range(i).isEmpty { o.append(contentsOf: [quote, quote]) }
            return true
        }
    case .wkt, .geojson:
        // Every value is decoded here, once, so that malformed WKB fails the batch with an
        // error (writers cannot throw) and the writer only copies text.
        var texts = ByteArrayValues()
        var text: [UInt8] = []
        try a.bytes.withUnsafeBytes { raw in
            for i in 0 ..< a.count {
                let geometry = try Geometry(wkb: UnsafeRawBufferPointer(rebasing: raw[a.range(i)]))
                text.removeAll(keepingCapacity: true)
                if json && encoding == .wkt {
                    text.append(quote)
                    GeometryText.appendWKT(geometry, to: &text)  // ASCII without quotes or backslashes
                    text.append(quote)
                    texts.append(text)
                } else if json {
                    GeometryText.appendGeoJSON(geometry, to: &text)
                    texts.append(text)
                } else {
                    if encoding == .wkt { GeometryText.appendWKT(geometry, to: &text) } else { GeometryText.appendGeoJSON(geometry, to: &text) }
                    var field: [UInt8] = []
                    text.withUnsafeBytes { CSVText.appendField($0, to: &field) }
                    texts.append(field)
                }
            }
        }
        return { i, o in
            o.append(contentsOf: texts.bytes[texts.range(i)])
            return true
        }
    }
}
