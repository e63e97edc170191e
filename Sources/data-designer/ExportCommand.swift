import ParquetExport

enum ExportCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--output", "-o"], takesValue: true),
                     OptionSpec(names: ["--format", "-f"], takesValue: true),
                     OptionSpec(names: ["--compression"], takesValue: true),
                     OptionSpec(names: ["--row-group-size"], takesValue: true),
                     OptionSpec(names: ["--level"], takesValue: true),
                     OptionSpec(names: ["--geometry"], takesValue: true),
                     OptionSpec(names: ["--no-verify-checksums"], takesValue: false),
                     OptionSpec(names: ["--fsync"], takesValue: false),
                     OptionSpec(names: ["--quiet", "-q"], takesValue: false)] + SelectionOptions.specs
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.export) else { return }
        let inputs = try args.inputs(of: "export", usage: Usage.export)
        guard let output = args.value("--output") else {
            throw UsageError(message: "export needs --output PATH (or -o - for stdout)", usage: Usage.export)
        }
        let format: ExportFormat
        if let name = args.value("--format") {
            format = try exportFormat(named: name, usage: Usage.export)
        } else if output == "-" {
            throw UsageError(message: "--format is required when writing to stdout (-o -)", usage: Usage.export)
        } else {
            guard let inferred = ExportFormat(pathExtension: output) else {
                throw UsageError(message: "cannot tell the format of '\(output)' from its extension; supported formats: \(ExportFormat.supportedNames) (or pass --format)", usage: Usage.export)
            }
            format = inferred
        }
        let (compression, level) = try compressionOptions(args)
        var geometry = GeometryEncoding.wkt
        if let name = args.value("--geometry") {
            guard let named = GeometryEncoding(rawValue: name.lowercased()) else {
                throw UsageError(message: "unknown geometry encoding '\(name)'; use wkt, geojson or wkb", usage: Usage.export)
            }
            geometry = named
        }
        var rowGroupSize: Int?
        if let text = args.value("--row-group-size") {
            guard let rows = Int(text), rows > 0 else {
                throw UsageError(message: "--row-group-size needs a positive number of records, not '\(text)'", usage: Usage.export)
            }
            guard format == .parquet else {
                throw UsageError(message: "--row-group-size applies to Parquet output only", usage: Usage.export)
            }
            rowGroupSize = rows
        }
        let selection = try SelectionOptions.parse(args, usage: Usage.export)
        let quiet = args.has("--quiet")
        let dataset = try Dataset(inputs: inputs)
        var total = quiet ? 0 : try dataset.recordCount()
        if let rows = selection.rows { total = max(0, min(total, rows.upperBound) - rows.lowerBound) }
        let progress = ProgressBar(total: total, label: "export", enabled: !quiet)
        let records = try dataset.export(to: output, format: format, compression: compression, compressionLevel: level,
                                         rowGroupSize: rowGroupSize, geometry: geometry,
                                         verifyChecksums: !args.has("--no-verify-checksums"), selection: selection,
                                         durable: args.has("--fsync")) { progress.update($0) }
        progress.finish()
        if !quiet {
            Console.err("Exported \(records) record(s) to \(output == "-" ? "stdout" : output)")
        }
    }

    /// `--compression` (default snappy) and `--level`, checked against the codec's levels.
    /// A codec the writer cannot write yet is left to the export, which refuses it (exit 1).
    static func compressionOptions(_ args: ParsedArguments) throws -> (CompressionCodec, Int?) {
        var codec = CompressionCodec.snappy
        if let name = args.value("--compression") {
            guard let named = CompressionCodec(name: name) else {
                throw UsageError(message: "unknown compression '\(name)'; use \(Usage.codecNames)", usage: Usage.export)
            }
            codec = named
        }
        guard let text = args.value("--level") else { return (codec, nil) }
        let name = Usage.codecName(codec)
        guard let level = Int(text) else {
            throw UsageError(message: "--level must be an integer (got '\(text)')", usage: Usage.export)
        }
        guard codec.isWritable else { return (codec, level) }
        guard let range = codec.compressionLevels else {
            throw UsageError(message: "--level does not apply to \(name), which has no levels", usage: Usage.export)
        }
        guard range.contains(level) else {
            throw UsageError(message: "--level for \(name) must be \(range.lowerBound) to \(range.upperBound) (got \(level))",
                             usage: Usage.export)
        }
        return (codec, level)
    }
}
