import Foundation
import XCTest
@testable import Parquet
import ParquetExport
import TestSupport

/// Batches cut inside row groups: every golden fixture read in batches of a few records or a
/// few hundred bytes exports byte for byte as its golden (values, nulls, dictionary pages,
/// v1 and v2 pages, nested lists whose records cross page boundaries); the batch iterator
/// keeps its caps; Parquet output keeps or reshapes row groups (`rowGroupSize`).
final class BatchSplitTests: XCTestCase {
    func fixtures() throws -> [GoldenManifest.Entry] {
        let all = try GoldenManifest.load().fixtures
        return all.filter { $0.codecs.allSatisfy { $0 != "LZO" } }
    }

    func export(_ path: String, limits: BatchLimits, format: ExportFormat, in folder: URL,
                rowGroupSize: Int? = nil, compression: CompressionCodec = .snappy) throws -> URL {
        var dataset = try Dataset(inputs: [path])
        dataset.batchLimits = limits
        let out = folder.appendingPathComponent("out-\(UUID().uuidString).\(format.rawValue)")
        try dataset.export(to: out.path, format: format, compression: compression, rowGroupSize: rowGroupSize)
        return out
    }

    func testEveryFixtureMatchesItsGoldenInTinyBatches() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let limits = [BatchLimits(maxRows: 3, maxBytes: .max), BatchLimits(maxRows: .max, maxBytes: 300),
                      BatchLimits(maxRows: 1, maxBytes: 1)]
        var checked = 0
        for entry in try fixtures() {
            let path = TestPaths.fixtures.appendingPathComponent(entry.file).path
            let jsonl = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(entry.golden))
            let csv = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(try XCTUnwrap(entry.csvGolden, entry.file)))
            for limit in limits {
                let out = try export(path, limits: limit, format: .jsonl, in: folder)
                let actual = try Data(contentsOf: out)
                XCTAssertTrue(actual == jsonl, "\(entry.file) in batches of \(limit): \(firstDifference(actual, jsonl))")
                checked += 1
            }
            let out = try export(path, limits: limits[1], format: .csv, in: folder)
            let actual = try Data(contentsOf: out)
            XCTAssertTrue(actual == csv, "\(entry.file) as CSV in small batches: \(firstDifference(actual, csv))")
        }
        XCTAssertGreaterThan(checked, 100)
    }

    /// The split fixtures are what they claim: one row group of many pages, and in the
    /// re-paged list file many pages start inside a record (first repetition level not 0).
    func testSplitFixturesHaveRecordsCrossingPages() throws {
        let split = try fixtures().filter { $0.features.contains("split") }
        XCTAssertEqual(split.count, 6)
        var crossing: [String: Int] = [:]
        for entry in split {
            let reader = try ParquetFileReader(path: TestPaths.fixtures.appendingPathComponent(entry.file).path)
            XCTAssertEqual(reader.metadata.rowGroups.count, 1, entry.file)
            var dataPages = 0
            for column in reader.schema.columns {
                let metadata = try XCTUnwrap(reader.metadata.rowGroups[0].columns[column.index].metaData)
                var pages = try PageReader(file: try reader.file, metadata: metadata)
                while let page = try pages.next() {
                    guard page.header.type != .dictionaryPage else { continue }
                    dataPages += 1
                    guard column.maxRepetitionLevel > 0 else { continue }
                    let first: [UInt32]
                    if page.header.type == .dataPage {
                        first = try page.body.withUnsafeBytes { body in
                            var out: [UInt32] = []
                            _ = try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: body[4...]), bitWidth: 1, count: 1, into: &out)
                            return out
                        }
                    } else {
                        first = try page.body.withUnsafeBytes { body in
                            var out: [UInt32] = []
                            _ = try RLEHybrid.decode(body, bitWidth: 1, count: 1, into: &out)
                            return out
                        }
                    }
                    if first != [0] { crossing[entry.file, default: 0] += 1 }
                }
            }
            XCTAssertGreaterThan(dataPages, 10, entry.file)
        }
        // pyarrow cuts pages on record boundaries; generate.py re-pages one file inside records.
        XCTAssertGreaterThan(crossing["split/lists_records_cross_pages_v1.parquet"] ?? 0, 20)
        XCTAssertEqual(Set(crossing.keys), ["split/lists_records_cross_pages_v1.parquet"])
    }

    func testBatchesKeepTheirCapsAndPositions() throws {
        for entry in try fixtures().filter({ $0.features.contains("split") }) {
            let reader = try ParquetFileReader(path: TestPaths.fixtures.appendingPathComponent(entry.file).path)
            let total = Int(try reader.numRows)
            for (rows, bytes) in [(50, Int.max), (Int.max, 4096), (64, 2048)] {
                var iterator = try reader.batches(maxRowsPerBatch: rows, maxBytesPerBatch: bytes)
                var seen = 0, batches = 0
                while let batch = try iterator.next() {
                    XCTAssertEqual(batch.rowGroupOffset, seen, entry.file)
                    XCTAssertLessThanOrEqual(batch.numRows, rows)
                    let size = batch.columns.reduce(0) { $0 + $1.byteCount }
                    // About the cap: cut inside a page at its average entry size, or one record.
                    XCTAssertTrue(bytes == .max || size <= 2 * bytes || batch.numRows == 1, "\(entry.file): \(size) bytes in \(batch.numRows) rows")
                    for column in batch.columns { XCTAssertEqual(column.recordCount, batch.numRows) }
                    seen += batch.numRows
                    batches += 1
                    XCTAssertEqual(batch.endsRowGroup, seen == total, entry.file)
                }
                XCTAssertEqual(seen, total, entry.file)
                XCTAssertGreaterThan(batches, 3, "\(entry.file) \(rows) \(bytes)")
            }
            // The default caps read these small row groups whole.
            var iterator = try reader.batches()
            XCTAssertEqual(try iterator.next()?.numRows, total)
            XCTAssertNil(try iterator.next())
        }
    }

    func testSplitOffKeepsRecordsWhole() throws {
        let path = TestPaths.fixtures.appendingPathComponent("split/lists_records_cross_pages_v1.parquet").path
        let reader = try ParquetFileReader(path: path)
        var iterator = try reader.batches(columns: ["ints"], limits: .rowGroups)
        var column = try XCTUnwrap(try iterator.next()?.columns.first)
        let whole = column
        let rest = column.splitOff(records: 123)
        XCTAssertGreaterThan(whole.recordCount, 200)
        XCTAssertEqual(column.recordCount, 123)
        XCTAssertEqual(rest.recordCount, whole.recordCount - 123)
        XCTAssertEqual(rest.repetitionLevels.first, 0)
        XCTAssertEqual(column.levelCount + rest.levelCount, whole.levelCount)
        XCTAssertEqual(column.values.count + rest.values.count, whole.values.count)
        XCTAssertEqual(column.definitionLevels + rest.definitionLevels, whole.definitionLevels)
        XCTAssertEqual(column.repetitionLevels + rest.repetitionLevels, whole.repetitionLevels)
        XCTAssertEqual(column.byteCount + rest.byteCount, whole.byteCount)
    }

    /// Parquet output read in small batches still has the source's row groups (re-encoded page
    /// by page), and the same values.
    func testParquetOutputKeepsSourceRowGroupsAcrossBatches() throws {
        let folder = try TestPaths.temporaryFolder(self)
        for entry in try fixtures().filter({ $0.features.contains("split") || $0.features.contains("multi_row_group") }) {
            let path = TestPaths.fixtures.appendingPathComponent(entry.file).path
            let source = try ParquetFileReader(path: path)
            let out = try export(path, limits: BatchLimits(maxRows: 37, maxBytes: 1 << 20), format: .parquet, in: folder,
                                 compression: .uncompressed)
            let written = try ParquetFileReader(path: out.path)
            XCTAssertEqual(written.metadata.rowGroups.map(\.numRows), source.metadata.rowGroups.map(\.numRows), entry.file)
            let expected = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(entry.golden))
            let actual = try exportJSONL([out.path], in: folder)
            XCTAssertTrue(actual == expected, "\(entry.file): \(firstDifference(actual, expected))")
        }
    }

    func testRowGroupSizeMergesAndSplits() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let dataset = TestPaths.fixtures.appendingPathComponent("example-dataset").path
        let expected = try exportJSONL([dataset], in: folder)
        let total = try Dataset(inputs: [dataset]).recordCount()
        for size in [1, 7, 64, 1000, 100_000] {
            var d = try Dataset(inputs: [dataset])
            d.batchLimits = BatchLimits(maxRows: 50, maxBytes: .max)
            let out = folder.appendingPathComponent("rg-\(size).parquet").path
            XCTAssertEqual(try d.export(to: out, rowGroupSize: size), total)
            let groups = try ParquetFileReader(path: out).metadata.rowGroups.map(\.numRows)
            XCTAssertEqual(groups.reduce(0, +), total)
            XCTAssertEqual(Set(groups.dropLast()).subtracting([Int64(size)]), [], "size \(size): \(groups)")
            XCTAssertLessThanOrEqual(groups.last ?? 0, Int64(size))
            let actual = try exportJSONL([out], in: folder)
            XCTAssertTrue(actual == expected, "size \(size): \(firstDifference(actual, expected))")
        }
        XCTAssertThrowsError(try Dataset(inputs: [dataset]).export(to: folder.appendingPathComponent("x.parquet").path, rowGroupSize: 0))
    }

    /// Source row groups already of the asked size (same codec, no conversion) are copied as
    /// stored; the others are re-encoded into groups of that size.
    func testRowGroupSizeCopiesGroupsAlreadyAtShape() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let dataset = TestPaths.fixtures.appendingPathComponent("example-dataset").path
        let first = folder.appendingPathComponent("a.parquet").path
        try Dataset(inputs: [dataset]).export(to: first, rowGroupSize: 40)
        let second = folder.appendingPathComponent("b.parquet").path
        try Dataset(inputs: [first]).export(to: second, rowGroupSize: 40)
        let a = try ParquetFileReader(path: first), b = try ParquetFileReader(path: second)
        let bytesA = try [UInt8](Data(contentsOf: URL(fileURLWithPath: first)))
        let bytesB = try [UInt8](Data(contentsOf: URL(fileURLWithPath: second)))
        XCTAssertEqual(a.metadata.rowGroups.map(\.numRows), b.metadata.rowGroups.map(\.numRows))
        for (ga, gb) in zip(a.metadata.rowGroups, b.metadata.rowGroups).dropLast() {
            for (ca, cb) in zip(ga.columns, gb.columns) {
                let ma = try XCTUnwrap(ca.metaData), mb = try XCTUnwrap(cb.metaData)
                let sa = Int(ma.dictionaryPageOffset ?? ma.dataPageOffset), sb = Int(mb.dictionaryPageOffset ?? mb.dataPageOffset)
                XCTAssertEqual(bytesA[sa ..< sa + Int(ma.totalCompressedSize)], bytesB[sb ..< sb + Int(mb.totalCompressedSize)])
            }
        }
        let merged = folder.appendingPathComponent("c.parquet").path
        try Dataset(inputs: [first]).export(to: merged, rowGroupSize: 100)
        let groups = try ParquetFileReader(path: merged).metadata.rowGroups.map(\.numRows)
        XCTAssertEqual(Set(groups.dropLast()), [100])
        XCTAssertEqual(try exportJSONL([merged], in: folder), try exportJSONL([dataset], in: folder))
    }

    /// A dataset's readers keep no file open between reads: after an export, every file's
    /// descriptor is closed again.
    func testExportLeavesNoFileOpen() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let source = TestPaths.fixtures.appendingPathComponent("split/flat_dict_v2_snappy.parquet")
        var inputs: [String] = []
        for k in 0 ..< 40 {
            let copy = folder.appendingPathComponent(String(format: "part-%03d.parquet", k))
            try FileManager.default.copyItem(at: source, to: copy)
            inputs.append(copy.path)
        }
        let before = try openDescriptors()
        _ = try exportJSONL(inputs, in: folder)
        _ = try Dataset(inputs: inputs).schemaSummary()
        XCTAssertLessThanOrEqual(try openDescriptors(), before + 1)
    }

    private func openDescriptors() throws -> Int {
        #if os(Linux)
        return try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        #else
        throw XCTSkip("counts descriptors through /proc")
        #endif
    }
}
