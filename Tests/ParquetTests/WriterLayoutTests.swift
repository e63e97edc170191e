import Foundation
import XCTest
@testable import Parquet
import TestSupport

final class WriterLayoutTests: XCTestCase {
    private func intBatch(_ schema: Schema, _ values: [Int64]) -> RecordBatch {
        RecordBatch(schema: schema, columns: [W.column(schema, 0, values: .int64(values))], numRows: values.count, rowGroupIndex: 0)
    }

    func testBatchesAndMaxRowGroupRowsMakeRowGroups() throws {
        let schema = try W.flatSchema([leaf("x", .int64, .required)])
        var options = ParquetWriterOptions()
        options.maxRowGroupRows = 400
        let batches = [intBatch(schema, (0 ..< 1000).map { Int64($0) }), intBatch(schema, [7, 8, 9])]
        let (path, bytes, footer) = try W.write(schema, batches, options: options)
        XCTAssertEqual(footer.rowGroups.map(\.numRows), [400, 400, 200, 3])
        XCTAssertEqual(footer.rowGroups.map(\.ordinal), [0, 1, 2, 3])
        XCTAssertEqual(footer.numRows, 1003)
        var expectedOffset: Int64 = 4
        for group in footer.rowGroups {
            let chunk = group.columns[0]
            let m = try XCTUnwrap(chunk.metaData)
            XCTAssertEqual(group.fileOffset, expectedOffset)
            XCTAssertEqual(chunk.fileOffset, expectedOffset)
            XCTAssertEqual(m.dictionaryPageOffset ?? m.dataPageOffset, expectedOffset)
            XCTAssertEqual(group.totalCompressedSize, m.totalCompressedSize)
            XCTAssertEqual(group.totalByteSize, m.totalUncompressedSize)
            expectedOffset += m.totalCompressedSize
        }
        // Footer, its length and the magic follow the last chunk directly.
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16
        XCTAssertEqual(Int(expectedOffset) + footerLength + 8, bytes.count)
        XCTAssertEqual(Array(bytes.prefix(4)), Array("PAR1".utf8))
        XCTAssertEqual(Array(bytes.suffix(4)), Array("PAR1".utf8))
        let (_, back) = try W.readAll(path)
        XCTAssertEqual(back.map(\.numRows), [400, 400, 200, 3])
        XCTAssertEqual(W.image(try XCTUnwrap(W.merged(back, column: 0)).values),
                       W.image(.int64((0 ..< 1000).map { Int64($0) } + [7, 8, 9])))
    }

    /// 0-row batches write nothing; a file closed without rows has no row groups and reads as empty.
    func testEmptyBatchesWriteNoRowGroup() throws {
        let schema = try W.flatSchema([leaf("x", .int64, .required), leaf("s", .byteArray, .optional)])
        let empty = RecordBatch(schema: schema, columns: [
            W.column(schema, 0, values: .int64([])), W.column(schema, 1, values: W.strings([]), defs: []),
        ], numRows: 0, rowGroupIndex: 0)
        let (path, _, footer) = try W.write(schema, [empty, empty])
        XCTAssertTrue(footer.rowGroups.isEmpty)
        XCTAssertEqual(footer.numRows, 0)
        let (reader, batches) = try W.readAll(path)
        XCTAssertEqual(try reader.numRows, 0)
        XCTAssertTrue(batches.isEmpty)
        XCTAssertEqual(reader.schema, schema)
    }

    func testFlatPagesFollowPageSize() throws {
        let schema = try W.flatSchema([leaf("x", .int64, .required), leaf("o", .int32, .optional)])
        let n = 100_000
        var options = W.options(dictionary: false, codec: .uncompressed)
        options.pageSizeBytes = 64 * 1024
        let defs: [UInt32] = (0 ..< n).map { $0 % 3 == 0 ? 0 : 1 }
        let present = defs.filter { $0 == 1 }.count
        let (path, footer) = try W.roundTrip(schema, [
            W.column(schema, 0, values: .int64((0 ..< n).map { Int64($0) * 7 })),
            W.column(schema, 1, values: .int32((0 ..< present).map { Int32($0) }), defs: defs),
        ], rows: n, options: options)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let headers = try W.pageHeaders(bytes, footer.rowGroups[0].columns[0])
        XCTAssertEqual(headers.count, (n * 8 + options.pageSizeBytes - 1) / options.pageSizeBytes)
        for h in headers.dropLast() { XCTAssertEqual(Int(h.uncompressedPageSize), options.pageSizeBytes) }
        let optionalHeaders = try W.pageHeaders(bytes, footer.rowGroups[0].columns[1])
        XCTAssertGreaterThan(optionalHeaders.count, 3)
        for h in optionalHeaders.dropLast() { XCTAssertLessThan(Int(h.uncompressedPageSize), options.pageSizeBytes + 64) }
    }

    func testDictionaryFallsBackWhenTooLargeOrUseless() throws {
        let schema = try W.flatSchema([leaf("s", .byteArray, .required, logical: .string), leaf("u", .int64, .required), leaf("r", .int32, .required)])
        let n = 5000
        let columns = [
            W.column(schema, 0, values: W.strings((0 ..< n).map { "value-\($0 % 300)" })),
            W.column(schema, 1, values: .int64((0 ..< n).map { Int64($0) * 1_000_003 })),  // all distinct
            W.column(schema, 2, values: .int32((0 ..< n).map { Int32($0 % 4) })),
        ]
        let (_, roomy) = try W.roundTrip(schema, columns, rows: n)
        let encodings = roomy.rowGroups[0].columns.map { $0.metaData?.encodings.contains(.rleDictionary) }
        XCTAssertEqual(encodings, [true, false, true])

        var tight = ParquetWriterOptions()
        tight.maxDictionaryBytes = 1000  // 300 strings of ~13 bytes do not fit; 4 ints do
        let (path, small) = try W.roundTrip(schema, columns, rows: n, options: tight)
        let tightEncodings = small.rowGroups[0].columns.map { $0.metaData?.encodings.contains(.rleDictionary) }
        XCTAssertEqual(tightEncodings, [false, false, true])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let headers = try W.pageHeaders(bytes, small.rowGroups[0].columns[2])
        XCTAssertEqual(headers.first?.type, .dictionaryPage)
        XCTAssertEqual(headers.first?.dictionaryPageHeader?.numValues, 4)
        XCTAssertEqual(W.dataEncodings(headers.dropFirst()), [.rleDictionary])
        let plainHeaders = try W.pageHeaders(bytes, small.rowGroups[0].columns[0])
        XCTAssertEqual(W.dataEncodings(plainHeaders), [.plain])
    }

    /// A dictionary of one value (index width 1) and values that differ only in bit patterns
    /// (NaN payloads, signed zeros) stay distinct.
    func testDictionaryKeepsBitPatterns() throws {
        let schema = try W.flatSchema([leaf("one", .int32, .required), leaf("d", .double, .required)])
        let odd = Double(bitPattern: 0x7FF8_0000_0000_0001)
        let doubles: [Double] = (0 ..< 100).map { [0.0, -0.0, .nan, odd][$0 % 4] }
        try W.roundTrip(schema, [
            W.column(schema, 0, values: .int32([Int32](repeating: 9, count: 100))),
            W.column(schema, 1, values: .double(doubles)),
        ], rows: 100)
    }
}
