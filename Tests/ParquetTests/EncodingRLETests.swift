import XCTest
@testable import Parquet
import TestSupport

/// Shared helpers for the Encoding*Tests files (namespaced to avoid clashes in the test target).
enum EncodingTestSupport {
    /// Runs `body` and checks that it throws a `ParquetError` of `kind` (whose message contains
    /// `message`, when given).
    static func expectError(
        _ kind: ParquetError.Kind, _ message: String? = nil, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            XCTFail("expected a \(kind) error", file: file, line: line)
        } catch let error as ParquetError {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            if let message {
                XCTAssertTrue(error.message.contains(message), "'\(error.message)' lacks '\(message)'", file: file, line: line)
            }
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    static func rle(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> ([UInt32], Int) {
        var out: [UInt32] = []
        let used = try bytes.withUnsafeBytes { try RLEHybrid.decode($0, bitWidth: bitWidth, count: count, into: &out) }
        return (out, used)
    }

    /// Values with a mix of long runs, short runs and noise, masked to `bitWidth` bits.
    static func levelLikeValues(count: Int, bitWidth: Int, rng: inout SplitMix64) -> [UInt32] {
        let mask: UInt64 = bitWidth == 0 ? 0 : (bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1)
        var values: [UInt32] = []
        while values.count < count {
            let v = UInt32(truncatingIfNeeded: rng.next() & mask)
            let run: Int
            switch rng.next() % 4 {
            case 0: run = Int(rng.next() % 40) + 8
            case 1: run = Int(rng.next() % 8) + 1
            default: run = 1
            }
            values.append(contentsOf: repeatElement(v, count: min(run, count - values.count)))
        }
        return values
    }
}

final class EncodingRLETests: XCTestCase {
    typealias S = EncodingTestSupport

    func testSpecBitPackedExample() throws {
        // Encodings.md: 0...7 at bit width 3, LSB first = 10001000 11000110 11111010.
        let (values, used) = try S.rle([0x03, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 8)
        XCTAssertEqual(values, [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(used, 4)
    }

    func testRLERunsAndMixedRuns() throws {
        // RLE run of 8 fives, then bit-packed 0...7, then RLE run of 3 x 0x1234 at width 13.
        var (values, used) = try S.rle([0x10, 0x05, 0x03, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 16)
        XCTAssertEqual(values, Array(repeating: 5, count: 8) + [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(used, 6)
        (values, used) = try S.rle([0x06, 0x34, 0x12], bitWidth: 13, count: 3)
        XCTAssertEqual(values, [0x1234, 0x1234, 0x1234])
        XCTAssertEqual(used, 3)
        // Width 32: four value bytes.
        (values, used) = try S.rle([0x04, 0xFF, 0xFF, 0xFF, 0xFF], bitWidth: 32, count: 2)
        XCTAssertEqual(values, [UInt32.max, UInt32.max])
        XCTAssertEqual(used, 5)
    }

    func testStopsAfterCountAndIgnoresExtraValues() throws {
        // A bit-packed run holding 8 values, only 3 wanted; consumed covers the whole run.
        var (values, used) = try S.rle([0x03, 0x88, 0xC6, 0xFA, 0x99], bitWidth: 3, count: 3)
        XCTAssertEqual(values, [0, 1, 2])
        XCTAssertEqual(used, 4)
        // An RLE run longer than needed.
        (values, used) = try S.rle([0x14, 0x01, 0x77], bitWidth: 1, count: 4)
        XCTAssertEqual(values, [1, 1, 1, 1])
        XCTAssertEqual(used, 2)
        // A huge RLE run (2^31 - 1) only yields what is asked for.
        (values, used) = try S.rle([0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], bitWidth: 1, count: 10)
        XCTAssertEqual(values, Array(repeating: 1, count: 10))
        XCTAssertEqual(used, 6)
    }

    func testTruncatedFinalBitPackedRunIsAcceptedWhenValuesArePresent() throws {
        // Header announces 2 groups (16 values, 6 bytes) but the writer stopped after 3 bytes.
        let (values, used) = try S.rle([0x05, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 8)
        XCTAssertEqual(values, [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(used, 4)
        // A ninth value needs a fourth byte.
        S.expectError(.corrupt, "truncated bit-packed run") { _ = try S.rle([0x05, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 9) }
    }

    func testBitWidthZero() throws {
        let (values, used) = try S.rle([], bitWidth: 0, count: 5)
        XCTAssertEqual(values, [0, 0, 0, 0, 0])
        XCTAssertEqual(used, 0)
        XCTAssertEqual(try S.rle([], bitWidth: 4, count: 0).1, 0)
    }

    func testMalformedInputThrows() {
        S.expectError(.corrupt, "does not fit in bit width 3") { _ = try S.rle([0x10, 0x09], bitWidth: 3, count: 8) }
        S.expectError(.corrupt, "overflows 32 bits") { _ = try S.rle([0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0], bitWidth: 1, count: 1) }
        S.expectError(.corrupt, "overflows 64 bits") {
            _ = try S.rle([UInt8](repeating: 0xFF, count: 10) + [0x01], bitWidth: 1, count: 1)
        }
        S.expectError(.corrupt, "truncated RLE/bit-packed run header") { _ = try S.rle([0x80], bitWidth: 1, count: 1) }
        S.expectError(.corrupt, "truncated RLE run") { _ = try S.rle([0x10, 0x01], bitWidth: 9, count: 8) }
        S.expectError(.corrupt, "out of range") { _ = try S.rle([0x02, 0x01], bitWidth: 33, count: 1) }
        S.expectError(.corrupt, "out of range") { _ = try S.rle([0x02, 0x01], bitWidth: -1, count: 1) }
        S.expectError(.corrupt, "negative") { _ = try S.rle([0x02, 0x01], bitWidth: 1, count: -1) }
        S.expectError(.corrupt) { _ = try S.rle([], bitWidth: 1, count: 1) }
    }

    func testHugeCountWithFewBytesThrowsQuickly() {
        S.expectError(.corrupt) { _ = try S.rle([0x02, 0x01], bitWidth: 1, count: 1 << 40) }
        S.expectError(.corrupt) { _ = try S.rle([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00], bitWidth: 8, count: 1 << 40) }
    }

    func testBitWidthHelper() {
        XCTAssertEqual(RLEHybridEncoder.bitWidth(0), 0)
        XCTAssertEqual(RLEHybridEncoder.bitWidth(1), 1)
        XCTAssertEqual(RLEHybridEncoder.bitWidth(2), 2)
        XCTAssertEqual(RLEHybridEncoder.bitWidth(7), 3)
        XCTAssertEqual(RLEHybridEncoder.bitWidth(8), 4)
        XCTAssertEqual(RLEHybridEncoder.bitWidth(UInt32.max), 32)
    }

    func testEncoderChoosesRunsAndGroups() throws {
        // 3 literals then 20 sevens: the literal group borrows 5 sevens, the rest is one RLE run.
        let values: [UInt32] = [1, 2, 3] + Array(repeating: 7, count: 20)
        var out: [UInt8] = []
        RLEHybridEncoder.encode(values, bitWidth: 3, into: &out)
        XCTAssertEqual(out.first, 0x03)          // one bit-packed group
        XCTAssertEqual(Array(out[4...]), [30, 7])   // RLE run of 15 sevens
        let (decoded, used) = try S.rle(out, bitWidth: 3, count: values.count)
        XCTAssertEqual(decoded, values)
        XCTAssertEqual(used, out.count)
        // All-equal input is a single RLE run.
        out = []
        RLEHybridEncoder.encode(Array(repeating: 1, count: 1000), bitWidth: 1, into: &out)
        XCTAssertEqual(out, [0xD0, 0x0F, 0x01])
    }

    func testRoundTripAllWidths() throws {
        var rng = SplitMix64(seed: 7)
        for width in 0 ... 32 {
            for count in [0, 1, 7, 8, 9, 16, 100, Int(rng.next() % 3000)] {
                let values = S.levelLikeValues(count: count, bitWidth: width, rng: &rng)
                var encoded: [UInt8] = []
                RLEHybridEncoder.encode(values, bitWidth: width, into: &encoded)
                // Trailing bytes after the data must not be consumed.
                let (decoded, used) = try S.rle(encoded + [0xAB, 0xCD], bitWidth: width, count: count)
                XCTAssertEqual(decoded, values, "width \(width) count \(count)")
                XCTAssertEqual(used, width == 0 ? 0 : encoded.count, "width \(width) count \(count)")
            }
        }
    }

    func testEveryTruncationThrowsOrDecodesIdentically() throws {
        var rng = SplitMix64(seed: 11)
        for width in [1, 2, 3, 5, 8, 12, 16, 17, 31, 32] {
            for count in [8, 24, 64, 203] {
                let values = S.levelLikeValues(count: count, bitWidth: width, rng: &rng)
                var encoded: [UInt8] = []
                RLEHybridEncoder.encode(values, bitWidth: width, into: &encoded)
                for cut in 0 ..< encoded.count {
                    let prefix = Array(encoded[0 ..< cut])
                    do {
                        let (decoded, _) = try S.rle(prefix, bitWidth: width, count: count)
                        // Only zero padding inside the final bit-packed group (width bytes) may be cut.
                        XCTAssertGreaterThan(cut, encoded.count - width, "width \(width) count \(count) cut \(cut)")
                        XCTAssertEqual(decoded, values)
                    } catch let error as ParquetError {
                        XCTAssertEqual(error.kind, .corrupt)
                    }
                }
            }
        }
    }

    func testLegacyBitPackedSpecExample() throws {
        // Encodings.md: 0...7 at bit width 3, MSB first = 00000101 00111001 01110111.
        var out: [UInt32] = []
        let used = try [UInt8]([0x05, 0x39, 0x77, 0xEE]).withUnsafeBytes {
            try BitPackedLegacy.decode($0, bitWidth: 3, count: 8, into: &out)
        }
        XCTAssertEqual(out, [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(used, 3)
    }

    func testLegacyBitPackedWidthsAndTruncation() throws {
        var rng = SplitMix64(seed: 3)
        for width in 0 ... 32 {
            let count = Int(rng.next() % 2000) + 1
            let mask: UInt64 = width == 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
            let values = (0 ..< count).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
            // MSB-first packing, written bit by bit.
            var bytes = [UInt8](repeating: 0, count: (count * width + 7) / 8)
            var bit = 0
            for v in values {
                for b in stride(from: width - 1, through: 0, by: -1) {
                    if (v >> UInt32(b)) & 1 == 1 { bytes[bit / 8] |= 0x80 >> UInt8(bit % 8) }
                    bit += 1
                }
            }
            var out: [UInt32] = []
            let used = try bytes.withUnsafeBytes { try BitPackedLegacy.decode($0, bitWidth: width, count: count, into: &out) }
            XCTAssertEqual(out, values, "width \(width)")
            XCTAssertEqual(used, bytes.count)
            if !bytes.isEmpty {
                S.expectError(.corrupt, "truncated BIT_PACKED") {
                    var o: [UInt32] = []
                    _ = try Array(bytes.dropLast()).withUnsafeBytes { try BitPackedLegacy.decode($0, bitWidth: width, count: count, into: &o) }
                }
            }
        }
        S.expectError(.corrupt) {
            var o: [UInt32] = []
            _ = try [UInt8]([1]).withUnsafeBytes { try BitPackedLegacy.decode($0, bitWidth: 1, count: Int.max, into: &o) }
        }
    }
}

/// The resumable decoder of dictionary indices: any split of the values into reads gives what
/// one decode gives, and a stream cut short throws where one decode throws.
final class RLEHybridCursorTests: XCTestCase {
    typealias S = EncodingTestSupport
    func testAnySplitDecodesLikeOneDecode() throws {
        var rng = SplitMix64(seed: 23)
        for width in [0, 1, 2, 3, 7, 8, 13, 17, 32] {
            for count in [1, 8, 9, 100, 1000, 3001] {
                let values = S.levelLikeValues(count: count, bitWidth: width, rng: &rng)
                var encoded: [UInt8] = []
                RLEHybridEncoder.encode(values, bitWidth: width, into: &encoded)
                var cursor = try RLEHybridCursor(bytes: encoded, bitWidth: width)
                var decoded: [UInt32] = []
                while decoded.count < count {
                    let n = min(count - decoded.count, 1 + Int(rng.next() % 37))
                    try cursor.next(n, into: &decoded)
                }
                XCTAssertEqual(decoded, values, "width \(width) count \(count)")
            }
        }
    }

    func testTruncatedStreamsThrow() throws {
        var rng = SplitMix64(seed: 29)
        let values = S.levelLikeValues(count: 200, bitWidth: 9, rng: &rng)
        var encoded: [UInt8] = []
        RLEHybridEncoder.encode(values, bitWidth: 9, into: &encoded)
        for cut in 0 ..< encoded.count - 9 {
            var cursor = try RLEHybridCursor(bytes: Array(encoded[0 ..< cut]), bitWidth: 9)
            var out: [UInt32] = []
            XCTAssertThrowsError(try { for _ in 0 ..< 20 { try cursor.next(10, into: &out) } }(), "cut \(cut)") { error in
                XCTAssertEqual((error as? ParquetError)?.kind, .corrupt)
            }
        }
        XCTAssertThrowsError(try RLEHybridCursor(bytes: [], bitWidth: 33))
    }
}
