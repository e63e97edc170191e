import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// Column index and split-block bloom filter decoding, on parquet-testing, pyarrow and DuckDB files.
final class BloomFilterColumnIndexTests: XCTestCase {
    static let fixtures = TestPaths.fixtures.appendingPathComponent("filter")

    private func testing(_ name: String) throws -> String {
        let root = try TestPaths.requireParquetTesting()
        return root.appendingPathComponent("data").appendingPathComponent(name).path
    }

    func testXXHash64Vectors() {
        // Reference values of XXH64 with seed 0.
        XCTAssertEqual(XXHash64.hash([UInt8]()), 0xEF46_DB37_51D8_E999)
        XCTAssertEqual(XXHash64.hash(Array("abc".utf8)), 0x44BC_2CF5_AD77_0999)
        XCTAssertEqual(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)), 0xFBCE_A83C_8A37_8BF1)
    }

    func testParquetMRBloomFilterBinary() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try testing("bloom_filter.xxhash.bin"))))
        let filter = try BloomFilter(thriftCompact: bytes)
        XCTAssertEqual(filter.bitset.count, 1024)
        for word in ["hello", "parquet", "bloom", "filter"] {
            XCTAssertTrue(filter.mayContain(plain: Array(word.utf8)), word)
        }
        let absent = (0 ..< 200).filter { filter.mayContain(plain: Array("absent-\($0)".utf8)) }
        XCTAssertLessThan(absent.count, 5)
        // Every truncation is refused, never a trap.
        for length in [0, 1, 5, 10, 100, bytes.count - 1] {
            XCTAssertThrowsError(try BloomFilter(thriftCompact: Array(bytes.prefix(length))))
        }
        XCTAssertThrowsError(try BloomFilter(bitset: [UInt8](repeating: 0, count: 33)))
    }

    func testParquetTestingBloomFiltersAndColumnIndex() throws {
        let words = ["Hello", "This is", "a", "test", "How", "are you", "doing ", "today", "the quick", "brown fox",
                     "jumps", "over", "the lazy", "dog"]
        for name in ["data_index_bloom_encoding_stats.parquet", "data_index_bloom_encoding_with_length.parquet"] {
            let reader = try ParquetFileReader(path: try testing(name))
            let filter = try XCTUnwrap(try reader.bloomFilter(rowGroup: 0, column: 0), name)
            for word in words { XCTAssertTrue(filter.mayContain(plain: Array(word.utf8)), "\(name): \(word)") }
            XCTAssertLessThan(["Hello!", "nope", "cat", "tests", "brown", "x"].filter { filter.mayContain(plain: Array($0.utf8)) }.count, 2)
        }
        let reader = try ParquetFileReader(path: try testing("data_index_bloom_encoding_stats.parquet"))
        let index = try XCTUnwrap(try reader.columnIndex(rowGroup: 0, column: 0))
        XCTAssertEqual(index.nullPages, [false])
        XCTAssertEqual(index.minValues, [Array("Hello".utf8)])
        XCTAssertEqual(index.maxValues, [Array("today".utf8)])
        XCTAssertEqual(index.nullCounts, [0])
        XCTAssertNil(try ParquetFileReader(path: try testing("alltypes_plain.parquet")).columnIndex(rowGroup: 0, column: 0))
        XCTAssertNil(try ParquetFileReader(path: try testing("alltypes_plain.parquet")).bloomFilter(rowGroup: 0, column: 0))
        let tiny = try ParquetFileReader(path: try testing("alltypes_tiny_pages.parquet"))
        let id = try XCTUnwrap(try tiny.columnIndex(rowGroup: 0, column: 0))
        XCTAssertEqual(id.pageCount, try tiny.offsetIndex(rowGroup: 0, column: 0)?.pageLocations.count)
        let column = tiny.schema.columns[0]
        for page in 0 ..< id.pageCount where !id.nullPages[page] {
            guard case .int32(let lo)? = ColumnStatistics.decode(id.minValues[page], column),
                  case .int32(let hi)? = ColumnStatistics.decode(id.maxValues[page], column) else { return XCTFail("page \(page) bounds") }
            XCTAssertLessThanOrEqual(lo, hi)
        }
    }

    func testColumnIndexRefusesMismatchedLists() throws {
        var w = ThriftCompactWriter()
        w.writeList(1, .boolTrue, [true, false]) { $0.writeBoolElement($1) }
        w.writeList(2, .binary, [[UInt8]()]) { $0.writeBinaryValue($1) }
        w.writeList(3, .binary, [[UInt8](), []]) { $0.writeBinaryValue($1) }
        w.writeI32(4, 1)
        w.writeByte(0)
        assertCorrupt("min_values") { _ = try w.bytes.withUnsafeBytes { try ColumnIndex(thriftCompact: $0) } }
        for length in 0 ..< w.bytes.count {
            assertCorrupt { _ = try Array(w.bytes.prefix(length)).withUnsafeBytes { try ColumnIndex(thriftCompact: $0) } }
        }
    }

    /// pyarrow's bloom filters (every physical type but BOOLEAN and INT96): each value written is
    /// possibly present; few values not written are.
    func testPyArrowBloomFilters() throws {
        let reader = try ParquetFileReader(path: Self.fixtures.appendingPathComponent("bloom.parquet").path)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("bloom.json"))) as? [String: Any]
        let present = try XCTUnwrap(json?["present_in_row_group_0"] as? [String: [Any]])
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        func hex(_ s: String) -> [UInt8] {
            var out: [UInt8] = [], chars = Array(s)
            var i = 0
            while i + 1 < chars.count { out.append(UInt8(String(chars[i ... i + 1]), radix: 16) ?? 0); i += 2 }
            return out
        }
        func plain(_ column: String, _ value: Any) -> [UInt8] {
            switch column {
            case "i32": return le(Int32((value as? NSNumber)?.int32Value ?? 0))
            case "i64": return le((value as? NSNumber)?.int64Value ?? 0)
            case "f32": return le(((value as? NSNumber)?.floatValue ?? 0).bitPattern)
            case "f64": return le(((value as? NSNumber)?.doubleValue ?? 0).bitPattern)
            case "s": return Array((value as? String ?? "").utf8)
            default: return hex(value as? String ?? "")
            }
        }
        for column in reader.schema.columns {
            let values = try XCTUnwrap(present[column.dottedPath], column.dottedPath)
            let filter = try XCTUnwrap(try reader.bloomFilter(rowGroup: 0, column: column.index), column.dottedPath)
            XCTAssertEqual(values.count, 50)
            for value in values { XCTAssertTrue(filter.mayContain(plain: plain(column.dottedPath, value)), "\(column.dottedPath) \(value)") }
            let absent = (0 ..< 1000).filter { filter.mayContain(plain: le(Int64(5_000_000_000) + Int64($0))) }
            XCTAssertLessThan(absent.count, 60, column.dottedPath)
        }
    }

    func testDuckDBBloomFilters() throws {
        let reader = try ParquetFileReader(path: Self.fixtures.appendingPathComponent("duckdb-bloom.parquet").path)
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        let k = try XCTUnwrap(try reader.bloomFilter(rowGroup: 0, column: 0))
        for v in 0 ..< 40 { XCTAssertTrue(k.mayContain(plain: le(Int32(v)))) }
        XCTAssertLessThan((1000 ..< 1100).filter { k.mayContain(plain: le(Int32($0))) }.count, 10)
        let s = try XCTUnwrap(try reader.bloomFilter(rowGroup: 0, column: 1))
        for v in 0 ..< 30 { XCTAssertTrue(s.mayContain(plain: Array("v\(v)".utf8))) }
        XCTAssertLessThan((30 ..< 130).filter { s.mayContain(plain: Array("v\($0)".utf8)) }.count, 10)
        let big = try XCTUnwrap(try reader.bloomFilter(rowGroup: 0, column: 2))
        for v in 0 ..< 25 { XCTAssertTrue(big.mayContain(plain: le(Int64(v * 7)))) }
    }

    /// A footer pointing a bloom filter or column index outside the file fails with a typed
    /// error naming the column.
    func testHostileLocationsAreRefused() throws {
        let source = try testing("data_index_bloom_encoding_with_length.parquet")
        var metadata = try ParquetFileReader(path: source).metadata
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bloom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source)))
        for (offset, length) in [(Int64(1 << 40), Int32(100)), (-5, 10), (253, Int32.max), (253, 3)] {
            metadata.rowGroups[0].columns[0].metaData?.bloomFilterOffset = offset
            metadata.rowGroups[0].columns[0].metaData?.bloomFilterLength = length
            metadata.rowGroups[0].columns[0].columnIndexOffset = offset
            metadata.rowGroups[0].columns[0].columnIndexLength = length
            let path = folder.appendingPathComponent("f.parquet").path
            try Self.rewriteFooter(bytes, metadata, to: path)
            let reader = try ParquetFileReader(path: path)
            for body in [{ _ = try reader.bloomFilter(rowGroup: 0, column: 0) }, { _ = try reader.columnIndex(rowGroup: 0, column: 0) }] {
                XCTAssertThrowsError(try body()) { error in
                    XCTAssertEqual((error as? ParquetError)?.column, "String", "\(error)")
                }
            }
        }
    }

    /// `bytes` with its footer replaced by `metadata`.
    static func rewriteFooter(_ bytes: [UInt8], _ metadata: FileMetaData, to path: String) throws {
        let n = bytes.count
        let footerLength = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        var out = Array(bytes[0 ..< n - 8 - footerLength])
        let footer = metadata.thriftCompactBytes()
        out += footer
        let count = UInt32(footer.count)
        out += [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)]
        out += Array("PAR1".utf8)
        try Data(out).write(to: URL(fileURLWithPath: path))
    }
}
