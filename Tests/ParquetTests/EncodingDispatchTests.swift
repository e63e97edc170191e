import XCTest
@testable import Parquet
import TestSupport

/// BYTE_STREAM_SPLIT, the ValueDecoding dispatch and DictionaryGather.
final class EncodingDispatchTests: XCTestCase {
    typealias S = EncodingTestSupport

    private func decode(
        _ encoding: Encoding, _ bytes: [UInt8], _ type: PhysicalType, typeLength: Int = 0, count: Int,
        into start: ColumnValues? = nil
    ) throws -> (ColumnValues, Int) {
        var values = start ?? ColumnValues.empty(for: type, typeLength: typeLength)
        let used = try bytes.withUnsafeBytes {
            try ValueDecoding.decode(encoding: encoding, bytes: $0, type: type, typeLength: typeLength, count: count, into: &values)
        }
        return (values, used)
    }

    func testByteStreamSplitSpecExample() throws {
        // Elements AA BB CC DD, 00 11 22 33, A3 B4 C5 D6 → AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
        let split: [UInt8] = [0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6]
        let (floats, used) = try decode(.byteStreamSplit, split, .float, count: 3)
        XCTAssertEqual(floats, .float([0xDDCC_BBAA, 0x3322_1100, 0xD6C5_B4A3].map { Float(bitPattern: $0) }))
        XCTAssertEqual(used, 12)
        let (ints, _) = try decode(.byteStreamSplit, split, .int32, count: 3)
        XCTAssertEqual(ints, .int32([0xDDCC_BBAA, 0x3322_1100, 0xD6C5_B4A3].map { Int32(bitPattern: $0) }))
        let (fixed, _) = try decode(.byteStreamSplit, split, .fixedLenByteArray, typeLength: 4, count: 3)
        XCTAssertEqual(fixed, .fixedLenByteArray(FixedLenByteArrayValues(
            width: 4, bytes: [0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6])))
        // Fewer values than the page holds: streams keep their full length.
        let (first, _) = try decode(.byteStreamSplit, split, .fixedLenByteArray, typeLength: 2, count: 2)
        XCTAssertEqual(first, .fixedLenByteArray(FixedLenByteArrayValues(width: 2, bytes: [0xAA, 0xCC, 0x00, 0x22])))
    }

    func testByteStreamSplitDoublesAndInt64RoundTrip() throws {
        var rng = SplitMix64(seed: 8)
        let doubles = (0 ..< 17).map { _ in Double(bitPattern: rng.next()) }.filter { !$0.isNaN }
        var plain: [UInt8] = []
        PlainEncoder.append(ColumnValues.double(doubles), into: &plain)
        let n = doubles.count
        var split = [UInt8](repeating: 0, count: plain.count)
        for i in 0 ..< n { for j in 0 ..< 8 { split[j * n + i] = plain[i * 8 + j] } }
        XCTAssertEqual(try decode(.byteStreamSplit, split, .double, count: n).0, .double(doubles))
        let ints = doubles.map { Int64(bitPattern: $0.bitPattern) }
        XCTAssertEqual(try decode(.byteStreamSplit, split, .int64, count: n).0, .int64(ints))
    }

    func testByteStreamSplitMalformed() {
        S.expectError(.corrupt, "not a whole number") { _ = try self.decode(.byteStreamSplit, [1, 2, 3], .float, count: 0) }
        S.expectError(.corrupt, "holds 1 values, 2 requested") { _ = try self.decode(.byteStreamSplit, [1, 2, 3, 4], .float, count: 2) }
        S.expectError(.corrupt) { _ = try self.decode(.byteStreamSplit, [1, 2, 3, 4], .float, count: 1 << 40) }
        S.expectError(.corrupt, "negative") { _ = try self.decode(.byteStreamSplit, [], .float, count: -1) }
        S.expectError(.corrupt, "negative FIXED_LEN_BYTE_ARRAY width") {
            _ = try self.decode(.byteStreamSplit, [1], .fixedLenByteArray, typeLength: -2, count: 1,
                                into: .fixedLenByteArray(FixedLenByteArrayValues(width: -2)))
        }
        S.expectError(.corrupt, "cannot decode FLOAT") { _ = try self.decode(.byteStreamSplit, [1, 2, 3, 4], .float, count: 1, into: .double([])) }
        XCTAssertEqual(try? decode(.byteStreamSplit, [], .fixedLenByteArray, typeLength: 0, count: 3).1, 0)
    }

    func testInvalidAndUnknownEncodings() {
        S.expectError(.unsupported, "encoding DELTA_BINARY_PACKED is not valid for BYTE_ARRAY") {
            _ = try self.decode(.deltaBinaryPacked, [], .byteArray, count: 1)
        }
        S.expectError(.unsupported, "encoding DELTA_LENGTH_BYTE_ARRAY is not valid for INT32") {
            _ = try self.decode(.deltaLengthByteArray, [], .int32, count: 1)
        }
        S.expectError(.unsupported, "encoding DELTA_BYTE_ARRAY is not valid for DOUBLE") {
            _ = try self.decode(.deltaByteArray, [], .double, count: 1)
        }
        S.expectError(.unsupported, "encoding BYTE_STREAM_SPLIT is not valid for BOOLEAN") {
            _ = try self.decode(.byteStreamSplit, [], .boolean, count: 1)
        }
        S.expectError(.unsupported, "encoding RLE is not valid for INT64") { _ = try self.decode(.rle, [], .int64, count: 1) }
        S.expectError(.unsupported, "encoding BIT_PACKED is not valid for INT32") { _ = try self.decode(.bitPacked, [], .int32, count: 1) }
        S.expectError(.unsupported, "encoding GROUP_VAR_INT is not supported") { _ = try self.decode(.groupVarInt, [], .int32, count: 1) }
        S.expectError(.unsupported, "encoding 42 is not supported") {
            _ = try self.decode(Encoding(rawValue: 42), [], .int32, count: 1)
        }
        S.expectError(.unsupported, "dictionary") { _ = try self.decode(.rleDictionary, [], .int32, count: 1) }
        S.expectError(.corrupt, "cannot decode INT64") { _ = try self.decode(.deltaBinaryPacked, [], .int64, count: 1, into: .int32([])) }
    }

    func testDispatchDecodesEachEncoding() throws {
        XCTAssertEqual(try decode(.plain, [5, 0, 0, 0], .int32, count: 1).0, .int32([5]))
        let dbp = EncodingTestDelta.encode([10, 20, 30])
        XCTAssertEqual(try decode(.deltaBinaryPacked, dbp, .int64, count: 3).0, .int64([10, 20, 30]))
        XCTAssertEqual(try decode(.deltaBinaryPacked, dbp, .int32, count: 3).0, .int32([10, 20, 30]))
        let dlba = EncodingTestDelta.lengthByteArray(["ab", "c"])
        XCTAssertEqual(try decode(.deltaLengthByteArray, dlba, .byteArray, count: 2).0,
                       .byteArray(ByteArrayValues(offsets: [0, 2, 3], bytes: Array("abc".utf8))))
        let dba = EncodingTestDelta.encode([0, 1]) + EncodingTestDelta.lengthByteArray(["ab", "c"])
        XCTAssertEqual(try decode(.deltaByteArray, dba, .byteArray, count: 2).0,
                       .byteArray(ByteArrayValues(offsets: [0, 2, 4], bytes: Array("abac".utf8))))
        XCTAssertEqual(try decode(.deltaByteArray, dba, .fixedLenByteArray, typeLength: 2, count: 2).0,
                       .fixedLenByteArray(FixedLenByteArrayValues(width: 2, bytes: Array("abac".utf8))))
    }

    func testRLEBooleans() throws {
        // Length 3, then bit-packed group: 1,0,1,1,0,0,0,0, then trailing byte not consumed.
        var hybrid: [UInt8] = []
        let bits: [UInt32] = [1, 0, 1, 1, 0, 0, 0, 0] + Array(repeating: 1, count: 10)
        RLEHybridEncoder.encode(bits, bitWidth: 1, into: &hybrid)
        let bytes = [UInt8(hybrid.count), 0, 0, 0] + hybrid + [0x55]
        let (values, used) = try decode(.rle, bytes, .boolean, count: bits.count)
        XCTAssertEqual(values, .boolean(bits.map { $0 == 1 }))
        XCTAssertEqual(used, 4 + hybrid.count)
        S.expectError(.corrupt, "length prefix") { _ = try self.decode(.rle, [3, 0, 0], .boolean, count: 1) }
        S.expectError(.corrupt, "exceeds") { _ = try self.decode(.rle, [9, 0, 0, 0, 0x03, 0x0D], .boolean, count: 8) }
        S.expectError(.corrupt) { _ = try self.decode(.rle, [1, 0, 0, 0, 0x03, 0x0D], .boolean, count: 8) }
    }

    func testDictionaryGather() throws {
        var values = ColumnValues.int32([9])
        try DictionaryGather.append(from: .int32([10, 20, 30]), indices: [2, 0, 0, 1], into: &values)
        XCTAssertEqual(values, .int32([9, 30, 10, 10, 20]))

        var dict = ByteArrayValues()
        for s in ["", "apple", "kiwi"] { dict.append(Array(s.utf8)) }
        var strings = ColumnValues.byteArray(ByteArrayValues())
        try DictionaryGather.append(from: .byteArray(dict), indices: [1, 0, 2, 1], into: &strings)
        XCTAssertEqual(strings, .byteArray(ByteArrayValues(offsets: [0, 5, 5, 9, 14], bytes: Array("applekiwiapple".utf8))))

        var fixed = ColumnValues.fixedLenByteArray(FixedLenByteArrayValues(width: 2))
        try DictionaryGather.append(from: .fixedLenByteArray(FixedLenByteArrayValues(width: 2, bytes: [1, 2, 3, 4])),
                                    indices: [1, 1, 0], into: &fixed)
        XCTAssertEqual(fixed, .fixedLenByteArray(FixedLenByteArrayValues(width: 2, bytes: [3, 4, 3, 4, 1, 2])))

        var bools = ColumnValues.boolean([])
        try DictionaryGather.append(from: .boolean([false, true]), indices: [1, 1, 0], into: &bools)
        XCTAssertEqual(bools, .boolean([true, true, false]))
        var doubles = ColumnValues.double([])
        try DictionaryGather.append(from: .double([1.5]), indices: [], into: &doubles)
        XCTAssertEqual(doubles, .double([]))
    }

    func testDictionaryGatherErrors() {
        S.expectError(.corrupt, "dictionary index 7 out of range (dictionary has 5 values)") {
            var v = ColumnValues.int64([])
            try DictionaryGather.append(from: .int64([1, 2, 3, 4, 5]), indices: [0, 7, 9], into: &v)
        }
        S.expectError(.corrupt, "dictionary index 0 out of range (dictionary has 0 values)") {
            var v = ColumnValues.byteArray(ByteArrayValues())
            try DictionaryGather.append(from: .byteArray(ByteArrayValues()), indices: [0], into: &v)
        }
        S.expectError(.corrupt, "does not match") {
            var v = ColumnValues.int64([])
            try DictionaryGather.append(from: .int32([1]), indices: [0], into: &v)
        }
        S.expectError(.corrupt, "does not match") {
            var v = ColumnValues.fixedLenByteArray(FixedLenByteArrayValues(width: 3))
            try DictionaryGather.append(from: .fixedLenByteArray(FixedLenByteArrayValues(width: 2, bytes: [1, 2])), indices: [0], into: &v)
        }
    }
}
