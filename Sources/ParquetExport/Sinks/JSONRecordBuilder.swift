import Parquet

/// A ``RecordBuilder`` that writes each record of a nested field as compact JSON text
/// (docs/values.md): leaves through the column's ``ValueWriter``, struct keys pre-encoded as
/// `"name":`, map keys that are not strings written as the JSON string of their text.
struct JSONRecordBuilder: RecordBuilder {
    /// The text written so far; callers swap their buffer in and out.
    var out: [UInt8] = []
    private let writers: [ValueWriter]
    /// `"name":` of every field of every struct, by struct id.
    private let keys: [[[UInt8]]]
    /// Where the text of each map key being written starts (keys may nest).
    private var keyStarts: [Int] = []

    init(_ assembler: RecordAssembler, geometry: GeometryEncoding) throws {
        writers = try assembler.columns.map { try makeValueWriter($0, style: .json, geometry: geometry) }
        keys = assembler.structFields.map { names in
            names.map { name in
                var key: [UInt8] = []
                JSONText.appendString(name, to: &key)
                key.append(UInt8(ascii: ":"))
                return key
            }
        }
    }

    @inline(__always) mutating func appendNull() { out.append(contentsOf: nullText) }

    @inline(__always) mutating func appendValue(leaf: Int, index: Int) {
        if !writers[leaf](index, &out) { out.append(contentsOf: nullText) }
    }

    mutating func appendVariant(_ value: Variant) { VariantText.appendJSON(value, to: &out) }

    @inline(__always) mutating func beginStruct(_ id: Int) { out.append(UInt8(ascii: "{")) }

    @inline(__always) mutating func beginField(_ index: Int, of id: Int) {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: keys[id][index])
    }

    @inline(__always) mutating func endStruct(_ id: Int) { out.append(UInt8(ascii: "}")) }

    @inline(__always) mutating func beginList() { out.append(UInt8(ascii: "[")) }

    @inline(__always) mutating func beginElement(_ index: Int) {
        if index > 0 { out.append(UInt8(ascii: ",")) }
    }

    @inline(__always) mutating func endList() { out.append(UInt8(ascii: "]")) }

    @inline(__always) mutating func beginMap() { out.append(UInt8(ascii: "{")) }

    @inline(__always) mutating func beginKey(_ index: Int) {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        keyStarts.append(out.count)
    }

    mutating func beginValue() {
        let start = keyStarts.popLast() ?? out.count
        if start < out.count, out[start] != UInt8(ascii: "\"") {
            let text = Array(out[start...])
            out.removeSubrange(start...)
            JSONText.appendMapKey(text, to: &out)
        }
        out.append(UInt8(ascii: ":"))
    }

    @inline(__always) mutating func endMap() { out.append(UInt8(ascii: "}")) }
}
