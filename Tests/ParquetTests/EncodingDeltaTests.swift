import XCTest
@testable import Parquet
import TestSupport

/// A test-only DELTA_BINARY_PACKED writer (64-bit wrapping deltas), to build vectors.
enum EncodingTestDelta {
    static func uleb(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    /// Encodes `values`; unused miniblocks of the last block get bit width `unusedWidth`.
    static func encode(_ values: [Int64], blockSize: Int = 128, miniblocks: Int = 4, unusedWidth: UInt8 = 0) -> [UInt8] {
        var out: [UInt8] = []
        uleb(UInt64(blockSize), &out)
        uleb(UInt64(miniblocks), &out)
        uleb(UInt64(values.count), &out)
        uleb(zigzag(values.first ?? 0), &out)
        let perMiniblock = blockSize / miniblocks
        var i = 1
        while i < values.count {
            let end = min(i + blockSize, values.count)
            let deltas = (i ..< end).map { values[$0] &- values[$0 - 1] }
            let minDelta = deltas.min() ?? 0
            let relative = deltas.map { UInt64(bitPattern: $0 &- minDelta) }
            uleb(zigzag(minDelta), &out)
            var widths: [Int] = []
            for m in 0 ..< miniblocks {
                let slice = relative[min(m * perMiniblock, relative.count) ..< min((m + 1) * perMiniblock, relative.count)]
                if slice.isEmpty {
                    widths.append(-1)
                    out.append(unusedWidth)
                } else {
                    let w = 64 - (slice.max() ?? 0).leadingZeroBitCount
                    widths.append(w)
                    out.append(UInt8(w))
                }
            }
            for m in 0 ..< miniblocks where widths[m] > 0 {
                var acc: [Bool] = []
                for k in 0 ..< perMiniblock {
                    let index = m * perMiniblock + k
                    let v = index < relative.count ? relative[index] : 0
                    for b in 0 ..< widths[m] { acc.append((v >> UInt64(b)) & 1 == 1) }
                }
                for byte in 0 ..< acc.count / 8 {
                    var x: UInt8 = 0
                    for b in 0 ..< 8 where acc[byte * 8 + b] { x |= 1 << UInt8(b) }
                    out.append(x)
                }
            }
            i = end
        }
        return out
    }

    static func encode32(_ values: [Int32]) -> [UInt8] { encode(values.map { Int64($0) }) }

    /// DELTA_LENGTH_BYTE_ARRAY of `strings`.
    static func lengthByteArray(_ strings: [String]) -> [UInt8] {
        encode(strings.map { Int64($0.utf8.count) }) + strings.flatMap { Array($0.utf8) }
    }
}

final class EncodingDeltaTests: XCTestCase {
    typealias S = EncodingTestSupport
    typealias D = EncodingTestDelta

    private func int64(_ bytes: [UInt8], count: Int) throws -> ([Int64], Int) {
        var out: [Int64] = []
        let used = try bytes.withUnsafeBytes { try DeltaBinaryPacked.decodeInt64($0, count: count, into: &out) }
        return (out, used)
    }

    private func int32(_ bytes: [UInt8], count: Int) throws -> ([Int32], Int) {
        var out: [Int32] = []
        let used = try bytes.withUnsafeBytes { try DeltaBinaryPacked.decodeInt32($0, count: count, into: &out) }
        return (out, used)
    }

    private func strings(_ values: ByteArrayValues) -> [String] {
        (0 ..< values.count).map { String(decoding: values[$0], as: UTF8.self) }
    }

    func testSpecExample1() throws {
        // Block size 8, 1 miniblock, 5 values, first 1; min delta 1, bit width 0.
        let (values, used) = try int64([8, 1, 5, 2, 2, 0], count: 5)
        XCTAssertEqual(values, [1, 2, 3, 4, 5])
        XCTAssertEqual(used, 6)
    }

    func testSpecExample2() throws {
        // 7, 5, 3, 1, 2, 3, 4, 5: min delta -2, relative 0,0,0,3,3,3,3 at 2 bits (+1 padding value).
        let bytes: [UInt8] = [8, 1, 8, 14, 3, 2, 0xC0, 0x3F]
        let (values, used) = try int32(bytes, count: 8)
        XCTAssertEqual(values, [7, 5, 3, 1, 2, 3, 4, 5])
        XCTAssertEqual(used, 8)
        for cut in 0 ..< bytes.count {
            S.expectError(.corrupt) { _ = try self.int32(Array(bytes[0 ..< cut]), count: 8) }
        }
    }

    func testRoundTripInt64AndInt32() throws {
        var rng = SplitMix64(seed: 99)
        let configs = [(128, 4), (128, 1), (256, 8), (1024, 32), (1024, 2)]
        for count in [0, 1, 2, 31, 32, 33, 127, 128, 129, 1000, 3001] {
            let (blockSize, miniblocks) = configs[count % configs.count]
            let values64: [Int64] = (0 ..< count).map { i in
                switch i % 5 {
                case 0: Int64(bitPattern: rng.next())
                case 1: Int64.min
                case 2: Int64.max
                default: Int64(i) * 3 - 7
                }
            }
            let encoded = D.encode(values64, blockSize: blockSize, miniblocks: miniblocks)
            let (decoded, used) = try int64(encoded + [0xEE], count: count)
            XCTAssertEqual(decoded, values64, "count \(count)")
            XCTAssertEqual(used, encoded.count, "count \(count)")

            let values32: [Int32] = (0 ..< count).map { i in
                i % 7 == 0 ? Int32.min : (i % 7 == 1 ? Int32.max : Int32(truncatingIfNeeded: rng.next()))
            }
            let encoded32 = D.encode32(values32)
            let (decoded32, used32) = try int32(encoded32, count: count)
            XCTAssertEqual(decoded32, values32, "count \(count)")
            XCTAssertEqual(used32, encoded32.count)
        }
    }

    func testLargeMiniblocksSpanSeveralChunks() throws {
        var rng = SplitMix64(seed: 4)
        let values = (0 ..< 3000).map { _ in Int64(bitPattern: rng.next()) >> 20 }
        for (blockSize, miniblocks) in [(1024, 2), (2048, 1)] {
            let encoded = D.encode(values, blockSize: blockSize, miniblocks: miniblocks)
            XCTAssertEqual(try int64(encoded, count: 3000).0, values)
            XCTAssertEqual(try int32(encoded, count: 3000).0, values.map { Int32(truncatingIfNeeded: $0) })
        }
    }

    func testEveryTruncationThrows() {
        var rng = SplitMix64(seed: 1)
        for count in [1, 2, 40, 200] {
            let values = (0 ..< count).map { _ in Int64(rng.next() % 5000) - 2500 }
            let encoded = D.encode(values)
            for cut in 0 ..< encoded.count {
                S.expectError(.corrupt) { _ = try self.int64(Array(encoded[0 ..< cut]), count: count) }
            }
        }
    }

    func testFewerValuesThanTheHeaderHolds() throws {
        let values = (0 ..< 300).map { Int64($0 * $0) }
        let encoded = D.encode(values)
        var (decoded, used) = try int64(encoded, count: 5)
        XCTAssertEqual(decoded, Array(values[0 ..< 5]))
        // Up to the end of the first miniblock: header, min delta, 4 widths and 32 packed deltas.
        XCTAssertLessThan(used, encoded.count)
        XCTAssertGreaterThan(used, 8)
        (decoded, used) = try int64(encoded, count: 1)
        XCTAssertEqual(decoded, [0])
        (decoded, _) = try int64(encoded, count: 299)
        XCTAssertEqual(decoded, Array(values[0 ..< 299]))
        S.expectError(.corrupt, "holds 300 values but 301 were requested") { _ = try self.int64(encoded, count: 301) }
    }

    func testArbitraryWidthsOfUnusedMiniblocks() throws {
        let values = (0 ..< 40).map { Int64($0 % 9) }   // 39 deltas: miniblocks 3 and 4 unused
        let encoded = D.encode(values, unusedWidth: 0xC8)
        XCTAssertEqual(try int64(encoded, count: 40).0, values)
        XCTAssertEqual(try int64(encoded, count: 40).1, encoded.count)
    }

    func testMalformedHeadersThrow() {
        S.expectError(.corrupt, "block size 0") { _ = try self.int64([0, 1, 1, 0], count: 1) }
        S.expectError(.corrupt, "miniblocks") { _ = try self.int64([0x80, 0x01, 0, 1, 0], count: 1) }
        S.expectError(.corrupt, "miniblocks") { _ = try self.int64([0x80, 0x01, 3, 1, 0], count: 1) }
        S.expectError(.corrupt, "miniblocks") { _ = try self.int64([0x80, 0x01, 32, 1, 0], count: 1) } // 4 per miniblock
        S.expectError(.corrupt, "value count") { _ = try self.int64([0x80, 0x01, 4, 0x80, 0x80, 0x80, 0x80, 0x08, 0], count: 1) }
        S.expectError(.corrupt, "negative") { _ = try self.int64([0x80, 0x01, 4, 1, 0], count: -1) }
        // A used miniblock of width 65.
        S.expectError(.corrupt, "bit width 65") { _ = try self.int64([0x80, 0x01, 4, 2, 0, 0, 65, 0, 0, 0], count: 2) }
    }

    func testHostileHeadersThrowQuickly() {
        // Block of 2^30 values in one miniblock at 8 bits: needs 2^30 bytes that are not there.
        let huge: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x04, 1, 0x80, 0x80, 0x80, 0x80, 0x04, 0, 0, 8, 1, 2, 3]
        S.expectError(.corrupt, "truncated DELTA_BINARY_PACKED miniblock") { _ = try self.int64(huge, count: 1000) }
        // Block size beyond 32 bits.
        S.expectError(.corrupt, "block size") { _ = try self.int64([0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1, 1, 0], count: 1) }
        // Huge requested count against a small header count.
        S.expectError(.corrupt) { _ = try self.int64([0x80, 0x01, 4, 5, 0], count: 1 << 40) }
        // Miniblock count far larger than the bytes present.
        S.expectError(.corrupt, "bit widths expected") {
            _ = try self.int64([0x80, 0x80, 0x80, 0x80, 0x04, 0x80, 0x80, 0x80, 0x20, 5, 0, 0, 1], count: 5)
        }
    }

    func testDeltaLengthByteArraySpecExample() throws {
        let encoded = D.lengthByteArray(["Hello", "World", "Foobar", "ABCDEF"])
        var out = ByteArrayValues()
        let used = try (encoded + [0x21]).withUnsafeBytes { try DeltaLengthByteArray.decode($0, count: 4, into: &out) }
        XCTAssertEqual(strings(out), ["Hello", "World", "Foobar", "ABCDEF"])
        XCTAssertEqual(out.offsets, [0, 5, 10, 16, 22])
        XCTAssertEqual(used, encoded.count)
        for cut in 0 ..< encoded.count {
            S.expectError(.corrupt) {
                var o = ByteArrayValues()
                _ = try Array(encoded[0 ..< cut]).withUnsafeBytes { try DeltaLengthByteArray.decode($0, count: 4, into: &o) }
            }
        }
        // Negative length.
        S.expectError(.corrupt, "negative length") {
            var o = ByteArrayValues()
            let bad = D.encode([3, -1]) + [1, 2, 3]
            _ = try bad.withUnsafeBytes { try DeltaLengthByteArray.decode($0, count: 2, into: &o) }
        }
    }

    /// axis, axle, babble, babyhood: prefixes 0,2,0,3; suffixes 4,2,6,5; "axislebabbleyhood".
    private let specDeltaStrings = D.encode([0, 2, 0, 3]) + D.lengthByteArray(["axis", "le", "babble", "yhood"])

    func testDeltaByteArraySpecExample() throws {
        var out = ByteArrayValues(offsets: [0, 1], bytes: [0x3F])
        let encoded = specDeltaStrings
        let used = try encoded.withUnsafeBytes { try DeltaByteArray.decode($0, count: 4, into: &out) }
        XCTAssertEqual(strings(out), ["?", "axis", "axle", "babble", "babyhood"])
        XCTAssertEqual(used, encoded.count)
        for cut in 0 ..< encoded.count {
            S.expectError(.corrupt) {
                var o = ByteArrayValues()
                _ = try Array(encoded[0 ..< cut]).withUnsafeBytes { try DeltaByteArray.decode($0, count: 4, into: &o) }
            }
        }
    }

    func testDeltaByteArrayRejectsLongPrefix() {
        let bad = D.encode([0, 5]) + D.lengthByteArray(["abc", "d"])
        S.expectError(.corrupt, "prefix length 5 but the previous value has only 3 bytes") {
            var o = ByteArrayValues()
            _ = try bad.withUnsafeBytes { try DeltaByteArray.decode($0, count: 2, into: &o) }
        }
        let firstPrefix = D.encode([1]) + D.lengthByteArray(["abc"])
        S.expectError(.corrupt, "prefix length 1") {
            var o = ByteArrayValues()
            _ = try firstPrefix.withUnsafeBytes { try DeltaByteArray.decode($0, count: 1, into: &o) }
        }
    }

    func testDeltaByteArrayFixedLength() throws {
        let encoded = D.encode([0, 2, 1]) + D.lengthByteArray(["axis", "le", "bcd"])
        var out = FixedLenByteArrayValues(width: 4)
        let used = try encoded.withUnsafeBytes { try DeltaByteArray.decode($0, count: 3, width: 4, into: &out) }
        XCTAssertEqual(out.bytes, Array("axisaxleabcd".utf8))
        XCTAssertEqual(used, encoded.count)
        S.expectError(.corrupt, "expected FIXED_LEN_BYTE_ARRAY width 5") {
            var o = FixedLenByteArrayValues(width: 5)
            _ = try encoded.withUnsafeBytes { try DeltaByteArray.decode($0, count: 3, width: 5, into: &o) }
        }
        S.expectError(.corrupt, "width") {
            var o = FixedLenByteArrayValues(width: 3)
            _ = try encoded.withUnsafeBytes { try DeltaByteArray.decode($0, count: 3, width: 4, into: &o) }
        }
    }

    func testDeltaByteArrayExpansionLimitThrowsBeforeAllocating() {
        // One 1 MB value, then 2,200 copies of it through prefixes: 2.2 GB of output.
        let count = 2200, size = 1_000_000
        let prefixes = [Int64(0)] + Array(repeating: Int64(size), count: count - 1)
        let suffixes = [Int64(size)] + Array(repeating: 0, count: count - 1)
        let encoded = D.encode(prefixes) + D.encode(suffixes) + [UInt8](repeating: 0x61, count: size)
        XCTAssertLessThan(encoded.count, size + 2000)
        S.expectError(.unsupported, "expands") {
            var o = ByteArrayValues()
            _ = try encoded.withUnsafeBytes { try DeltaByteArray.decode($0, count: count, into: &o) }
        }
    }
}
