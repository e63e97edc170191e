import ParquetExport

enum LayoutCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--json"], takesValue: false)]
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.layout) else { return }
        let path = try MetaCommand.singleFile(args.positionals, command: "layout", usage: Usage.layout)
        let layout = try LayoutReport(path: path)
        let output = ByteOutput.standardOutput()
        let emit: (String) throws -> Void = { try output.write(Array(($0 + "\n").utf8)) }
        if args.has("--json") {
            try layout.writeJSON(emit)
        } else {
            try layout.writeText(emit)
        }
        try output.flush()
    }
}
