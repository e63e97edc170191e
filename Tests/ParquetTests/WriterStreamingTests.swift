import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// Row groups built from many batches (`append` / `flushRowGroup`): pages are encoded as they
/// fill, the dictionary grows page by page and falls back to PLAIN mid-chunk, statistics fold
/// over pages — and the file reads back to the same values as one `write` of everything.
final class WriterStreamingTests: XCTestCase {
    typealias S = EncodingTestSupport
    private func schema() throws -> Schema {
        try W.flatSchema([leaf("id", .int64, .required), leaf("s", .byteArray, .optional, logical: .string),
                          leaf("d", .double, .optional)])
    }

    private func batch(_ schema: Schema, from: Int, rows: Int, distinct: Int) -> RecordBatch {
        let ids = (from ..< from + rows).map { Int64($0) }
        let defs: [UInt32] = (from ..< from + rows).map { $0 % 5 == 0 ? 0 : 1 }
        let strings = (from ..< from + rows).filter { $0 % 5 != 0 }.map { Self.string($0, distinct) }
        let doubles = (from ..< from + rows).filter { $0 % 5 != 0 }.map { Double($0) * 0.5 - 300 }
        return RecordBatch(schema: schema, columns: [
            W.column(schema, 0, values: .int64(ids)),
            W.column(schema, 1, values: W.strings(strings), defs: defs),
            W.column(schema, 2, values: .double(doubles), defs: defs),
        ], numRows: rows, rowGroupIndex: 0)
    }

    /// Row `i`'s string: one of `distinct` values, or (distinct 0) a new value every 3 rows.
    static func string(_ i: Int, _ distinct: Int) -> String {
        distinct == 0 ? "value-\(i / 3)" : "value-\(i % distinct)-\(String(repeating: "x", count: i % 7))"
    }

    private func readBack(_ bytes: [UInt8]) throws -> (ParquetFileReader, [RecordBatch]) {
        let path = W.temporaryPath("stream")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try W.readAll(path)
    }

    func testAppendedBatchesMakeOneRowGroupLikeOneWrite() throws {
        let schema = try schema()
        var options = W.options(codec: .snappy)
        options.pageSizeBytes = 2048
        let streamed = MemoryByteWriter(), whole = MemoryByteWriter()
        let a = try ParquetFileWriter(output: streamed, schema: schema, options: options)
        let b = try ParquetFileWriter(output: whole, schema: schema, options: options)
        for k in 0 ..< 12 { try a.append(batch(schema, from: k * 250, rows: 250, distinct: 40)) }
        XCTAssertEqual(a.bufferedRows, 3000)
        try a.flushRowGroup()
        XCTAssertEqual(a.bufferedRows, 0)
        let footerA = try a.close()
        try b.write(batch(schema, from: 0, rows: 3000, distinct: 40))
        let footerB = try b.close()
        XCTAssertEqual(footerA.rowGroups.map(\.numRows), [3000])
        let (_, backA) = try readBack(streamed.bytes), (_, backB) = try readBack(whole.bytes)
        for c in 0 ..< 3 {
            W.assertSame(try XCTUnwrap(W.merged(backA, column: c)), try XCTUnwrap(W.merged(backB, column: c)))
        }
        // Many pages, one dictionary, the same statistics as the chunk written at once.
        for c in 0 ..< 3 {
            let ma = try XCTUnwrap(footerA.rowGroups[0].columns[c].metaData), mb = try XCTUnwrap(footerB.rowGroups[0].columns[c].metaData)
            XCTAssertEqual(ma.statistics, mb.statistics, "column \(c)")
            XCTAssertEqual(ma.numValues, 3000)
            let headers = try W.pageHeaders(streamed.bytes, footerA.rowGroups[0].columns[c])
            XCTAssertGreaterThan(headers.filter { $0.type == .dataPage }.count, 1, "column \(c)")
            XCTAssertLessThanOrEqual(headers.filter { $0.type == .dictionaryPage }.count, 1)
        }
    }

    func testDictionaryFallsBackToPlainMidChunk() throws {
        let schema = try schema()
        var options = W.options(codec: .uncompressed)
        options.pageSizeBytes = 1024
        options.maxDictionaryBytes = 6000  // the first page's strings fit, later ones do not
        let out = MemoryByteWriter()
        let writer = try ParquetFileWriter(output: out, schema: schema, options: options)
        for k in 0 ..< 8 { try writer.append(batch(schema, from: k * 300, rows: 300, distinct: 0)) }
        let footer = try writer.close()
        let headers = try W.pageHeaders(out.bytes, footer.rowGroups[0].columns[1])
        XCTAssertEqual(headers.first?.type, .dictionaryPage)
        XCTAssertEqual(W.dataEncodings(headers), [.rleDictionary, .plain])
        let dictionaryEntries = Int(headers.first?.dictionaryPageHeader?.numValues ?? 0)
        XCTAssertGreaterThan(dictionaryEntries, 0)
        let (_, back) = try readBack(out.bytes)
        let expected = batch(schema, from: 0, rows: 2400, distinct: 0)
        for c in 0 ..< 3 { W.assertSame(try XCTUnwrap(W.merged(back, column: c)), expected.columns[c]) }
        let stats = try XCTUnwrap(footer.rowGroups[0].columns[1].metaData?.statistics)
        XCTAssertEqual(stats.nullCount, 480)
        let strings = (0 ..< 2400).filter { $0 % 5 != 0 }.map { Array(Self.string($0, 0).utf8) }
        XCTAssertEqual(stats.minValue, strings.min { $0.lexicographicallyPrecedes($1) })
        XCTAssertEqual(stats.maxValue, strings.max { $0.lexicographicallyPrecedes($1) })
    }

    func testMaxRowGroupRowsCutsAcrossAppends() throws {
        let schema = try schema()
        var options = W.options()
        options.maxRowGroupRows = 700
        let out = MemoryByteWriter()
        let writer = try ParquetFileWriter(output: out, schema: schema, options: options)
        for k in 0 ..< 5 { try writer.append(batch(schema, from: k * 300, rows: 300, distinct: 10)) }
        XCTAssertEqual(writer.bufferedRows, 100)
        let footer = try writer.close()
        XCTAssertEqual(footer.rowGroups.map(\.numRows), [700, 700, 100])
        let (_, back) = try readBack(out.bytes)
        W.assertSame(try XCTUnwrap(W.merged(back, column: 1)), batch(schema, from: 0, rows: 1500, distinct: 10).columns[1])
    }

    /// Nested records appended in pieces keep their levels; pages still end on record boundaries.
    func testNestedAppendsReadBack() throws {
        let elements = [W.root(1), group("l", .optional, children: 1, logical: .list),
                        group("list", .repeated, children: 1), leaf("element", .int32, .optional)]
        let schema = try Schema(elements: elements)
        var rng = SplitMix64(seed: 5)
        var defs: [UInt32] = [], reps: [UInt32] = [], values: [Int32] = []
        var rows = 0
        var starts: [Int] = []
        for _ in 0 ..< 600 {
            starts.append(defs.count)
            rows += 1
            switch rng.next() % 4 {
            case 0: defs.append(0); reps.append(0)
            case 1: defs.append(1); reps.append(0)
            default:
                for k in 0 ..< 1 + Int(rng.next() % 40) {
                    reps.append(k == 0 ? 0 : 1)
                    if rng.next() % 6 == 0 { defs.append(2) } else { defs.append(3); values.append(Int32(rng.next() % 1000)) }
                }
            }
        }
        let d = schema.columns[0]
        let all = ColumnData(descriptor: d, definitionLevels: defs, repetitionLevels: reps, values: .int32(values), levelCount: defs.count)
        var options = W.options(codec: .uncompressed)
        options.pageSizeBytes = 200
        let out = MemoryByteWriter()
        let writer = try ParquetFileWriter(output: out, schema: schema, options: options)
        var rest = all
        var taken = 0
        while taken < rows {
            let n = min(rows - taken, 1 + Int(rng.next() % 90))
            var head = rest
            rest = head.splitOff(records: n)
            try writer.append(RecordBatch(schema: schema, columns: [head], numRows: n, rowGroupIndex: 0))
            taken += n
        }
        let footer = try writer.close()
        XCTAssertEqual(footer.rowGroups.map(\.numRows), [600])
        let (_, back) = try readBack(out.bytes)
        W.assertSame(try XCTUnwrap(W.merged(back, column: 0)), all)
    }
}
