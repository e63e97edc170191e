import ParquetExport

enum MetaCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--json"], takesValue: false)]
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.meta) else { return }
        let path = try singleFile(args.positionals, command: "meta", usage: Usage.meta)
        let report = try FooterReport(path: path)
        if args.has("--json") {
            Console.out(report.json.prettyText)
        } else {
            for line in report.textLines() { Console.out(line) }
        }
    }

    /// The one Parquet file an inspection command takes (INPUT may be a folder holding one).
    static func singleFile(_ positionals: [String], command: String, usage: String) throws -> String {
        guard positionals.count == 1, let input = positionals.first else {
            throw UsageError(message: "\(command) takes one INPUT (got \(positionals.count))", usage: usage)
        }
        let files = try Dataset(inputs: [input]).files
        guard files.count == 1, let file = files.first else {
            throw UsageError(message: "\(command) reads one Parquet file; '\(input)' holds \(files.count)", usage: usage)
        }
        return file
    }
}
