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

    /// Compiles `template` for column `owner` (parsed by ``ExpressionTemplate/parts(of:)``);
    /// `resolve` maps a referenced name to the index of an earlier column (nil when none).
    init(_ template: String, owner: String, resolve: (String) -> Int?) throws {
        let parts: [TemplatePart]
        do {
            parts = try ExpressionTemplate.parts(of: template)
        } catch let error as ConfigError {
            throw CreateError("column '\(owner)', param 'expr': \(error.message)")
        }
        segments = try parts.map { part in
            switch part {
            case .literal(let text):
                return .literal(Array(text.utf8))
            case .reference(let name):
                guard let index = resolve(name) else {
                    throw CreateError("column '\(owner)', param 'expr': '\(name)' is not an earlier column")
                }
                return .column(index)
            }
        }
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
