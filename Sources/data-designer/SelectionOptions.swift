import ParquetExport

/// `--columns`, `--rows` and `--where` of `export` (and `--columns` of `head`).
enum SelectionOptions {
    static let specs = [OptionSpec(names: ["--columns"], takesValue: true),
                        OptionSpec(names: ["--rows"], takesValue: true),
                        OptionSpec(names: ["--where"], takesValue: true)]

    /// The selection the options ask for; a malformed value is a usage error.
    static func parse(_ args: ParsedArguments, usage: String) throws -> ExportSelection {
        var selection = ExportSelection()
        if let text = args.value("--columns") {
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.contains(where: \.isEmpty) else {
                throw UsageError(message: "--columns needs comma-separated column names (got '\(text)')", usage: usage)
            }
            selection.columns = names
        }
        if let text = args.value("--rows") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let start = parts[0].isEmpty ? 0 : Int64(parts[0]),
                  let end = parts[1].isEmpty ? Int64.max : Int64(parts[1]), start >= 0, end >= start else {
                throw UsageError(message: "--rows needs START:END, record positions with 0 <= START <= END (got '\(text)')", usage: usage)
            }
            selection.rows = start ..< end
        }
        if let text = args.value("--where") {
            do {
                selection.filter = try FilterExpression.parse(text)
            } catch let error as FilterSyntaxError {
                throw UsageError(message: "--where: \(error.message) at position \(error.position) of '\(text)'", usage: usage)
            }
        }
        return selection
    }
}

enum HeadCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--num-records", "-n"], takesValue: true),
                     OptionSpec(names: ["--columns"], takesValue: true),
                     OptionSpec(names: ["--no-verify-checksums"], takesValue: false),
                     OptionSpec(names: ["--quiet", "-q"], takesValue: false)]
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.head) else { return }
        let inputs = try args.inputs(of: "head", usage: Usage.head)
        var count: Int64 = 10
        if let text = args.value("--num-records") {
            guard let n = Int64(text), n >= 0 else {
                throw UsageError(message: "-n needs an integer of at least 0 (got '\(text)')", usage: Usage.head)
            }
            count = n
        }
        var selection = try SelectionOptions.parse(args, usage: Usage.head)
        selection.rows = 0 ..< count
        try Dataset(inputs: inputs).export(to: "-", format: .jsonl, verifyChecksums: !args.has("--no-verify-checksums"),
                                                     selection: selection)
    }
}
