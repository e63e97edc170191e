import Foundation
import XCTest
import Parquet
import TestSupport

/// `decode` / `records(as:)`: Swift types from pyarrow-written fixtures, checked value by
/// value against the `ParquetValue` rows of the same file, and the errors of a bad mapping.
final class CodableDecodeTests: XCTestCase {
    struct AllTypes: Decodable {
        var bool: Bool?
        var int8: Int8?
        var int16: Int16?
        var int32: Int32?
        var int64: Int64?
        var uint8: UInt8?
        var uint16: UInt16?
        var uint32: UInt32?
        var uint64: UInt64?
        var float32: Float?
        var float64: Double?
        var float16: Float?
        var text: String?
        var binary: Data?
        var uuid: UUID?
        var decimal: Decimal?
        var decimal4: Int?
        var date32: Date?
        var tsMicros: Date?
        var tsNanosUTC: Date?

        enum CodingKeys: String, CodingKey {
            case bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, float16, binary, uuid, date32
            case text = "string", decimal = "decimal_9_2", decimal4 = "decimal_4_0", tsMicros = "ts_us", tsNanosUTC = "ts_ns_utc"
        }
    }

    func path(_ name: String) -> String { TestPaths.fixtures.appendingPathComponent(name).path }

    func rows(_ file: String) throws -> [ParquetRow] {
        var all: [ParquetRow] = [], rows = try ParquetFileReader(path: path(file)).rows()
        while let row = try rows.next() { all.append(row) }
        return all
    }

    func testEveryScalarTypeMatchesTheValueTree() throws {
        let file = "flat/types_plain_v1_none.parquet"
        let records = try ParquetFileReader(path: path(file)).decode(AllTypes.self)
        let rows = try rows(file)
        XCTAssertEqual(records.count, 110)
        XCTAssertEqual(rows.count, records.count)
        let first = try XCTUnwrap(records.first)
        XCTAssertEqual(first.int8, -75)
        XCTAssertEqual(first.int64, Int64.max)
        XCTAssertEqual(first.uint8, 255)
        XCTAssertEqual(first.float32, 1.7098793)
        XCTAssertEqual(first.uuid, UUID(uuidString: "3fe766b0-0484-64e2-e21b-0882608249bf"))
        XCTAssertEqual(first.decimal, Decimal(string: "2498.32"))
        XCTAssertEqual(first.decimal4, 9999)
        XCTAssertNil(first.text)
        for (i, (record, row)) in zip(records, rows).enumerated() {
            func check<T: Equatable>(_ field: String, _ actual: T?, _ expected: (ParquetValue) -> T?) {
                let value = row[field] ?? .null
                XCTAssertEqual(actual, value.isNull ? nil : expected(value), "record \(i) \(field)")
            }
            check("bool", record.bool) { if case .bool(let v) = $0 { v } else { nil } }
            check("int16", record.int16) { if case .int(let v) = $0 { Int16(v) } else { nil } }
            check("int32", record.int32) { if case .int(let v) = $0 { Int32(v) } else { nil } }
            check("uint64", record.uint64) { if case .uint(let v) = $0 { v } else { nil } }
            check("uint32", record.uint32) { if case .uint(let v) = $0 { UInt32(v) } else { nil } }
            check("float64", record.float64) { if case .double(let v) = $0 { v } else { nil } }
            check("float16", record.float16.map { $0.isNaN ? 0 : $0 }) { if case .float(let v) = $0 { v.isNaN ? 0 : v } else { nil } }
            check("string", record.text) { if case .string(let v) = $0 { v } else { nil } }
            check("binary", record.binary) { if case .binary(let v) = $0 { Data(v) } else { nil } }
            check("decimal_9_2", record.decimal) { if case .decimal(let v) = $0 { v.decimalValue } else { nil } }
            check("date32", record.date32) { if case .date(let d) = $0 { Date(timeIntervalSince1970: Double(d) * 86_400) } else { nil } }
            check("ts_us", record.tsMicros) {
                if case .timestamp(let v, .micros, false) = $0 { Date(timeIntervalSince1970: Double(v.quotientAndRemainder(dividingBy: 1_000_000).quotient) + Double(v % 1_000_000) / 1e6) } else { nil }
            }
            XCTAssertEqual(record.tsNanosUTC == nil, row["ts_ns_utc"]?.isNull ?? true, "record \(i)")
        }
    }

    struct Structs: Decodable {
        struct S: Decodable {
            struct C: Decodable { var d: Double?; var e: [Int32?]? }
            var a: Int32?
            var b: String?
            var c: C?
        }
        struct Maps: Decodable { var m: [String: Int32?]?; var n: Int64? }
        struct Deep: Decodable {
            struct Entry: Decodable { var k: String?; var v: [String?]? }
            var l: [Entry?]?
        }
        var s: S?
        var maps: Maps?
        var deep: Deep?
        var id: Int

        enum CodingKeys: String, CodingKey { case s, maps = "struct_of_maps", deep, id }
    }

    func testNestedStructsListsAndMaps() throws {
        let reader = try ParquetFileReader(path: path("nested/structs_v1_lz4.parquet"))
        var iterator = try reader.records(as: Structs.self, columns: ["s", "struct_of_maps", "deep", "id"])
        var records: [Structs] = []
        while let record = try iterator.next() { records.append(record) }
        XCTAssertEqual(records.map(\.id), Array(0 ..< records.count))
        XCTAssertNil(records[0].s)
        XCTAssertEqual(records[0].maps?.m?[""], .some(-430))
        XCTAssertEqual(records[0].maps?.m?["20Aso"], .some(nil))
        XCTAssertEqual(records[0].maps?.n, 583)
        XCTAssertEqual(records[1].s?.a, -59)
        XCTAssertEqual(records[1].s?.b, "\u{0} xds")
        XCTAssertEqual(records[1].deep?.l?.count, 3)
        XCTAssertEqual(records[1].deep?.l?[1]?.v ?? [], ["mpß\u{1}ß\n", "0kA\u{1f}lm"])
        XCTAssertNil(records[1].deep?.l?[2]?.k)

        struct Maps: Decodable {
            var int_to_str: [Int32: String?]?
            var date_to_double: [Date: Double?]?
            var map_of_lists: [String: [Int64?]?]?
        }
        let maps = try ParquetFileReader(path: path("nested/maps_v1_gzip.parquet")).decode(Maps.self)
        XCTAssertEqual(maps[1].int_to_str?[-6], .some("g\u{1f}\u{1f}em7"))
        XCTAssertEqual(maps[1].int_to_str?[39], .some(nil))
        XCTAssertEqual(maps[1].date_to_double?[Date(timeIntervalSince1970: -1_210_550_400)], .some(0.34488978685979216))  // 1931-08-23
        XCTAssertEqual(maps[0].map_of_lists?["p{5"], .some([864, 374]))

        struct Lists: Decodable { var ints: [Int64?]?; var decimals: [Decimal?]?; var dates: [Date?]? }
        let lists = try ParquetFileReader(path: path("nested/lists_v1_none.parquet")).decode(Lists.self)
        XCTAssertEqual(lists[0].ints, [626293724229, -452276276931, 812168655757, 1040526819365])
        XCTAssertEqual(lists[0].decimals, [Decimal(string: "345.90"), Decimal(string: "959.34"), Decimal(string: "-778.66")])
        XCTAssertEqual(lists[0].dates?[2], .some(nil))
    }

    func testMissingAndMismatchedFieldsNameTheColumnAndRecord() throws {
        let reader = try ParquetFileReader(path: path("flat/types_plain_v1_none.parquet"))
        struct Missing: Decodable { var nope: Int }
        XCTAssertThrowsError(try reader.decode(Missing.self)) { error in
            guard case DecodingError.keyNotFound(let key, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "nope")
            XCTAssertTrue(context.debugDescription.contains("no column 'nope'") && context.debugDescription.contains("record 0"), context.debugDescription)
        }
        struct Mismatch: Decodable { var int64: String }
        XCTAssertThrowsError(try reader.decode(Mismatch.self)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "column 'int64', record 0: cannot decode String from int 9223372036854775807")
        }
        struct Narrow: Decodable { var int64: Int8? }
        XCTAssertThrowsError(try reader.decode(Narrow.self)) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(context.debugDescription.hasPrefix("column 'int64', record 0:"), context.debugDescription)
        }
        struct NotOptional: Decodable { var string: String }
        XCTAssertThrowsError(try reader.decode(NotOptional.self)) { error in
            guard case DecodingError.valueNotFound(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "column 'string', record 0 is null")
        }
        struct Nested: Decodable { struct S: Decodable { var a: String? }; var s: S? }
        XCTAssertThrowsError(try ParquetFileReader(path: path("nested/structs_v1_lz4.parquet")).decode(Nested.self)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.debugDescription, "column 's.a', record 1: cannot decode String from int -59")
        }
    }
}
