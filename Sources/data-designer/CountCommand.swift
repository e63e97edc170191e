import ParquetExport

enum CountCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--per-file"], takesValue: false)]
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.count) else { return }
        let inputs = try args.inputs(of: "count", usage: Usage.count)
        let dataset = try Dataset(inputs: inputs)
        let counts = try dataset.recordCounts()
        if args.has("--per-file") {
            for count in counts { Console.out("\(count.records)\t\(count.path)") }
        }
        let total = try RecordTotal.sum(counts)
        Console.out("\(total)")
    }
}
