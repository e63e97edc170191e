import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// The offset index, the footer fields added for inspection (encoding stats, bloom filter
/// location, sorting columns) and the page-header walk.
final class PageIndexMetadataTests: XCTestCase {
    static func offsetIndexBytes(_ locations: [(Int64, Int32, Int64)], unencoded: [Int64]? = nil) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.writeStructList(1, locations) { w, l in
            w.writeI64(1, l.0)
            w.writeI32(2, l.1)
            w.writeI64(3, l.2)
        }
        if let unencoded { w.writeList(2, .i64, unencoded) { $0.writeZigzag($1) } }
        w.writeByte(0)
        return w.bytes
    }

    func testOffsetIndexDecodes() throws {
        let bytes = Self.offsetIndexBytes([(4, 100, 0), (104, 50, 64), (154, 1 << 20, 1 << 40)], unencoded: [7, 8, 9])
        let index = try bytes.withUnsafeBytes { try OffsetIndex(thriftCompact: $0) }
        XCTAssertEqual(index.pageLocations, [PageLocation(offset: 4, compressedPageSize: 100, firstRowIndex: 0),
                                             PageLocation(offset: 104, compressedPageSize: 50, firstRowIndex: 64),
                                             PageLocation(offset: 154, compressedPageSize: 1 << 20, firstRowIndex: 1 << 40)])
        XCTAssertEqual(index.unencodedByteArrayDataBytes, [7, 8, 9])
        for length in 0 ..< bytes.count {
            assertCorrupt { _ = try Array(bytes.prefix(length)).withUnsafeBytes { try OffsetIndex(thriftCompact: $0) } }
        }
        // A location without first_row_index is refused.
        var w = ThriftCompactWriter()
        w.writeStructList(1, [0]) { w, _ in w.writeI64(1, 4); w.writeI32(2, 10) }
        w.writeByte(0)
        assertCorrupt("first_row_index") { _ = try w.bytes.withUnsafeBytes { try OffsetIndex(thriftCompact: $0) } }
    }

    func testOffsetIndexConsistency() {
        func index(_ l: [(Int64, Int32, Int64)]) -> OffsetIndex {
            var i = OffsetIndex()
            i.pageLocations = l.map { PageLocation(offset: $0.0, compressedPageSize: $0.1, firstRowIndex: $0.2) }
            return i
        }
        let chunk: Range<Int64> = 100 ..< 400
        XCTAssertTrue(index([(100, 100, 0), (200, 200, 10)]).isConsistent(chunk: chunk, rows: 20))
        XCTAssertTrue(index([(150, 50, 0)]).isConsistent(chunk: chunk, rows: 1))   // a dictionary before
        XCTAssertFalse(index([]).isConsistent(chunk: chunk, rows: 20))
        XCTAssertFalse(index([(100, 100, 1)]).isConsistent(chunk: chunk, rows: 20))               // not from row 0
        XCTAssertFalse(index([(100, 100, 0), (150, 100, 10)]).isConsistent(chunk: chunk, rows: 20))  // overlap
        XCTAssertFalse(index([(100, 100, 0), (200, 100, 0)]).isConsistent(chunk: chunk, rows: 20))   // rows not increasing
        XCTAssertFalse(index([(100, 100, 0), (200, 100, 20)]).isConsistent(chunk: chunk, rows: 20)) // row past the group
        XCTAssertFalse(index([(100, 400, 0)]).isConsistent(chunk: chunk, rows: 20))                  // past the chunk
        XCTAssertFalse(index([(50, 100, 0)]).isConsistent(chunk: chunk, rows: 20))                   // before the chunk
        XCTAssertFalse(index([(100, 0, 0)]).isConsistent(chunk: chunk, rows: 20))
        XCTAssertFalse(index([(Int64.max - 1, 100, 0)]).isConsistent(chunk: 0 ..< Int64.max, rows: 20))
        XCTAssertFalse(index([(100, 100, 0)]).isConsistent(chunk: chunk, rows: 0))
    }

    /// Dremio's parquet-mr fork wrote a list of structs as ColumnMetaData field 15 (now
    /// bloom_filter_length): such a field is skipped, the footer still reads.
    func testLateFieldsOfAnotherTypeAreSkipped() throws {
        var meta = ColumnMetaData()
        meta.pathInSchema = ["a"]
        var w = ThriftCompactWriter()
        meta.writeFields(to: &w)
        w.writeFieldHeader(13, .i32)   // encoding_stats as an integer
        w.writeZigzag(5)
        w.writeFieldHeader(14, .binary)   // bloom_filter_offset as bytes
        w.writeBinaryValue([1, 2, 3])
        w.writeStructList(15, [1, 2]) { w, v in w.writeI64(1, Int64(v)) }
        w.writeByte(0)
        let decoded = try w.bytes.withUnsafeBytes { buffer -> ColumnMetaData in
            var r = ThriftCompactReader(buffer)
            return try ColumnMetaData.decode(&r, .structure)
        }
        XCTAssertNil(decoded.encodingStats)
        XCTAssertNil(decoded.bloomFilterOffset)
        XCTAssertNil(decoded.bloomFilterLength)
        XCTAssertEqual(decoded.pathInSchema, ["a"])
        // A field that cannot even be skipped still fails.
        var truncated = ThriftCompactWriter()
        meta.writeFields(to: &truncated)
        truncated.writeFieldHeader(15, .binary)
        truncated.writeVarint(100)
        assertCorrupt { _ = try truncated.bytes.withUnsafeBytes { buffer in
            var r = ThriftCompactReader(buffer)
            return try ColumnMetaData.decode(&r, .structure)
        } }
    }

    func testCorpusFooterFields() throws {
        let root = try TestPaths.requireParquetTesting()
        let data = root.appendingPathComponent("data")
        let bloom = try ParquetFileReader(path: data.appendingPathComponent("data_index_bloom_encoding_with_length.parquet").path)
        let md = try XCTUnwrap(bloom.metadata.rowGroups[0].columns[0].metaData)
        XCTAssertNotNil(md.bloomFilterOffset)
        XCTAssertNotNil(md.bloomFilterLength)
        let stats = try ParquetFileReader(path: data.appendingPathComponent("data_index_bloom_encoding_stats.parquet").path)
        let statsMeta = try XCTUnwrap(stats.metadata.rowGroups[0].columns[0].metaData)
        XCTAssertEqual(statsMeta.encodingStats, [PageEncodingStats(pageType: .dataPage, encoding: .plain, count: 1)])
        XCTAssertEqual(statsMeta.bloomFilterOffset, 192)
        XCTAssertNil(statsMeta.bloomFilterLength)
        let sorted = try ParquetFileReader(path: data.appendingPathComponent("sort_columns.parquet").path)
        XCTAssertEqual(sorted.metadata.rowGroups[0].sortingColumns,
                       [SortingColumn(columnIndex: 0, descending: true, nullsFirst: true),
                        SortingColumn(columnIndex: 1, descending: false, nullsFirst: false)])
        let dremio = try ParquetFileReader(path: data.appendingPathComponent("dict-page-offset-zero.parquet").path)
        XCTAssertNil(dremio.metadata.rowGroups[0].columns[0].metaData?.bloomFilterLength)
        let tiny = try ParquetFileReader(path: data.appendingPathComponent("alltypes_tiny_pages.parquet").path)
        let index = try XCTUnwrap(try tiny.offsetIndex(rowGroup: 0, column: 0))
        XCTAssertEqual(index.pageLocations.count, 325)
        XCTAssertEqual(index.pageLocations.first?.offset, 4)
        XCTAssertNil(try ParquetFileReader(path: data.appendingPathComponent("alltypes_plain.parquet").path).offsetIndex(rowGroup: 0, column: 0))
    }

    func testPageHeadersMatchTheOffsetIndex() throws {
        let root = try TestPaths.requireParquetTesting()
        let reader = try ParquetFileReader(path: root.appendingPathComponent("data/alltypes_tiny_pages.parquet").path)
        for column in reader.schema.columns {
            var pages = try reader.pageHeaders(rowGroup: 0, column: column.index)
            var data: [PageHeaderLocation] = []
            while let page = try pages.next() {
                if page.header.type == .dataPage { data.append(page) }
            }
            let index = try XCTUnwrap(try reader.offsetIndex(rowGroup: 0, column: column.index))
            XCTAssertEqual(data.map(\.offset), index.pageLocations.map(\.offset), column.dottedPath)
            XCTAssertEqual(data.map { Int32($0.headerLength) + $0.header.compressedPageSize },
                           index.pageLocations.map(\.compressedPageSize), column.dottedPath)
        }
    }

    func testPageHeaderWalkRefusesHostileChunks() throws {
        // A chunk whose page claims more bytes than the chunk holds, and one of garbage.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dd-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("f.bin")
        var header = PageHeader()
        header.type = .dataPage
        header.compressedPageSize = 1000
        header.uncompressedPageSize = 1000
        var dp = DataPageHeader()
        dp.numValues = 1
        header.dataPageHeader = dp
        var w = ThriftCompactWriter()
        w.writeStructBody { header.writeFields(to: &$0) }
        let bytes = Array("PAR1".utf8) + w.bytes + [UInt8](repeating: 0, count: 50) + [UInt8](repeating: 0xFF, count: 64) + Array("PAR1".utf8)
        try Data(bytes).write(to: file)
        let source = try RandomAccessFile(path: file.path)
        var meta = ColumnMetaData()
        meta.dataPageOffset = 4
        meta.totalCompressedSize = Int64(w.bytes.count + 50)
        var pages = try PageHeaderIterator(file: source, metadata: meta, padding: 0)
        assertCorrupt("runs past the end") { _ = try pages.next() }
        meta.dataPageOffset = Int64(4 + w.bytes.count + 50)
        meta.totalCompressedSize = 60
        var garbage = try PageHeaderIterator(file: source, metadata: meta, padding: 0)
        assertCorrupt("page header at byte") { _ = try garbage.next() }
        meta.dataPageOffset = Int64(bytes.count)
        assertCorrupt("outside the file") { _ = try PageHeaderIterator(file: source, metadata: meta, padding: 0) }
        meta.totalCompressedSize = 0
        var empty = try PageHeaderIterator(file: source, metadata: meta, padding: 0)
        XCTAssertNil(try empty.next())
    }
}
