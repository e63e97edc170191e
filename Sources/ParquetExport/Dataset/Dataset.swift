import Foundation

/// The output formats of an export.
public enum ExportFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv
    case parquet

    /// The format named by a path's extension, case-insensitively (`out.JSONL` → `.jsonl`).
    public init?(pathExtension path: String) {
        self.init(name: (path as NSString).pathExtension)
    }

    /// The format called `name`, case-insensitively (`JSONL` → `.jsonl`).
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// Every format's name, comma-separated, for messages (`jsonl, csv, parquet`).
    public static var supportedNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A set of Parquet files read as one dataset: batch files of a generation run, a folder of
/// Parquet files, or single files.
///
/// ```swift
/// let dataset = try Dataset(inputs: ["artifacts/my-dataset"])
/// print(try dataset.recordCount())
/// try dataset.export(to: "my-dataset.jsonl")
/// ```
///
/// Memory and open files stay bounded whatever the dataset: files are read in batches of at
/// most ``batchLimits`` (also inside large row groups), and each file's descriptor is closed
/// once its footer is read and opened again only while its pages are read, so an export holds
/// at most a few files open (``maxOpenFiles``) even for thousands of inputs.
public struct Dataset: Sendable {
    /// The Parquet files, in order.
    public let files: [String]
    /// The caps on each batch read (records and decoded bytes); ``BatchLimits/default``.
    public var batchLimits = BatchLimits.default

    /// Most files an export or schema listing holds open at once: the file being decoded
    /// and the one whose row groups are being copied.
    public static let maxOpenFiles = 2

    /// Resolves `inputs` (files, dataset folders, folders of Parquet files); see ``DatasetInputs``.
    public init(inputs: [String]) throws {
        files = try DatasetInputs.resolve(inputs)
    }

    /// Record counts per file, from the footers alone (no data page is read).
    public func recordCounts() throws -> [FileRecordCount] {
        try files.map { FileRecordCount(path: $0, records: try ParquetFileReader.recordCount(path: $0)) }
    }

    /// The total record count, from the footers alone.
    public func recordCount() throws -> Int64 {
        try RecordTotal.sum(try recordCounts())
    }

    /// Per-file facts for the `schema` listing.
    public struct FileSummary: Sendable {
        /// The file.
        public var path: String
        /// Its records (the sum of its row groups' `num_rows`).
        public var records: Int64
        /// Its row groups.
        public var rowGroups: Int
    }

    /// The dataset's schema, each file's record and row-group counts, and the column
    /// statistics folded over all row groups — from the footers alone.
    public func schemaSummary() throws -> SchemaReport {
        let readers = try footers()
        let unified = try UnifiedSchema(files: readers.map { ($0.path, $0.schema) })
        let summaries = try readers.map {
            FileSummary(path: $0.path, records: try $0.numRows, rowGroups: $0.metadata.rowGroups.count)
        }
        return SchemaReport(schema: unified.schema, files: summaries,
                            statistics: StatisticsSummary(readers: readers, schema: unified.schema))
    }

    /// A reader per file with its footer read and its descriptor closed again (reading pages
    /// reopens it), so any number of files can be listed.
    func footers(options: ReadOptions = ReadOptions()) throws -> [ParquetFileReader] {
        try files.map { path in
            let reader = try ParquetFileReader(path: path, options: options)
            reader.closeFile()
            return reader
        }
    }

    /// Exports every record to `path` (`-` for standard output).
    ///
    /// - Parameters:
    ///   - path: the destination; written to a temporary file and renamed into place.
    ///   - format: the output format; nil takes it from `path`'s extension.
    ///   - compression: the codec of Parquet output, one of ``CompressionCodec/writable``
    ///     (`.snappy`, `.gzip`, `.zstd`, `.lz4Raw`, `.brotli`, `.uncompressed`).
    ///   - compressionLevel: the codec's level for Parquet output (GZIP 1...9, ZSTD 1...19,
    ///     LZ4_RAW 1...12, BROTLI 0...11; see ``CompressionCodec/compressionLevels``); nil for
    ///     the codec's default.
    ///     Row groups already stored with `compression` are copied as they are only when no
    ///     level is given.
    ///   - rowGroupSize: Parquet output only: row groups of this many records (the last may
    ///     be smaller), merging small source row groups and splitting large ones; source row
    ///     groups already of that size are still copied as stored when they can be. Nil keeps
    ///     the source row groups (one output row group per source row group).
    ///   - geometry: how JSONL and CSV write GEOMETRY / GEOGRAPHY values (WKT by default).
    ///   - verifyChecksums: check the CRC-32 of every page that has one (on by default).
    ///   - selection: the columns, record range and filter to export (everything by default);
    ///     row groups and pages outside them are not read, the filter is applied exactly,
    ///     and row groups are then never copied as stored.
    ///   - durable: sync the output to the storage device before renaming it into place, so
    ///     it survives a power loss whole (``ByteOutput/init(atomicFileAt:durable:)``); off by
    ///     default: the rename alone already keeps a partial file from ever being seen.
    ///   - progress: called after each batch with the records written so far.
    /// - Returns: the number of records written.
    /// - Throws: `.unsupported` for a codec the writer cannot write and `.invalidArgument` for
    ///   a level outside the codec's range (Parquet output, before anything is written).
    @discardableResult
    public func export(to path: String, format: ExportFormat? = nil, compression: CompressionCodec = .snappy,
                       compressionLevel: Int? = nil, rowGroupSize: Int? = nil, geometry: GeometryEncoding = .wkt,
                       verifyChecksums: Bool = true, selection: ExportSelection = ExportSelection(),
                       durable: Bool = false, progress: ((Int64) -> Void)? = nil) throws -> Int64 {
        guard let format = format ?? (path == "-" ? nil : ExportFormat(pathExtension: path)) else {
            throw ParquetError(.invalidArgument, "cannot tell the output format from the path; use jsonl, csv or parquet", file: path)
        }
        if let rowGroupSize, rowGroupSize <= 0 {
            throw ParquetError(.invalidArgument, "the row-group size must be positive (got \(rowGroupSize))")
        }
        // Read every footer and unify the schemas first: a bad or incompatible file fails
        // before a byte is written.
        let readers = try footers(options: ReadOptions(verifyChecksums: verifyChecksums))
        guard !readers.isEmpty else { return 0 }
        let unified = try UnifiedSchema(files: readers.map { ($0.path, $0.schema) })
        let selected = selection.isEverything ? nil
            : try SelectedBatchSource(readers: readers, unified: unified, selection: selection, limits: batchLimits)
        let output = try ByteOutput(destination: path, durable: durable)
        return try output.committing {
            var sink: any RecordSink
            switch format {
            case .jsonl: sink = JSONLSink(output: output, geometry: geometry)
            case .csv: sink = CSVSink(output: output, geometry: geometry)
            case .parquet:
                var options = ParquetWriterOptions()
                options.compression = compression
                options.compressionLevel = compressionLevel
                options.maxRowGroupRows = rowGroupSize
                sink = ParquetSink(output: output, options: options)
            }
            try sink.begin(schema: selected?.schema ?? unified.schema)
            // Row groups a Parquet sink can take as they are stored (no type change, same
            // codec, no level asked for, and the row-group shape asked for) are copied without
            // decoding; the others are decoded (and converted) one batch ahead on a second thread.
            let copier = selected == nil ? sink.rowGroupCopier : nil
            var copyable = Set<Int>()
            if let copier {
                for (index, reader) in readers.enumerated() where unified.isUnchanged(fileIndex: index) && copier.canCopy(from: reader) {
                    copyable.insert(index)
                }
            }
            // The text sinks read dictionary-encoded strings from their dictionary.
            var limits = batchLimits
            limits.keepsDictionaryIndices = format != .parquet
            limits.decodesInParallel = true
            let source = BatchSource(readers: readers, unified: unified, copyable: copyable, limits: limits,
                                     rowGroupSize: format == .parquet ? rowGroupSize : nil)
            let prefetcher = Prefetcher { () throws -> ExportItem? in
                if let selected { return try selected.next() }
                return try source.next()
            }
            defer { prefetcher.cancel() }
            var written: Int64 = 0
            while let item = try prefetcher.next() {
                switch item {
                case .batch(let batch, let file):
                    try withContext(file: file) { try sink.write(batch) }
                    written += Int64(batch.numRows)
                case .copy(let reader, let group, let closes):
                    guard let copier else { continue }
                    written += try withContext(file: reader.path) { try copier.copyRowGroup(group, from: reader) }
                    if closes { reader.closeFile() }
                }
                progress?(written)
            }
            try sink.finish()
            return written
        }
    }

}

/// What the export loop does next: write a decoded batch (with its file's path), or copy a
/// row group of a file as it is stored (and close the file after it when it is the file's last).
enum ExportItem: Sendable {
    case batch(RecordBatch, String)
    case copy(ParquetFileReader, rowGroup: Int, closesFile: Bool)
}

/// The batches of several files in order, converted to their unified schema; row groups that
/// can be copied (files in `copyable`, groups of the output's shape) are announced for
/// copying instead of decoded. Opens one file at a time and closes it when its last row group
/// is read. Used from the prefetch thread only.
final class BatchSource: @unchecked Sendable {
    private let readers: [ParquetFileReader]
    private let unified: UnifiedSchema
    private let copyable: Set<Int>
    private let limits: BatchLimits
    private let rowGroupSize: Int?
    private var fileIndex = 0
    private var groupIndex = 0
    private var iterator: BatchIterator?
    /// Records of the output row group being built, as the sink will have them (for which
    /// source row groups are at the output's shape).
    private var building = 0

    init(readers: [ParquetFileReader], unified: UnifiedSchema, copyable: Set<Int> = [], limits: BatchLimits = .default,
         rowGroupSize: Int? = nil) {
        self.readers = readers
        self.unified = unified
        self.copyable = copyable
        self.limits = limits
        self.rowGroupSize = rowGroupSize
    }

    func next() throws -> ExportItem? {
        while fileIndex < readers.count {
            let index = fileIndex
            let reader = readers[index]
            if iterator == nil {
                let groups = reader.metadata.rowGroups
                guard groupIndex < groups.count else {
                    reader.closeFile()
                    fileIndex += 1
                    groupIndex = 0
                    continue
                }
                let group = groupIndex
                groupIndex += 1
                let rows = groups[group].numRows
                if copyable.contains(index), rowGroupSize.map({ building == 0 && rows == Int64($0) }) ?? true {
                    return .copy(reader, rowGroup: group, closesFile: groupIndex == groups.count)
                }
                if let size = rowGroupSize, rows > 0 { building = Int((Int64(building) + rows) % Int64(size)) }
                iterator = try withContext(file: reader.path) { try reader.batches(rowGroups: [group], limits: limits) }
            }
            let batch: RecordBatch? = try withContext(file: reader.path) {
                guard let batch = try iterator?.next() else { return nil }
                return try unified.convert(batch, fromFile: index)
            }
            if let batch { return .batch(batch, reader.path) }
            iterator = nil
        }
        return nil
    }
}
