import Foundation
import XCTest
@testable import Parquet
import ParquetExport
import TestSupport

/// RowGroupFilter against pyarrow's filtering (Fixtures/filter/random.json, written by
/// scripts/filter_fixtures.py): skipping never drops a matching row, and exact evaluation
/// keeps exactly pyarrow's rows.
final class FilterTests: XCTestCase {
    static let folder = TestPaths.fixtures.appendingPathComponent("filter")

    struct Case: Decodable {
        var file: String
        var `where`: String
        var rows: [Int64]
    }

    private func indexes(_ batch: RecordBatch, _ reader: ParquetFileReader) throws -> [Int64] {
        let idx = try XCTUnwrap(reader.schema.columns.first { $0.dottedPath == "idx" })
        guard let data = batch.column(at: idx.index), case .int64(let values) = data.values else {
            XCTFail("no idx column")
            return []
        }
        return values
    }

    func testFiltersNeverDropAMatchingRowAndMatchPyArrow() throws {
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: Self.folder.appendingPathComponent("random.json")))
        XCTAssertEqual(cases.count, 240)
        var readers: [String: ParquetFileReader] = [:]
        var skippedGroups = 0, totalGroups = 0
        var skippedRows: Int64 = 0
        for c in cases {
            let reader = try readers[c.file] ?? ParquetFileReader(path: Self.folder.appendingPathComponent(c.file).path)
            readers[c.file] = reader
            let filter = try FilterExpression.parse(c.where)
            var batches = try reader.batches(filter: filter)
            var read: [Int64] = [], exact: [Int64] = []
            while let batch = try batches.next() {
                read += try indexes(batch, reader)
                exact += try indexes(batch.filtered(by: filter), reader)
            }
            let kept = Set(read)
            let dropped = c.rows.filter { !kept.contains($0) }
            XCTAssertEqual(dropped, [], "\(c.file): \(c.where) dropped matching rows")
            XCTAssertEqual(exact, c.rows, "\(c.file): \(c.where)")
            XCTAssertEqual(read, read.sorted(), "\(c.file): \(c.where)")
            skippedGroups += batches.rowGroupsSkipped
            skippedRows += batches.rowsSkippedByPageIndex
            totalGroups += reader.metadata.rowGroups.count
            for g in reader.metadata.rowGroups.indices where try !reader.rowGroupMayMatch(filter, rowGroup: g) {
                let start = reader.metadata.rowGroups[..<g].reduce(0) { $0 + $1.numRows }
                let inGroup = c.rows.filter { $0 >= start && $0 < start + reader.metadata.rowGroups[g].numRows }
                XCTAssertEqual(inGroup, [], "\(c.file): \(c.where): row group \(g)")
            }
        }
        // The skipping does something: a share of row groups and of rows is not read.
        XCTAssertGreaterThan(skippedGroups, totalGroups / 10)
        XCTAssertGreaterThan(skippedRows, 1000)
    }

    func testRowRangesReadExactlyThoseRows() throws {
        let reader = try ParquetFileReader(path: Self.folder.appendingPathComponent("random-2.parquet").path)
        let total = try reader.numRows
        for (range, batchRows) in [(Int64(0) ..< 1, 65536), (5 ..< 17, 3), (63 ..< 300, 7), (0 ..< total, 100), (total - 3 ..< total + 50, 10), (total ..< total + 5, 10)] {
            var batches = try reader.batches(columns: ["idx", "s", "st"], rows: range, limits: BatchLimits(maxRows: batchRows, maxBytes: .max))
            var got: [Int64] = []
            while let batch = try batches.next() {
                XCTAssertLessThanOrEqual(batch.numRows, batchRows)
                XCTAssertTrue(batch.columns.allSatisfy { $0.recordCount == batch.numRows })
                got += try indexes(batch, reader)
            }
            XCTAssertEqual(got, Array(range.clamped(to: 0 ..< total)), "\(range)")
        }
        XCTAssertThrowsError(try reader.batches(rows: -1 ..< 5)) { XCTAssertEqual(($0 as? ParquetError)?.kind, .invalidArgument) }
    }

    func testBindingErrorsNameTheColumn() throws {
        let reader = try ParquetFileReader(path: Self.folder.appendingPathComponent("random-0.parquet").path)
        for (text, column, fragment) in [("nope > 1", "nope", "no column"), ("st > 1", "st", "group"), ("s > 1", "s", "cannot be compared"),
                                          ("a = 'x'", "a", "cannot be compared"), ("flag = 1", "flag", "cannot be compared")] {
            XCTAssertThrowsError(try reader.batches(filter: FilterExpression.parse(text)), text) { error in
                let e = error as? ParquetError
                XCTAssertEqual(e?.kind, .invalidArgument, text)
                XCTAssertEqual(e?.column, column, text)
                XCTAssertTrue(e?.message.contains(fragment) == true, "\(text): \(String(describing: e))")
            }
        }
    }

    func testExpressionSyntax() throws {
        XCTAssertEqual(try FilterExpression.parse("score > 50 and domain in ('Finance','Retail')"),
                       .and(.compare(column: "score", .greater, .int(50)), .isIn(column: "domain", [.string("Finance"), .string("Retail")])))
        XCTAssertEqual(try FilterExpression.parse("NOT (a.b IS NOT NULL) OR x <> -1.5e3 || \"odd name\" = 'it''s'"),
                       .or(.or(.not(.isNotNull(column: "a.b")), .compare(column: "x", .notEqual, .double(-1500))),
                           .compare(column: "odd name", .equal, .string("it's"))))
        XCTAssertEqual(try FilterExpression.parse("a not in (1, 2) and b = true"),
                       .and(.not(.isIn(column: "a", [.int(1), .int(2)])), .compare(column: "b", .equal, .bool(true))))
        for (text, position, fragment) in [("a >", 4, "expected a value"), ("a > 1 and", 10, "expected a column"), ("(a > 1", 7, "')'"),
                                           ("a ~ 1", 3, "unexpected character"), ("a = 'x", 5, "unterminated"), ("a = 1 b", 7, "unexpected"),
                                           ("a in 1", 6, "'('"), ("a = null", 5, "is null"), ("> 1", 1, "column"), ("a is 1", 6, "'null'")] {
            XCTAssertThrowsError(try FilterExpression.parse(text), text) { error in
                let e = error as? FilterSyntaxError
                XCTAssertEqual(e?.position, position, "\(text): \(String(describing: e))")
                XCTAssertTrue(e?.message.contains(fragment) == true, "\(text): \(String(describing: e))")
            }
        }
    }
}

extension FilterTests {
    /// The README's builder syntax, and that a built filter equals the parsed one.
    func testBuilderSyntax() throws {
        let filter: RowGroupFilter = .column("score") > 50 && .column("domain").in(["Finance", "Retail"])
        XCTAssertEqual(filter, try FilterExpression.parse("score > 50 and domain in ('Finance', 'Retail')"))
        XCTAssertEqual(!RowGroupFilter.column("a").isNull || .column("b") <= 2.5,
                       try FilterExpression.parse("not a is null or b <= 2.5"))
    }
}

extension FilterTests {
    /// Bytes read, counted through a CountingSource: a few records of a range read a small
    /// share of the file; a filter matching one row group of a sorted column reads about that
    /// group's pages of the filtered and selected columns.
    func testByteCountsThroughACountingSource() throws {
        let path = Self.folder.appendingPathComponent("random-2.parquet").path
        let size = Int64(try Data(contentsOf: URL(fileURLWithPath: path)).count)
        let counting = CountingSource(try FileSource(path: path))
        let reader = try ParquetFileReader(source: counting)
        let footer = counting.bytesRead
        counting.reset()
        var all = try reader.batches(rows: nil)
        while try all.next() != nil {}
        let full = counting.bytesRead
        counting.reset()
        var few = try reader.batches(rows: 700 ..< 705)
        var got = 0
        while let batch = try few.next() { got += batch.numRows }
        XCTAssertEqual(got, 5)
        // Offset indexes plus one page (or two) per column, against every page.
        XCTAssertLessThan(counting.bytesRead * 8, full, "\(counting.bytesRead) of \(full) bytes (file \(size), footer \(footer))")
        // idx is sorted: a filter on one row group's positions reads that group only.
        let groups = reader.metadata.rowGroups
        XCTAssertGreaterThan(groups.count, 3)
        let start = groups[0].numRows + groups[1].numRows
        counting.reset()
        var one = try reader.batches(columns: ["idx"], filter: .column("idx") >= .int(start) && .column("idx") < .int(start + groups[2].numRows))
        var rows: [Int64] = []
        while let batch = try one.next() { rows += try indexes(batch, reader) }
        XCTAssertEqual(rows, Array(start ..< start + groups[2].numRows))
        XCTAssertEqual(one.rowGroupsSkipped, groups.count - 1)
        let chunk = try XCTUnwrap(groups[2].columns[0].metaData).totalCompressedSize
        XCTAssertLessThanOrEqual(counting.bytesRead, chunk + 4096, "read \(counting.bytesRead), chunk \(chunk)")
    }
}

extension FilterTests {
    /// Text literals against DATE, TIME and TIMESTAMP columns: the same records as the stored
    /// integers they stand for, and as many as pyarrow's compute kept for the same instants
    /// (counts taken with pyarrow 26 on the fixture when this test was written).
    func testDateAndTimestampLiterals() throws {
        let path = TestPaths.fixtures.appendingPathComponent("flat/types_tiny_pages_dict_v1_snappy.parquet").path
        let reader = try ParquetFileReader(path: path)
        func kept(_ text: String) throws -> Int {
            let filter = try FilterExpression.parse(text)
            var batches = try reader.batches(filter: filter)
            var n = 0
            while let batch = try batches.next() { n += try batch.filtered(by: filter).numRows }
            return n
        }
        for (text, integer, pyarrow) in [
            ("date32 >= '2000-01-01'", "date32 >= 10957", 34),
            ("time_us > '12:00'", "time_us > 43200000000", 36),
            ("ts_ms < '1900-01-01 00:00'", "ts_ms < -2208988800000", 39),
            ("ts_us_utc >= '2000-01-01T00:00:00+02:00'", "ts_us_utc >= 946677600000000", 73),
            ("ts_ns_utc < '2000-06-15 12:30:00.5Z'", "ts_ns_utc < 961072200500000000", 47),
        ] {
            XCTAssertEqual(try kept(text), pyarrow, text)
            XCTAssertEqual(try kept(integer), pyarrow, integer)
        }
        XCTAssertEqual(try kept("date32 in ('1996-05-21', '1970-01-01')"), try kept("date32 in (9637, 0)"))
        for (text, column, fragment) in [("date32 = '2023-02-29'", "date32", "YYYY-MM-DD"), ("date32 > '2024-1-1'", "date32", "YYYY-MM-DD"),
                                         ("time_ms = '12:00:00.0001'", "time_ms", "precision"), ("ts_ms > '2000-01-01T00:00Z'", "ts_ms", "local times"),
                                         ("ts_us_utc < '2000-01-01 25:00'", "ts_us_utc", "TIMESTAMP"), ("ts_ms_utc > '99999-01-01'", "ts_ms_utc", "TIMESTAMP")] {
            XCTAssertThrowsError(try reader.batches(filter: FilterExpression.parse(text)), text) { error in
                let e = error as? ParquetError
                XCTAssertEqual(e?.kind, .invalidArgument, text)
                XCTAssertEqual(e?.column, column, text)
                XCTAssertTrue(e?.message.contains(fragment) == true, "\(text): \(String(describing: e))")
            }
        }
    }
}

extension FilterTests {
    /// Row ranges and filters over an async source, counted through a CountingSource: the
    /// records of the synchronous read, the page index and then a row group's pages each in
    /// one `read(ranges:)` call, nothing of the row groups a filter rules out.
    func testAsyncSelectionsReadInFewCountedReads() async throws {
        let path = Self.folder.appendingPathComponent("random-2.parquet").path
        let local = try ParquetFileReader(path: path)
        let groups = local.metadata.rowGroups
        let start = groups[0].numRows + groups[1].numRows
        let one: RowGroupFilter = .column("idx") >= .int(start) && .column("idx") < .int(start + groups[2].numRows)
        for (rows, filter) in [(Int64(700) ..< 705, nil), (nil, one), (3 ..< 4, .column("a") > 0 || .column("s").isNull)] as [(Range<Int64>?, RowGroupFilter?)] {
            var expected: [Int64] = []
            var sync = try local.batches(rows: rows, filter: filter)
            while let batch = try sync.next() { expected += try indexes(batch, local) }
            let counting = CountingSource(AsyncSourceAdapter(try FileSource(path: path)))
            let remote = try await ParquetFileReader.open(source: counting)
            counting.reset()
            var got: [Int64] = []
            for try await batch in try remote.batches(rows: rows, filter: filter) { got += try indexes(batch, remote) }
            XCTAssertEqual(got, expected, "\(String(describing: rows)) \(String(describing: filter))")
            XCTAssertFalse(got.isEmpty)
            // The page index is not in the 16 KiB tail of this file: one read for it, one for the pages.
            XCTAssertLessThanOrEqual(counting.reads, 3, "\(counting.ranges)")
            if filter == one {
                // Statistics decide every row group: only row group 2's chunks are read, in one read.
                let chunks = groups[2].columns.compactMap { $0.metaData.map(ParquetFileReader.chunkRange) }
                let span = try XCTUnwrap(chunks.map(\.lowerBound).min()) ..< XCTUnwrap(chunks.map(\.upperBound).max())
                XCTAssertEqual(counting.ranges, [span])
            }
        }
    }
}
