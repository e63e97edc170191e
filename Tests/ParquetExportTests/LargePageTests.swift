import Foundation
import XCTest
@testable import Parquet
import ParquetExport
import TestSupport

/// Memory for large pages and wide row groups: pages read in pieces (decompressed piece by
/// piece, the CRC-32 worked out over the pieces) are the pages read whole; dictionaries
/// dropped after each read and read again give the same records.
final class LargePageTests: XCTestCase {
    /// Every page (type and decompressed body) of every column chunk of `path`.
    func pages(_ path: String, piecewise: (threshold: Int, piece: Int)? = nil, verify: Bool = true) throws -> [(PageType, [UInt8])] {
        let reader = try ParquetFileReader(path: path)
        var out: [(PageType, [UInt8])] = []
        for group in reader.metadata.rowGroups.indices {
            for column in reader.schema.columns {
                let metadata = try XCTUnwrap(reader.metadata.rowGroups[group].columns[column.index].metaData)
                var pages = try PageReader(file: try reader.file, metadata: metadata, verifyChecksums: verify)
                if let piecewise { pages.piecewise = piecewise }
                while let page = try pages.next() { out.append((page.header.type, page.body)) }
            }
        }
        return out
    }

    var pieceFiles: [String] {
        var files = ["split/flat_plain_v1_none.parquet", "split/flat_dict_v2_snappy.parquet", "split/lists_dict_v2_snappy.parquet",
                     "split/lists_v1_none.parquet", "split/lists_records_cross_pages_v1.parquet", "split/flat_dict_v1_zstd.parquet"]
            .map { TestPaths.fixtures.appendingPathComponent($0).path }
        if let corpus = TestPaths.parquetTesting?.appendingPathComponent("data") {
            // Page CRCs (v1, Snappy and uncompressed, dictionary pages) and v2 Snappy pages.
            files += ["datapage_v1-snappy-compressed-checksum.parquet", "datapage_v1-uncompressed-checksum.parquet",
                      "rle-dict-snappy-checksum.parquet", "plain-dict-uncompressed-checksum.parquet", "datapage_v2.snappy.parquet"]
                .map { corpus.appendingPathComponent($0).path }
        }
        return files
    }

    func testPagesReadInPiecesEqualPagesReadWhole() throws {
        var compared = 0
        for path in pieceFiles {
            let whole = try pages(path)
            XCTAssertGreaterThan(whole.count, 1, path)
            for piece in [1, 2, 5, 64, 4096] {
                let pieces = try pages(path, piecewise: (0, piece))
                XCTAssertEqual(pieces.map(\.0), whole.map(\.0), "\(path), pieces of \(piece)")
                for (a, b) in zip(pieces, whole) where a.1 != b.1 {
                    XCTFail("\(path), pieces of \(piece): a \(a.0) differs")
                    break
                }
                compared += pieces.count
            }
        }
        XCTAssertGreaterThan(compared, 500)
    }

    /// A corrupt page fails as a checksum mismatch in pieces too (not as the decompression
    /// error its damaged bytes may also cause), and reads as before when checks are off.
    func testCorruptChecksumFailsInPieces() throws {
        let corpus = try TestPaths.requireParquetTesting().appendingPathComponent("data")
        for name in ["datapage_v1-corrupt-checksum.parquet", "rle-dict-uncompressed-corrupt-checksum.parquet"] {
            let path = corpus.appendingPathComponent(name).path
            for piece in [1, 7, 4096] {
                XCTAssertThrowsError(try pages(path, piecewise: (0, piece))) { error in
                    XCTAssertTrue("\(error)".contains("the page checksum does not match"), "\(name): \(error)")
                }
                let whole = try? pages(path, verify: false)
                let pieces = try? pages(path, piecewise: (0, piece), verify: false)
                XCTAssertEqual(pieces?.map(\.1), whole?.map(\.1), name)
            }
        }
    }

    /// Dictionary-encoded columns (flat with nulls, v1 and v2; nested lists) read a few
    /// records at a time, dropping the dictionary after every read, return what reads that
    /// keep it return.
    func testReleasedDictionariesGiveTheSameRecords() throws {
        for name in ["split/flat_dict_v1_zstd.parquet", "split/flat_dict_v2_snappy.parquet", "split/lists_dict_v2_snappy.parquet"] {
            let reader = try ParquetFileReader(path: TestPaths.fixtures.appendingPathComponent(name).path)
            var dictionaryColumns = 0
            for column in reader.schema.columns {
                let chunk = reader.metadata.rowGroups[0].columns[column.index]
                if chunk.metaData?.dictionaryPageOffset != nil { dictionaryColumns += 1 }
                for records in [7, 100] {
                    var keep = try ColumnChunkReader(file: try reader.file, descriptor: column, chunk: chunk)
                    var drop = try ColumnChunkReader(file: try reader.file, descriptor: column, chunk: chunk)
                    var reads = 0
                    while true {
                        let a = try keep.read(records: records, maxBytes: 600)
                        let b = try drop.read(records: records, maxBytes: 600)
                        drop.releaseDictionary()
                        XCTAssertEqual(drop.dictionaryBytes, 0)
                        XCTAssertEqual(a.records, b.records, "\(name) \(column.dottedPath)")
                        XCTAssertEqual(a.data.values, b.data.values, "\(name) \(column.dottedPath) read \(reads)")
                        XCTAssertEqual(a.data.definitionLevels, b.data.definitionLevels)
                        XCTAssertEqual(a.data.repetitionLevels, b.data.repetitionLevels)
                        if a.records == 0 { break }
                        reads += 1
                    }
                    XCTAssertGreaterThan(reads, 3, "\(name) \(column.dottedPath)")
                }
            }
            XCTAssertGreaterThan(dictionaryColumns, 0, name)
        }
    }

    /// A row group of many dictionary-encoded columns whose dictionaries together pass the
    /// byte cap: the batch iterator reads them again for each batch (instead of holding them
    /// all) and the records are those written, in every batch.
    func testWideRowGroupReadsDictionariesAgainPerBatch() throws {
        let columns = 200, rows = 1500
        var elements = [SchemaElement()]
        elements[0].name = "schema"
        elements[0].numChildren = Int32(columns)
        for c in 0 ..< columns {
            var leaf = SchemaElement()
            leaf.name = "c\(c)"
            leaf.type = .int64
            leaf.repetition = .required
            elements.append(leaf)
        }
        let schema = try Schema(elements: elements)
        // 700 distinct values per column: the writer keeps its dictionary (5.6 KB a column).
        func value(_ c: Int, _ r: Int) -> Int64 { Int64(c) * 1_000_003 + Int64(r % 700) * 7919 - 5_000_000 }
        let batch = RecordBatch(schema: schema, columns: (0 ..< columns).map { c in
            ColumnData(descriptor: schema.columns[c], definitionLevels: [], repetitionLevels: [],
                       values: .int64((0 ..< rows).map { value(c, $0) }), levelCount: rows)
        }, numRows: rows, rowGroupIndex: 0)
        let folder = try TestPaths.temporaryFolder(self)
        let path = folder.appendingPathComponent("wide.parquet").path
        try writeParquetFile([batch], schema: schema, to: path)

        let reader = try ParquetFileReader(path: path)
        let limits = BatchLimits(maxRows: .max, maxBytes: 512 << 10)
        let estimates = reader.metadata.rowGroups[0].columns.map { BatchIterator.estimatedDictionaryBytes($0.metaData) }
        XCTAssertTrue(estimates.allSatisfy { $0 > 5_000 && $0 < 8_192 }, "every column has its dictionary: \(estimates.prefix(3))")
        XCTAssertEqual(BatchIterator.rereadDictionaries(estimates, maxBytes: limits.maxBytes), Array(repeating: true, count: columns))
        // Few large dictionaries stay held; so does everything under the cap.
        XCTAssertEqual(BatchIterator.rereadDictionaries([200e6, 1e3], maxBytes: 64 << 20), [false, false])
        XCTAssertEqual(BatchIterator.rereadDictionaries([200e6] + Array(repeating: 1e6, count: 70), maxBytes: 64 << 20),
                       [false] + Array(repeating: true, count: 70))
        XCTAssertEqual(BatchIterator.rereadDictionaries(estimates, maxBytes: 64 << 20), Array(repeating: false, count: columns))

        var iterator = try reader.batches(limits: limits)
        var seen = 0, batches = 0
        while let b = try iterator.next() {
            XCTAssertEqual(b.rowGroupOffset, seen)
            for c in [0, 1, 77, columns - 1] {
                XCTAssertEqual(b.columns[c].values, .int64((seen ..< seen + b.numRows).map { value(c, $0) }), "column \(c), batch \(batches)")
            }
            seen += b.numRows
            batches += 1
        }
        XCTAssertEqual(seen, rows)
        XCTAssertGreaterThan(batches, 2)
        // Batches of about half the cap (1500 rows x 1600 bytes / 205 KiB: 12), not of the 1/8
        // floor (46), so that the dictionaries are not read again for a few rows each.
        XCTAssertLessThan(batches, 16)

        var dataset = try Dataset(inputs: [path])
        dataset.batchLimits = limits
        let cut = folder.appendingPathComponent("cut.jsonl"), whole = folder.appendingPathComponent("whole.jsonl")
        try dataset.export(to: cut.path, format: .jsonl)
        dataset.batchLimits = .rowGroups
        try dataset.export(to: whole.path, format: .jsonl)
        let expected = try Data(contentsOf: whole)
        XCTAssertEqual(try Data(contentsOf: cut), expected)
        XCTAssertTrue(String(decoding: expected.prefix(200), as: UTF8.self).hasPrefix("{\"c0\":\(value(0, 0)),\"c1\":\(value(1, 0)),"))
    }
}
