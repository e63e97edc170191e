/// Writes records as JSON Lines: one compact JSON object per record, keys in schema order.
public struct JSONLSink: RecordSink {
    private let output: ByteOutput
    private var keys: [[UInt8]] = []
    private var formatters: [FieldFormatter] = []
    private var texts: [FieldTexts] = []

    /// A sink writing to `output`.
    public init(output: ByteOutput) {
        self.output = output
    }

    public mutating func begin(schema: Schema) throws {
        keys = schema.fields.enumerated().map { index, field in
            var key: [UInt8] = index == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: ",")]
            JSONText.appendString(field.name, to: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
        formatters = try schema.fields.map { field in
            try withContextForField(field.name) { FieldFormatter(style: .json, shape: try FieldShape(node: field)) }
        }
        texts = Array(repeating: FieldTexts(), count: keys.count)
    }

    public mutating func write(_ batch: RecordBatch) throws {
        guard batch.schema.fields.count == keys.count else {
            throw ParquetError(.invalidArgument, "batch has \(batch.schema.fields.count) fields, the sink expects \(keys.count)")
        }
        for index in formatters.indices {
            let name = batch.schema.fields[index].name
            try withContextForField(name) { try formatters[index].format(batch, into: &texts[index]) }
        }
        let rows = batch.numRows
        try output.withBuffer { out in
            for row in 0 ..< rows {
                for f in 0 ..< keys.count {
                    out.append(contentsOf: keys[f])
                    let text = texts[f]
                    out.append(contentsOf: text.bytes[text.range(row)])
                }
                if keys.isEmpty { out.append(UInt8(ascii: "{")) }
                out.append(UInt8(ascii: "}"))
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    public mutating func finish() throws {
        try output.flush()
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
