import XCTest
@testable import Parquet

/// Decodes a footer from an array.
func decodeFooter(_ bytes: [UInt8]) throws -> FileMetaData {
    try bytes.withUnsafeBytes { try FileMetaData(thriftCompact: $0) }
}

/// Decodes a page header from an array.
func decodePageHeader(_ bytes: [UInt8]) throws -> DecodedPageHeader {
    try bytes.withUnsafeBytes { try PageHeader.decode(from: $0) }
}

final class MetadataRoundTripTests: XCTestCase {
    static let allLogicalTypes: [LogicalType] = [
        .string, .map, .list, .enumeration, .decimal(scale: 2, precision: 9), .date,
        .time(isAdjustedToUTC: true, unit: .millis), .time(isAdjustedToUTC: false, unit: .nanos),
        .timestamp(isAdjustedToUTC: true, unit: .micros), .timestamp(isAdjustedToUTC: false, unit: .nanos),
        .integer(bitWidth: 8, isSigned: false), .integer(bitWidth: 64, isSigned: true), .null, .json,
        .bson, .uuid, .float16, .variant(specificationVersion: 1), .variant(specificationVersion: nil),
        .geometry(crs: "OGC:CRS84"), .geometry(crs: nil), .geography(crs: "srid:4326", algorithm: 2),
        .geography(crs: nil, algorithm: nil), .undefined(fieldID: 19), .undefined(fieldID: 40),
    ]

    static func richFooter() -> FileMetaData {
        var m = FileMetaData()
        m.version = 2
        var root = SchemaElement()
        root.name = "schema"
        root.numChildren = Int32(allLogicalTypes.count + 1)
        m.schema = [root]
        for (i, lt) in allLogicalTypes.enumerated() {
            var e = SchemaElement()
            e.name = "col_\(i)_ünïcode"
            e.type = .byteArray
            e.repetition = i % 2 == 0 ? .optional : .required
            e.logicalType = lt
            if i == 4 {
                e.type = .fixedLenByteArray
                e.typeLength = 5
                e.convertedType = .decimal
                e.scale = 2
                e.precision = 9
            }
            e.fieldID = Int32(i) - 3
            m.schema.append(e)
        }
        var odd = SchemaElement()
        odd.name = ""
        odd.type = PhysicalType(rawValue: 42)
        odd.repetition = Repetition(rawValue: 7)
        odd.convertedType = ConvertedType(rawValue: 99)
        m.schema.append(odd)
        m.numRows = 1 << 40
        for g in 0 ..< 3 {
            var group = RowGroup()
            group.numRows = Int64(g * 1000)
            group.totalByteSize = Int64.max
            group.fileOffset = g == 1 ? nil : Int64(4 + g)
            group.totalCompressedSize = g == 2 ? nil : -5
            group.ordinal = g == 0 ? nil : Int16(g)
            group.sortingColumns = g == 0 ? nil : g == 1 ? [] : [SortingColumn(columnIndex: 3, descending: true, nullsFirst: false),
                                                                 SortingColumn(columnIndex: 0, descending: false, nullsFirst: true)]
            for c in 0 ..< 17 {
                var chunk = ColumnChunk()
                chunk.fileOffset = Int64(c * 100)
                chunk.filePath = c == 3 ? "other.parquet" : nil
                if c != 5 {
                    var meta = ColumnMetaData()
                    meta.type = .int64
                    meta.encodings = c == 0 ? [] : [.plain, .rleDictionary, .rle, Encoding(rawValue: 77)]
                    meta.pathInSchema = ["a", "b\(c)"]
                    meta.codec = c % 2 == 0 ? .zstd : CompressionCodec(rawValue: 100)
                    meta.numValues = Int64(c)
                    meta.totalUncompressedSize = 123_456_789_012
                    meta.totalCompressedSize = 98_765
                    meta.keyValueMetadata = c == 1 ? [KeyValue(key: "k", value: nil), KeyValue(key: "", value: "v")] : []
                    meta.dataPageOffset = 4
                    meta.indexPageOffset = c == 2 ? 77 : nil
                    meta.dictionaryPageOffset = c == 2 ? nil : Int64(c)
                    if c == 4 {
                        var s = Statistics()
                        s.max = [1, 2]
                        s.min = []
                        s.nullCount = 0
                        s.distinctCount = 5
                        s.maxValue = [0xFF, 0x00]
                        s.minValue = [0x80]
                        s.isMaxValueExact = true
                        s.isMinValueExact = false
                        meta.statistics = s
                    } else if c == 6 {
                        meta.statistics = Statistics()
                    }
                    if c == 9 {
                        meta.encodingStats = [PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1),
                                              PageEncodingStats(pageType: .dataPage, encoding: .rleDictionary, count: 40),
                                              PageEncodingStats(pageType: PageType(rawValue: 9), encoding: Encoding(rawValue: 55), count: -1)]
                        meta.bloomFilterOffset = 1 << 33
                        meta.bloomFilterLength = 4096
                    } else if c == 10 {
                        meta.encodingStats = []
                        meta.bloomFilterOffset = 17
                    }
                    chunk.metaData = meta
                }
                chunk.offsetIndexOffset = c == 7 ? 1000 : nil
                chunk.offsetIndexLength = c == 7 ? 20 : nil
                chunk.columnIndexOffset = c == 8 ? 2000 : nil
                chunk.columnIndexLength = c == 8 ? -1 : nil
                group.columns.append(chunk)
            }
            m.rowGroups.append(group)
        }
        m.keyValueMetadata = (0 ..< 20).map { KeyValue(key: "key\($0)", value: $0 % 3 == 0 ? nil : String(repeating: "x", count: $0 * 10)) }
        m.createdBy = "data-designer test"
        return m
    }

    func testRichFooterRoundTrip() throws {
        let footer = Self.richFooter()
        let bytes = footer.thriftCompactBytes()
        XCTAssertEqual(try decodeFooter(bytes), footer)
        // Trailing bytes after the struct are ignored.
        XCTAssertEqual(try decodeFooter(bytes + [1, 2, 3]), footer)
    }

    func testMinimalFooterRoundTrip() throws {
        var m = FileMetaData()
        var root = SchemaElement()
        root.name = "root"
        m.schema = [root]
        XCTAssertEqual(try decodeFooter(m.thriftCompactBytes()), m)
    }

    func testEveryTruncationOfAFooterThrows() throws {
        var footer = Self.richFooter()
        footer.rowGroups = Array(footer.rowGroups.prefix(1))
        footer.rowGroups[0].columns = Array(footer.rowGroups[0].columns.prefix(6))
        let bytes = footer.thriftCompactBytes()
        for length in 0 ..< bytes.count {
            assertCorrupt { _ = try decodeFooter(Array(bytes.prefix(length))) }
        }
    }

    func testPageHeaderRoundTrips() throws {
        var v1 = PageHeader()
        v1.type = .dataPage
        v1.uncompressedPageSize = 1024
        v1.compressedPageSize = 512
        v1.crc = -123_456
        var d1 = DataPageHeader()
        d1.numValues = 100
        d1.encoding = .rleDictionary
        d1.definitionLevelEncoding = .rle
        d1.repetitionLevelEncoding = .bitPacked
        var stats = Statistics()
        stats.nullCount = 3
        stats.minValue = [1]
        stats.maxValue = [9]
        d1.statistics = stats
        v1.dataPageHeader = d1

        var dict = PageHeader()
        dict.type = .dictionaryPage
        dict.uncompressedPageSize = 40
        dict.compressedPageSize = 40
        var dh = DictionaryPageHeader()
        dh.numValues = 10
        dh.encoding = .plainDictionary
        dh.isSorted = true
        dict.dictionaryPageHeader = dh

        var v2 = PageHeader()
        v2.type = .dataPageV2
        v2.uncompressedPageSize = Int32.max
        v2.compressedPageSize = 0
        var d2 = DataPageHeaderV2()
        d2.numValues = 10
        d2.numNulls = 2
        d2.numRows = 8
        d2.encoding = .deltaBinaryPacked
        d2.definitionLevelsByteLength = 4
        d2.repetitionLevelsByteLength = 0
        d2.isCompressed = false
        d2.statistics = Statistics()
        v2.dataPageHeaderV2 = d2

        for header in [v1, dict, v2, PageHeader()] {
            let bytes = header.thriftCompactBytes()
            let decoded = try decodePageHeader(bytes + [0xDE, 0xAD, 0xBE, 0xEF])
            XCTAssertEqual(decoded.header, header)
            XCTAssertEqual(decoded.length, bytes.count)
            for length in 0 ..< bytes.count {
                assertCorrupt { _ = try decodePageHeader(Array(bytes.prefix(length))) }
            }
        }
    }

    func testDataPageV2IsCompressedDefaultsToTrue() throws {
        // PageHeader{1: DATA_PAGE_V2, 2: 10, 3: 10, 8: {1..6 set, 7 absent}}.
        var w = ThriftCompactWriter()
        w.writeStructBody { w in
            w.writeI32(1, 3)
            w.writeI32(2, 10)
            w.writeI32(3, 10)
            w.writeStruct(8) { w in
                for id in Int16(1) ... 6 { w.writeI32(id, 1) }
            }
        }
        let header = try decodePageHeader(w.bytes).header
        XCTAssertEqual(header.dataPageHeaderV2?.isCompressed, true)
        XCTAssertEqual(header.dataPageHeaderV2?.numRows, 1)
    }

    func testUnknownFieldsOfEveryTypeAreSkipped() throws {
        // A KeyValue, ColumnMetaData-free footer whose structs carry extra fields 20...33 of
        // every wire type (hand-encoded values), interleaved with the known ones.
        func extras(_ w: inout ThriftCompactWriter) {
            w.writeBool(20, true)
            w.writeBool(21, false)
            w.writeI8(22, -1)
            w.writeI16(23, 300)
            w.writeI32(24, -70_000)
            w.writeI64(25, Int64.max)
            w.writeDouble(26, 3.5)
            w.writeBinary(27, [1, 2, 3])
            w.writeList(28, .structure, [1, 2]) { w, _ in w.writeStructBody { $0.writeString(1, "x") } }
            w.writeFieldHeader(29, .set)
            w.writeListHeader(.binary, count: 2)
            w.writeStringValue("a")
            w.writeStringValue("b")
            w.writeFieldHeader(30, .map)
            w.writeMapHeader(keyType: .binary, valueType: .list, count: 1)
            w.writeStringValue("k")
            w.writeListHeader(.double, count: 1)
            w.writeDoubleValue(1)
            w.writeStruct(31) { w in
                w.writeStruct(1) { $0.writeList(2, .boolTrue, [true]) { $0.writeBoolElement($1) } }
            }
            w.writeFieldHeader(32, .uuid)
            for i in 0 ..< 16 { w.writeByte(UInt8(i)) }
            w.writeFieldHeader(33, .map)
            w.writeMapHeader(keyType: .i32, valueType: .i32, count: 0)
        }
        var w = ThriftCompactWriter()
        w.writeStructBody { w in
            w.writeI32(1, 1)
            w.writeList(2, .structure, [0]) { w, _ in
                w.writeStructBody { w in
                    extras(&w)
                    w.writeString(4, "root")   // long form: id goes back down
                    w.writeI32(5, 0)
                    w.writeStruct(10) { w in w.writeStruct(99) { extras(&$0) } }  // unknown LogicalType member
                }
            }
            w.writeI64(3, 9)
            w.writeList(4, .structure, [Int]()) { _, _ in }
            w.writeList(5, .structure, [0]) { w, _ in
                w.writeStructBody { w in
                    w.writeString(1, "key")
                    extras(&w)
                }
            }
            w.writeString(6, "creator")
            extras(&w)
            w.writeStruct(8) { $0.writeEmptyStruct(1) }   // encryption_algorithm
            w.writeFieldHeader(9, .binary)
            w.writeStringValue("signing key")
            extras(&w)
        }
        let m = try decodeFooter(w.bytes)
        XCTAssertEqual(m.version, 1)
        XCTAssertEqual(m.numRows, 9)
        XCTAssertEqual(m.schema.count, 1)
        XCTAssertEqual(m.schema[0].name, "root")
        XCTAssertEqual(m.schema[0].numChildren, 0)
        XCTAssertEqual(m.schema[0].logicalType, .undefined(fieldID: 99))
        XCTAssertEqual(m.keyValueMetadata, [KeyValue(key: "key", value: nil)])
        XCTAssertEqual(m.createdBy, "creator")
        XCTAssertTrue(m.hasEncryptionAlgorithm)
    }

    func testRequiredFieldsAreEnforced() throws {
        var root = SchemaElement()
        root.name = "r"
        func footer(skipping skipped: Int16, emptySchema: Bool = false) -> [UInt8] {
            var w = ThriftCompactWriter()
            w.writeStructBody { w in
                if skipped != 1 { w.writeI32(1, 1) }
                if skipped != 2 { w.writeStructList(2, emptySchema ? [] : [root]) { $1.writeFields(to: &$0) } }
                if skipped != 3 { w.writeI64(3, 0) }
                if skipped != 4 { w.writeList(4, .structure, [Int]()) { _, _ in } }
            }
            return w.bytes
        }
        XCTAssertNoThrow(try decodeFooter(footer(skipping: 0)))
        assertCorrupt("FileMetaData: required field version") { _ = try decodeFooter(footer(skipping: 1)) }
        assertCorrupt("FileMetaData: required field schema") { _ = try decodeFooter(footer(skipping: 2)) }
        assertCorrupt("FileMetaData: required field num_rows") { _ = try decodeFooter(footer(skipping: 3)) }
        assertCorrupt("FileMetaData: required field row_groups") { _ = try decodeFooter(footer(skipping: 4)) }
        assertCorrupt("schema has no elements") { _ = try decodeFooter(footer(skipping: 0, emptySchema: true)) }

        // ColumnMetaData without type, and without codec.
        var footer = Self.richFooter()
        footer.rowGroups = [footer.rowGroups[0]]
        for (missing, name) in [(Int16(1), "type"), (4, "codec"), (9, "data_page_offset")] {
            guard let meta = footer.rowGroups[0].columns[0].metaData else { return XCTFail("no metadata") }
            var w = ThriftCompactWriter()
            w.writeStructBody { w in
                // A footer whose only ColumnMetaData leaves field `missing` out.
                w.writeI32(1, 1)
                w.writeStructList(2, footer.schema) { $1.writeFields(to: &$0) }
                w.writeI64(3, 0)
                w.writeList(4, .structure, [0]) { w, _ in
                    w.writeStructBody { w in
                        w.writeList(1, .structure, [0]) { w, _ in
                            w.writeStructBody { w in
                                w.writeI64(2, 0)
                                w.writeStruct(3) { w in
                                    if missing != 1 { w.writeI32(1, meta.type.rawValue) }
                                    w.writeList(2, .i32, meta.encodings) { $0.writeZigzag(Int64($1.rawValue)) }
                                    w.writeList(3, .binary, meta.pathInSchema) { $0.writeStringValue($1) }
                                    if missing != 4 { w.writeI32(4, meta.codec.rawValue) }
                                    w.writeI64(5, 1)
                                    w.writeI64(6, 1)
                                    w.writeI64(7, 1)
                                    if missing != 9 { w.writeI64(9, 4) }
                                }
                            }
                        }
                        w.writeI64(2, 0)
                        w.writeI64(3, 0)
                    }
                }
            }
            assertCorrupt("ColumnMetaData: required field \(name)") { _ = try decodeFooter(w.bytes) }
        }
    }

    func testWrongWireTypeForKnownFieldThrows() {
        // FileMetaData.version written as a string.
        var w = ThriftCompactWriter()
        w.writeStructBody { $0.writeString(1, "two") }
        assertCorrupt("FileMetaData.version: expected an integer, found binary") { _ = try decodeFooter(w.bytes) }
        // LogicalType member that is not a struct.
        var v = ThriftCompactWriter()
        v.writeStructBody { w in
            w.writeI32(1, 1)
            w.writeList(2, .structure, [0]) { w, _ in
                w.writeStructBody { w in
                    w.writeString(4, "x")
                    w.writeStruct(10) { $0.writeI32(1, 5) }
                }
            }
        }
        assertCorrupt("LogicalType: member 1") { _ = try decodeFooter(v.bytes) }
    }

    func testDepthBombInsideFooterThrows() {
        // Field 20 of FileMetaData: 200 nested structs.
        let bytes: [UInt8] = [0x15, 0x02] + [0x0C, 0x28] + [UInt8](repeating: 0x1C, count: 200) + [UInt8](repeating: 0, count: 202)
        assertCorrupt("deeper than 64") { _ = try decodeFooter(bytes) }
    }

    func testTimeWithUnknownUnitBecomesUndefined() throws {
        var w = ThriftCompactWriter()
        w.writeStructBody { w in
            w.writeStruct(8) { w in
                w.writeBool(1, true)
                w.writeStruct(2) { $0.writeEmptyStruct(9) }
            }
        }
        let lt = try withThriftReader(w.bytes) { try LogicalType.decode(&$0, .structure) }
        XCTAssertEqual(lt, .undefined(fieldID: 8))
        assertCorrupt("union has no member") { _ = try withThriftReader([0x00]) { try LogicalType.decode(&$0, .structure) } }
    }
}
