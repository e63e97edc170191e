/// Writes records as RFC 4180 CSV: a header row of the top-level field names, `,` between
/// fields, `\n` line ends. Nulls are empty unquoted fields; empty strings are `""`; nested
/// values are their compact JSON text in one field.
public struct CSVSink: RecordSink {
    private let output: ByteOutput
    private let geometry: GeometryEncoding
    private var texts: BatchTexts?

    /// A sink writing to `output`; `geometry` says how GEOMETRY / GEOGRAPHY values are written.
    public init(output: ByteOutput, geometry: GeometryEncoding = .wkt) {
        self.output = output
        self.geometry = geometry
    }

    public mutating func begin(schema: Schema) throws {
        texts = try BatchTexts(schema: schema, style: .csv, geometry: geometry)
        try output.withBuffer { out in
            for (index, field) in schema.fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                CSVText.appendField(field.name, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    public mutating func write(_ batch: RecordBatch) throws {
        guard var texts else { throw ParquetError(.invalidArgument, "CSVSink.write called before begin") }
        self.texts = nil
        defer { self.texts = texts }
        let prefixes = texts.names.indices.map { $0 == 0 ? [] : [UInt8(ascii: ",")] }
        try texts.write(batch, prefixes: prefixes, suffix: [UInt8(ascii: "\n")], to: output)
    }

    public mutating func finish() throws {
        try output.flush()
    }
}
