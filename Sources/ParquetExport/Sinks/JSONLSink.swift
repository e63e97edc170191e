/// Writes records as JSON Lines: one compact JSON object per record, keys in schema order,
/// `\n` after every line.
public struct JSONLSink: RecordSink {
    private let output: ByteOutput
    private let geometry: GeometryEncoding
    private var keys: [[UInt8]] = []
    private var texts: BatchTexts?

    /// A sink writing to `output`; `geometry` says how GEOMETRY / GEOGRAPHY values are written.
    public init(output: ByteOutput, geometry: GeometryEncoding = .wkt) {
        self.output = output
        self.geometry = geometry
    }

    public mutating func begin(schema: Schema) throws {
        texts = try BatchTexts(schema: schema, style: .json, geometry: geometry)
        keys = schema.fields.enumerated().map { index, field in
            var key: [UInt8] = index == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: ",")]
            JSONText.appendString(field.name, to: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    public mutating func write(_ batch: RecordBatch) throws {
        guard var texts else { throw ParquetError(.invalidArgument, "JSONLSink.write called before begin") }
        self.texts = nil
        defer { self.texts = texts }
        let suffix: [UInt8] = keys.isEmpty ? Array("{}\n".utf8) : Array("}\n".utf8)
        try texts.write(batch, prefixes: keys, suffix: suffix, to: output)
    }

    public mutating func finish() throws {
        try output.flush()
    }
}
