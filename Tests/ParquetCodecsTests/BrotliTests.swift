import XCTest
@testable import ParquetCodecs
import TestSupport

extension CodecTestInputs {
    /// 70,000 letters from "AC", then its first 4000 bytes again (a match at distance 70,000).
    static func farRepeat() -> [UInt8] {
        let r = letters(70_000, seed: 5, alphabet: Array("AC".utf8))
        return r + r[0..<4000]
    }
}

final class BrotliTests: XCTestCase {
    func unbrotli(_ bytes: [UInt8], _ n: Int) throws -> [UInt8] { try Brotli.decompress(bytes, expectedLength: n) }

    func crc(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { CRC32.checksum($0) } }

    func testGeneratedVectors() throws {
        for v in try CodecVectors.brotli.vectors {
            let (name, input, stream) = (v.name, v.input, v.stream)
            XCTAssertFalse(stream.isEmpty, name)
            XCTAssertEqual(try unbrotli(stream, input.count), input, name)
            assertParquetError(try unbrotli(stream, input.count + 1), name)
            if !input.isEmpty {
                assertParquetError(try unbrotli(stream, input.count - 1), name)
            }
        }
    }

    func testAllTransformsAgainstReferenceDecoder() throws {
        let v = try CodecVectors.brotli.vector("dictionaryTransforms")
        let expected = v.input
        XCTAssertEqual(expected.count, 1024 + 5564)
        XCTAssertEqual(try unbrotli(v.stream, expected.count), expected)
    }

    func testRFCTablesAndDictionary() throws {
        // Check values given by RFC 7932 (section 7.1, section 8/appendix A, appendix B).
        XCTAssertEqual(crc(BrotliTables.lut0), 0x8E91_EFB7)
        XCTAssertEqual(crc(BrotliTables.lut1), 0xD01A_32F4)
        XCTAssertEqual(crc(BrotliTables.lut2), 0x0DD7_A0D6)
        let dictionary = try XCTUnwrap(BrotliDictionary.bytes)
        XCTAssertEqual(dictionary.count, 122_784)
        XCTAssertEqual(crc(dictionary), 0x5136_CB04)
        XCTAssertEqual(BrotliTables.dictionaryOffsets[25], 122_784)
        var serialized: [UInt8] = []
        for t in BrotliDictionary.transforms {
            serialized += t.prefix + [0, UInt8(t.kind)] + t.suffix + [0]
        }
        XCTAssertEqual(BrotliDictionary.transforms.count, 121)
        XCTAssertEqual(serialized.count, 648)
        XCTAssertEqual(crc(serialized), 0x3D96_5F81)
    }

    func testEveryPrefixThrows() throws {
        for v in try CodecVectors.brotli.vectors where v.input.count <= 7000 {
            let (name, input, stream) = (v.name, v.input, v.stream)
            for k in 0..<stream.count {
                assertParquetError(try unbrotli(Array(stream[0..<k]), input.count), "\(name) prefix \(k)")
            }
        }
    }

    func testMalformedStreams() throws {
        let textQ5 = try CodecVectors.brotli.vector("textQ5")
        let (input, stream) = (textQ5.input, textQ5.stream)
        assertParquetError(try unbrotli(stream + [0], input.count), "trailing byte")
        assertParquetError(try unbrotli([], 0), "empty input")
        assertParquetError(try unbrotli(stream, -1))
        // Large-window signature (WBITS pattern 0010001).
        assertParquetError(try unbrotli([0x11, 0x00, 0x00], 0), kind: .unsupported)
        // ISLAST + ISLASTEMPTY with non-zero padding bits.
        XCTAssertEqual(try unbrotli([0x06], 0), [])
        assertParquetError(try unbrotli([0x86], 0), "non-zero padding")
        // Metadata block with the reserved bit set.
        var w = TestBitWriter()
        w.bits(0, 1); w.bits(0, 1); w.bits(3, 2); w.bits(1, 1)
        assertParquetError(try unbrotli(w.finish(), 0))
        // A metadata block skipping 3 bytes, then an empty last block.
        w = TestBitWriter()
        w.bits(0, 1); w.bits(0, 1); w.bits(3, 2); w.bits(0, 1); w.bits(1, 2); w.bits(2, 8)
        var skip = w.finish() + [9, 9, 9]
        w = TestBitWriter()
        w.bits(1, 1); w.bits(1, 1)
        skip += w.finish()
        XCTAssertEqual(try unbrotli(skip, 0), [])
        // An uncompressed meta-block longer than the input.
        w = TestBitWriter()
        w.bits(0, 1); w.bits(0, 1); w.bits(0, 2); w.bits(9, 16); w.bits(1, 1)
        assertParquetError(try unbrotli(w.finish() + [1, 2, 3], 10))
        // ... and one that fits, followed by an empty last meta-block.
        w = TestBitWriter()
        w.bits(0, 1); w.bits(0, 1); w.bits(0, 2); w.bits(2, 16); w.bits(1, 1)
        var raw = w.finish() + [1, 2, 3]
        w = TestBitWriter()
        w.bits(1, 1); w.bits(1, 1)
        raw += w.finish()
        XCTAssertEqual(try unbrotli(raw, 3), [1, 2, 3])
        assertParquetError(try unbrotli(raw, 2), "meta-block larger than expected output")
    }

    func testBitFlipsNeverTrap() throws {
        for (i, v) in try CodecVectors.brotli.vectors.enumerated() {
            let (input, stream) = (v.input, v.stream)
            CodecTestInputs.fuzzBitFlips(stream, expectedLength: input.count, trials: 120, seed: UInt64(i) &+ 50, decode: unbrotli)
        }
    }

    func testRandomGarbageNeverTraps() {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<3000 {
            let bytes = SnappyTestSupport.randomBytes(Int(rng.next() % 96) + 1, seed: UInt64(trial) &+ 500)
            let expected = Int(rng.next() % 500)
            do { _ = try unbrotli(bytes, expected) } catch is ParquetError {} catch { XCTFail("\(error)") }
        }
    }
}
