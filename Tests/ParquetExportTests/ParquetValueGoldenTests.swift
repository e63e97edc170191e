import Foundation
import XCTest
import Parquet
import TestSupport

/// `ParquetValue.description`, record by record, equals the pyarrow goldens of every readable
/// fixture in Fixtures/manifest.json (the same text JSONL export writes), field by field.
///
/// FLOAT16 is widened to `Float` in a `ParquetValue`, so its text has 32-bit shortest digits;
/// those fields are compared by value instead (the golden's number within half a FLOAT16 step).
/// An INT96 instant beyond 64-bit nanoseconds is a MICROS timestamp (Spark's reading), whose
/// text lacks the three zeros the column's 9-digit text has.
final class ParquetValueGoldenTests: XCTestCase {
    func testEveryFixtureRecordMatchesItsGolden() throws {
        let manifest = try GoldenManifest.load()
        var files = 0, records = 0, nested = 0
        for entry in manifest.fixtures where !entry.codecs.contains("LZO") {
            let path = TestPaths.fixtures.appendingPathComponent(entry.file).path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }  // datasets
            let golden = String(decoding: try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(entry.golden)), as: UTF8.self)
            let lines = golden.split(separator: "\n").map(String.init)
            let reader = try ParquetFileReader(path: path)
            let half = Set(reader.schema.fields.filter { $0.columnIndex.map { reader.schema.columns[$0].kind == .float16 } ?? false }.map(\.name))
            let int96 = Set(reader.schema.fields.filter { $0.columnIndex.map { reader.schema.columns[$0].kind == .int96Timestamp } ?? false }.map(\.name))
            nested += reader.schema.fields.filter { !$0.isLeaf }.count
            var batches = try reader.batches(maxRowsPerBatch: 37)
            var line = 0
            while let batch = try batches.next() {
                for row in try batch.rows() {
                    guard line < lines.count else { XCTFail("\(entry.file): more records than the golden"); return }
                    let expected = try rawFields(lines[line])
                    var inexact = !half.isEmpty
                    XCTAssertEqual(expected.map(\.key), row.fieldNames, "\(entry.file) record \(line)")
                    for (index, field) in expected.enumerated() where index < row.count {
                        let value = row[index]
                        if half.contains(field.key), case .float(let v) = value {
                            // The golden's 16-bit shortest digits read back to v within half a FLOAT16 step.
                            if let g = Float(field.value) {
                                XCTAssertLessThanOrEqual(abs(g - v), max(abs(v) * 0x1p-11, 0x1p-25), "\(entry.file) record \(line) \(field.key)")
                            } else {
                                XCTAssertTrue(field.value == "null" && !v.isFinite, "\(entry.file) record \(line) \(field.key): \(field.value) vs \(v)")
                            }
                        } else if half.contains(field.key) {
                            XCTAssertEqual(field.value, value.description, "\(entry.file) record \(line) \(field.key)")
                        } else if int96.contains(field.key), case .timestamp(_, .micros, false) = value {
                            // Beyond 64-bit nanoseconds: Spark's microseconds, which the column's
                            // 9-digit text pads with 000.
                            XCTAssertEqual(value.description.dropLast() + "000\"", field.value, "\(entry.file) record \(line) \(field.key)")
                            inexact = true
                        } else {
                            XCTAssertEqual(value.description, field.value, "\(entry.file) record \(line) \(field.key)")
                        }
                    }
                    if inexact || row.description == lines[line] { records += 1 } else {
                        XCTFail("\(entry.file) record \(line): \(row.description) != \(lines[line])")
                    }
                    line += 1
                }
            }
            XCTAssertEqual(line, lines.count, entry.file)
            files += 1
        }
        XCTAssertGreaterThanOrEqual(files, 45)
        XCTAssertGreaterThan(nested, 10)
        XCTAssertGreaterThan(records, 5000)
    }

    func testRowsIteratorAndProjection() throws {
        let file = TestPaths.fixtures.appendingPathComponent("nested/structs_v1_lz4.parquet").path
        let golden = String(decoding: try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("nested/structs_v1_lz4.jsonl")), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        var rows = try ParquetFileReader(path: file).rows()
        var count = 0
        while let row = try rows.next() {
            XCTAssertEqual(row.description, golden[count])
            XCTAssertEqual(row[4], row["id"])
            XCTAssertEqual(row["id"], .int(Int64(count)))
            count += 1
        }
        XCTAssertEqual(count, golden.count)
        // A dotted leaf path keeps only that field of the struct.
        var projected = try ParquetFileReader(path: file).rows(columns: ["s.a", "id"])
        let first = try XCTUnwrap(try projected.next()), second = try XCTUnwrap(try projected.next())
        XCTAssertEqual(first.fieldNames, ["s", "id"])
        XCTAssertEqual(first.description, "{\"s\":null,\"id\":0}")
        XCTAssertEqual(second["s"], .struct([.init(name: "a", value: .int(-59))]))
        XCTAssertThrowsError(try ParquetFileReader(path: file).rows(columns: ["nope"]))
    }

    func testScalarTextAndEquality() throws {
        XCTAssertEqual(ParquetValue.decimal(ParquetDecimal(unscaled: -1230, scale: 2)).description, "-12.30")
        XCTAssertEqual(ParquetDecimal(bigEndian: [0xFF, 0xFF, 0xFB, 0x32], scale: 2), ParquetDecimal(unscaled: -1230, scale: 2))
        XCTAssertEqual(ParquetDecimal(unscaled: 5, scale: 2).decimalValue, Decimal(string: "0.05"))
        XCTAssertEqual(ParquetValue.double(.nan), .double(.nan))
        XCTAssertEqual(ParquetValue.double(.nan).description, "null")
        XCTAssertEqual(ParquetValue.uint(UInt64.max).description, "18446744073709551615")
        XCTAssertEqual(ParquetValue.timestamp(-1, unit: .micros, isAdjustedToUTC: true).description, "\"1969-12-31T23:59:59.999999Z\"")
        let map = ParquetValue.map([.init(key: .int(1), value: .list([.string("a\"b"), .null]))])
        XCTAssertEqual(map.description, "{\"1\":[\"a\\\"b\",null]}")
        let s = ParquetValue.struct([.init(name: "b", value: .binary([1, 2, 3])), .init(name: "d", value: .date(daysSinceEpoch: 19844))])
        XCTAssertEqual(s.description, "{\"b\":\"AQID\",\"d\":\"2024-05-01\"}")
        XCTAssertEqual(s["d"], .date(daysSinceEpoch: 19844))
        XCTAssertEqual(Set([ParquetValue.float(0), .float(-0.0)]).count, 1)
    }
}

/// The top-level members of a one-line JSON object as (key, raw value text), in order.
func rawFields(_ line: String) throws -> [(key: String, value: String)] {
    let b = Array(line.utf8)
    var i = 0, result: [(key: String, value: String)] = []
    struct Malformed: Error { var line: String }
    func skipString() throws {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw Malformed(line: line) }
        i += 1
        while i < b.count, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
        i += 1
    }
    func skipValue() throws {
        var depth = 0
        repeat {
            guard i < b.count else { throw Malformed(line: line) }
            switch b[i] {
            case UInt8(ascii: "\""): try skipString(); continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return }
                depth -= 1
            case UInt8(ascii: ","): if depth == 0 { return }
            default: break
            }
            i += 1
        } while true
    }
    guard b.first == UInt8(ascii: "{") else { throw Malformed(line: line) }
    i = 1
    while i < b.count, b[i] != UInt8(ascii: "}") {
        let keyStart = i
        try skipString()
        let key = try JSONDecoder().decode(String.self, from: Data(b[keyStart ..< i]))
        i += 1  // ':'
        let valueStart = i
        try skipValue()
        result.append((key, String(decoding: b[valueStart ..< i], as: UTF8.self)))
        if i < b.count, b[i] == UInt8(ascii: ",") { i += 1 }
    }
    return result
}
