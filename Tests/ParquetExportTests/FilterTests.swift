import Foundation
import XCTest
@testable import Parquet
import ParquetExport

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
