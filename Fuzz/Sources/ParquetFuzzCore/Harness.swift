#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Parquet
import ParquetExport

/// Runs one fuzz input through the whole read path: footer, Thrift, schema, page headers,
/// levels, every encoding and codec, record assembly, and export to JSONL, CSV and Parquet
/// (whose output is read back).
///
/// Any `Error` is an expected outcome for a malformed input; a trap (crash), a hang or an
/// allocation beyond the fuzzer's limit is a bug.
public struct FuzzHarness {
    /// Where the input is written (the reader takes a path); a tmpfs folder keeps it in memory.
    public let inputPath: String
    /// Where the exports go (written to a temporary file and renamed by the exporter).
    public let outputFolder: String

    /// A harness using files in `folder` (default: `/dev/shm` when present, else the temp folder).
    public init(folder: String? = nil) {
        let base = folder ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        let tag = "dd-fuzz-\(getpid())"
        inputPath = (base as NSString).appendingPathComponent("\(tag).parquet")
        outputFolder = base
    }

    /// Writes `bytes` to the input file and runs every reader entry point over it.
    /// Returns the error that ended the read, or nil when the input read cleanly.
    @discardableResult
    public func run(_ bytes: UnsafeRawBufferPointer) -> Error? {
        guard write(bytes) else { return nil }
        return exercise(path: inputPath)
    }

    /// Runs every reader entry point over the file at `path`.
    @discardableResult
    public func exercise(path: String) -> Error? {
        var firstError: Error?
        func note(_ body: () throws -> Void) {
            do { try body() } catch { if firstError == nil { firstError = error } }
        }
        // Footer only (what `count` does).
        note { _ = try ParquetFileReader.recordCount(path: path) }
        // Footer, schema and statistics (what `schema` does).
        note { _ = try Dataset(inputs: [path]).schemaSummary() }
        // Every page, in small batches: exercises records split across pages and batches.
        note {
            let reader = try ParquetFileReader(path: path)
            var batches = try reader.batches(maxRowsPerBatch: 7)
            var guardCount = 0
            while let batch = try batches.next() {
                guardCount += 1
                if guardCount > 100_000 || batch.numRows == 0 { break }
            }
        }
        // The export path, as `export -f jsonl` and `-f csv` run it.
        let outBase = (outputFolder as NSString).appendingPathComponent("dd-fuzz-\(getpid())-out")
        note { try Dataset(inputs: [path]).export(to: outBase + ".jsonl", format: .jsonl) }
        note { try Dataset(inputs: [path]).export(to: outBase + ".csv", format: .csv) }
        // Whatever decodes is also written back as Parquet (the writer must take it) and read again.
        note {
            try Dataset(inputs: [path]).export(to: outBase + ".parquet", format: .parquet)
            try Dataset(inputs: [outBase + ".parquet"]).export(to: outBase + ".jsonl", format: .jsonl)
        }
        for ext in [".jsonl", ".csv", ".parquet"] { unlink(outBase + ext) }
        return firstError
    }

    /// Removes the input file.
    public func cleanUp() {
        unlink(inputPath)
    }

    private func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let fd = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            guard let base = bytes.baseAddress else { break }
            let n = Foundation.write(fd, base + done, bytes.count - done)
            if n <= 0 { return false }
            done += n
        }
        return true
    }
}
