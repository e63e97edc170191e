import XCTest
@testable import Parquet
import TestSupport

final class WriterStatisticsTests: XCTestCase {
    private func le<T: FixedWidthInteger>(_ x: T) -> [UInt8] { withUnsafeBytes(of: x.littleEndian) { Array($0) } }

    private func stats(_ leaf: SchemaElement, _ values: ColumnValues, defs: [UInt32] = [], dictionary: Bool = true) throws -> Statistics {
        let schema = try W.flatSchema([leaf])
        let column = W.column(schema, 0, values: values, defs: defs)
        let (_, footer) = try W.roundTrip(schema, [column], rows: column.levelCount, options: W.options(dictionary: dictionary))
        return try XCTUnwrap(footer.rowGroups[0].columns[0].metaData?.statistics)
    }

    func testIntegerOrders() throws {
        for dictionary in [true, false] {
            let s = try stats(leaf("i", .int32, .optional), .int32([5, -3, 5, 100, -3]), defs: [1, 1, 0, 1, 1, 1], dictionary: dictionary)
            XCTAssertEqual(s.nullCount, 1)
            XCTAssertEqual(s.minValue, le(Int32(-3)))
            XCTAssertEqual(s.maxValue, le(Int32(100)))
            XCTAssertEqual(s.min, le(Int32(-3)))
            XCTAssertEqual(s.max, le(Int32(100)))
            XCTAssertEqual(s.isMinValueExact, true)

            let u = try stats(leaf("u", .int32, .required, logical: .integer(bitWidth: 32, isSigned: false)),
                              .int32([1, -1, 7]), dictionary: dictionary)
            XCTAssertEqual(u.minValue, le(UInt32(1)))
            XCTAssertEqual(u.maxValue, le(UInt32.max))
            XCTAssertNil(u.min, "no deprecated (signed) min/max for unsigned columns")

            let u64 = try stats(leaf("u", .int64, .required, converted: .uint64), .int64([Int64.min, 3]), dictionary: dictionary)
            XCTAssertEqual(u64.minValue, le(UInt64(3)))
            XCTAssertEqual(u64.maxValue, le(UInt64(1) << 63))

            let ts = try stats(leaf("t", .int64, .required, logical: .timestamp(isAdjustedToUTC: true, unit: .micros)),
                               .int64([10, -20, 30]), dictionary: dictionary)
            XCTAssertEqual(ts.minValue, le(Int64(-20)))
            XCTAssertEqual(ts.maxValue, le(Int64(30)))
        }
    }

    func testFloatsIgnoreNaNAndNormaliseZeros() throws {
        let s = try stats(leaf("f", .float, .required), .float([.nan, 2.5, -1, .nan]))
        XCTAssertEqual(s.minValue, le(Float(-1).bitPattern))
        XCTAssertEqual(s.maxValue, le(Float(2.5).bitPattern))
        let zeros = try stats(leaf("d", .double, .required), .double([0.0, 0.0]), dictionary: false)
        XCTAssertEqual(zeros.minValue, le((-0.0 as Double).bitPattern))
        XCTAssertEqual(zeros.maxValue, le((0.0 as Double).bitPattern))
        let negativeZeros = try stats(leaf("d", .double, .required), .double([-0.0, -0.0]))
        XCTAssertEqual(negativeZeros.maxValue, le((0.0 as Double).bitPattern))
        let nans = try stats(leaf("d", .double, .required), .double([.nan, .nan]))
        XCTAssertNil(nans.minValue)
        XCTAssertNil(nans.maxValue)
        XCTAssertEqual(nans.nullCount, 0)
    }

    func testBytesAreUnsignedLexicographic() throws {
        for dictionary in [true, false] {
            let s = try stats(leaf("s", .byteArray, .required, logical: .string), W.strings(["b", "ab", "é", "abc", "a"]), dictionary: dictionary)
            XCTAssertEqual(s.minValue, Array("a".utf8))
            XCTAssertEqual(s.maxValue, Array("é".utf8))
            XCTAssertNil(s.min, "deprecated fields are signed; not written for byte arrays")
        }
        var fx = FixedLenByteArrayValues(width: 2)
        fx.bytes = [0x80, 0, 0x01, 0xFF, 0x7F, 0x00]
        let f = try stats(leaf("f", .fixedLenByteArray, .required, length: 2), .fixedLenByteArray(fx))
        XCTAssertEqual(f.minValue, [0x01, 0xFF])
        XCTAssertEqual(f.maxValue, [0x80, 0])
    }

    func testUnorderedTypesGetNoMinMax() throws {
        let i96 = try stats(leaf("t", .int96, .required), .int96([Int96(nanosOfDay: 1, julianDay: 2)]))
        XCTAssertNil(i96.minValue)
        XCTAssertEqual(i96.nullCount, 0)
        var fx = FixedLenByteArrayValues(width: 4)
        fx.bytes = [0xFF, 0, 0, 0, 0x01, 0, 0, 0]
        let decimal = try stats(leaf("d", .fixedLenByteArray, .required, logical: .decimal(scale: 0, precision: 9), length: 4), .fixedLenByteArray(fx))
        XCTAssertNil(decimal.minValue)
        var interval = FixedLenByteArrayValues(width: 12)
        interval.bytes = [UInt8](repeating: 1, count: 12)
        let iv = try stats(leaf("iv", .fixedLenByteArray, .required, converted: .interval, length: 12), .fixedLenByteArray(interval))
        XCTAssertNil(iv.maxValue)
    }

    func testBooleans() throws {
        let s = try stats(leaf("b", .boolean, .optional), .boolean([true, true]), defs: [0, 1, 1])
        XCTAssertEqual(s.minValue, [1])
        XCTAssertEqual(s.maxValue, [1])
        XCTAssertEqual(s.nullCount, 1)
    }

    func testOverlongByteStringsGetNoMinMax() throws {
        let long = String(repeating: "x", count: ChunkStatistics.maxValueBytes + 1)
        let s = try stats(leaf("s", .byteArray, .required), W.strings(["a", long]))
        XCTAssertNil(s.minValue)
        XCTAssertNil(s.maxValue)
        XCTAssertEqual(s.nullCount, 0)
    }
}
