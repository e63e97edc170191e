import XCTest
@testable import ParquetCodecs
import TestSupport

/// ``SnappyStreamDecoder``: a block fed in pieces of every size decodes to what the one-shot
/// decoder gives, whatever element (preamble, literal header or body, copy) a piece ends in;
/// cut or damaged blocks fail as the one-shot decoder fails.
final class SnappyStreamTests: XCTestCase {
    typealias S = SnappyTestSupport

    func decode(_ block: [UInt8], size: Int, piece: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            initialized = 0
            var decoder = SnappyStreamDecoder(output: UnsafeMutableRawBufferPointer(out))
            var at = 0
            while at < block.count {
                let n = min(piece, block.count - at)
                try block[at ..< at + n].withUnsafeBytes { try decoder.feed($0) }
                at += n
            }
            try decoder.finish()
            initialized = size
        }
    }

    func testPiecesOfEverySizeDecodeLikeOneShot() throws {
        var rng = SplitMix64(seed: 11)
        var checked = 0
        for kind in 0 ... 5 {
            for count in [0, 1, 17, 300, 70_000, 200_000] {
                let input = SnappyRoundTripTests.input(kind: kind, count: count, rng: &rng)
                let block = Snappy.compress(input)
                for piece in [1, 2, 3, 5, 7, 64, 4093, 65_536, block.count + 1] where piece <= max(1, block.count) || piece == block.count + 1 {
                    XCTAssertEqual(try decode(block, size: input.count, piece: piece), input, "kind \(kind), \(count) bytes, pieces of \(piece)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 150)
    }

    /// Literals longer than a piece (the header's 1–4 length bytes and the body both cut),
    /// hand-made: 100,000 literal bytes in one element, then a copy reaching back into them.
    func testLongLiteralAndCopyAcrossPieces() throws {
        let literal = S.randomBytes(100_000, seed: 5)
        var block: [UInt8] = [0xA8, 0x8D, 0x06]  // varint 100,000 + 8 = 100,008
        block += [62 << 2, 0x9F, 0x86, 0x01]     // literal, length - 1 = 99,999 in 3 bytes
        block += literal
        block += [(7 << 2) | 2, 0x10, 0x00]      // copy 8 bytes from 16 back (2-byte offset)
        let expected = literal + literal[(100_000 - 16) ..< (100_000 - 8)]
        XCTAssertEqual(try Snappy.decompress(block, expectedLength: 100_008), expected)
        for piece in [1, 2, 4, 6, 1000, 99_999] {
            XCTAssertEqual(try decode(block, size: 100_008, piece: piece), expected, "pieces of \(piece)")
        }
    }

    func testCutAndDamagedBlocksFail() throws {
        var rng = SplitMix64(seed: 3)
        let input = SnappyRoundTripTests.input(kind: 2, count: 50_000, rng: &rng)
        let block = Snappy.compress(input)
        for piece in [1, 3, 1000] {
            // Cut short: the pieces end before the output is full.
            XCTAssertThrowsError(try decode(Array(block.dropLast(5)), size: input.count, piece: piece)) { error in
                XCTAssertTrue("\(error)".contains("snappy"), "\(error)")
            }
            // A wrong size in the preamble.
            XCTAssertThrowsError(try decode(block, size: input.count + 1, piece: piece))
            // Trailing bytes past a full output.
            XCTAssertThrowsError(try decode(block + [0x00, 0x41], size: input.count, piece: piece))
            // A copy reaching before the output start: the first element made a copy.
            var bad = block
            let preamble = try bad.withUnsafeBytes { try Snappy.readPreamble($0).size }
            bad[preamble] = 0x01 | (4 << 2)  // 1-byte-offset copy as the first element
            XCTAssertThrowsError(try decode(bad, size: input.count, piece: piece)) { error in
                XCTAssertTrue("\(error)".contains("offset"), "\(error)")
            }
        }
    }
}
