import Foundation
import XCTest
@testable import Parquet
import TestSupport

final class WriterNestedTests: XCTestCase {
    /// optional list<optional int32>: [1, 2], [null], [], null, [5].
    func testOptionalListOfOptionalInts() throws {
        let schema = try Schema(elements: [
            W.root(1),
            group("tags", .optional, children: 1, logical: .list),
            group("list", .repeated, children: 1),
            leaf("element", .int32, .optional),
        ])
        let c = W.column(schema, 0, values: .int32([1, 2, 5]), defs: [3, 3, 2, 1, 0, 3], reps: [0, 1, 0, 0, 0, 0])
        let (path, _) = try W.roundTrip(schema, [c], rows: 5)
        let reader = try ParquetFileReader(path: path)
        XCTAssertEqual(reader.metadata.schema[1].convertedType, .list)
    }

    /// A map<string, int64>, a struct with an optional field, and a list of structs in one file.
    func testMapStructAndListOfStruct() throws {
        let schema = try Schema(elements: [
            W.root(3),
            group("m", .optional, children: 1, logical: .map),
            group("key_value", .repeated, children: 2),
            leaf("key", .byteArray, .required, logical: .string),
            leaf("value", .int64, .optional),
            group("st", .required, children: 2),
            leaf("a", .int32, .required),
            leaf("b", .double, .optional),
            group("items", .required, children: 1, logical: .list),
            group("list", .repeated, children: 1),
            group("element", .required, children: 2),
            leaf("name", .byteArray, .optional, logical: .string),
            leaf("qty", .int32, .required),
        ])
        // Records: m = {a:1, b:null}, {}, null ; st = (1, 2.5), (2, null), (3, -0.0)
        // items = [("x",1)], [], [(null,2), ("y",3)]
        let columns = [
            W.column(schema, 0, values: W.strings(["a", "b"]), defs: [2, 2, 1, 0], reps: [0, 1, 0, 0]),
            W.column(schema, 1, values: .int64([1]), defs: [3, 2, 1, 0], reps: [0, 1, 0, 0]),
            W.column(schema, 2, values: .int32([1, 2, 3])),
            W.column(schema, 3, values: .double([2.5, -0.0]), defs: [1, 0, 1]),
            W.column(schema, 4, values: W.strings(["x", "y"]), defs: [2, 0, 1, 2], reps: [0, 0, 0, 1]),
            W.column(schema, 5, values: .int32([1, 2, 3]), defs: [1, 0, 1, 1], reps: [0, 0, 0, 1]),
        ]
        try W.roundTrip(schema, columns, rows: 3)
        try W.roundTrip(schema, columns, rows: 3, options: W.options(dictionary: false, codec: .uncompressed))
        var split = ParquetWriterOptions()
        split.maxRowGroupRows = 1
        let (_, footer) = try W.roundTrip(schema, columns, rows: 3, options: split)
        XCTAssertEqual(footer.rowGroups.map(\.numRows), [1, 1, 1])
        XCTAssertEqual(footer.rowGroups[0].columns[0].metaData?.numValues, 2)
    }

    /// A file written by pyarrow (lists, a map, a struct holding a list, a list of lists) is
    /// read, written again in several configurations, and read back to the same column data.
    func testPyarrowNestedFileSurvivesRewrite() throws {
        let original = NSTemporaryDirectory() + "writer-pyarrow-\(UUID().uuidString).parquet"
        let bytes = try XCTUnwrap(Data(base64Encoded: Self.pyarrowNested, options: .ignoreUnknownCharacters))
        try bytes.write(to: URL(fileURLWithPath: original))
        let (reader, batches) = try W.readAll(original)
        XCTAssertEqual(reader.schema.columns.count, 7)
        let batch = try XCTUnwrap(batches.first)
        XCTAssertEqual(batch.numRows, 6)

        var configurations: [ParquetWriterOptions] = [.init(), W.options(dictionary: false, codec: .uncompressed)]
        var small = ParquetWriterOptions()
        small.pageSizeBytes = 8
        small.maxRowGroupRows = 4
        configurations.append(small)
        for options in configurations {
            let (path, _, _) = try W.write(reader.schema, batches, options: options)
            let (again, backBatches) = try W.readAll(path)
            XCTAssertEqual(again.schema, reader.schema)
            XCTAssertEqual(again.metadata.schema, reader.metadata.schema)
            for i in reader.schema.columns.indices {
                let a = try XCTUnwrap(W.merged(batches, column: i))
                let b = try XCTUnwrap(W.merged(backBatches, column: i))
                W.assertSame(a, b)
            }
            // Rewriting the rewritten file changes nothing either.
            let (path2, _, _) = try W.write(again.schema, backBatches, options: options)
            let (_, third) = try W.readAll(path2)
            for i in reader.schema.columns.indices {
                W.assertSame(try XCTUnwrap(W.merged(backBatches, column: i)), try XCTUnwrap(W.merged(third, column: i)))
            }
        }
    }

    /// Pages of a nested column only start where a record starts.
    func testNestedPagesSplitOnRecordBoundaries() throws {
        let schema = try Schema(elements: [
            W.root(1),
            group("l", .optional, children: 1, logical: .list),
            group("list", .repeated, children: 1),
            leaf("element", .byteArray, .optional, logical: .string),
        ])
        var defs: [UInt32] = [], reps: [UInt32] = [], strings: [String] = []
        for record in 0 ..< 2000 {
            let length = record % 7
            if record % 11 == 0 { defs.append(0); reps.append(0); continue }
            if length == 0 { defs.append(1); reps.append(0); continue }
            for k in 0 ..< length {
                reps.append(k == 0 ? 0 : 1)
                if (record + k) % 5 == 0 { defs.append(2) } else { defs.append(3); strings.append("s\(record % 50)-\(k)") }
            }
        }
        let c = W.column(schema, 0, values: W.strings(strings), defs: defs, reps: reps)
        for dictionary in [true, false] {
            var options = W.options(dictionary: dictionary)
            options.pageSizeBytes = 512
            let (path, footer) = try W.roundTrip(schema, [c], rows: 2000, options: options)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let headers = try W.pageHeaders(bytes, footer.rowGroups[0].columns[0])
            let dataPages = headers.filter { $0.type == .dataPage }
            XCTAssertGreaterThan(dataPages.count, 5)
            XCTAssertEqual(dataPages.map { Int($0.dataPageHeader?.numValues ?? 0) }.reduce(0, +), defs.count)
            XCTAssertEqual(headers.first?.type, dictionary ? .dictionaryPage : .dataPage)
        }
        let slice = ColumnSlice(data: c, levels: 0 ..< defs.count, values: 0 ..< strings.count)
        let pages = PageLayout.split(slice, target: 100, indexWidth: nil)
        XCTAssertGreaterThan(pages.count, 20)
        var expectedLevel = 0, expectedValue = 0
        for page in pages {
            XCTAssertEqual(page.levels.lowerBound, expectedLevel)
            XCTAssertEqual(page.values.lowerBound, expectedValue)
            XCTAssertEqual(reps[page.levels.lowerBound], 0)
            XCTAssertFalse(page.levels.isEmpty)
            expectedLevel = page.levels.upperBound
            expectedValue = page.values.upperBound
        }
        XCTAssertEqual(expectedLevel, defs.count)
        XCTAssertEqual(expectedValue, strings.count)
    }

    /// pyarrow 26 output (snappy, no ARROW:schema) for the table in scripts/verify_writer.py's
    /// `nested_source()`.
    static let pyarrowNested = """
    UEFSMRUEFWAVSEwVDBUAEgAAMAQBAAkBAAIJBwQAAw0IAAQNCDwFAAAAAAAAAAYAAAAAAAAAFQAVFhUaLBUMFRAVBhUGHBgIBgAA
    AAAAAAAYCAEAAAAAAAAAFgAoCAYAAAAAAAAAGAgBAAAAAAAAABERAAAACygCAAAADAEDA4jGAhUEFSAVJEwVCBUAEgAAEDwBAAAA
    AgAAAAUAAAAHAAAAFQAVKBUsLBUSFRAVBhUGHBgEBwAAABgEAQAAABYGKAQHAAAAGAQBAAAAEREAAAAUTAMAAAAFwgAFAAAABW/8
    AwACA6QOFQQVKhUsTBUIFQASAAAVEAEAAABhAQUsYgEAAABjAgAAAHp6FQAVIhUmLBUOFRAVBhUGHDYEKAJ6ehgBYRERAAAAEUAC
    AAAAAxADAAAAA4YqAgMkAxUEFUAVOEwVCBUAEgAAIAQBAAkBAAIJB0AAAwAAAAAAAAAJAAAAAAAAABUAFSIVJiwVDhUQFQYVBhwY
    CAkAAAAAAAAAGAgBAAAAAAAAABYGKAgJAAAAAAAAABgIAQAAAAAAAAAREQAAABFAAgAAAAMQAwAAAAPHPgID5AAVBBUgFSRMFQgV
    ABIAABA8AQAAAAQAAAAFAAAABgAAABUAFRYVGiwVDBUQFQYVBhwYBAYAAAAYBAEAAAAWBCgEBgAAABgEAQAAABERAAAACygDAAAA
    A5IKAgPkABUEFSgVLEwVCBUAEgAAFEwBAAAAcAEAAABxAQAAAHIBAAAAcxUAFSQVKCwVEBUQFQYVBhw2CCgBcxgBcBERAAAAEkQC
    AAAAA0IEAAAAAySikQID5AAVBBU4FTxMFQ4VABIAABxsAQAAAAIAAAADAAAABAAAAAUAAAAGAAAABwAAABUAFTIVNiwVFhUQFQYV
    BhwYBAcAAAAYBAEAAAAWCCgEBwAAABgEAQAAABERAAAAGWAFAAAABSQQCgAHAAAABW0HtW0AAAMDiMYaFQQZ/BM1ABgGc2NoZW1h
    FQoAFQQlAhgCaWQANQIYBHRhZ3MVAhUGTDwAAAA1BBgEbGlzdBUCABUCJQIYB2VsZW1lbnQANQIYBWF0dHJzFQIVAkwsAAAANQQY
    CWtleV92YWx1ZRUEABUMJQAYA2tleSUATBwAAAAVBCUCGAV2YWx1ZQA1AhgBcxUEABUCJQIYAXgANQIYAXkVAhUGTDwAAAA1BBgE
    bGlzdBUCABUMJQIYB2VsZW1lbnQlAEwcAAAANQIYBm5lc3RlZBUCFQZMPAAAADUEGARsaXN0FQIANQIYB2VsZW1lbnQVAhUGTDwA
    AAA1BBgEbGlzdBUCABUCJQIYB2VsZW1lbnQlIEysExARAAAAFgwZHBl8JgAcFQQZNQAGEBkYAmlkFQIWDBaQAhb8ASZsJggcGAgG
    AAAAAAAAABgIAQAAAAAAAAAWACgIBgAAAAAAAAAYCAEAAAAAAAAAEREAGSwVBBUAFQIAFQAVEBUCADwpBhkmAAwAAAAmABwVAhk1
    AAYQGTgEdGFncwRsaXN0B2VsZW1lbnQVAhYSFsIBFsoBJsQCJoQCHBgEBwAAABgEAQAAABYGKAQHAAAAGAQBAAAAEREAGSwVBBUA
    FQIAFQAVEBUCADwpJgwGGUYCAgIMAAAAJgAcFQwZNQAGEBk4BWF0dHJzCWtleV92YWx1ZQNrZXkVAhYOFqQBFqoBJpYEJs4DHDYE
    KAJ6ehgBYRERABksFQQVABUCABUAFRAVAgA8FgwZJgwCGTYCAgoAAAAmABwVBBk1AAYQGTgFYXR0cnMJa2V5X3ZhbHVlBXZhbHVl
    FQIWDhb8ARb4ASbMBSb4BBwYCAkAAAAAAAAAGAgBAAAAAAAAABYGKAgJAAAAAAAAABgIAQAAAAAAAAAREQAZLBUEFQAVAgAVABUQ
    FQIAPCkmDAIZRgICAggAAAAmABwVAhk1AAYQGSgBcwF4FQIWDBawARa4ASawBybwBhwYBAYAAAAYBAEAAAAWBCgEBgAAABgEAQAA
    ABERABksFQQVABUCABUAFRAVAgA8KQYZNgICCAAAACYAHBUMGTUABhAZSAFzAXkEbGlzdAdlbGVtZW50FQIWEBaiARaqASbwCCao
    CBw2CCgBcxgBcBERABksFQQVABUCABUAFRAVAgA8FggZJgwEGVYCAgICCAAAACYAHBUCGTUABhAZWAZuZXN0ZWQEbGlzdAdlbGVt
    ZW50BGxpc3QHZWxlbWVudBUCFhYW5AEW7AEmqgom0gkcGAQHAAAAGAQBAAAAFggoBAcAAAAYBAEAAAAREQAZLBUEFQAVAgAVABUQ
    FQIAPCk2DAQGGWYCAgICAA4AAAAWqAsWDCYIFrYLACggcGFycXVldC1jcHAtYXJyb3cgdmVyc2lvbiAyNi4wLjEZfBwAABwAABwA
    ABwAABwAABwAABwAAAA3BAAAUEFSMQ==
    """
}
