import Foundation
import XCTest
@testable import Parquet
@testable import ParquetCodecs

/// Builds small Parquet files byte by byte, so that a test can make exactly one thing lie.
struct HostileFile {
    struct Page {
        var header: PageHeader
        var body: [UInt8]
    }

    var schema: [SchemaElement]
    /// The pages of each leaf column's chunk (one row group).
    var chunks: [[Page]]
    var numRows: Int64
    var codec: CompressionCodec = .uncompressed
    /// A last edit of the footer before it is encoded.
    var editFooter: (inout FileMetaData) -> Void = { _ in }

    /// A schema of required or optional flat leaves under the root.
    static func flat(_ leaves: [(String, PhysicalType, Repetition)]) -> [SchemaElement] {
        var root = SchemaElement()
        root.name = "schema"
        root.numChildren = Int32(leaves.count)
        return [root] + leaves.map { name, type, repetition in
            var e = SchemaElement()
            e.name = name
            e.type = type
            e.repetition = repetition
            return e
        }
    }

    static func dataPage(_ numValues: Int32, _ body: [UInt8], encoding: Encoding = .plain,
                         uncompressedSize: Int32? = nil) -> Page {
        var header = PageHeader()
        header.type = .dataPage
        header.compressedPageSize = Int32(body.count)
        header.uncompressedPageSize = uncompressedSize ?? Int32(body.count)
        var data = DataPageHeader()
        data.numValues = numValues
        data.encoding = encoding
        header.dataPageHeader = data
        return Page(header: header, body: body)
    }

    static func dictionaryPage(_ numValues: Int32, _ body: [UInt8]) -> Page {
        var header = PageHeader()
        header.type = .dictionaryPage
        header.compressedPageSize = Int32(body.count)
        header.uncompressedPageSize = Int32(body.count)
        var dictionary = DictionaryPageHeader()
        dictionary.numValues = numValues
        dictionary.encoding = .plain
        header.dictionaryPageHeader = dictionary
        return Page(header: header, body: body)
    }

    static func plain(_ values: [Int32]) -> [UInt8] {
        values.flatMap { v in (0 ..< 4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: v) >> (8 * $0)) } }
    }

    /// v1 levels: 4-byte length, then the RLE/bit-packed hybrid.
    static func levels(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var encoded: [UInt8] = []
        RLEHybridEncoder.encode(values, bitWidth: bitWidth, into: &encoded)
        return (0 ..< 4).map { UInt8(truncatingIfNeeded: encoded.count >> (8 * $0)) } + encoded
    }

    func bytes() -> [UInt8] {
        var out = Array("PAR1".utf8)
        var group = RowGroup()
        group.numRows = numRows
        let leaves = schema.dropFirst().filter { $0.type != nil && ($0.numChildren ?? 0) == 0 }
        for (index, pages) in chunks.enumerated() {
            let start = Int64(out.count)
            var metadata = ColumnMetaData()
            metadata.type = index < leaves.count ? leaves[leaves.startIndex + index].type ?? .int32 : .int32
            metadata.pathInSchema = [index < leaves.count ? leaves[leaves.startIndex + index].name : "c\(index)"]
            metadata.codec = codec
            metadata.encodings = [.plain, .rle]
            metadata.dataPageOffset = start
            for page in pages {
                if page.header.type == .dictionaryPage {
                    metadata.dictionaryPageOffset = Int64(out.count)
                } else if metadata.dataPageOffset == start && metadata.dictionaryPageOffset != nil {
                    metadata.dataPageOffset = Int64(out.count)
                }
                metadata.numValues += Int64(page.header.dataPageHeader?.numValues ?? page.header.dataPageHeaderV2?.numValues ?? 0)
                out += page.header.thriftCompactBytes()
                out += page.body
            }
            metadata.totalCompressedSize = Int64(out.count) - start
            metadata.totalUncompressedSize = metadata.totalCompressedSize
            var chunk = ColumnChunk()
            chunk.fileOffset = start
            chunk.metaData = metadata
            group.columns.append(chunk)
            group.totalByteSize += metadata.totalCompressedSize
        }
        var footer = FileMetaData()
        footer.version = 1
        footer.schema = schema
        footer.numRows = numRows
        footer.rowGroups = [group]
        editFooter(&footer)
        let encoded = footer.thriftCompactBytes()
        out += encoded
        out += (0 ..< 4).map { UInt8(truncatingIfNeeded: encoded.count >> (8 * $0)) }
        out += Array("PAR1".utf8)
        return out
    }
}

/// Writes hostile bytes to temporary files and reads them through the whole reader.
enum HostileIO {
    static func write(_ bytes: [UInt8], _ testCase: XCTestCase) throws -> String {
        let path = NSTemporaryDirectory() + "hostile-\(UUID().uuidString).parquet"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Opens and reads every batch; returns the rows read.
    @discardableResult
    static func readAll(_ path: String, maxRowsPerBatch: Int? = nil) throws -> Int {
        let reader = try ParquetFileReader(path: path)
        var batches = try reader.batches(maxRowsPerBatch: maxRowsPerBatch)
        var rows = 0
        while let batch = try batches.next() { rows += batch.numRows }
        return rows
    }

    /// Asserts that reading `bytes` throws a `ParquetError` of `kind` whose text contains `fragment`.
    static func assertRefused(_ bytes: [UInt8], _ testCase: XCTestCase, kind: ParquetError.Kind = .corrupt,
                              _ fragment: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(bytes, testCase)
        do {
            let rows = try readAll(path)
            XCTFail("read \(rows) rows; expected an error containing '\(fragment)'", file: file, line: line)
        } catch let error as ParquetError {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
            XCTAssertEqual(error.file, path, "\(error)", file: file, line: line)
        }
    }
}

/// Hostile files built by hand: each makes one length, count or reference lie, and reading
/// it must throw a precise `ParquetError` instead of trapping, hanging or allocating what
/// the lie asks for.
final class HostileFileTests: XCTestCase {
    private let oneInt = HostileFile.flat([("x", .int32, .required)])

    func testTheBuilderMakesReadableFiles() throws {
        let file = HostileFile(schema: oneInt, chunks: [[HostileFile.dataPage(3, HostileFile.plain([7, 8, 9]))]], numRows: 3)
        let path = try HostileIO.write(file.bytes(), self)
        let reader = try ParquetFileReader(path: path)
        var batches = try reader.batches()
        let batch = try XCTUnwrap(batches.next())
        guard case .int32(let values) = batch.columns[0].values else { return XCTFail("not int32") }
        XCTAssertEqual(values, [7, 8, 9])
    }

    func testDictionaryIndexOutOfRange() throws {
        let dictionary = HostileFile.dictionaryPage(2, HostileFile.plain([10, 20]))
        // Bit width 3, then one RLE run of 4 copies of index 5.
        let indices = HostileFile.dataPage(4, [3, 4 << 1, 5], encoding: .rleDictionary)
        let file = HostileFile(schema: oneInt, chunks: [[dictionary, indices]], numRows: 4)
        try HostileIO.assertRefused(file.bytes(), self, "dictionary index 5 out of range (dictionary has 2 values)")
    }

    func testDictionaryPageClaimingMoreValuesThanItHolds() throws {
        let dictionary = HostileFile.dictionaryPage(1 << 20, HostileFile.plain([10, 20]))
        let indices = HostileFile.dataPage(1, [1, 1 << 1, 0], encoding: .rleDictionary)
        let file = HostileFile(schema: oneInt, chunks: [[dictionary, indices]], numRows: 1)
        try HostileIO.assertRefused(file.bytes(), self, "truncated PLAIN INT32 data")
    }

    func testPageClaimingMoreValuesThanTheChunk() throws {
        var file = HostileFile(schema: oneInt, chunks: [[HostileFile.dataPage(3, HostileFile.plain([1, 2, 3]))]], numRows: 3)
        file.editFooter = { $0.rowGroups[0].columns[0].metaData?.numValues = 2 }
        try HostileIO.assertRefused(file.bytes(), self, "a data page claims 3 values but only 2 of the column chunk's 2 are left")
    }

    func testPageClaimingAHugeValueCount() throws {
        let page = HostileFile.dataPage(Int32.max, HostileFile.plain([1]))
        var file = HostileFile(schema: oneInt, chunks: [[page]], numRows: 1)
        file.editFooter = { $0.rowGroups[0].columns[0].metaData?.numValues = 0 }
        try HostileIO.assertRefused(file.bytes(), self, "data page claims 2147483647 values")
    }

    func testNegativeAndOversizedPageSizes() throws {
        var negative = HostileFile.dataPage(1, HostileFile.plain([1]))
        negative.header.compressedPageSize = -5
        try HostileIO.assertRefused(HostileFile(schema: oneInt, chunks: [[negative]], numRows: 1).bytes(), self,
                                    "runs past the end of its column chunk")
        var oversized = HostileFile.dataPage(1, HostileFile.plain([1]))
        oversized.header.compressedPageSize = 1 << 30
        try HostileIO.assertRefused(HostileFile(schema: oneInt, chunks: [[oversized]], numRows: 1).bytes(), self,
                                    "runs past the end of its column chunk")
        var negativeUncompressed = HostileFile.dataPage(1, HostileFile.plain([1]))
        negativeUncompressed.header.uncompressedPageSize = -1
        try HostileIO.assertRefused(HostileFile(schema: oneInt, chunks: [[negativeUncompressed]], numRows: 1).bytes(), self,
                                    "uncompressed size of -1 bytes")
    }

    func testUncompressedPageLyingAboutItsSize() throws {
        let page = HostileFile.dataPage(1, HostileFile.plain([1]), uncompressedSize: Int32.max)
        try HostileIO.assertRefused(HostileFile(schema: oneInt, chunks: [[page]], numRows: 1).bytes(), self,
                                    "uncompressed page holds 4 bytes but its header says 2147483647")
    }

    /// A compressed page whose header promises 2 GiB − 1 bytes: refused from the codec's
    /// maximum expansion before the promise is allocated (a 1 GiB address-space limit would
    /// otherwise turn it into a crash).
    func testCompressedPagesLyingAboutTheirSize() throws {
        let bodies: [(CompressionCodec, [UInt8], String)] = [
            (.snappy, [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x41], "cannot expand"),
            (.gzip, [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0], "cannot expand"),
            (.zstd, [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58, 0x19, 0x00, 0x00, 0x41], "cannot expand"),
            (.lz4Raw, [0x10, 0x41], "cannot expand"),
            (.lz4, [0, 0, 0, 1, 0, 0, 0, 2, 0x10, 0x41], "cannot expand"),
            (.brotli, Self.brotliThreeMiB, "stream holds 3145728 bytes, expected 2147483647"),
        ]
        for (codec, body, fragment) in bodies {
            var file = HostileFile(schema: oneInt, chunks: [[HostileFile.dataPage(1, body, uncompressedSize: Int32.max)]], numRows: 1)
            file.codec = codec
            try HostileIO.assertRefused(file.bytes(), self, fragment)
        }
    }

    func testDefinitionLevelAboveTheMaximum() throws {
        let schema = HostileFile.flat([("x", .int32, .optional)])
        // Max definition level 1 (bit width 1): an RLE run of two 3s cannot be a level.
        let body: [UInt8] = [2, 0, 0, 0, 2 << 1, 3] + HostileFile.plain([1, 2])
        let file = HostileFile(schema: schema, chunks: [[HostileFile.dataPage(2, body)]], numRows: 2)
        try HostileIO.assertRefused(file.bytes(), self, "does not fit in bit width 1")
    }

    func testLevelsLongerThanThePage() throws {
        let schema = HostileFile.flat([("x", .int32, .optional)])
        // The levels' length prefix claims 255 bytes.
        let body: [UInt8] = [0xFF, 0, 0, 0, 2 << 1, 1] + HostileFile.plain([1, 2])
        let file = HostileFile(schema: schema, chunks: [[HostileFile.dataPage(2, body)]], numRows: 2)
        try HostileIO.assertRefused(file.bytes(), self, "definition levels claim 255 bytes")
    }

    func testRowGroupClaimingMoreRowsThanItsPages() throws {
        let file = HostileFile(schema: oneInt, chunks: [[HostileFile.dataPage(2, HostileFile.plain([1, 2]))]], numRows: 5)
        var patched = file
        patched.editFooter = { $0.rowGroups[0].columns[0].metaData?.numValues = 5 }
        try HostileIO.assertRefused(patched.bytes(), self, "row group 0 ends after 2 of 5 rows")
    }

    func testRowGroupClaimingAnAbsurdRowCount() throws {
        var file = HostileFile(schema: oneInt, chunks: [[HostileFile.dataPage(1, HostileFile.plain([1]))]], numRows: 1)
        file.editFooter = { $0.rowGroups[0].numRows = Int64.max }
        try HostileIO.assertRefused(file.bytes(), self, "row group 0 claims 9223372036854775807 rows")
    }

    func testChunkOutsideTheFile() throws {
        var file = HostileFile(schema: oneInt, chunks: [[HostileFile.dataPage(1, HostileFile.plain([1]))]], numRows: 1)
        file.editFooter = { $0.rowGroups[0].columns[0].metaData?.dataPageOffset = 1 << 40 }
        try HostileIO.assertRefused(file.bytes(), self, "column chunk starts at byte 1099511627776")
    }

    func testSchemaChildCountLies() throws {
        var schema = oneInt
        schema[0].numChildren = 5
        let file = HostileFile(schema: schema, chunks: [], numRows: 0)
        try HostileIO.assertRefused(file.bytes(), self, "the schema root claims 5 children but only 1 elements follow")
        schema[0].numChildren = -1
        try HostileIO.assertRefused(HostileFile(schema: schema, chunks: [], numRows: 0).bytes(), self, "claims -1 children")
    }

    func testSchemaNestedTooDeep() throws {
        var schema = [HostileFile.flat([])[0]]
        schema[0].numChildren = 1
        for level in 0 ..< 150 {
            var group = SchemaElement()
            group.name = "g\(level)"
            group.repetition = .optional
            group.numChildren = 1
            schema.append(group)
        }
        var leaf = SchemaElement()
        leaf.name = "x"
        leaf.type = .int32
        leaf.repetition = .optional
        schema.append(leaf)
        try HostileIO.assertRefused(HostileFile(schema: schema, chunks: [], numRows: 0).bytes(), self,
                                    "the schema is nested deeper than 100 levels")
    }

    func testColumnChunkCountDiffersFromTheSchema() throws {
        let file = HostileFile(schema: HostileFile.flat([("x", .int32, .required), ("y", .int32, .required)]),
                               chunks: [[HostileFile.dataPage(1, HostileFile.plain([1]))]], numRows: 1)
        try HostileIO.assertRefused(file.bytes(), self, "row group 0 has 1 column chunks but the schema has 2 columns")
    }

    /// Thrift nesting deeper than the reader's cap, in a field the reader would skip.
    func testThriftNestingTooDeep() throws {
        var footer: [UInt8] = [0xFC]  // field 15, a struct (unknown to FileMetaData: skipped)
        footer += [UInt8](repeating: 0x1C, count: 200)  // field 1, a struct, nested 200 times
        footer += [UInt8](repeating: 0x00, count: 202)
        let bytes = Array("PAR1".utf8) + footer + (0 ..< 4).map { UInt8(truncatingIfNeeded: footer.count >> (8 * $0)) } + Array("PAR1".utf8)
        try HostileIO.assertRefused(bytes, self, "nests deeper than 64 levels")
    }

    /// A list header claiming a billion elements in a footer of a few bytes.
    func testThriftListCountBeyondTheFooter() throws {
        let footer: [UInt8] = [0x15, 0x02, 0x19, 0xFC, 0x80, 0x80, 0x80, 0x80, 0x04, 0x00]
        let bytes = Array("PAR1".utf8) + footer + [UInt8(footer.count), 0, 0, 0] + Array("PAR1".utf8)
        try HostileIO.assertRefused(bytes, self, "cannot fit in the")
    }

    func testFooterLengthLies() throws {
        var bytes = HostileFile(schema: oneInt, chunks: [[HostileFile.dataPage(1, HostileFile.plain([1]))]], numRows: 1).bytes()
        let n = bytes.count
        for length: UInt32 in [0, UInt32(n), UInt32(n - 8), .max] {
            for k in 0 ..< 4 { bytes[n - 8 + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(k))) }
            try HostileIO.assertRefused(bytes, self, "footer length \(length) does not fit")
        }
    }

    // MARK: - Codecs

    /// 3 MiB of "abc" as a 16-byte Brotli stream (pyarrow's codec): a ratio of 200 000.
    static let brotliThreeMiB: [UInt8] = [155, 255, 255, 47, 0, 36, 195, 196, 198, 226, 179, 32, 110, 239, 95, 52]

    /// The Brotli decoder grows its output as the stream produces it, beyond the initial
    /// capacity, and the result is exact.
    func testBrotliGrowsItsOutputBeyondTheInitialCapacity() throws {
        let expected = 3 << 20
        XCTAssertGreaterThan(expected, Brotli.initialCapacity(inputCount: Self.brotliThreeMiB.count))
        let out = try Brotli.decompress(Self.brotliThreeMiB, expectedLength: expected)
        XCTAssertEqual(out.count, expected)
        XCTAssertEqual(Array(out.prefix(6)), Array("abcabc".utf8))
        XCTAssertTrue(out.withUnsafeBufferPointer { b in (0 ..< b.count).allSatisfy { b[$0] == UInt8(ascii: "a") + UInt8($0 % 3) } })
        XCTAssertThrowsError(try Brotli.decompress(Self.brotliThreeMiB, expectedLength: expected - 1))
        XCTAssertThrowsError(try Brotli.decompress(Self.brotliThreeMiB, expectedLength: expected + 1))
    }

    /// Every codec refuses an expected length its input cannot produce, whatever the size.
    func testCodecsRefuseImpossibleExpansions() throws {
        let tiny: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58, 0x19, 0x00, 0x00, 0x41]
        for codec: CompressionCodec in [.snappy, .gzip, .zstd, .lz4, .lz4Raw, .brotli] {
            XCTAssertThrowsError(try tiny.withUnsafeBytes {
                try Decompression.decompress($0, codec: codec, uncompressedSize: Int(Int32.max))
            }) { error in
                XCTAssertEqual((error as? ParquetError)?.kind, .corrupt, "\(codec): \(error)")
            }
        }
        // The bounds themselves: what a real stream of that size can reach is still accepted.
        XCTAssertEqual(Snappy.maxDecompressedLength(compressedCount: 3), 66)
        let zstdRLE: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x58, 0x1B, 0x00, 0x00, 0x41]  // RLE block of 3 × 'A'
        let bound = try zstdRLE.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return try Zstd.decodedSizeBound(base, count: raw.count)
        }
        XCTAssertEqual(bound, 3)
        XCTAssertEqual(try Zstd.decompress(zstdRLE, expectedLength: 3), Array("AAA".utf8))
    }
}
