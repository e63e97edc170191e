import XCTest
@testable import ParquetCodecs
import TestSupport

final class LZ4Tests: XCTestCase {
    func raw(_ bytes: [UInt8], _ n: Int) throws -> [UInt8] { try LZ4Raw.decompress(bytes, expectedLength: n) }
    func hadoop(_ bytes: [UInt8], _ n: Int) throws -> [UInt8] { try LZ4Hadoop.decompress(bytes, expectedLength: n) }

    func testRawVectors() throws {
        for v in try CodecVectors.lz4.vectors {
            let (name, input, stream) = (v.name, v.input, v.stream)
            XCTAssertFalse(stream.isEmpty, name)
            XCTAssertEqual(try raw(stream, input.count), input, name)
            // A bare block is also accepted under the Hadoop codec.
            XCTAssertEqual(try hadoop(stream, input.count), input, name)
            assertParquetError(try raw(stream, input.count + 1), name)
            if !input.isEmpty {
                assertParquetError(try raw(stream, input.count - 1), name)
            }
        }
    }

    func testHadoopVectors() throws {
        for v in try CodecVectors.lz4Hadoop.vectors {
            let (name, input, stream) = (v.name, v.input, v.stream)
            XCTAssertEqual(try hadoop(stream, input.count), input, name)
            assertParquetError(try hadoop(stream, input.count + 1), name)
        }
        let multi = try CodecVectors.lz4Hadoop.vector("hadoopMulti").stream
        XCTAssertGreaterThan(multi.count, 3 * 8, "several frames")
    }

    func testEveryPrefixThrows() throws {
        for v in try CodecVectors.lz4.vectors + CodecVectors.lz4Hadoop.vectors
        where v.input.count < 10_000 && v.name != "hadoopEmpty" {
            // (hadoopEmpty's one-byte prefix 00 is itself a valid empty block.)
            let (name, input, stream) = (v.name, v.input, v.stream)
            for k in 0..<stream.count {
                let prefix = Array(stream[0..<k])
                assertParquetError(try raw(prefix, input.count), "\(name) prefix \(k)")
                assertParquetError(try hadoop(prefix, input.count), "\(name) prefix \(k)")
            }
        }
    }

    func testMalformedBlocks() throws {
        // Valid: 4 literals "abcd", a match of 4 at offset 4, then a 1-literal last sequence.
        let good: [UInt8] = [0x40, 0x61, 0x62, 0x63, 0x64, 0x04, 0x00, 0x10, 0x65]
        XCTAssertEqual(try raw(good, 9), Array("abcdabcde".utf8))
        var bad = good
        bad[5] = 0; bad[6] = 0              // offset 0
        assertParquetError(try raw(bad, 9))
        bad = good
        bad[5] = 5                          // offset beyond the output
        assertParquetError(try raw(bad, 9))
        assertParquetError(try raw(Array(good[0..<7]), 8), "ends after a match")
        assertParquetError(try raw([0x50, 0x61], 5), "literals past input")
        assertParquetError(try raw([0xF0, 0xFF, 0xFF], 600), "truncated length bytes")
        assertParquetError(try raw([0x40, 0x61, 0x62, 0x63, 0x64, 0x01, 0x00, 0x0F, 0xFF, 0x10], 300),
                                     "truncated match length")
        assertParquetError(try raw([0x10, 0x61, 0x01, 0x00, 0x1F, 0x00, 0x10, 0x62], 10),
                                     "match past the output end")
        assertParquetError(try raw([], 0), "empty block")
        XCTAssertEqual(try raw([0x00], 0), [])
        assertParquetError(try raw([0x00], -1))
        // Hadoop framing whose inner block is corrupt: the raw fallback fails too.
        let frame: [UInt8] = [0, 0, 0, 9, 0, 0, 0, 9] + bad
        assertParquetError(try hadoop(frame, 9))
        XCTAssertEqual(try hadoop([0, 0, 0, 9, 0, 0, 0, 9] + good, 9), Array("abcdabcde".utf8))
        // Two frames; sizes that do not add up fall back to a raw block (which fails here).
        let two = [0, 0, 0, 9, 0, 0, 0, 9] + good + [0, 0, 0, 9, 0, 0, 0, 9] + good
        XCTAssertEqual(try hadoop(two, 18), Array("abcdabcdeabcdabcde".utf8))
        assertParquetError(try hadoop(two, 17))
        assertParquetError(try hadoop([0, 0, 0, 9, 0xFF, 0xFF, 0xFF, 0xFF] + good, 9))
    }

    func testBitFlipsNeverTrap() throws {
        let all = try CodecVectors.lz4.vectors + CodecVectors.lz4Hadoop.vectors
        for (i, v) in all.enumerated() where v.input.count <= 200_000 {
            let (input, stream) = (v.input, v.stream)
            CodecTestInputs.fuzzBitFlips(stream, expectedLength: input.count, trials: 150, seed: UInt64(i), decode: raw)
            CodecTestInputs.fuzzBitFlips(stream, expectedLength: input.count, trials: 150, seed: UInt64(i), decode: hadoop)
        }
    }

    func testRandomGarbageNeverTraps() {
        var rng = SplitMix64(seed: 7)
        for trial in 0..<3000 {
            let bytes = SnappyTestSupport.randomBytes(Int(rng.next() % 80), seed: UInt64(trial) &+ 77)
            let expected = Int(rng.next() % 400)
            do { _ = try raw(bytes, expected) } catch is ParquetError {} catch { XCTFail("\(error)") }
            do { _ = try hadoop(bytes, expected) } catch is ParquetError {} catch { XCTFail("\(error)") }
        }
    }
}
