import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// Decodes the real footers (and first page headers) of the apache/parquet-testing files.
final class MetadataParquetTestingTests: XCTestCase {
    private func root() throws -> URL { try TestPaths.requireParquetTesting() }

    /// Every `*.parquet` and `*.parquet.encrypted` file under `dir`, sorted.
    private func files(in dir: URL) -> [URL] {
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return e.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".parquet") || $0.lastPathComponent.hasSuffix(".parquet.encrypted") }
            .sorted { $0.path < $1.path }
    }

    /// The footer bytes of `data`, or nil when the file does not end in "PAR1".
    private func footerBytes(_ data: [UInt8]) throws -> ArraySlice<UInt8>? {
        guard data.count >= 12, Array(data.suffix(4)) == Array("PAR1".utf8) else { return nil }
        let n = data.count
        let length = Int(data[n - 8]) | Int(data[n - 7]) << 8 | Int(data[n - 6]) << 16 | Int(data[n - 5]) << 24
        guard length <= n - 8 else { throw ParquetError.corrupt("footer length \(length) too large") }
        return data[(n - 8 - length) ..< (n - 8)]
    }

    private func footer(_ url: URL) throws -> (FileMetaData, [UInt8])? {
        let data = try [UInt8](Data(contentsOf: url))
        guard let bytes = try footerBytes(data) else { return nil }
        return (try bytes.withUnsafeBytes { try FileMetaData(thriftCompact: $0) }, data)
    }

    /// The page header at the start of the first column chunk of the first row group.
    private func firstPageHeader(_ meta: FileMetaData, _ data: [UInt8]) throws -> PageHeader? {
        guard let chunk = meta.rowGroups.first?.columns.first?.metaData else { return nil }
        var start = chunk.dataPageOffset
        if let dict = chunk.dictionaryPageOffset, dict > 0, dict < start { start = dict }
        // Empty chunks (no values) may point at offset 0.
        guard chunk.numValues > 0, start >= 4, start < data.count else { return nil }
        return try data[Int(start)...].withUnsafeBytes { try PageHeader.decode(from: $0) }.header
    }

    func testEveryPlaintextFooterDecodes() throws {
        let root = try root()
        var decoded = 0
        for url in files(in: root.appendingPathComponent("data")) {
            let name = url.lastPathComponent
            do {
                guard let (meta, data) = try footer(url) else {
                    XCTAssertTrue(name.hasSuffix(".encrypted"), "\(name) has no PAR1 tail")
                    continue
                }
                decoded += 1
                XCTAssertFalse(meta.schema.isEmpty, name)
                if name.hasSuffix(".encrypted") {
                    XCTAssertTrue(meta.hasEncryptionAlgorithm, name)
                    XCTAssertTrue(meta.rowGroups.contains { $0.columns.contains(where: \.isEncrypted) }, name)
                } else {
                    XCTAssertFalse(meta.hasEncryptionAlgorithm, name)
                    // Real footers survive a re-encode.
                    XCTAssertEqual(try decodeFooter(meta.thriftCompactBytes()), meta, name)
                    let header = try firstPageHeader(meta, data)
                    if let header {
                        XCTAssertTrue([.dataPage, .dataPageV2, .dictionaryPage].contains(header.type), "\(name): \(header.type)")
                        XCTAssertGreaterThanOrEqual(header.compressedPageSize, 0, name)
                    }
                }
            } catch {
                XCTFail("\(name): \(error)")
            }
        }
        XCTAssertGreaterThan(decoded, 70)
    }

    func testBadDataFootersNeverCrash() throws {
        let root = try root()
        var visited = 0
        for url in files(in: root.appendingPathComponent("bad_data")) {
            visited += 1
            // Throwing is fine; trapping is not.
            if let (meta, data) = try? footer(url) {
                _ = try? firstPageHeader(meta, data)
            }
        }
        // parquet-testing's bad_data/ holds 8 files (ConformanceTests keeps the list).
        XCTAssertGreaterThanOrEqual(visited, 8, "bad_data/ was not found or is nearly empty")
    }

    func testAlltypesPlain() throws {
        let url = try root().appendingPathComponent("data/alltypes_plain.parquet")
        guard let (meta, data) = try footer(url) else { return XCTFail("no footer") }
        XCTAssertEqual(meta.schema.count, 12)  // root + 11 columns
        XCTAssertEqual(meta.schema[0].numChildren, 11)
        XCTAssertEqual(meta.numRows, 8)
        XCTAssertEqual(meta.rowGroups.count, 1)
        XCTAssertEqual(meta.rowGroups[0].columns.count, 11)
        XCTAssertEqual(meta.schema[1].name, "id")
        XCTAssertEqual(meta.schema[1].type, .int32)
        XCTAssertEqual(meta.schema[1].repetition, .optional)
        XCTAssertEqual(meta.createdBy?.hasPrefix("impala version 1.3.0"), true)
        let column = try XCTUnwrap(meta.rowGroups[0].columns[0].metaData)
        XCTAssertEqual(column.pathInSchema, ["id"])
        XCTAssertEqual(column.codec, .uncompressed)
        XCTAssertEqual(column.dataPageOffset, 49)
        XCTAssertEqual(column.dictionaryPageOffset, 4)
        let header = try XCTUnwrap(firstPageHeader(meta, data))
        XCTAssertEqual(header.type, .dictionaryPage)
        XCTAssertEqual(header.dictionaryPageHeader?.numValues, 8)
        // The data page that follows the dictionary.
        let page = try data[49...].withUnsafeBytes { try PageHeader.decode(from: $0) }.header
        XCTAssertEqual(page.type, .dataPage)
        XCTAssertEqual(page.dataPageHeader?.numValues, 8)
        XCTAssertEqual(page.dataPageHeader?.encoding, .plainDictionary)
    }

    func testRealFooterTruncationsAndMutationsNeverCrash() throws {
        let url = try root().appendingPathComponent("data/alltypes_plain.parquet")
        let data = try [UInt8](Data(contentsOf: url))
        guard let slice = try footerBytes(data) else { return XCTFail("no footer") }
        let footer = Array(slice)
        for length in 0 ..< footer.count {
            assertCorrupt { _ = try decodeFooter(Array(footer.prefix(length))) }
        }
        // Deterministic single- and double-byte corruptions: any outcome but a trap is fine.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0 ..< 3000 {
            var mutated = footer
            for _ in 0 ... (next() % 2) {
                mutated[next() % mutated.count] = UInt8(truncatingIfNeeded: next())
            }
            _ = try? decodeFooter(mutated)
        }
    }

    func testDataPageV2File() throws {
        let url = try root().appendingPathComponent("data/datapage_v2.snappy.parquet")
        guard let (meta, data) = try footer(url) else { return XCTFail("no footer") }
        XCTAssertEqual(meta.numRows, 5)
        // parquet-mr 1.8 wrote only the legacy annotation.
        XCTAssertNil(meta.schema[1].logicalType)
        XCTAssertEqual(meta.schema[1].convertedType, .utf8)
        let column = try XCTUnwrap(meta.rowGroups[0].columns[0].metaData)
        XCTAssertEqual(column.codec, .snappy)
        XCTAssertEqual(column.dataPageOffset, 4)
        XCTAssertNil(column.dictionaryPageOffset)
        // The dictionary sits at data_page_offset; the v2 data page follows it.
        let decoded = try data[4...].withUnsafeBytes { try PageHeader.decode(from: $0) }
        let (dict, dictLength) = (decoded.header, decoded.length)
        XCTAssertEqual(dict.type, .dictionaryPage)
        let next = 4 + dictLength + Int(dict.compressedPageSize)
        let page = try data[next...].withUnsafeBytes { try PageHeader.decode(from: $0) }.header
        XCTAssertEqual(page.type, .dataPageV2)
        XCTAssertEqual(page.dataPageHeaderV2?.numRows, 5)
        XCTAssertEqual(page.dataPageHeaderV2?.numValues, 5)
    }

    func testLogicalTypesInRealFiles() throws {
        let root = try root()
        guard let (nested, _) = try footer(root.appendingPathComponent("data/nested_structs.rust.parquet")) else {
            return XCTFail("no footer")
        }
        XCTAssertEqual(nested.schema.count, 253)  // root + 36 groups + 216 leaves
        XCTAssertEqual(nested.createdBy, "UrbanLogiq")
        XCTAssertTrue(nested.schema.contains { $0.convertedType == .int64 })
        guard let (unknown, _) = try footer(root.appendingPathComponent("data/unknown-logical-type.parquet")) else {
            return XCTFail("no footer")
        }
        XCTAssertEqual(unknown.schema[1].logicalType, .string)
        guard case .undefined? = unknown.schema[2].logicalType else {
            return XCTFail("expected an undefined logical type, got \(String(describing: unknown.schema[2].logicalType))")
        }
        guard let (f16, _) = try footer(root.appendingPathComponent("data/float16_nonzeros_and_nans.parquet")) else {
            return XCTFail("no footer")
        }
        XCTAssertEqual(f16.schema[1].logicalType, .float16)
        XCTAssertEqual(f16.schema[1].typeLength, 2)
        guard let (geo, _) = try footer(root.appendingPathComponent("data/geospatial/geospatial.parquet")) else {
            return XCTFail("no footer")
        }
        XCTAssertTrue(geo.schema.contains {
            if case .geometry? = $0.logicalType { return true }
            return false
        })
    }
}
