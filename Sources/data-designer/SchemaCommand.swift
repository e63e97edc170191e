import ParquetExport

enum SchemaCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--stats"], takesValue: false),
                     OptionSpec(names: ["--json"], takesValue: false)]
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.schema) else { return }
        let inputs = try args.inputs(of: "schema", usage: Usage.schema)
        let dataset = try Dataset(inputs: inputs)
        if args.has("--json") {
            Console.out(try SchemaReport(dataset: dataset).json(includeStatistics: args.has("--stats")).prettyText)
            return
        }
        let summary = try dataset.schemaSummary()
        for line in summary.schema.describeLines() { Console.out(line) }
        if args.has("--stats") {
            Console.out("")
            Console.out("column\tnulls\tnans\tmin\tmax\torder\tunencoded bytes\tgeospatial")
            for column in summary.statistics.columns {
                let nulls = column.nullCount.map(String.init) ?? "?"
                let isFloat = [.float, .double, .float16].contains(summary.schema.column(named: column.path)?.kind)
                let nans = column.nanCount.map(String.init) ?? (isFloat ? "?" : "-")
                let bytes = column.unencodedBytes.map(String.init) ?? "-"
                Console.out("\(column.path)\t\(nulls)\t\(nans)\t\(column.min ?? "?")\t\(column.max ?? "?")\t\(column.order ?? "?")\t\(bytes)\t\(column.geospatialDescription ?? "-")")
            }
        }
        Console.out("")
        Console.out("records\trow groups\tfile")
        for file in summary.files {
            Console.out("\(file.records)\t\(file.rowGroups)\t\(file.path)")
        }
    }
}
