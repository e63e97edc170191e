/// A table of text cells printed with aligned columns, two spaces apart.
///
/// Columns listed in `rightAligned` (numbers) are padded on the left; the last column is
/// never padded on the right, so lines carry no trailing spaces.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []
    public var rightAligned: Set<Int>

    public init(headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    /// Adds a row (missing cells are empty, extra cells are dropped).
    public mutating func append(_ row: [String]) {
        rows.append(Array((row + Array(repeating: "", count: max(0, headers.count - row.count))).prefix(headers.count)))
    }

    /// The header line and one line per row, each prefixed by `indent`.
    public func lines(indent: String = "") -> [String] {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where cell.count > widths[i] { widths[i] = cell.count }
        }
        func line(_ cells: [String]) -> String {
            var text = indent
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { text += "  " }
                if rightAligned.contains(i) {
                    text += pad + cell
                } else {
                    text += i == cells.count - 1 ? cell : cell + pad
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return [line(headers)] + rows.map(line)
    }

    /// `text` cut to at most `limit` characters, ending in `…` when cut.
    public static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(0, limit - 1))) + "…"
    }
}
