import Foundation
import XCTest
@testable import ParquetCodecs
import TestSupport

/// Deterministic inputs shared by the Snappy, GZIP, LZ4 and Brotli tests (mirrored by the
/// generators in scripts/common.py and scripts/gzip_vectors.py; `part` evaluates the recipes of
/// the codec fixtures with them).
enum CodecTestInputs {
    /// The text of `Fixtures/codecs/gzip.json`, which the LZ4, Brotli and encoder fixtures share.
    static var text: [UInt8] { get throws { Array(try CodecVectors.gzip.text.utf8) } }

    /// `n` bytes drawn from `alphabet`: byte i is `alphabet[r_i % k]` for the SplitMix64 bytes r.
    static func letters(_ n: Int, seed: UInt64, alphabet: [UInt8] = Array("ACGT".utf8)) -> [UInt8] {
        SnappyTestSupport.randomBytes(n, seed: seed).map { alphabet[Int($0) % alphabet.count] }
    }

    /// 32 KiB of ACGT letters followed by its first 3000 bytes again.
    static func windowEdge() -> [UInt8] {
        let r = letters(32768, seed: 21)
        return r + r[0..<3000]
    }

    /// Bytes 0...255 repeated to 32 KiB, then bytes 0...9 (copied from distance 32768).
    static func windowMax() -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<128 { out += (0...255).map { UInt8($0) } }
        return out + (0..<10).map { UInt8($0) }
    }

    /// Bytes 0...255 repeated to 65535 bytes, its first 16 bytes again, then "tail!".
    static func lz4MaxOffset() -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<256 { out += (0...255).map { UInt8($0) } }
        out = Array(out[0..<65535])
        return out + out[0..<16] + Array("tail!".utf8)
    }

    /// Flips `count` random bits (one per trial) in `stream` and decodes each variant: it
    /// must throw a ParquetError or return exactly `expectedLength` bytes, never trap.
    static func fuzzBitFlips(
        _ stream: [UInt8], expectedLength: Int, trials: Int, seed: UInt64,
        decode: ([UInt8], Int) throws -> [UInt8], file: StaticString = #filePath, line: UInt = #line
    ) {
        guard !stream.isEmpty else { return }
        var rng = SplitMix64(seed: seed)
        for _ in 0..<trials {
            var copy = stream
            let bit = Int(rng.next() % UInt64(stream.count * 8))
            copy[bit / 8] ^= UInt8(1 << (bit % 8))
            do {
                let out = try decode(copy, expectedLength)
                XCTAssertEqual(out.count, expectedLength, file: file, line: line)
            } catch is ParquetError {
            } catch {
                XCTFail("unexpected error \(error)", file: file, line: line)
            }
        }
    }
}

/// LSB-first bit writer for hand-made DEFLATE streams.
struct TestBitWriter {
    var bytes: [UInt8] = []
    var acc: UInt64 = 0
    var n = 0
    mutating func bits(_ value: Int, _ count: Int) {
        acc |= (UInt64(value) & ((1 << UInt64(count)) - 1)) << UInt64(n)
        n += count
        while n >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: acc))
            acc >>= 8
            n -= 8
        }
    }
    /// A prefix code, most-significant bit first.
    mutating func code(_ code: Int, _ length: Int) {
        for i in stride(from: length - 1, through: 0, by: -1) { bits((code >> i) & 1, 1) }
    }
    /// A fixed-Huffman literal/length symbol.
    mutating func fixedSymbol(_ s: Int) {
        switch s {
        case 0..<144: code(0x30 + s, 8)
        case 144..<256: code(0x190 + s - 144, 9)
        case 256..<280: code(s - 256, 7)
        default: code(0xC0 + s - 280, 8)
        }
    }
    mutating func finish() -> [UInt8] {
        if n > 0 { bits(0, 8 - n) }
        return bytes
    }
}

final class GzipTests: XCTestCase {
    func gunzip(_ bytes: [UInt8], _ n: Int) throws -> [UInt8] { try Gzip.decompress(bytes, expectedLength: n) }

    func testGeneratedVectors() throws {
        XCTAssertEqual(try CodecTestInputs.text.count, 1523)
        for v in try CodecVectors.gzip.vectors {
            let (name, input, stream) = (v.name, v.input, v.stream)
            XCTAssertFalse(stream.isEmpty, name)
            XCTAssertEqual(try gunzip(stream, input.count), input, name)
            assertParquetError(try gunzip(stream, input.count + 1), name)
            if !input.isEmpty {
                assertParquetError(try gunzip(stream, input.count - 1), name)
            }
        }
    }

    func vector(_ name: String) throws -> (input: [UInt8], stream: [UInt8]) {
        let v = try CodecVectors.gzip.vector(name)
        return (v.input, v.stream)
    }

    func testEveryPrefixThrows() throws {
        for name in ["empty", "oneByte", "textDynamic", "textFixed", "syncFlushed", "headerFlags",
                     "multiMember", "zlib", "zlibEmpty", "rawDeflate", "rawFixedOneByte", "randomStored"] {
            let (input, stream) = try vector(name)
            for k in 0..<stream.count {
                assertParquetError(try gunzip(Array(stream[0..<k]), input.count), "\(name) prefix \(k)")
            }
        }
    }

    func testChecksumsAndTrailerAreVerified() throws {
        let (input, stream) = try vector("textDynamic")
        let n = stream.count
        for (offset, what) in [(n - 8, "CRC-32"), (n - 4, "ISIZE"), (3, "reserved flag"), (n - 20, "data")] {
            var bad = stream
            bad[offset] ^= offset == 3 ? 0x80 : 0x01
            assertParquetError(try gunzip(bad, input.count), what)
        }
        assertParquetError(try gunzip(stream + [0], input.count), "trailing byte")
        assertParquetError(try gunzip(stream + [0x1F, 0x8B], input.count), "trailing partial member")
        var method = stream
        method[2] = 7
        assertParquetError(try gunzip(method, input.count), kind: .unsupported)

        let (_, flagged) = try vector("headerFlags")
        // The header CRC sits just before the deflate data; find it by recomputing.
        var headerEnd = 10 + 2 + Int(flagged[10]) + Int(flagged[11]) << 8
        while flagged[headerEnd] != 0 { headerEnd += 1 }
        headerEnd += 1
        while flagged[headerEnd] != 0 { headerEnd += 1 }
        headerEnd += 1
        var badHeaderCRC = flagged
        badHeaderCRC[headerEnd] ^= 0xFF
        assertParquetError(try gunzip(badHeaderCRC, input.count), "header CRC")

        let (_, zlibStream) = try vector("zlib")
        var badAdler = zlibStream
        badAdler[badAdler.count - 1] ^= 1
        assertParquetError(try gunzip(badAdler, input.count), "Adler-32")
        assertParquetError(try gunzip(zlibStream + [0], input.count), "zlib trailing")
        // FDICT set (and the header check fixed up): 0x78 0xBB is a valid CMF/FLG pair.
        assertParquetError(try gunzip([0x78, 0xBB, 0, 0, 0, 0, 3, 0], 0), kind: .unsupported)
    }

    func testMalformedDeflate() {
        // Empty input, reserved block type 3, stored length with a wrong complement.
        assertParquetError(try gunzip([], 0))
        assertParquetError(try gunzip([0x07], 0))
        assertParquetError(try gunzip([0x01, 0x01, 0x00, 0xFF, 0xFF, 0x41], 1))
        // Distance 2 after one literal.
        var w = TestBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        w.fixedSymbol(0x41)
        w.fixedSymbol(257)          // length 3
        w.code(1, 5)                // distance 2
        w.fixedSymbol(256)
        assertParquetError(try gunzip(w.finish(), 4))
        // Literal/length symbol 286 and distance symbol 30 are invalid in fixed blocks too.
        w = TestBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        w.fixedSymbol(286)
        assertParquetError(try gunzip(w.finish(), 10))
        w = TestBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        w.fixedSymbol(0x41)
        w.fixedSymbol(257)
        w.code(30, 5)
        assertParquetError(try gunzip(w.finish(), 4))
        // More output than expected, and less.
        w = TestBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        for _ in 0..<5 { w.fixedSymbol(0x41) }
        w.fixedSymbol(256)
        let five = w.finish()
        XCTAssertEqual(try gunzip(five, 5), Array("AAAAA".utf8))
        assertParquetError(try gunzip(five, 4))
        assertParquetError(try gunzip(five, 6))
        assertParquetError(try gunzip(five, -1))
        // A dynamic block whose code length code is over-subscribed (all 19 lengths 1).
        w = TestBitWriter()
        w.bits(1, 1); w.bits(2, 2)
        w.bits(0, 5); w.bits(0, 5); w.bits(15, 4)
        for _ in 0..<19 { w.bits(1, 3) }
        assertParquetError(try gunzip(w.finish(), 1))
    }

    func testMembersDoNotShareWindows() throws {
        // Member 2 copies 4 bytes from distance 4, which only member 1 holds.
        let first = try vector("oneByte").stream
        var w = TestBitWriter()
        w.bits(1, 1); w.bits(1, 2)
        w.fixedSymbol(258)      // length 4
        w.code(0, 5)            // distance 1
        w.fixedSymbol(256)
        let body = w.finish()
        let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        let crc = [UInt8](repeating: 0x41, count: 4).withUnsafeBytes { CRC32.checksum($0) }
        var second = header + body
        for k in 0..<4 { second.append(UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k)))) }
        second += [4, 0, 0, 0]
        assertParquetError(try gunzip(first + second, 5))
    }

    func testCRC32AndAdler32() {
        let check = Array("123456789".utf8)
        check.withUnsafeBytes { bytes in
            XCTAssertEqual(CRC32.checksum(bytes), 0xCBF4_3926)
            XCTAssertEqual(Adler32.checksum(bytes), 0x091E_01DE)
        }
        let big = SnappyTestSupport.randomBytes(100_003, seed: 5)
        big.withUnsafeBytes { bytes in
            let whole = CRC32.checksum(bytes)
            let split = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[50_001...]),
                                       continuing: CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<50_001])))
            XCTAssertEqual(whole, split)
        }
    }

    func testBitFlipsNeverTrap() throws {
        for (name, seed) in [("textDynamic", 1), ("zlib", 2), ("rawDeflate", 3), ("large", 4), ("syncFlushed", 5)] {
            let (input, stream) = try vector(name)
            CodecTestInputs.fuzzBitFlips(stream, expectedLength: input.count, trials: 400, seed: UInt64(seed),
                                         decode: gunzip)
        }
    }

    func testRandomGarbageNeverTraps() {
        var rng = SplitMix64(seed: 99)
        for trial in 0..<2000 {
            let n = Int(rng.next() % 64)
            let bytes = SnappyTestSupport.randomBytes(n, seed: UInt64(trial) &+ 1000)
            let expected = Int(rng.next() % 300)
            do { _ = try gunzip(bytes, expected) } catch is ParquetError {} catch { XCTFail("\(error)") }
            do { _ = try gunzip([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0] + bytes, expected) } catch is ParquetError {} catch { XCTFail("\(error)") }
        }
    }
}
