import Foundation

/// The output formats of an export.
public enum ExportFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv
    case parquet

    /// The format named by a path's extension, case-insensitively (`out.JSONL` → `.jsonl`).
    public init?(pathExtension path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self.init(rawValue: ext)
    }
}

/// A set of Parquet files read as one dataset: batch files of a generation run, a folder of
/// Parquet files, or single files.
///
/// ```swift
/// let dataset = try Dataset(inputs: ["artifacts/my-dataset"])
/// print(try dataset.recordCount())
/// try dataset.export(to: "my-dataset.jsonl")
/// ```
public struct Dataset: Sendable {
    /// The Parquet files, in order.
    public let files: [String]

    /// Resolves `inputs` (files, dataset folders, folders of Parquet files); see ``DatasetInputs``.
    public init(inputs: [String]) throws {
        files = try DatasetInputs.resolve(inputs)
    }

    /// Record counts per file, from the footers alone (no data page is read).
    public func recordCounts() throws -> [(path: String, records: Int64)] {
        try files.map { ($0, try ParquetFileReader.recordCount(path: $0)) }
    }

    /// The total record count, from the footers alone.
    public func recordCount() throws -> Int64 {
        var total: Int64 = 0
        for (path, records) in try recordCounts() {
            let (sum, overflow) = total.addingReportingOverflow(records)
            guard !overflow else { throw ParquetError(.corrupt, "record counts overflow a 64-bit integer", file: path) }
            total = sum
        }
        return total
    }

    /// Per-file facts for the `schema` listing.
    public struct FileSummary: Sendable {
        public var path: String
        public var records: Int64
        public var rowGroups: Int
    }

    /// The dataset's schema, each file's record and row-group counts, and the column
    /// statistics folded over all row groups — from the footers alone.
    public func schemaSummary() throws -> (schema: Schema, files: [FileSummary], statistics: StatisticsSummary) {
        let readers = try files.map { try ParquetFileReader(path: $0) }
        let unified = try UnifiedSchema(files: readers.map { ($0.path, $0.schema) })
        let summaries = try readers.map {
            FileSummary(path: $0.path, records: try $0.numRows, rowGroups: $0.metadata.rowGroups.count)
        }
        return (unified.schema, summaries, StatisticsSummary(readers: readers, schema: unified.schema))
    }

    /// Exports every record to `path` (`-` for standard output).
    ///
    /// - Parameters:
    ///   - path: the destination; written to a temporary file and renamed into place.
    ///   - format: the output format; nil takes it from `path`'s extension.
    ///   - compression: the codec of Parquet output, one of ``CompressionCodec/writable``
    ///     (`.snappy`, `.gzip`, `.lz4Raw`, `.uncompressed`).
    ///   - compressionLevel: the codec's level for Parquet output (GZIP 1...9, LZ4_RAW
    ///     1...12; see ``CompressionCodec/compressionLevels``); nil for the codec's default.
    ///     Row groups already stored with `compression` are copied as they are only when no
    ///     level is given.
    ///   - geometry: how JSONL and CSV write GEOMETRY / GEOGRAPHY values (WKT by default).
    ///   - verifyChecksums: check the CRC-32 of every page that has one (on by default).
    ///   - progress: called after each batch with the records written so far.
    /// - Returns: the number of records written.
    /// - Throws: `.unsupported` for a codec the writer cannot write and `.invalidArgument` for
    ///   a level outside the codec's range (Parquet output, before anything is written).
    @discardableResult
    public func export(to path: String, format: ExportFormat? = nil, compression: CompressionCodec = .snappy,
                       compressionLevel: Int? = nil, geometry: GeometryEncoding = .wkt, verifyChecksums: Bool = true,
                       progress: ((Int64) -> Void)? = nil) throws -> Int64 {
        guard let format = format ?? (path == "-" ? nil : ExportFormat(pathExtension: path)) else {
            throw ParquetError(.invalidArgument, "cannot tell the output format from the path; use jsonl, csv or parquet", file: path)
        }
        // Open every footer and unify the schemas first: a bad or incompatible file fails
        // before a byte is written.
        let options = ReadOptions(verifyChecksums: verifyChecksums)
        let readers = try files.map { try ParquetFileReader(path: $0, options: options) }
        guard !readers.isEmpty else { return 0 }
        let unified = try UnifiedSchema(files: readers.map { ($0.path, $0.schema) })
        let output = path == "-" ? ByteOutput.standardOutput() : try ByteOutput(atomicFileAt: path)
        do {
            var sink: any RecordSink
            switch format {
            case .jsonl: sink = JSONLSink(output: output, geometry: geometry)
            case .csv: sink = CSVSink(output: output, geometry: geometry)
            case .parquet:
                var options = ParquetWriterOptions()
                options.compression = compression
                options.compressionLevel = compressionLevel
                sink = ParquetSink(output: output, options: options)
            }
            try sink.begin(schema: unified.schema)
            // Files a Parquet sink can take row groups from as they are stored (no type change,
            // same codec, no level asked for) are copied without decoding; the others are decoded (and converted)
            // one batch ahead on a second thread.
            var copyable = Set<Int>()
            if let copier = sink as? ParquetSink {
                for (index, reader) in readers.enumerated() where unified.isUnchanged(fileIndex: index) && copier.canCopy(from: reader) {
                    copyable.insert(index)
                }
            }
            let source = BatchSource(readers: readers, unified: unified, copyable: copyable)
            let prefetcher = Prefetcher { try source.next() }
            defer { prefetcher.cancel() }
            var written: Int64 = 0
            while let item = try prefetcher.next() {
                switch item {
                case .batch(let batch, let file):
                    try withContext(file: file) { try sink.write(batch) }
                    written += Int64(batch.numRows)
                case .copy(let index):
                    guard let copier = sink as? ParquetSink else { continue }
                    let reader = readers[index]
                    written += try withContext(file: reader.path) { try copier.copyRowGroups(from: reader) }
                }
                progress?(written)
            }
            try sink.finish()
            try output.commit()
            return written
        } catch {
            output.discard()
            throw error
        }
    }

}

/// What the export loop does next: write a decoded batch (with its file's path), or copy
/// every row group of a file as it is stored.
enum ExportItem: Sendable {
    case batch(RecordBatch, String)
    case copy(Int)
}

/// The batches of several files in order, converted to their unified schema; files in
/// `copyable` are announced for copying instead of decoded. Used from the prefetch thread only.
final class BatchSource: @unchecked Sendable {
    private let readers: [ParquetFileReader]
    private let unified: UnifiedSchema
    private let copyable: Set<Int>
    private var fileIndex = 0
    private var iterator: BatchIterator?

    init(readers: [ParquetFileReader], unified: UnifiedSchema, copyable: Set<Int> = []) {
        self.readers = readers
        self.unified = unified
        self.copyable = copyable
    }

    func next() throws -> ExportItem? {
        while fileIndex < readers.count {
            let index = fileIndex
            if copyable.contains(index) {
                fileIndex += 1
                return .copy(index)
            }
            let reader = readers[index]
            let batch: RecordBatch? = try withContext(file: reader.path) {
                if iterator == nil { iterator = try reader.batches() }
                guard let batch = try iterator?.next() else { return nil }
                return try unified.convert(batch, fromFile: index)
            }
            if let batch { return .batch(batch, reader.path) }
            iterator = nil
            fileIndex += 1
        }
        return nil
    }
}
