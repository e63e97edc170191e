import Foundation
import Parquet
import ParquetExport

/// Runs `create`: picks the dataset folder (fresh, timestamped or resumed), writes
/// builder_config.json, generates the missing batches one by one (each written to
/// `tmp-partial-parquet-files/`, renamed into `parquet-files/`, then metadata.json rewritten
/// atomically) and optionally exports the dataset.
///
/// ```swift
/// var options = CreateOptions()
/// options.numRecords = 5000
/// options.seed = 42
/// let result = try DatasetCreator.create(config: try DatasetConfig.load(path: "customers.yaml"), options: options)
/// print(result.datasetFolder, result.recordCount)
/// ```
public enum DatasetCreator {
    /// Generates (or continues) a dataset. Everything that can be refused (a bad option, an
    /// incompatible stored run, a config that does not compile) is refused before anything
    /// is written. Throws ``CreateError`` or `ParquetError`, each naming the file at fault.
    public static func create(config: DatasetConfig, options: CreateOptions,
                              events: (CreateEvent) -> Void = { _ in }) throws -> CreateResult {
        if let n = options.numRecords, n < 1 { throw CreateError("the number of records must be at least 1 (got \(n))") }
        if let b = options.requestedBufferSize, b < 1 { throw CreateError("the buffer size must be at least 1 (got \(b))") }
        if let s = options.seed, s > UInt64(Int64.max) { throw CreateError("the seed must be at most \(Int64.max) (got \(s))") }
        guard CreateOptions.isUsableDatasetName(options.datasetName) else {
            throw CreateError("the dataset name '\(options.datasetName)' cannot be used as a folder name")
        }
        let plan = try GenerationPlan(config: config, limits: options.limits, seedLimits: options.seedLimits)
        var notices: [String] = []
        var run = try RunState.resolve(config: config, options: options, needsDroppedFile: plan.droppedSchema != nil,
                                       processors: plan.processorNames, seedHash: plan.seedFingerprint) {
            notices.append($0)
        }
        run.recordsReferenceDate = plan.usesReferenceDate
        events(.started(run.start))
        for notice in notices { events(.notice(notice)) }
        return try run.execute(plan: plan, config: config, options: options, events: events)
    }
}

/// One run's resolved settings and progress.
struct RunState {
    let layout: DatasetLayout
    let kind: CreateStart.Kind
    let seed: UInt64
    let target: Int
    let original: Int
    let bufferSize: Int
    let datasetName: String
    let configHash: String
    let preserveDropped: Bool
    /// The date person_from_faker birth dates count back from (the first run's date, kept
    /// across resumes in metadata.json).
    let referenceDate: CivilDate
    /// Whether metadata.json records ``referenceDate`` (the config has person columns).
    var recordsReferenceDate = false
    /// The seed dataset's fingerprint, recorded in metadata.json (a resume needs the same).
    var seedHash: String? = nil
    /// The schema_transform processors, whose files every complete batch has.
    var processors: [String] = []
    /// Record counts of the batches complete on disk.
    var done: [Int: Int64]

    var totalBatches: Int { target / bufferSize + (target % bufferSize == 0 ? 0 : 1) }

    func rows(of batch: Int) -> Int { min(bufferSize, target - batch * bufferSize) }

    var start: CreateStart {
        CreateStart(kind: kind, datasetFolder: layout.folder, targetRecords: target, bufferSize: bufferSize,
                    seed: seed, totalBatches: totalBatches, completedBatches: done.count)
    }

    var metadata: RunMetadata {
        let indices = done.keys.sorted()
        return RunMetadata(targetNumRecords: target, originalTargetNumRecords: original,
                           actualNumRecords: done.values.reduce(0, +), totalNumBatches: totalBatches,
                           numCompletedBatches: indices.count, bufferSize: bufferSize, datasetName: datasetName,
                           seed: seed, parquetFiles: indices.map(DatasetLayout.relativeBatchPath),
                           processorFiles: Dictionary(uniqueKeysWithValues: processors.map { name in
                               (name, indices.map { DatasetLayout.relativeProcessorPath(name, $0) })
                           }),
                           configHash: configHash,
                           preserveDroppedColumns: preserveDropped,
                           personReferenceDate: recordsReferenceDate ? referenceDate.description : nil,
                           seedDatasetHash: seedHash)
    }

    // MARK: Choosing the folder

    /// Picks the folder and settings; `note` receives messages for the user.
    static func resolve(config: DatasetConfig, options: CreateOptions, needsDroppedFile: Bool = false,
                        processors: [String] = [], seedHash: String? = nil, note: (String) -> Void) throws -> RunState {
        var state = try resolveFolder(config: config, options: options, needsDroppedFile: needsDroppedFile,
                                      processors: processors, seedHash: seedHash, note: note)
        state.seedHash = seedHash
        state.processors = processors
        return state
    }

    private static func resolveFolder(config: DatasetConfig, options: CreateOptions, needsDroppedFile: Bool,
                                      processors: [String], seedHash: String?, note: (String) -> Void) throws -> RunState {
        let base = (options.artifactPath as NSString).appendingPathComponent(options.datasetName)
        func fresh(_ folder: String, _ kind: CreateStart.Kind) -> RunState {
            let target = options.numRecords ?? CreateOptions.defaultNumRecords
            return RunState(layout: DatasetLayout(folder: folder), kind: kind,
                            seed: options.seed ?? UInt64.random(in: 0 ... UInt64(Int64.max)),
                            target: target, original: target,
                            bufferSize: options.requestedBufferSize ?? CreateOptions.defaultBufferSize,
                            datasetName: options.datasetName, configHash: config.fingerprint,
                            preserveDropped: options.runConfig.preserveDroppedColumns,
                            referenceDate: CivilDate.local(options.now ?? Date()), done: [:])
        }
        switch options.resume {
        case .never:
            return fresh(FileSystem.isMissingOrEmpty(base) ? base : try timestamped(base, options.now), .fresh)
        case .always:
            guard FileSystem.exists(base) else {
                throw CreateError("\(base): cannot resume: the dataset folder does not exist")
            }
            guard !FileSystem.isMissingOrEmpty(base) else {
                throw CreateError("\(base): cannot resume: the dataset folder is empty")
            }
            let layout = DatasetLayout(folder: base)
            guard FileSystem.exists(layout.metadata) else {
                note("\(layout.metadata) is missing (the run stopped before its first batch); starting again from zero")
                return fresh(base, .restarted)
            }
            let stored = try RunMetadata.read(from: layout.metadata)
            if let refusal = incompatibility(stored, config: config, options: options, seedHash: seedHash) {
                throw CreateError("\(layout.metadata): cannot resume: \(refusal)")
            }
            return try resumed(layout, stored, options, needsDroppedFile: needsDroppedFile, processors: processors, note)
        case .ifPossible:
            if FileSystem.isMissingOrEmpty(base) { return fresh(base, .fresh) }
            let layout = DatasetLayout(folder: base)
            let reason: String
            if !FileSystem.exists(layout.metadata) {
                reason = "it has no metadata.json"
            } else {
                do {
                    let stored = try RunMetadata.read(from: layout.metadata)
                    if let refusal = incompatibility(stored, config: config, options: options, seedHash: seedHash) {
                        reason = refusal
                    } else {
                        return try resumed(layout, stored, options, needsDroppedFile: needsDroppedFile,
                                           processors: processors, note)
                    }
                } catch let error as CreateError {
                    reason = error.message
                }
            }
            let folder = try timestamped(base, options.now)
            note("cannot resume \(base) (\(reason)); starting a fresh run in \(folder)")
            return fresh(folder, .fresh)
        }
    }

    /// Why the stored run cannot be continued with these settings, or nil when it can.
    static func incompatibility(_ stored: RunMetadata, config: DatasetConfig, options: CreateOptions,
                                seedHash: String? = nil) -> String? {
        if stored.configHashVersion != ConfigHash.version {
            return "metadata.json was written by an earlier version (config hash version \(stored.configHashVersion), now \(ConfigHash.version)); its batches cannot be continued"
        }
        if stored.configHash != config.fingerprint {
            return "the config has changed (config hash \(stored.configHash) in metadata.json, \(config.fingerprint) now)"
        }
        if let storedSeed = stored.seedDatasetHash, let seedHash, storedSeed != seedHash {
            return "the seed dataset has changed (seed_dataset_hash \(storedSeed) in metadata.json, \(seedHash) now)"
        }
        if stored.preserveDroppedColumns != options.runConfig.preserveDroppedColumns {
            return "preserve_dropped_columns is \(options.runConfig.preserveDroppedColumns) but the run used \(stored.preserveDroppedColumns)"
        }
        if let seed = options.seed, seed != stored.seed {
            return "--seed \(seed) differs from the run's seed \(stored.seed)"
        }
        if let size = options.requestedBufferSize, size != stored.bufferSize {
            let source = options.bufferSize != nil ? "--buffer-size" : "the run config's buffer_size"
            return "\(source) \(size) differs from the run's buffer size \(stored.bufferSize)"
        }
        if let n = options.numRecords, n < stored.targetNumRecords {
            return "-n \(n) is below the run's target of \(stored.targetNumRecords) records"
        }
        guard stored.bufferSize >= 1, stored.targetNumRecords >= 1 else {
            return "metadata.json holds a buffer size or target below 1"
        }
        return nil
    }

    /// The state of a stored run: batches complete on disk (record counts from footers)
    /// whose size fits the plan. A smaller last batch of an earlier, smaller target is made
    /// again with the full size (its first records unchanged).
    static func resumed(_ layout: DatasetLayout, _ stored: RunMetadata, _ options: CreateOptions,
                        needsDroppedFile: Bool, processors: [String] = [], _ note: (String) -> Void) throws -> RunState {
        var state = RunState(layout: layout, kind: .resumed, seed: stored.seed,
                             target: max(options.numRecords ?? stored.targetNumRecords, stored.targetNumRecords),
                             original: stored.originalTargetNumRecords, bufferSize: stored.bufferSize,
                             datasetName: options.datasetName, configHash: stored.configHash,
                             preserveDropped: stored.preserveDroppedColumns,
                             referenceDate: stored.personReferenceDate.flatMap(CivilDate.init) ?? CivilDate.local(options.now ?? Date()),
                             done: [:])
        for (index, path) in try layout.existingBatches().sorted(by: { $0.key < $1.key }) {
            guard index < state.totalBatches else {
                throw CreateError("\(path): cannot resume: the run has only \(state.totalBatches) batches but this file is batch \(index)")
            }
            let planned: Int64, records: Int64
            do {
                (planned, records) = try BatchFileWriter.plannedRows(path: path)
            } catch {
                note("\(path): unreadable (\(error)); making the batch again")
                continue
            }
            if planned == Int64(state.rows(of: index)) {
                if state.preserveDropped, needsDroppedFile, !FileSystem.exists(layout.droppedPath(index)) {
                    note("\(path): its dropped-columns file is missing; making the batch again")
                    continue
                }
                if let name = processors.first(where: { !FileSystem.exists(layout.processorPath($0, index)) }) {
                    note("\(path): its file of processor '\(name)' is missing; making the batch again")
                    continue
                }
                state.done[index] = records
            } else {
                note("\(path): was made for \(planned) records where the run needs \(state.rows(of: index)); making the batch again")
            }
        }
        return state
    }

    /// `<base>_MM-DD-YYYY_HHMMSS` in local time (with `_2`, `_3`, ... when that is taken too).
    static func timestamped(_ base: String, _ now: Date?) throws -> String {
        let date = now ?? Date()
        let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let s = String(v ?? 0); return s.count < 2 ? "0" + s : s }
        let stamp = "\(two(c.month))-\(two(c.day))-\(c.year ?? 0)_\(two(c.hour))\(two(c.minute))\(two(c.second))"
        let candidate = "\(base)_\(stamp)"
        if FileSystem.isMissingOrEmpty(candidate) { return candidate }
        for n in 2 ... 1000 where FileSystem.isMissingOrEmpty("\(candidate)_\(n)") { return "\(candidate)_\(n)" }
        throw CreateError("\(candidate): every timestamped folder name is taken")
    }

    // MARK: Running

    mutating func execute(plan: GenerationPlan, config: DatasetConfig, options: CreateOptions,
                          events: (CreateEvent) -> Void) throws -> CreateResult {
        if kind == .restarted { try layout.clearRun() }
        try layout.prepare()
        try writeBuilderConfig(config)
        let generator = BatchGenerator(plan: plan, seed: seed, referenceDate: referenceDate)
        let writer = BatchFileWriter(layout: layout, plan: plan, preserveDropped: preserveDropped)
        let missing = (0 ..< totalBatches).filter { done[$0] == nil }
        var generated = 0
        var stopped = false
        var droppedRows: [String: [String: Int]] = [:]
        if missing.isEmpty {
            events(.notice("\(layout.folder): the dataset is already complete (\(totalBatches) batch(es))"))
        }
        for index in missing {
            if options.isCancelled() {
                stopped = true
                break
            }
            let rows = rows(of: index)
            let output = try generator.generate(batch: index, rows: rows, firstRecord: Int64(index) * Int64(bufferSize))
            try writer.write(output, index: index, plannedRows: rows)
            for (column, reasons) in output.droppedRows {
                for (reason, n) in reasons { droppedRows[column, default: [:]][reason, default: 0] += n }
            }
            done[index] = Int64(output.rows)
            try metadata.write(to: layout.metadata)
            generated += 1
            events(.batchWritten(batch: index, recordsDone: done.values.reduce(0, +), totalRecords: Int64(target)))
        }
        for (column, reasons) in droppedRows.sorted(by: { $0.key < $1.key }) {
            let total = reasons.values.reduce(0, +)
            let why = reasons.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            events(.notice("expression column '\(column)' dropped \(total) record(s) (\(why)), as the real tool drops them"))
        }
        try FileSystem.removeContents(of: layout.partialFolder)
        if !stopped {
            var final = metadata
            final.columnStatistics = try DatasetProfile.statistics(layout: layout, plan: plan, batches: done.keys.sorted())
            let stored = try? RunMetadata.read(from: layout.metadata)
            if stored != final || generated > 0 || !FileSystem.exists(layout.metadata) { try final.write(to: layout.metadata) }
        }
        // No batch is complete when a run is cancelled before its first one: nothing to count.
        let count = done.isEmpty ? 0 : try Dataset(inputs: [layout.folder]).recordCount()
        var result = CreateResult(datasetFolder: layout.folder, recordCount: count, seed: seed, batchesGenerated: generated,
                                  alreadyComplete: missing.isEmpty, stoppedEarly: stopped, exportedPath: nil)
        result.droppedRows = droppedRows
        if let format = options.outputFormat, !stopped {
            result.exportedPath = try export(format: format, total: count, events: events)
        }
        return result
    }

    /// builder_config.json as the real tool writes it: `{"data_designer": ..., "library_version": ...}`
    /// (`json.dumps(indent=2)`), which the real library reloads.
    private func writeBuilderConfig(_ config: DatasetConfig) throws {
        let value = ConfigValue.object([
            ("data_designer", config.value),
            ("library_version", .string(ConfigLoader.libraryVersion)),
        ])
        let output = try ByteOutput(atomicFileAt: layout.builderConfig, durable: true)
        try output.write(Array(PythonJSON.dumps(value, sortKeys: false, ensureASCII: false, indent: 2).utf8))
        try output.commit()
    }

    /// Exports to `<folder>/<dataset-name>.<format>`; on failure that file is removed.
    private func export(format: ExportFormat, total: Int64, events: (CreateEvent) -> Void) throws -> String {
        let path = layout.path("\(datasetName).\(format.rawValue)")
        do {
            _ = try withoutActuallyEscaping(events) { report in
                try Dataset(inputs: [layout.folder]).export(to: path, format: format) { written in
                    report(.exportProgress(records: written, totalRecords: total))
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return path
    }
}
