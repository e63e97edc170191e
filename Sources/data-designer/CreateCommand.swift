import DataDesigner
import ParquetExport

enum CreateCommand {
    static func run(_ arguments: [String]) throws {
        let specs = [OptionSpec(names: ["--num-records", "-n"], takesValue: true),
                     OptionSpec(names: ["--dataset-name", "-d"], takesValue: true),
                     OptionSpec(names: ["--artifact-path", "-o"], takesValue: true),
                     OptionSpec(names: ["--buffer-size"], takesValue: true),
                     OptionSpec(names: ["--run-config", "-c"], takesValue: true),
                     OptionSpec(names: ["--tui"], takesValue: false),
                     OptionSpec(names: ["--no-tui"], takesValue: false),
                     OptionSpec(names: ["--max-cell-bytes"], takesValue: true),
                     OptionSpec(names: ["--max-loop-iterations"], takesValue: true),
                     OptionSpec(names: ["--max-batch-bytes"], takesValue: true),
                     OptionSpec(names: ["--max-seed-bytes"], takesValue: true),
                     OptionSpec(names: ["--seed"], takesValue: true),
                     OptionSpec(names: ["--resume", "-r"], takesValue: true),
                     OptionSpec(names: ["--output-format", "-f"], takesValue: true),
                     OptionSpec(names: ["--quiet", "-q"], takesValue: false)]
        guard let args = try commandArguments(arguments, specs: specs, usage: Usage.create) else { return }
        guard let configPath = args.positionals.first else {
            throw UsageError(message: "create needs a CONFIG file", usage: Usage.create)
        }
        guard args.positionals.count == 1 else {
            throw UsageError(message: "create takes one CONFIG file (got \(args.positionals.count) arguments)", usage: Usage.create)
        }
        var options = CreateOptions()
        options.numRecords = try positive(args.value("--num-records"), "--num-records")
        options.bufferSize = try positive(args.value("--buffer-size"), "--buffer-size")
        if let name = args.value("--dataset-name") {
            guard CreateOptions.isUsableDatasetName(name) else {
                throw UsageError(message: "--dataset-name '\(name)' cannot be used as a folder name", usage: Usage.create)
            }
            options.datasetName = name
        }
        if let path = args.value("--artifact-path") {
            guard !path.isEmpty else { throw UsageError(message: "--artifact-path needs a folder", usage: Usage.create) }
            options.artifactPath = path
        }
        if let text = args.value("--seed") {
            guard let seed = UInt64(text), seed <= UInt64(Int64.max) else {
                throw UsageError(message: "--seed needs an integer from 0 to \(Int64.max) (got '\(text)')", usage: Usage.create)
            }
            options.seed = seed
        }
        if let text = args.value("--resume") {
            guard let mode = ResumeMode(name: text) else {
                throw UsageError(message: "unknown resume mode '\(text)'; use never, always or if_possible", usage: Usage.create)
            }
            options.resume = mode
        }
        if let text = args.value("--output-format") {
            options.outputFormat = try exportFormat(named: text, usage: Usage.create)
        }
        if let n = try positive(args.value("--max-cell-bytes"), "--max-cell-bytes") {
            options.limits.maxCellBytes = n
            options.seedLimits.maxCellBytes = n
        }
        if let n = try positive(args.value("--max-loop-iterations"), "--max-loop-iterations") { options.limits.maxLoopIterations = n }
        if let n = try positive(args.value("--max-batch-bytes"), "--max-batch-bytes") { options.limits.maxBatchBytes = n }
        if let n = try positive(args.value("--max-seed-bytes"), "--max-seed-bytes") {
            options.seedLimits.maxFileBytes = n
            options.seedLimits.maxDecodedBytes = max(options.seedLimits.maxDecodedBytes, 2 * n)
        }
        if args.has("--tui") && args.has("--no-tui") {
            throw UsageError(message: "--tui and --no-tui cannot both be given", usage: Usage.create)
        }
        let quiet = args.has("--quiet")
        func say(_ line: String) { if !quiet { Console.err(line) } }

        let runConfigPath = args.value("--run-config")
        if let path = runConfigPath { options.runConfig = try RunSettings.load(path: path) }
        let config = try DatasetConfig.load(path: configPath, engine: options.runConfig.engine)
        var bar: ProgressBar?
        var exportBar: ProgressBar?
        let result = try DatasetCreator.create(config: config, options: options) { event in
            switch event {
            case .started(let start):
                say("Config: \(configPath)")
                if let runConfigPath { say("Run config: \(runConfigPath)") }
                say("Records: \(start.targetRecords)")
                say("Dataset name: \(options.datasetName)")
                say("Artifact path: \(options.artifactPath)")
                if start.kind == .resumed {
                    say("Resuming \(start.datasetFolder): \(start.completedBatches) of \(start.totalBatches) batch(es) already complete")
                }
                bar = ProgressBar(total: Int64(start.targetRecords), label: "create", enabled: !quiet)
            case let .batchWritten(_, done, _):
                bar?.update(done)
            case .notice(let text):
                bar?.finish()
                say("note: \(text)")
            case let .exportProgress(records, total):
                if exportBar == nil {
                    bar?.finish()
                    exportBar = ProgressBar(total: total, label: "export", enabled: !quiet)
                }
                exportBar?.update(records)
            }
        }
        bar?.finish()
        exportBar?.finish()
        say("Artifacts saved to: \(result.datasetFolder)")
        if let exported = result.exportedPath { say("Exported to: \(exported)") }
        say("Dataset created — \(result.recordCount) record(s) generated")
    }

    /// An integer ≥ 1 from an option value, or nil when the option was not given.
    private static func positive(_ text: String?, _ option: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 1 else {
            throw UsageError(message: "\(option) needs an integer of at least 1 (got '\(text)')", usage: Usage.create)
        }
        return value
    }
}
