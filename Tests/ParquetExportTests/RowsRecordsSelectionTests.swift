import Foundation
import XCTest
import Parquet
import ParquetExport
import TestSupport

/// `rows(columns:rows:filter:)`, `decode(_:columns:rows:filter:)` and
/// `records(as:columns:rows:filter:)`: sync and async iteration agree, row ranges across
/// row-group boundaries, filters applied exactly (against pyarrow's full-scan filtering in
/// Fixtures/filter/random.json), lists decoded from their levels, and errors that name the
/// column and the record's position in the file.
final class RowsRecordsSelectionTests: XCTestCase {
    static let filterFolder = TestPaths.fixtures.appendingPathComponent("filter")

    struct Row: Decodable, Equatable {
        var idx: Int64
        var a: Int64?
        var b: Int32?
        var x: Double?
        var s: String?
        var flag: Bool?
        var dec: Decimal?

        /// Equal when every field prints the same (so NaN equals NaN).
        static func == (a: Row, b: Row) -> Bool { "\(a)" == "\(b)" }
    }

    struct Lists: Decodable, Equatable {
        var dlba_list: [String?]?
        var dbp_list: [Int64?]?
        var bss_list: [Double?]?
        var dlba_str: String?
        var dbp_ts_us: Date?
    }

    struct Case: Decodable {
        var file: String
        var `where`: String
        var rows: [Int64]
    }

    func reader(_ name: String) throws -> ParquetFileReader {
        try ParquetFileReader(path: Self.filterFolder.appendingPathComponent(name).path)
    }

    func all(_ iterator: RowIterator) throws -> [ParquetRow] {
        var iterator = iterator, result: [ParquetRow] = []
        while let row = try iterator.next() { result.append(row) }
        return result
    }

    func all<T>(_ iterator: RecordIterator<T>) throws -> [T] {
        var iterator = iterator, result: [T] = []
        while let record = try iterator.next() { result.append(record) }
        return result
    }

    func idx(_ rows: [ParquetRow]) -> [Int64] {
        rows.map { if case .int(let v)? = $0["idx"] { v } else { -1 } }
    }

    func testAsyncAndSyncIterationGiveTheSameRowsAndRecords() async throws {
        let files = [("random-2.parquet", Self.filterFolder), ("nested/encodings_v1_none.parquet", TestPaths.fixtures)]
        for (name, folder) in files {
            let reader = try ParquetFileReader(path: folder.appendingPathComponent(name).path)
            let sync = try all(reader.rows())
            var async: [ParquetRow] = []
            for try await row in try reader.rows() { async.append(row) }
            XCTAssertEqual(sync.count, Int(try reader.numRows), name)
            XCTAssertEqual(async, sync, name)
        }
        let reader = try reader("random-2.parquet")
        let filter: RowGroupFilter = .column("a") > 0 && .column("s").isNotNull
        let syncRecords = try all(reader.records(as: Row.self, rows: 100 ..< 1_200, filter: filter))
        var asyncRecords: [Row] = []
        for try await record in try reader.records(as: Row.self, rows: 100 ..< 1_200, filter: filter) { asyncRecords.append(record) }
        XCTAssertGreaterThan(syncRecords.count, 50)
        XCTAssertTrue(syncRecords.contains { $0.x?.isNaN == true })
        XCTAssertEqual(asyncRecords.count, syncRecords.count)
        XCTAssertTrue(asyncRecords == syncRecords)
        XCTAssertTrue(try reader.decode(Row.self, rows: 100 ..< 1_200, filter: filter) == syncRecords)

        let lists = try ParquetFileReader(path: TestPaths.fixtures.appendingPathComponent("nested/encodings_v1_none.parquet").path)
        var asyncLists: [Lists] = []
        for try await record in try lists.records(as: Lists.self) { asyncLists.append(record) }
        XCTAssertEqual(asyncLists, try lists.decode(Lists.self))
        XCTAssertEqual(asyncLists.count, 200)
    }

    func testListsDecodeStraightFromTheirLevels() throws {
        let reader = try ParquetFileReader(path: TestPaths.fixtures.appendingPathComponent("nested/encodings_v1_none.parquet").path)
        let records = try reader.decode(Lists.self)
        let rows = try all(reader.rows())
        XCTAssertEqual(records.count, rows.count)
        XCTAssertEqual(records[0].dlba_list, ["", "j", "gAcr\u{7f}u", nil])
        XCTAssertEqual(records[1].dlba_list, ["YZ"])
        XCTAssertEqual(records[2].dlba_list, [])
        var nullLists = 0, nullElements = 0
        for (i, (record, row)) in zip(records, rows).enumerated() {
            func list<T: Equatable>(_ name: String, _ element: (ParquetValue) -> T?) -> [T?]? {
                guard case .list(let values)? = row[name] else { return nil }
                return values.map { $0.isNull ? nil : element($0) }
            }
            XCTAssertEqual(record.dlba_list, list("dlba_list") { if case .string(let s) = $0 { s } else { nil } }, "record \(i)")
            XCTAssertEqual(record.dbp_list, list("dbp_list") { if case .int(let v) = $0 { v } else { nil } }, "record \(i)")
            XCTAssertEqual(record.bss_list, list("bss_list") { if case .double(let v) = $0 { v } else { nil } }, "record \(i)")
            if case .string(let s)? = row["dlba_str"] { XCTAssertEqual(record.dlba_str, s) } else { XCTAssertNil(record.dlba_str) }
            if case .timestamp(let t, .micros, true)? = row["dbp_ts_us"] {
                XCTAssertEqual(record.dbp_ts_us, Date(timeIntervalSince1970: Double(t.quotientAndRemainder(dividingBy: 1_000_000).quotient) + Double(t % 1_000_000) / 1e6))
            } else {
                XCTAssertNil(record.dbp_ts_us)
            }
            if record.dlba_list == nil { nullLists += 1 }
            nullElements += record.dlba_list?.filter { $0 == nil }.count ?? 0
        }
        XCTAssertEqual(nullLists, 36)
        XCTAssertGreaterThan(nullElements, 70)

        // A null element in a list of non-optional strings names the element and the record.
        struct Strict: Decodable { var dlba_list: [String]? }
        XCTAssertThrowsError(try reader.decode(Strict.self)) { error in
            guard case DecodingError.valueNotFound(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "column 'dlba_list[3]', record 0 is null")
        }
        // A null list in a non-optional property.
        struct NotOptional: Decodable { var dlba_list: [String?] }
        XCTAssertThrowsError(try reader.decode(NotOptional.self)) { error in
            guard case DecodingError.valueNotFound(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(context.debugDescription.hasPrefix("column 'dlba_list', record "), context.debugDescription)
            XCTAssertTrue(context.debugDescription.hasSuffix(" is null"), context.debugDescription)
        }
    }

    func testRowRangesAcrossRowGroupBoundaries() throws {
        let reader = try reader("random-2.parquet")
        let total = try reader.numRows
        XCTAssertEqual(idx(try all(reader.rows(columns: ["idx"]))), Array(0 ..< total))  // idx is the position
        var starts: [Int64] = [0]
        for group in reader.metadata.rowGroups { starts.append(starts[starts.count - 1] + group.numRows) }
        XCTAssertEqual(starts.count, 16)
        let ranges: [Range<Int64>] = [
            starts[1] - 3 ..< starts[3] + 2,      // across two boundaries
            starts[4] ..< starts[5],              // exactly one row group
            starts[7] + 1 ..< starts[7] + 2,      // one record
            0 ..< 0, total - 5 ..< total + 100,   // empty; cut at the end
            total + 10 ..< total + 20, 0 ..< total,
        ]
        for range in ranges {
            let expected = Array(Swift.min(range.lowerBound, total) ..< Swift.min(range.upperBound, total))
            let rows = try all(reader.rows(rows: range))
            XCTAssertEqual(idx(rows), expected, "\(range)")
            XCTAssertEqual(rows.first?.fieldNames.count ?? 10, 10, "\(range)")
            XCTAssertEqual(try reader.decode(Row.self, rows: range).map(\.idx), expected, "\(range)")
            XCTAssertEqual(try all(reader.records(as: Row.self, columns: ["idx"], rows: range)).map(\.idx), expected, "\(range)")
        }
        XCTAssertThrowsError(try reader.rows(rows: -1 ..< 5))
        XCTAssertThrowsError(try reader.records(as: Row.self, rows: -1 ..< 5))
    }

    func testFiltersApplyExactlyToRowsAndRecords() throws {
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: Self.filterFolder.appendingPathComponent("random.json")))
        XCTAssertEqual(cases.count, 240)
        var readers: [String: ParquetFileReader] = [:]
        var full: [String: [ParquetRow]] = [:]
        var nonEmpty = 0
        for (n, c) in cases.enumerated() {
            let reader = try readers[c.file] ?? self.reader(c.file)
            readers[c.file] = reader
            let everything = try full[c.file] ?? all(reader.rows())
            full[c.file] = everything
            let filter = try FilterExpression.parse(c.where)
            // Every column: exactly pyarrow's rows, with the same values as a full read.
            let rows = try all(reader.rows(filter: filter))
            XCTAssertEqual(idx(rows), c.rows, "\(c.file): \(c.where)")
            XCTAssertEqual(rows, c.rows.map { everything[Int($0)] }, "\(c.file): \(c.where)")
            if !c.rows.isEmpty { nonEmpty += 1 }
            guard n % 3 == 0 else { continue }
            // A projection without the filtered columns: they are read for matching, then dropped.
            let projected = try all(reader.rows(columns: ["st"], filter: filter))
            XCTAssertEqual(projected.map(\.fieldNames), Array(repeating: ["st"], count: c.rows.count), "\(c.file): \(c.where)")
            XCTAssertEqual(projected.map { $0["st"] }, c.rows.map { everything[Int($0)]["st"] }, "\(c.file): \(c.where)")
            XCTAssertEqual(try reader.decode(Row.self, filter: filter).map(\.idx), c.rows, "\(c.file): \(c.where)")
            // Range and filter together.
            let range: Range<Int64> = 100 ..< 400
            XCTAssertEqual(try all(reader.records(as: Row.self, columns: ["idx"], rows: range, filter: filter)).map(\.idx),
                           c.rows.filter(range.contains), "\(c.file): \(c.where)")
        }
        XCTAssertGreaterThan(nonEmpty, 150)
    }

    func testDecodingErrorsNameTheColumnAndTheRecordsFilePosition() throws {
        let reader = try reader("random-2.parquet")
        struct Mismatch: Decodable { var idx: String }
        XCTAssertThrowsError(try reader.decode(Mismatch.self, rows: 300 ..< 310)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "column 'idx', record 300: cannot decode String from int 300")
        }
        struct Missing: Decodable { var idx: Int64; var nope: Int }
        XCTAssertThrowsError(try reader.decode(Missing.self, rows: 500 ..< 510)) { error in
            guard case DecodingError.keyNotFound(let key, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "nope")
            XCTAssertEqual(context.debugDescription, "no column 'nope' in the file (record 500)")
        }
        // With a filter, the record named is the first matching one's position in the file.
        let filter: RowGroupFilter = .column("a") > 0
        let first = try XCTUnwrap(try reader.decode(Row.self, columns: ["idx"], filter: filter).first?.idx)
        XCTAssertGreaterThan(first, 0)
        XCTAssertThrowsError(try reader.decode(Mismatch.self, filter: filter)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "column 'idx', record \(first): cannot decode String from int \(first)")
        }
        // A record that fails is passed over; the iterator goes on with the next one.
        var records = try reader.records(as: Mismatch.self, rows: 0 ..< 2)
        XCTAssertThrowsError(try records.next())
        XCTAssertThrowsError(try records.next())
        XCTAssertNil(try records.next())
    }
}
