import XCTest
@testable import ParquetExport

/// Exact DECIMAL rescaling across INT32, INT64, BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY, and the
/// 128-bit helper behind it. Expected bytes were produced with Python's int.to_bytes(signed=True).
final class UnificationDecimalTests: XCTestCase {
    private let nines30: [UInt8] = [0x0C, 0x9F, 0x2C, 0x9C, 0xD0, 0x46, 0x74, 0xED, 0xEA, 0x3F, 0xFF, 0xFF, 0xFF]       // 10^30 - 1
    private let minusNines30: [UInt8] = [0xF3, 0x60, 0xD3, 0x63, 0x2F, 0xB9, 0x8B, 0x12, 0x15, 0xC0, 0x00, 0x00, 0x01]  // -(10^30 - 1)
    private let nines30e8: [UInt8] = [0x4B, 0x3B, 0x4C, 0xA8, 0x5A, 0x86, 0xC4, 0x7A, 0x09, 0x8A, 0x22, 0x3F, 0xFA, 0x0A, 0x1F, 0x00]
    private let minusNines30e8: [UInt8] = [0xB4, 0xC4, 0xB3, 0x57, 0xA5, 0x79, 0x3B, 0x85, 0xF6, 0x75, 0xDD, 0xC0, 0x05, 0xF5, 0xE1, 0x00]
    private let int64MinE19: [UInt8] = [0xBA, 0x9C, 0x6E, 0x7D, 0xBB, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
    private let nines9e29: [UInt8] = [0x4B, 0x3B, 0x4C, 0xA7, 0x17, 0x68, 0xB4, 0xCB, 0x9C, 0x18, 0x0A, 0x75, 0x60, 0x00, 0x00, 0x00]  // 38 digits

    private func rescale(_ values: ColumnValues, from sourceScale: Int, to targetScale: Int, precision: Int = 38,
                         as physical: PhysicalType, width: Int = 0) throws -> ColumnValues {
        try DecimalRescale(sourceScale: sourceScale, targetScale: targetScale, targetPrecision: precision,
                           targetPhysical: physical, targetWidth: width).apply(values)
    }

    private func fixed(_ width: Int, _ values: [[UInt8]]) -> ColumnValues {
        .fixedLenByteArray(FixedLenByteArrayValues(width: width, bytes: values.flatMap { $0 }))
    }

    private func binary(_ values: [[UInt8]]) -> ColumnValues {
        var buffer = ByteArrayValues()
        for value in values { buffer.append(value) }
        return .byteArray(buffer)
    }

    func testIntegerSources() throws {
        XCTAssertEqual(try rescale(.int32([12345, -12345, 0]), from: 2, to: 4, precision: 9, as: .int32), .int32([1_234_500, -1_234_500, 0]))
        XCTAssertEqual(try rescale(.int32([-999_999_999]), from: 0, to: 9, precision: 18, as: .int64), .int64([-999_999_999_000_000_000]))
        XCTAssertEqual(try rescale(.int64([Int64.min]), from: 0, to: 19, as: .fixedLenByteArray, width: 16), fixed(16, [int64MinE19]))
        XCTAssertEqual(try rescale(.int32([999_999_999]), from: 0, to: 29, as: .fixedLenByteArray, width: 16), fixed(16, [nines9e29]))
        XCTAssertEqual(try rescale(.int64([-5, 300]), from: 1, to: 3, as: .byteArray), binary([[0xFE, 0x0C], [0x75, 0x30]]))
        XCTAssertEqual(try rescale(.int32([-1, 1]), from: 0, to: 0, as: .fixedLenByteArray, width: 3), fixed(3, [[0xFF, 0xFF, 0xFF], [0, 0, 1]]))
        assertUnificationError(.invalidArgument, ["DECIMAL value", "DECIMAL(9,5)"]) {
            try rescale(.int32([100_000]), from: 0, to: 5, precision: 9, as: .int32)
        }
        assertUnificationError(.invalidArgument, ["does not fit"]) {
            try rescale(.int64([Int64.max]), from: 0, to: 1, precision: 18, as: .int64)
        }
    }

    func testBinarySources() throws {
        // BYTE_ARRAY (minimal bytes) → INT64, FIXED_LEN_BYTE_ARRAY → BYTE_ARRAY and wider FIXED_LEN_BYTE_ARRAY.
        XCTAssertEqual(try rescale(binary([[0xFF, 0x85], [], [0x01, 0x00]]), from: 2, to: 5, precision: 18, as: .int64),
                       .int64([-123_000, 0, 256_000]))
        XCTAssertEqual(try rescale(fixed(5, [[0xE3, 0x41, 0x66, 0xE5, 0xF8]]), from: 1, to: 3, as: .byteArray),
                       binary([[0xF4, 0xC5, 0x8C, 0x31, 0xD4, 0xE0]]))
        XCTAssertEqual(try rescale(fixed(13, [nines30, minusNines30]), from: 2, to: 10, as: .fixedLenByteArray, width: 16),
                       fixed(16, [nines30e8, minusNines30e8]))
        XCTAssertEqual(try rescale(binary([nines30e8, minusNines30e8]), from: 10, to: 10, as: .fixedLenByteArray, width: 16),
                       fixed(16, [nines30e8, minusNines30e8]))
        XCTAssertEqual(try rescale(fixed(2, [[0xFF, 0x85]]), from: 0, to: 0, precision: 9, as: .int32), .int32([-123]))
        // Longer than 16 bytes is fine when the extra bytes only extend the sign.
        XCTAssertEqual(try rescale(binary([[0xFF, 0xFF] + minusNines30e8]), from: 0, to: 0, as: .fixedLenByteArray, width: 16),
                       fixed(16, [minusNines30e8]))
        // 38 digits × 10 no longer fits 16 bytes; a 17-byte value that is not sign extension is corrupt.
        assertUnificationError(.invalidArgument, ["does not fit DECIMAL(38,1)"]) {
            try rescale(fixed(16, [nines9e29]), from: 0, to: 1, as: .fixedLenByteArray, width: 16)
        }
        assertUnificationError(.corrupt, ["17 bytes exceeds 128 bits"]) {
            try rescale(binary([[0x01] + nines30e8]), from: 0, to: 0, as: .fixedLenByteArray, width: 16)
        }
        assertUnificationError(.corrupt, ["outside the value buffer"]) {
            try rescale(.byteArray(ByteArrayValues(offsets: [0, 9], bytes: [1, 2])), from: 0, to: 0, as: .int64)
        }
        assertUnificationError(.corrupt, ["width of 0"]) {
            try rescale(.fixedLenByteArray(FixedLenByteArrayValues(width: 0, bytes: [])), from: 0, to: 0, as: .int64)
        }
    }

    func testDecimalColumnsThroughUnifiedSchema() throws {
        // DECIMAL(9,2) INT32 + DECIMAL(20,0) BYTE_ARRAY → DECIMAL(22,2) FIXED_LEN_BYTE_ARRAY(10).
        let a = try Uni.single(Uni.decimal("d", .int32, precision: 9, scale: 2))
        let b = try Uni.single(Uni.decimal("d", .byteArray, precision: 20, scale: 0))
        var (unified, batch) = try Uni.convert([a, b], file: 1, rows: 3) { s in
            [Uni.column(s.columns[0], def: [1, 0, 1], self.binary([[0xFF, 0x85], [0x30, 0x39]]))]
        }
        XCTAssertEqual(unified.schema.columns[0].kind, .decimal(precision: 22, scale: 2))
        XCTAssertEqual(batch.columns[0].values, fixed(10, [[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xCF, 0xF4],
                                                         [0, 0, 0, 0, 0, 0, 0, 0x12, 0xD6, 0x44]]))  // -12300, 1234500
        XCTAssertEqual(batch.columns[0].definitionLevels, [1, 0, 1])
        (_, batch) = try Uni.convert([a, b], file: 0, rows: 1) { s in [Uni.column(s.columns[0], def: [1], .int32([-1]))] }
        XCTAssertEqual(batch.columns[0].values, fixed(10, [Array(repeating: 0xFF, count: 10)]))
        // DECIMAL(5,2) INT32 + DECIMAL(10,4) INT64 → DECIMAL(10,4) INT64 (the second file's element, unchanged).
        let c = try Uni.single(Uni.decimal("d", .int64, precision: 10, scale: 4))
        let small = try Uni.single(Uni.decimal("d", .int32, precision: 5, scale: 2))
        (unified, batch) = try Uni.convert([small, c], file: 0, rows: 1) { s in [Uni.column(s.columns[0], def: [1], .int32([-12345]))] }
        XCTAssertEqual(batch.columns[0].values, .int64([-1_234_500]))
        XCTAssertTrue(unified.isUnchanged(fileIndex: 1))
    }

    func testWideInteger() throws {
        func parse(_ bytes: [UInt8]) -> WideInteger? { bytes.withUnsafeBytes { WideInteger(bigEndian: $0) } }
        let min = try XCTUnwrap(parse([0x80] + Array(repeating: 0, count: 15)))
        XCTAssertTrue(min.isNegative)
        XCTAssertEqual(min.high, 1 << 63)
        XCTAssertEqual(min.low, 0)
        XCTAssertTrue(min.fits(byteCount: 16))
        var out: [UInt8] = []
        XCTAssertTrue(min.appendBigEndian(byteCount: 16, to: &out))
        XCTAssertEqual(out, [0x80] + Array(repeating: 0, count: 15))
        let max = try XCTUnwrap(parse([0x7F] + Array(repeating: 0xFF, count: 15)))
        XCTAssertTrue(max.fits(byteCount: 16))
        var bigger = max
        XCTAssertTrue(bigger.multiply(by: 2))
        XCTAssertFalse(bigger.fits(byteCount: 16))
        XCTAssertEqual(bigger.minimalByteCount, 17)
        XCTAssertFalse(bigger.multiply(byPowerOfTen: 1))
        XCTAssertEqual(WideInteger(-128).minimalByteCount, 1)
        XCTAssertEqual(WideInteger(128).minimalByteCount, 2)
        XCTAssertEqual(WideInteger(Int64.min).int64, Int64.min)
        XCTAssertEqual(WideInteger(Int64.max).int64, Int64.max)
        var past = WideInteger(Int64.max)
        XCTAssertTrue(past.multiply(by: 2))
        XCTAssertNil(past.int64)
        XCTAssertEqual(parse([]), WideInteger(0))
        XCTAssertEqual(parse([0xFF]), WideInteger(-1))
        XCTAssertNil(parse([0x00, 0x80] + Array(repeating: 0, count: 15)))  // 17 bytes whose first is not sign extension
        var ten = WideInteger(1)
        XCTAssertTrue(ten.multiply(byPowerOfTen: 38))
        XCTAssertTrue(ten.fits(byteCount: 16))
        XCTAssertFalse(ten.multiply(byPowerOfTen: 1))
    }
}
