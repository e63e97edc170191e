import XCTest
@testable import Parquet
import TestSupport

final class EncodingPlainTests: XCTestCase {
    typealias S = EncodingTestSupport

    private func plain(
        _ bytes: [UInt8], _ type: PhysicalType, typeLength: Int = 0, count: Int, into start: ColumnValues? = nil
    ) throws -> (ColumnValues, Int) {
        var values = start ?? ColumnValues.empty(for: type, typeLength: typeLength)
        let used = try bytes.withUnsafeBytes {
            try PlainDecoder.decode($0, type: type, typeLength: typeLength, count: count, into: &values)
        }
        return (values, used)
    }

    func testFixedWidthTypes() throws {
        var (v, used) = try plain([0x01, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x78, 0x56, 0x34, 0x12, 0x99], .int32, count: 3)
        XCTAssertEqual(v, .int32([1, -1, 0x1234_5678]))
        XCTAssertEqual(used, 12)
        (v, used) = try plain([0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], .int64, count: 1)
        XCTAssertEqual(v, .int64([Int64.max - 1]))
        XCTAssertEqual(used, 8)
        (v, used) = try plain([0x00, 0x00, 0xC0, 0x3F], .float, count: 1)
        XCTAssertEqual(v, .float([1.5]))
        (v, used) = try plain([0, 0, 0, 0, 0, 0, 0x04, 0xC0], .double, count: 1)
        XCTAssertEqual(v, .double([-2.5]))
        (v, used) = try plain([1, 0, 0, 0, 0, 0, 0, 0, 0x8C, 0x3D, 0x25, 0x00], .int96, count: 1)
        XCTAssertEqual(v, .int96([Int96(nanosOfDay: 1, julianDay: 2_440_588)]))
        XCTAssertEqual(used, 12)
    }

    func testAppendsToExistingValues() throws {
        let (v, _) = try plain([7, 0, 0, 0], .int32, count: 1, into: .int32([1, 2]))
        XCTAssertEqual(v, .int32([1, 2, 7]))
        let (b, _) = try plain([1, 0, 0, 0, 0x63], .byteArray, count: 1,
                               into: .byteArray(ByteArrayValues(offsets: [0, 2], bytes: [0x61, 0x62])))
        XCTAssertEqual(b, .byteArray(ByteArrayValues(offsets: [0, 2, 3], bytes: [0x61, 0x62, 0x63])))
    }

    func testBooleans() throws {
        var (v, used) = try plain([0b0000_0101], .boolean, count: 3)
        XCTAssertEqual(v, .boolean([true, false, true]))
        XCTAssertEqual(used, 1)
        (v, used) = try plain([0xFF, 0x01, 0xAA], .boolean, count: 9)
        XCTAssertEqual(v, .boolean(Array(repeating: true, count: 9)))
        XCTAssertEqual(used, 2)
        S.expectError(.corrupt, "BOOLEAN") { _ = try self.plain([0xFF], .boolean, count: 9) }
    }

    func testByteArrays() throws {
        let bytes: [UInt8] = [3, 0, 0, 0, 0x61, 0x62, 0x63, 0, 0, 0, 0, 1, 0, 0, 0, 0x7A]
        let (v, used) = try plain(bytes, .byteArray, count: 3)
        guard case .byteArray(let b) = v else { return XCTFail("wrong case") }
        XCTAssertEqual(b.count, 3)
        XCTAssertEqual(Array(b[0]), Array("abc".utf8))
        XCTAssertEqual(Array(b[1]), [])
        XCTAssertEqual(Array(b[2]), Array("z".utf8))
        XCTAssertEqual(used, 16)
        for cut in 0 ..< bytes.count {
            S.expectError(.corrupt) { _ = try self.plain(Array(bytes[0 ..< cut]), .byteArray, count: 3) }
        }
        S.expectError(.corrupt, "length 4294967295") { _ = try self.plain([0xFF, 0xFF, 0xFF, 0xFF, 0], .byteArray, count: 1) }
    }

    func testFixedLenByteArrays() throws {
        var (v, used) = try plain([1, 2, 3, 4, 5], .fixedLenByteArray, typeLength: 2, count: 2)
        XCTAssertEqual(v, .fixedLenByteArray(FixedLenByteArrayValues(width: 2, bytes: [1, 2, 3, 4])))
        XCTAssertEqual(used, 4)
        (v, used) = try plain([9], .fixedLenByteArray, typeLength: 0, count: 5)
        XCTAssertEqual(v, .fixedLenByteArray(FixedLenByteArrayValues(width: 0)))
        XCTAssertEqual(used, 0)
        S.expectError(.corrupt) { _ = try self.plain([1, 2, 3], .fixedLenByteArray, typeLength: 2, count: 2) }
        S.expectError(.corrupt) {
            _ = try self.plain([1, 2], .fixedLenByteArray, typeLength: -1, count: 1,
                               into: .fixedLenByteArray(FixedLenByteArrayValues(width: -1)))
        }
    }

    func testTruncationAndHostileCountsThrow() {
        let types: [(PhysicalType, Int)] = [(.boolean, 0), (.int32, 0), (.int64, 0), (.int96, 0), (.float, 0),
                                           (.double, 0), (.byteArray, 0), (.fixedLenByteArray, 3)]
        for (type, length) in types {
            S.expectError(.corrupt) { _ = try self.plain([1, 0, 0, 0, 0, 0, 0, 0], type, typeLength: length, count: 1 << 40) }
            S.expectError(.corrupt) { _ = try self.plain([1, 0, 0], type, typeLength: length, count: Int.max) }
            S.expectError(.corrupt, "negative") { _ = try self.plain([], type, typeLength: length, count: -1) }
        }
        for cut in 0 ..< 12 {
            S.expectError(.corrupt) { _ = try self.plain([UInt8](repeating: 1, count: cut), .int96, count: 1) }
            S.expectError(.corrupt) { _ = try self.plain([UInt8](repeating: 1, count: cut), .int32, count: 3) }
        }
    }

    func testMismatchedBufferAndUnknownType() {
        S.expectError(.corrupt, "cannot decode INT32 values into a INT64 buffer") {
            _ = try self.plain([1, 0, 0, 0], .int32, count: 1, into: .int64([]))
        }
        S.expectError(.corrupt, "FIXED_LEN_BYTE_ARRAY(4)") {
            _ = try self.plain([1, 0], .fixedLenByteArray, typeLength: 2, count: 1,
                               into: .fixedLenByteArray(FixedLenByteArrayValues(width: 4)))
        }
        S.expectError(.unsupported) { _ = try self.plain([1], PhysicalType(rawValue: 9), count: 1, into: .int32([])) }
    }

    func testEncoderRoundTripAllTypes() throws {
        var rng = SplitMix64(seed: 5)
        var strings = ByteArrayValues()
        for i in 0 ..< 50 { strings.append((0 ..< i % 7).map { _ in UInt8(truncatingIfNeeded: rng.next()) }) }
        let cases: [(PhysicalType, Int, ColumnValues)] = [
            (.boolean, 0, .boolean((0 ..< 77).map { _ in rng.next() % 2 == 0 })),
            (.int32, 0, .int32((0 ..< 40).map { _ in Int32(truncatingIfNeeded: rng.next()) })),
            (.int64, 0, .int64((0 ..< 40).map { _ in Int64(bitPattern: rng.next()) })),
            (.int96, 0, .int96((0 ..< 9).map { _ in Int96(nanosOfDay: rng.next(), julianDay: UInt32(truncatingIfNeeded: rng.next())) })),
            (.float, 0, .float((0 ..< 13).map { _ in Float(Int(rng.next() % 1000)) / 8 })),
            (.double, 0, .double((0 ..< 13).map { _ in Double(bitPattern: rng.next() >> 2) })),
            (.byteArray, 0, .byteArray(strings)),
            (.fixedLenByteArray, 5, .fixedLenByteArray(FixedLenByteArrayValues(
                width: 5, bytes: (0 ..< 60).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))),
        ]
        for (type, length, values) in cases {
            var encoded: [UInt8] = []
            PlainEncoder.append(values, into: &encoded)
            let (decoded, used) = try plain(encoded, type, typeLength: length, count: values.count)
            XCTAssertEqual(decoded, values, "\(type)")
            XCTAssertEqual(used, encoded.count, "\(type)")
            // A sub-range encodes the same bytes as decoding and re-encoding those values.
            var part: [UInt8] = []
            PlainEncoder.append(values, range: 3 ..< 8, into: &part)
            let (partDecoded, _) = try plain(part, type, typeLength: length, count: 5)
            var again: [UInt8] = []
            PlainEncoder.append(partDecoded, into: &again)
            XCTAssertEqual(part, again, "\(type)")
            XCTAssertEqual(partDecoded.count, 5, "\(type)")
        }
    }

    func testEncoderBooleanLayout() {
        var out: [UInt8] = []
        PlainEncoder.append(ColumnValues.boolean([true, false, true, true, false, false, false, false, true]), into: &out)
        XCTAssertEqual(out, [0b0000_1101, 0b0000_0001])
        out = []
        PlainEncoder.append(ColumnValues.int32([1, 2]), range: 1 ..< 99, into: &out)
        XCTAssertEqual(out, [2, 0, 0, 0])
    }
}
