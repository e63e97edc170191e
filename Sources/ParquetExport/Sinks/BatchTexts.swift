/// Formats every top-level field of a batch into per-row text, reusing its buffers from
/// batch to batch. Shared by the text sinks (JSONL, CSV).
struct BatchTexts {
    private(set) var names: [String] = []
    private var formatters: [FieldFormatter] = []
    /// The cells of the last formatted batch, field-major (see ``FieldTexts``).
    private(set) var cells = FieldTexts()
    private(set) var rows = 0

    init(schema: Schema, style: TextStyle) throws {
        names = schema.fields.map(\.name)
        formatters = try schema.fields.map { field in
            try withContextForField(field.name) { FieldFormatter(style: style, shape: try FieldShape(node: field)) }
        }
    }

    /// Formats `batch`, whose schema must have the fields this was made for.
    mutating func format(_ batch: RecordBatch) throws {
        guard batch.schema.fields.map(\.name) == names else {
            throw ParquetError(.invalidArgument, "a batch's fields (\(batch.schema.fields.map(\.name))) differ from the output's (\(names))")
        }
        rows = batch.numRows
        cells.reset(cells: rows * formatters.count)
        for index in formatters.indices {
            try withContextForField(names[index]) { try formatters[index].format(batch, into: &cells) }
        }
    }

    /// Writes every row: `prefixes[f]` before field `f`'s cell, then `suffix`, straight from
    /// the cell buffer into `out` with memory copies.
    func writeRows(prefixes: [[UInt8]], suffix: [UInt8], into out: inout [UInt8]) {
        let fieldCount = formatters.count
        let rows = self.rows
        out.reserveCapacity(out.count + cells.bytes.count + rows * (prefixes.reduce(0) { $0 + $1.count } + suffix.count))
        cells.bytes.withUnsafeBufferPointer { bytes in
            cells.ends.withUnsafeBufferPointer { ends in
                for row in 0 ..< rows {
                    for field in 0 ..< fieldCount {
                        out.append(contentsOf: prefixes[field])
                        let cell = field * rows + row
                        let start = cell == 0 ? 0 : ends[cell - 1]
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< ends[cell]]))
                    }
                    out.append(contentsOf: suffix)
                }
            }
        }
    }
}

/// Names `field` in any `ParquetError` thrown by `body` that names no column yet.
func withContextForField<T>(_ field: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ParquetError {
        throw error.adding(column: field)
    }
}
