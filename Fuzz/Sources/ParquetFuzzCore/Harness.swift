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
/// A `ParquetError` is the expected outcome for a malformed input. Any other error type, a
/// trap (crash), a hang or an allocation beyond the fuzzer's limit is a bug.
public struct FuzzHarness {
    /// What one input did.
    public enum Outcome: CustomStringConvertible {
        /// Every entry point read it without an error.
        case clean
        /// It was refused with a `ParquetError` (the CLI's one-line `error:`): expected.
        case rejected(ParquetError)
        /// An entry point threw something that is not a `ParquetError`: a bug.
        case unexpected(any Error)
        /// The input could not be written to the harness's input file (nothing was read).
        case inputNotWritten(path: String, errno: Int32)

        /// True for the outcomes that are bugs in the reader or the harness's setup.
        public var isFailure: Bool {
            switch self {
            case .clean, .rejected: return false
            case .unexpected, .inputNotWritten: return true
            }
        }

        public var description: String {
            switch self {
            case .clean: return "read cleanly"
            case .rejected(let error): return "rejected: \(error)"
            case .unexpected(let error): return "UNEXPECTED \(type(of: error)): \(error)"
            case .inputNotWritten(let path, let code): return "could not write the input to \(path) (errno \(code))"
            }
        }
    }

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
    @discardableResult
    public func run(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        if let code = write(bytes) { return .inputNotWritten(path: inputPath, errno: code) }
        return exercise(path: inputPath)
    }

    /// Runs every reader entry point over the file at `path`. The first error that is not a
    /// `ParquetError` wins over any `ParquetError`.
    @discardableResult
    public func exercise(path: String) -> Outcome {
        var rejection: ParquetError?
        var unexpected: (any Error)?
        func note(_ body: () throws -> Void) {
            do { try body() } catch let error as ParquetError {
                if rejection == nil { rejection = error }
            } catch {
                if unexpected == nil { unexpected = error }
            }
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
        if let unexpected { return .unexpected(unexpected) }
        if let rejection { return .rejected(rejection) }
        return .clean
    }

    /// Removes the input file.
    public func cleanUp() {
        unlink(inputPath)
    }

    /// Writes the input file; returns nil on success, else the errno of the failure.
    private func write(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        let fd = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            guard let base = bytes.baseAddress else { break }
            let n = Foundation.write(fd, base + done, bytes.count - done)
            if n < 0 { return errno }
            if n == 0 { return EIO }
            done += n
        }
        return nil
    }
}
