/// An expression column's template: literal text with `{{ column }}` substitutions.
///
/// Only plain column references are supported (no filters, arithmetic or `{% %}` blocks);
/// a substitution gives the referenced column's value as plain text (see
/// ``ColumnBuffer/appendText(row:to:)``).
struct CompiledTemplate {
    enum Segment: Equatable {
        case literal([UInt8])
        /// Index of the referenced column in the plan.
        case column(Int)
    }

    let segments: [Segment]

    /// Compiles `template` for column `owner`; `resolve` maps a referenced name to the index
    /// of an earlier column (nil when there is none).
    init(_ template: String, owner: String, resolve: (String) -> Int?) throws {
        var segments: [Segment] = []
        var literal: [UInt8] = []
        let bytes = Array(template.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count,
               bytes[i + 1] == UInt8(ascii: "%") || bytes[i + 1] == UInt8(ascii: "#") {
                throw CreateError("column '\(owner)': expr uses a '{\(Character(UnicodeScalar(bytes[i + 1])))' block; only {{ column }} substitutions are supported")
            }
            guard bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else {
                literal.append(bytes[i])
                i += 1
                continue
            }
            var end = i + 2
            while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "}") && bytes[end + 1] == UInt8(ascii: "}")) { end += 1 }
            guard end + 1 < bytes.count else {
                throw CreateError("column '\(owner)': expr has a '{{' without a closing '}}'")
            }
            let name = String(decoding: bytes[(i + 2) ..< end], as: UTF8.self).trimmedText
            guard Self.isPlainName(name) else {
                throw CreateError("column '\(owner)': expr substitution '{{ \(name) }}' is not a plain column name; only {{ column }} substitutions are supported")
            }
            guard let index = resolve(name) else {
                throw CreateError("column '\(owner)': expr refers to '\(name)', which is not an earlier column")
            }
            if !literal.isEmpty {
                segments.append(.literal(literal))
                literal = []
            }
            segments.append(.column(index))
            i = end + 2
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// Whether `name` is a bare name: not empty, without spaces, quotes, brackets or Jinja
    /// operators (`|`, `+`, `(`, ...).
    static func isPlainName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        let forbidden: Set<Character> = [" ", "|", "(", ")", "+", "*", "/", "%", "[", "]", "{", "}", "'", "\"", ",", "~", "<", ">", "=", "!"]
        return !name.contains(where: { forbidden.contains($0) })
    }

    /// Column indices referenced, in order of appearance.
    var references: [Int] {
        segments.compactMap { if case .column(let c) = $0 { c } else { nil } }
    }

    /// Appends the rendered text of row `row` to `out`.
    @inline(__always)
    func render(row: Int, columns: [ColumnBuffer?], to out: inout [UInt8]) {
        for segment in segments {
            switch segment {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .column(let c): columns[c]?.appendText(row: row, to: &out)
            }
        }
    }
}
