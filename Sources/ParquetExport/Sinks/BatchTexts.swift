/// Formats every top-level field of a batch into per-row text, reusing its buffers from
/// batch to batch. Shared by the text sinks (JSONL, CSV).
struct BatchTexts {
    private(set) var names: [String] = []
    private var formatters: [FieldFormatter] = []
    private(set) var fields: [FieldTexts] = []

    init(schema: Schema, style: TextStyle) throws {
        names = schema.fields.map(\.name)
        formatters = try schema.fields.map { field in
            try withContextForField(field.name) { FieldFormatter(style: style, shape: try FieldShape(node: field)) }
        }
        fields = Array(repeating: FieldTexts(), count: names.count)
    }

    /// Formats `batch`, whose schema must have the fields this was made for.
    mutating func format(_ batch: RecordBatch) throws {
        guard batch.schema.fields.map(\.name) == names else {
            throw ParquetError(.invalidArgument, "a batch's fields (\(batch.schema.fields.map(\.name))) differ from the output's (\(names))")
        }
        for index in formatters.indices {
            try withContextForField(names[index]) { try formatters[index].format(batch, into: &fields[index]) }
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
