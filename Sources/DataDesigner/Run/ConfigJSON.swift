import ParquetExport

/// JSON text of config values: builder_config.json and metadata.json.
enum ConfigJSON {
    /// Appends `value` as JSON. With `indent` (spaces per level) objects and arrays are laid
    /// out one member per line; without, the text is compact. Object keys keep their order.
    /// Non-finite doubles (possible only from YAML) are written as null.
    static func append(_ value: ConfigValue, to out: inout [UInt8], indent: Int?, level: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): TextFormat.appendInt(i, to: &out)
        case .double(let d):
            if d.isFinite {
                out.append(contentsOf: TextFormat.double(d).utf8)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .string(let s): JSONText.appendString(s, to: &out)
        case .array(let items):
            appendContainer(open: "[", close: "]", count: items.count, out: &out, indent: indent, level: level) { i, out in
                append(items[i], to: &out, indent: indent, level: level + 1)
            }
        case .object(let members):
            appendContainer(open: "{", close: "}", count: members.count, out: &out, indent: indent, level: level) { i, out in
                JSONText.appendString(members[i].key, to: &out)
                out.append(contentsOf: (indent == nil ? ":" : ": ").utf8)
                append(members[i].value, to: &out, indent: indent, level: level + 1)
            }
        }
    }

    private static func appendContainer(open: Character, close: Character, count: Int, out: inout [UInt8],
                                        indent: Int?, level: Int, _ member: (Int, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: open.unicodeScalars.first ?? "["))
        for i in 0..<count {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if let indent { newline(&out, indent * (level + 1)) }
            member(i, &out)
        }
        if let indent, count > 0 { newline(&out, indent * level) }
        out.append(UInt8(ascii: close.unicodeScalars.first ?? "]"))
    }

    private static func newline(_ out: inout [UInt8], _ spaces: Int) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: spaces))
    }

    /// `value` as pretty JSON text (two-space indent) ending with a newline.
    static func pretty(_ value: ConfigValue) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out, indent: 2, level: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }
}
