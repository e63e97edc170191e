import ParquetExport

enum CountCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--per-file"], takesValue: false),
                     OptionSpec(names: ["--help", "-h"], takesValue: false)]
        let args = try parseArguments(arguments, specs: specs, usage: Usage.count)
        if args.has("--help") {
            Console.out(Usage.count)
            return
        }
        guard !args.positionals.isEmpty else {
            throw UsageError(message: "count needs at least one INPUT", usage: Usage.count)
        }
        let dataset = try Dataset(inputs: args.positionals)
        let counts = try dataset.recordCounts()
        var total: Int64 = 0
        for (path, records) in counts {
            if args.has("--per-file") { Console.out("\(records)\t\(path)") }
            let (sum, overflow) = total.addingReportingOverflow(records)
            guard !overflow else { throw ParquetError(.corrupt, "record counts overflow a 64-bit integer", file: path) }
            total = sum
        }
        Console.out("\(total)")
    }
}
