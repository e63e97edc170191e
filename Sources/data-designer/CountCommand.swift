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
        if args.has("--per-file") {
            for count in counts { Console.out("\(count.records)\t\(count.path)") }
        }
        let total = try RecordTotal.sum(counts)
        Console.out("\(total)")
    }
}
