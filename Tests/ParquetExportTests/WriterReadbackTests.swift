import Foundation
import XCTest
import Parquet
import ParquetExport
import TestSupport

/// Our writer checked by another reader without Python at test time: every flat and nested
/// golden fixture is rewritten by ``ParquetFileWriter`` (deterministic options, three option
/// sets in turn) and must give exactly the committed bytes of `Fixtures/writer/`; next to each
/// committed file is what pyarrow reads from it (`<name>.pyarrow.jsonl`, rendered by
/// `scripts/golden/writer_readback.py` with the reference renderer), which must equal both
/// our reading of it and the source fixture's golden.
///
/// `DD_WRITE_WRITER_FIXTURES=1 swift test --filter WriterReadbackTests` rewrites the committed
/// files (then run the script and commit both).
final class WriterReadbackTests: XCTestCase {
    /// The option sets, used in turn by fixture: Snappy with dictionaries; uncompressed PLAIN
    /// in 256-byte pages (many pages per chunk); ZSTD with row groups of 7 records.
    static func options(_ index: Int) -> ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.createdBy = "parquet-swift writer fixture"
        switch index % 3 {
        case 0:
            options.compression = .snappy
        case 1:
            options.compression = .uncompressed
            options.useDictionary = false
            options.pageSizeBytes = 256
        default:
            options.compression = .zstd
            options.maxRowGroupRows = 7
        }
        return options
    }

    /// `source` rewritten by our writer with `options`.
    static func rewrite(_ source: String, options: ParquetWriterOptions) throws -> [UInt8] {
        let reader = try ParquetFileReader(path: source)
        let output = MemoryByteWriter()
        let writer = try ParquetFileWriter(output: output, schema: reader.schema, options: options)
        var batches = try reader.batches()
        while let batch = try batches.next() { try writer.write(batch) }
        _ = try writer.close()
        return output.bytes
    }

    func entries() throws -> [GoldenManifest.Entry] {
        try GoldenManifest.load().fixtures
            .filter { $0.file.hasPrefix("flat/") || $0.file.hasPrefix("nested/") }
            .filter { !$0.file.contains("lzo") }
    }

    func testOurWriterOutputIsStableAndPyarrowReadsTheSameValues() throws {
        let regenerate = ProcessInfo.processInfo.environment["DD_WRITE_WRITER_FIXTURES"] == "1"
        let folder = try TestPaths.temporaryFolder(self)
        var checked = 0
        for (index, entry) in try entries().enumerated() {
            let source = TestPaths.fixtures.appendingPathComponent(entry.file).path
            let name = String(entry.file.dropLast(".parquet".count))
            let committed = TestPaths.fixtures.appendingPathComponent("writer/\(name).parquet")
            let bytes = try Self.rewrite(source, options: Self.options(index))
            if regenerate {
                try FileManager.default.createDirectory(at: committed.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: committed)
                continue
            }
            let expected = try Data(contentsOf: committed)
            XCTAssertTrue(Data(bytes) == expected, "\(entry.file): our writer's bytes differ from Fixtures/writer/\(name).parquet")
            // pyarrow's reading of the committed file = the source's golden = our reading of it.
            let pyarrow = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("writer/\(name).pyarrow.jsonl"))
            let golden = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(entry.golden))
            XCTAssertTrue(pyarrow == golden, "\(entry.file): pyarrow reads our writer's file differently: \(firstDifference(pyarrow, golden))")
            let out = folder.appendingPathComponent("\(index).jsonl")
            try Dataset(inputs: [committed.path]).export(to: out.path, format: .jsonl)
            let ours = try Data(contentsOf: out)
            XCTAssertTrue(ours == pyarrow, "\(entry.file): \(firstDifference(ours, pyarrow))")
            checked += 1
        }
        if regenerate { throw XCTSkip("rewrote Fixtures/writer/; now run scripts/golden/writer_readback.py") }
        XCTAssertGreaterThan(checked, 40)
    }
}
