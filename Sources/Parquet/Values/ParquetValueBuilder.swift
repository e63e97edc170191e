import Foundation

/// A ``RecordBuilder`` that turns each assembled record into a ``ParquetValue`` tree.
///
/// Made once per batch and field from its ``RecordAssembler``; after each
/// ``RecordAssembler/assembleRecord(into:)``, ``take()`` returns the record's value.
public struct ParquetValueBuilder: RecordBuilder {
    /// What an open container is; its contents are in `open[k]` (elements of a list, keys
    /// and values alternating for a map, field values for a struct), grown in place.
    private enum Frame {
        case list
        case map
        case structure(id: Int)
    }

    private let readers: [ParquetValueReader]
    private let structFields: [[String]]
    private var frames: [Frame] = []
    private var open: [[ParquetValue]] = []
    private var result: ParquetValue = .null

    /// A builder for the records of `assembler`'s field.
    ///
    /// - Throws: `ParquetError` naming the column when a leaf's values cannot be read as its
    ///   type (malformed WKB in a GEOMETRY column, a physical type that does not match).
    public init(_ assembler: RecordAssembler) throws {
        readers = try assembler.columns.map { try ParquetValueReader($0) }
        structFields = assembler.structFields
    }

    /// The last record assembled (``ParquetValue/null`` before the first).
    public mutating func take() -> ParquetValue {
        let value = result
        result = .null
        return value
    }

    private mutating func emit(_ value: ParquetValue) {
        if open.isEmpty {
            result = value
        } else {
            open[open.count - 1].append(value)  // in place: the inner array stays uniquely referenced
        }
    }

    private mutating func begin(_ frame: Frame) {
        frames.append(frame)
        open.append([])
    }

    private mutating func end() -> (Frame, [ParquetValue])? {
        guard let frame = frames.popLast(), let contents = open.popLast() else { return nil }
        return (frame, contents)
    }

    public mutating func appendNull() { emit(.null) }

    public mutating func appendValue(leaf: Int, index: Int) throws { emit(try readers[leaf].value(index)) }

    public mutating func appendVariant(_ value: Variant) { emit(.variant(value)) }

    public mutating func beginStruct(_ id: Int) { begin(.structure(id: id)) }

    public mutating func beginField(_ index: Int, of id: Int) {}

    public mutating func endStruct(_ id: Int) {
        guard let (frame, values) = end(), case .structure(let id) = frame else { return }
        let names = structFields.indices.contains(id) ? structFields[id] : []
        emit(.struct(values.enumerated().map { ParquetValue.Field(name: names.indices.contains($0.offset) ? names[$0.offset] : "", value: $0.element) }))
    }

    public mutating func beginList() { begin(.list) }

    public mutating func beginElement(_ index: Int) {}

    public mutating func endList() {
        guard let (frame, values) = end(), case .list = frame else { return }
        emit(.list(values))
    }

    public mutating func beginMap() { begin(.map) }

    public mutating func beginKey(_ index: Int) {}

    public mutating func beginValue() {}

    public mutating func endMap() {
        guard let (frame, values) = end(), case .map = frame else { return }
        emit(.map(stride(from: 0, to: values.count - 1, by: 2).map { ParquetValue.MapEntry(key: values[$0], value: values[$0 + 1]) }))
    }
}

/// Reads the non-null values of one leaf column as ``ParquetValue``s, with the column's
/// type resolved once.
package struct ParquetValueReader {
    private let read: (Int) throws -> ParquetValue
    private let count: Int
    private let name: String

    package init(_ column: ColumnData) throws {
        let d = column.descriptor
        name = d.dottedPath
        count = column.values.count
        func text(_ a: ByteArrayValues, _ i: Int) -> String {
            a.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a.range(i)]), as: UTF8.self) }
        }
        switch (d.kind, column.values) {
        case (.null, _):
            read = { _ in .null }
        case (.boolean, .boolean(let a)):
            read = { .bool(a[$0]) }
        case (.integer(let width, let signed), .int32(let a)):
            if signed || width == 64 {
                read = { .int(Int64(a[$0])) }
            } else {
                read = { .uint(UInt64(UInt32(bitPattern: a[$0]))) }
            }
        case (.integer(_, let signed), .int64(let a)):
            read = signed ? { .int(a[$0]) } : { .uint(UInt64(bitPattern: a[$0])) }
        case (.float, .float(let a)):
            read = { .float(a[$0]) }
        case (.double, .double(let a)):
            read = { .double(a[$0]) }
        case (.float16, .fixedLenByteArray(let a)) where a.width == 2:
            read = { .float(float16(UInt16(a.bytes[2 * $0]) | UInt16(a.bytes[2 * $0 + 1]) << 8)) }
        case (.string, .byteArray(let a)):
            read = { .string(text(a, $0)) }
        case (.geometry, .byteArray):
            let values = try column.geometries()
            read = { .geometry(values[$0]) }
        case (.binary, .byteArray(let a)):
            read = { .binary(Array(a.bytes[a.range($0)])) }
        case (.binary, .fixedLenByteArray(let a)):
            read = { .binary(Array(a.bytes[a.range($0)])) }
        case (.uuid, .fixedLenByteArray(let a)) where a.width == 16:
            read = { i in
                let b = a.bytes, o = 16 * i
                return .uuid(UUID(uuid: (b[o], b[o + 1], b[o + 2], b[o + 3], b[o + 4], b[o + 5], b[o + 6], b[o + 7],
                                         b[o + 8], b[o + 9], b[o + 10], b[o + 11], b[o + 12], b[o + 13], b[o + 14], b[o + 15])))
            }
        case (.uuid, .fixedLenByteArray(let a)):
            read = { .binary(Array(a.bytes[a.range($0)])) }
        case (.decimal(_, let scale), .int32(let a)):
            read = { .decimal(ParquetDecimal(unscaled: Int64(a[$0]), scale: scale)) }
        case (.decimal(_, let scale), .int64(let a)):
            read = { .decimal(ParquetDecimal(unscaled: a[$0], scale: scale)) }
        case (.decimal(_, let scale), .byteArray(let a)):
            read = { .decimal(ParquetDecimal(bigEndian: a.bytes[a.range($0)], scale: scale)) }
        case (.decimal(_, let scale), .fixedLenByteArray(let a)):
            read = { .decimal(ParquetDecimal(bigEndian: a.bytes[a.range($0)], scale: scale)) }
        case (.date, .int32(let a)):
            read = { .date(daysSinceEpoch: a[$0]) }
        case (.time(let unit, _), .int32(let a)):
            read = { .time(Int64(a[$0]), unit: unit) }
        case (.time(let unit, _), .int64(let a)):
            read = { .time(a[$0], unit: unit) }
        case (.timestamp(let unit, let utc), .int64(let a)):
            read = { .timestamp(a[$0], unit: unit, isAdjustedToUTC: utc) }
        case (.int96Timestamp, .int96(let a)):
            read = { i in
                switch a[i].instant {
                case .nanoseconds(let v): .timestamp(v, unit: .nanos, isAdjustedToUTC: false)
                case .microseconds(let v): .timestamp(v, unit: .micros, isAdjustedToUTC: false)
                }
            }
        default:
            throw ParquetError(.corrupt, "values of physical type \(d.physicalType) cannot be read as \(d.kind)", column: d.dottedPath)
        }
    }

    /// Non-null value `index` of the column.
    package func value(_ index: Int) throws -> ParquetValue {
        guard index >= 0, index < count else {
            throw ParquetError(.corrupt, "the column has fewer values than its levels say", column: name)
        }
        return try read(index)
    }
}

/// An IEEE half-precision value from its bits, widened to `Float`.
package func float16(_ bits: UInt16) -> Float {
    let sign: Float = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 10) & 0x1F), fraction = Float(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
