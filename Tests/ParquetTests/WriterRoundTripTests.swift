import XCTest
@testable import Parquet
import TestSupport

final class WriterRoundTripTests: XCTestCase {
    /// One column of every physical type, required and optional (with nulls), under every
    /// combination of dictionary on/off and Snappy/uncompressed.
    func testEveryPhysicalTypeRequiredAndOptional() throws {
        let leaves: [SchemaElement] = [
            leaf("b", .boolean, .required), leaf("i32", .int32, .required), leaf("i64", .int64, .required), leaf("i96", .int96, .required),
            leaf("f", .float, .required), leaf("d", .double, .required), leaf("s", .byteArray, .required, logical: .string),
            leaf("fx", .fixedLenByteArray, .required, length: 3),
            leaf("ob", .boolean, .optional), leaf("oi32", .int32, .optional), leaf("oi64", .int64, .optional),
            leaf("oi96", .int96, .optional), leaf("of", .float, .optional), leaf("od", .double, .optional),
            leaf("os", .byteArray, .optional), leaf("ofx", .fixedLenByteArray, .optional, length: 3),
        ]
        let schema = try W.flatSchema(leaves)
        let n = 300
        let defs: [UInt32] = (0 ..< n).map { $0 % 4 == 1 ? 0 : 1 }
        let present = defs.filter { $0 == 1 }.count
        func values(_ count: Int) -> [ColumnValues] {
            var fx = FixedLenByteArrayValues(width: 3)
            for i in 0 ..< count { fx.bytes += [UInt8(i % 7), 0xFF, UInt8(i % 3)] }
            return [
                .boolean((0 ..< count).map { $0 % 3 == 0 }),
                .int32((0 ..< count).map { Int32($0 % 10) - 5 }),
                .int64((0 ..< count).map { Int64($0) * 1_000_000_007 - (1 << 40) }),
                .int96((0 ..< count).map { Int96(nanosOfDay: UInt64($0) * 1000, julianDay: 2_440_588 + UInt32($0 % 5)) }),
                .float((0 ..< count).map { Float($0 % 13) * 0.5 - 2 }),
                .double((0 ..< count).map { $0 % 17 == 0 ? .nan : Double($0) / 3 }),
                W.strings((0 ..< count).map { $0 % 5 == 0 ? "" : "v\($0 % 23)-ü" }),
                .fixedLenByteArray(fx),
            ]
        }
        let required = values(n)
        let optional = values(present)
        var columns: [ColumnData] = []
        for i in 0 ..< 8 { columns.append(W.column(schema, i, values: required[i])) }
        for i in 0 ..< 8 { columns.append(W.column(schema, 8 + i, values: optional[i], defs: defs)) }
        for dictionary in [true, false] {
            for (codec, level) in [(CompressionCodec.snappy, nil), (.uncompressed, nil), (.gzip, nil), (.gzip, 1), (.gzip, 9),
                                   (.lz4Raw, nil), (.lz4Raw, 9), (.lz4Raw, 12), (.zstd, nil), (.zstd, 1), (.zstd, 19),
                                   (.brotli, nil), (.brotli, 0), (.brotli, 11)] as [(CompressionCodec, Int?)] {
                var options = W.options(dictionary: dictionary, codec: codec)
                options.compressionLevel = level
                let (_, footer) = try W.roundTrip(schema, columns, rows: n, options: options)
                XCTAssertEqual(footer.rowGroups.count, 1)
                for chunk in footer.rowGroups[0].columns {
                    let m = try XCTUnwrap(chunk.metaData)
                    XCTAssertEqual(m.codec, codec)
                    let dictionaryUsed = m.encodings.contains(.rleDictionary)
                    if !dictionary || m.type == .boolean || m.type == .int96 { XCTAssertFalse(dictionaryUsed, "\(m.pathInSchema)") }
                    XCTAssertEqual(dictionaryUsed, m.dictionaryPageOffset != nil)
                }
                // Low-cardinality columns are dictionary encoded when allowed.
                let s = try XCTUnwrap(footer.rowGroups[0].columns[6].metaData)
                XCTAssertEqual(s.encodings.contains(.rleDictionary), dictionary)
            }
        }
    }

    func testLogicalTypesKeepAnnotationsAndGainLegacyConvertedTypes() throws {
        let leaves: [SchemaElement] = [
            leaf("str", .byteArray, .optional, logical: .string),
            leaf("date", .int32, .required, logical: .date),
            leaf("ts", .int64, .required, logical: .timestamp(isAdjustedToUTC: true, unit: .micros)),
            leaf("local_ts", .int64, .required, logical: .timestamp(isAdjustedToUTC: false, unit: .millis)),
            leaf("ts_ns", .int64, .required, logical: .timestamp(isAdjustedToUTC: true, unit: .nanos)),
            leaf("time", .int32, .required, logical: .time(isAdjustedToUTC: true, unit: .millis)),
            leaf("dec", .int32, .required, logical: .decimal(scale: 2, precision: 9)),
            leaf("dec_fixed", .fixedLenByteArray, .required, logical: .decimal(scale: 3, precision: 20), length: 9),
            leaf("u8", .int32, .required, logical: .integer(bitWidth: 8, isSigned: false)),
            leaf("i16", .int32, .required, logical: .integer(bitWidth: 16, isSigned: true)),
            leaf("uuid", .fixedLenByteArray, .required, logical: .uuid, length: 16),
            leaf("json", .byteArray, .required, logical: .json),
            leaf("enum", .byteArray, .required, logical: .enumeration),
            leaf("legacy", .byteArray, .required, converted: .utf8),
        ]
        var schemaElements = [W.root(leaves.count)] + leaves
        schemaElements[1].fieldID = 42
        let schema = try Schema(elements: schemaElements)
        let n = 5
        var uuid = FixedLenByteArrayValues(width: 16)
        var dec = FixedLenByteArrayValues(width: 9)
        for i in 0 ..< n {
            uuid.bytes += (0 ..< 16).map { UInt8(($0 * 17 + i) & 0xFF) }
            dec.bytes += [0x80] + [UInt8](repeating: UInt8(i), count: 8)
        }
        let columns = [
            W.column(schema, 0, values: W.strings(["a", "b", "a"]), defs: [1, 0, 1, 1, 0]),
            W.column(schema, 1, values: .int32([0, 19000, -1, 20000, 1])),
            W.column(schema, 2, values: .int64([0, 1_700_000_000_000_000, -5, 3, 4])),
            W.column(schema, 3, values: .int64([1, 2, 3, 4, 5])),
            W.column(schema, 4, values: .int64([1, 2, 3, 4, 5])),
            W.column(schema, 5, values: .int32([0, 1000, 86_399_999, 5, 5])),
            W.column(schema, 6, values: .int32([12345, -99, 0, 1, 2])),
            W.column(schema, 7, values: .fixedLenByteArray(dec)),
            W.column(schema, 8, values: .int32([0, 255, 128, 1, 200])),
            W.column(schema, 9, values: .int32([-32768, 32767, 0, 1, 2])),
            W.column(schema, 10, values: .fixedLenByteArray(uuid)),
            W.column(schema, 11, values: W.strings(["{}", "[1]", "null", "1", "\"x\""])),
            W.column(schema, 12, values: W.strings(["A", "B", "A", "A", "B"])),
            W.column(schema, 13, values: W.strings(["x", "y", "z", "x", "y"])),
        ]
        let (path, _) = try W.roundTrip(schema, columns, rows: n)
        let reader = try ParquetFileReader(path: path)
        let e = reader.metadata.schema
        XCTAssertEqual(e.count, leaves.count + 1)
        XCTAssertEqual(e[1].logicalType, .string)
        XCTAssertEqual(e[1].convertedType, .utf8)
        XCTAssertEqual(e[1].fieldID, 42)
        XCTAssertEqual(e[2].convertedType, .date)
        XCTAssertEqual(e[3].convertedType, .timestampMicros)
        XCTAssertEqual(e[4].convertedType, .timestampMillis)
        XCTAssertEqual(e[4].logicalType, .timestamp(isAdjustedToUTC: false, unit: .millis))
        XCTAssertNil(e[5].convertedType)
        XCTAssertEqual(e[6].convertedType, .timeMillis)
        XCTAssertEqual(e[7].convertedType, .decimal)
        XCTAssertEqual(e[7].scale, 2)
        XCTAssertEqual(e[7].precision, 9)
        XCTAssertEqual(e[8].convertedType, .decimal)
        XCTAssertEqual(e[8].typeLength, 9)
        XCTAssertEqual(e[9].convertedType, .uint8)
        XCTAssertEqual(e[10].convertedType, .int16)
        XCTAssertNil(e[11].convertedType)
        XCTAssertEqual(e[11].logicalType, .uuid)
        XCTAssertEqual(e[12].convertedType, .json)
        XCTAssertEqual(e[13].convertedType, .enumType)
        XCTAssertEqual(e[14].convertedType, .utf8)
        XCTAssertNil(e[14].logicalType)
        XCTAssertEqual(reader.schema.columns.map(\.kind), schema.columns.map(\.kind))
        XCTAssertEqual(reader.metadata.columnOrders, [ColumnOrder](repeating: .typeDefined, count: leaves.count))
        XCTAssertEqual(reader.metadata.version, 1)
        XCTAssertEqual(reader.metadata.createdBy, "data-designer version 0.1.0")
    }

    func testKeyValueMetadataAndCreatedBy() throws {
        let schema = try W.flatSchema([leaf("x", .int32, .required)])
        var options = ParquetWriterOptions()
        options.createdBy = "unit test"
        options.keyValueMetadata = [KeyValue(key: "k", value: "v"), KeyValue(key: "empty", value: nil)]
        let (path, _) = try W.roundTrip(schema, [W.column(schema, 0, values: .int32([1, 2]))], rows: 2, options: options)
        let reader = try ParquetFileReader(path: path)
        XCTAssertEqual(reader.metadata.createdBy, "unit test")
        XCTAssertEqual(reader.metadata.keyValueMetadata, options.keyValueMetadata)
    }

    func testAllNullAndNullLogicalTypeColumns() throws {
        let schema = try W.flatSchema([
            leaf("nothing", .int32, .optional, logical: .null),
            leaf("s", .byteArray, .optional, logical: .string),
        ])
        let n = 1000
        let zeros = [UInt32](repeating: 0, count: n)
        let columns = [
            W.column(schema, 0, values: .int32([]), defs: zeros),
            W.column(schema, 1, values: W.strings([]), defs: zeros),
        ]
        let (_, footer) = try W.roundTrip(schema, columns, rows: n)
        for chunk in footer.rowGroups[0].columns {
            let stats = try XCTUnwrap(chunk.metaData?.statistics)
            XCTAssertEqual(stats.nullCount, Int64(n))
            XCTAssertNil(stats.minValue)
            XCTAssertNil(stats.maxValue)
        }
    }

    func testLongAndBinaryStringsWithDictionary() throws {
        let schema = try W.flatSchema([leaf("blob", .byteArray, .required)])
        var v = ByteArrayValues()
        for i in 0 ..< 400 {
            v.append((0 ..< (i % 9) * 300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i % 9) })
        }
        let (_, footer) = try W.roundTrip(schema, [W.column(schema, 0, values: .byteArray(v))], rows: 400)
        let m = try XCTUnwrap(footer.rowGroups[0].columns[0].metaData)
        XCTAssertTrue(m.encodings.contains(.rleDictionary))
        XCTAssertEqual(m.statistics?.minValue, [])
    }

    /// Values buffers whose offsets do not start at 0 (a slice of a larger buffer) are accepted.
    func testByteArrayOffsetsNotStartingAtZero() throws {
        let schema = try W.flatSchema([leaf("s", .byteArray, .required, logical: .string)])
        let v = ByteArrayValues(offsets: [3, 5, 5, 8], bytes: Array("xxxabcdefzz".utf8))
        for dictionary in [true, false] {
            let batch = RecordBatch(schema: schema, columns: [W.column(schema, 0, values: .byteArray(v))], numRows: 3, rowGroupIndex: 0)
            let (path, _, _) = try W.write(schema, [batch], options: W.options(dictionary: dictionary))
            let (_, back) = try W.readAll(path)
            XCTAssertEqual(W.image(back[0].columns[0].values), [AnyHashable(Array("ab".utf8)), AnyHashable([UInt8]()), AnyHashable(Array("cde".utf8))])
        }
    }
}
