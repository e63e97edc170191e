import XCTest
@testable import ParquetCodecs
import TestSupport

/// Inputs of many shapes for the encoders (round trips through our own decoders).
enum EncoderTestInputs {
    typealias S = SnappyTestSupport

    /// Named inputs: empty, 1 byte, the LZ4 end-of-block edge sizes, random, text, long runs,
    /// periodic data, matches reaching across 32 KiB (DEFLATE) and 64 KiB (LZ4) windows, a
    /// 1 MiB+ mix and a 2.5 MB block of zeros.
    static let cases: [(name: String, bytes: [UInt8])] = {
        var rng = SplitMix64(seed: 4242)
        var out: [(String, [UInt8])] = [
            ("empty", []), ("oneByte", [7]), ("twoBytes", [1, 1]),
            ("twelve", Array("abcabcabcabc".utf8)), ("thirteen", Array("abcabcabcabca".utf8)),
            ("seventeenZeros", [UInt8](repeating: 0, count: 17)),
            ("random70k", S.randomBytes(70_000, seed: 1)),
            ("text", (try? CodecTestInputs.text) ?? []),  // (GzipTests checks that it is 1523 bytes)
            ("runs", S.runs()),
            ("zeros2500k", [UInt8](repeating: 0, count: 2_500_000)),
            ("period3", (0..<100_000).map { UInt8($0 % 3) }),
            ("windowEdge", CodecTestInputs.windowEdge()),
            ("windowMax", CodecTestInputs.windowMax()),
            ("lz4MaxOffset", CodecTestInputs.lz4MaxOffset()),
            ("letters100k", CodecTestInputs.letters(100_000, seed: 9)),
            ("repeat1100k", S.mutatedRepeat(1_100_000, chunk: 40_000, seed: 5)),
        ]
        for kind in 0...5 {
            out.append(("shape\(kind)", SnappyRoundTripTests.input(kind: kind, count: 20_000 + kind * 7, rng: &rng)))
        }
        var mixed: [UInt8] = []
        while mixed.count < 1_100_000 {
            mixed += SnappyRoundTripTests.input(kind: Int(rng.next() % 6), count: Int(rng.next() % 90_000) + 1, rng: &rng)
        }
        out.append(("mixed1100k", mixed))
        return out
    }()
}

final class GzipEncoderTests: XCTestCase {
    func testRoundTripEveryLevel() throws {
        for (name, input) in EncoderTestInputs.cases {
            for level in Gzip.levels {
                let stream = Gzip.compress(input, level: level)
                XCTAssertLessThanOrEqual(stream.count, Gzip.maxCompressedLength(input.count), "\(name) \(level)")
                XCTAssertEqual(try Gzip.decompress(stream, expectedLength: input.count), input, "\(name) level \(level)")
            }
        }
    }

    func testCompressesRealData() throws {
        let text = CodecTestInputs.letters(200_000, seed: 2, alphabet: Array("ab".utf8))
        // Two random letters carry 1 bit each (25,000 bytes); zlib 1.2.13 makes 44,658 bytes
        // at level 1, 31,891 at 6 and 30,489 at 9.
        for (level, limit) in [(1, 46_000), (6, 32_000), (9, 31_000)] {
            XCTAssertLessThan(Gzip.compress(text, level: level).count, limit, "level \(level)")
        }
        // Higher levels search further: never larger on repetitive text here.
        let sentence = try CodecTestInputs.text
        let sizes = [1, 4, 6, 9].map { Gzip.compress(sentence, level: $0).count }
        XCTAssertEqual(sizes, sizes.sorted(by: >=), "\(sizes)")
        XCTAssertLessThan(sizes[3], sentence.count / 5)
        XCTAssertEqual(Gzip.compress([UInt8](repeating: 0, count: 2_500_000), level: 9).count < 3_000, true)
    }

    func testIncompressibleInputIsStoredWithinTheBound() throws {
        let random = SnappyTestSupport.randomBytes(300_000, seed: 77)
        for level in [1, 9] {
            let stream = Gzip.compress(random, level: level)
            // Stored blocks: 5 bytes per block of 16 Ki symbols (here 16 KiB of input), plus
            // the 18-byte frame; zlib 1.2.13 makes 300,113 bytes too.
            XCTAssertLessThanOrEqual(stream.count, random.count + 5 * (random.count / 16_384 + 1) + 18)
            XCTAssertEqual(try Gzip.decompress(stream, expectedLength: random.count), random)
        }
    }

    func testGzipFrame() {
        let input = Array("frame me".utf8)
        let stream = Gzip.compress(input, level: 9)
        XCTAssertEqual(Array(stream[0..<10]), [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 0xFF])
        XCTAssertEqual(Gzip.compress(input, level: 1)[8], 4)
        XCTAssertEqual(Gzip.compress(input, level: 6)[8], 0)
        let crc = input.withUnsafeBytes { CRC32.checksum($0) }
        let n = stream.count
        let trailer = stream[(n - 8)...].map { UInt32($0) }
        XCTAssertEqual(trailer[0] | trailer[1] << 8 | trailer[2] << 16 | trailer[3] << 24, crc)
        XCTAssertEqual(trailer[4] | trailer[5] << 8 | trailer[6] << 16 | trailer[7] << 24, UInt32(input.count))
        // The empty input: one fixed block holding only end-of-block, as zlib writes it.
        XCTAssertEqual(Array(Gzip.compress([], level: 6)[10..<12]), [0x03, 0x00])
    }

    func testLevelsOutsideTheRangeAreClamped() throws {
        let input = try CodecTestInputs.text
        XCTAssertEqual(Gzip.compress(input, level: -5), Gzip.compress(input, level: 1))
        XCTAssertEqual(Gzip.compress(input, level: 100), Gzip.compress(input, level: 9))
        XCTAssertEqual(Gzip.compress(input), Gzip.compress(input, level: Gzip.defaultLevel))
    }

    func testCompressSlice() throws {
        let data = CodecTestInputs.letters(50_000, seed: 4)
        let stream = data.withUnsafeBytes { Gzip.compress(UnsafeRawBufferPointer(rebasing: $0[13..<40_013]), level: 6) }
        XCTAssertEqual(try Gzip.decompress(stream, expectedLength: 40_000), Array(data[13..<40_013]))
    }

    func testDeterministic() {
        let input = EncoderTestInputs.cases.last?.bytes ?? []
        XCTAssertEqual(Gzip.compress(input, level: 6), Gzip.compress(input, level: 6))
    }

    func testCodeSlots() {
        // Every match length and distance maps to the RFC 1951 code whose range holds it.
        for length in 3...258 {
            let slot = DeflateBlockWriter.lengthSlot(length - 3)
            let base = Int(DeflateTables.lengthBase[slot])
            let extra = DeflateBlockWriter.lengthExtraBits(slot)
            XCTAssertEqual(extra, Int(DeflateTables.lengthExtra[slot]))
            XCTAssertTrue(length >= base && length < base + (1 << extra) || length == 258 && slot == 28, "length \(length)")
        }
        for distance in 1...32_768 {
            let slot = DeflateBlockWriter.distanceSlot(distance - 1)
            let base = Int(DeflateTables.distBase[slot])
            let extra = DeflateBlockWriter.distanceExtraBits(slot)
            XCTAssertTrue(distance >= base && distance < base + (1 << extra), "distance \(distance)")
        }
    }
}

final class HuffmanLengthsTests: XCTestCase {
    /// Lengths of `frequencies` limited to `limit` bits.
    func lengths(_ frequencies: [UInt32], limit: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: frequencies.count)
        frequencies.withUnsafeBufferPointer { f in
            out.withUnsafeMutableBufferPointer { l in
                HuffmanLengths.build(frequencies: f.baseAddress!, count: f.count, maxLength: limit, into: l.baseAddress!)
            }
        }
        return out
    }

    func testLimitedCodesAreCompleteAndMonotone() {
        var rng = SplitMix64(seed: 31)
        for trial in 0..<3000 {
            let (n, limit) = [(19, 7), (30, 15), (286, 15), (256, 11)][trial % 4]
            let frequencies: [UInt32] = (0..<n).map { i in
                switch trial % 3 {
                case 0: return rng.next() % 4 == 0 ? 0 : UInt32(rng.next() % 1000 + 1)
                case 1: return rng.next() % 2 == 0 ? 0 : UInt32(1) << UInt32(rng.next() % 24)
                default: return i < 32 ? UInt32(1) << UInt32(min(i, 28)) : 0  // Fibonacci-like skew
                }
            }
            let l = lengths(frequencies, limit: limit)
            let used = frequencies.filter { $0 > 0 }.count
            for (f, len) in zip(frequencies, l) {
                XCTAssertEqual(f == 0, len == 0)
                XCTAssertLessThanOrEqual(Int(len), limit)
            }
            if used >= 2 {
                let kraft = l.reduce(0) { $0 + ($1 == 0 ? 0 : 1 << (limit - Int($1))) }
                XCTAssertEqual(kraft, 1 << limit, "trial \(trial)")
            }
            // A more frequent symbol never gets a longer code.
            for a in 0..<n where frequencies[a] > 0 {
                for b in 0..<n where frequencies[b] > frequencies[a] {
                    XCTAssertLessThanOrEqual(l[b], l[a])
                }
            }
        }
    }

    func testOptimalWithoutLimit() {
        // Frequencies 1, 1, 2, 4: Huffman lengths 3, 3, 2, 1 (cost 1·3 + 1·3 + 2·2 + 4·1 = 14).
        XCTAssertEqual(lengths([1, 1, 2, 4], limit: 15), [3, 3, 2, 1])
        XCTAssertEqual(lengths([5, 0, 5], limit: 15), [1, 0, 1])
        XCTAssertEqual(lengths([0, 9, 0], limit: 15), [0, 1, 0])
        XCTAssertEqual(lengths([0, 0], limit: 15), [0, 0])
    }

    func testCanonicalCodes() {
        // RFC 1951 §3.2.2 example: lengths (3, 3, 3, 3, 3, 2, 4, 4) give codes 010, 011, 100,
        // 101, 110, 00, 1110, 1111 (stored bit-reversed).
        let l: [UInt8] = [3, 3, 3, 3, 3, 2, 4, 4]
        var codes = [UInt16](repeating: 0, count: 8)
        l.withUnsafeBufferPointer { lp in
            codes.withUnsafeMutableBufferPointer { HuffmanLengths.canonicalCodes(lengths: lp.baseAddress!, count: 8, into: $0.baseAddress!) }
        }
        let expected = [0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111]
        for i in 0..<8 {
            XCTAssertEqual(Int(codes[i]), PrefixTable.reverse(expected[i], bits: Int(l[i])), "symbol \(i)")
        }
    }
}

final class LZ4EncoderTests: XCTestCase {
    /// Checks the block format's end rules on `block` for an input of `n` bytes: the last
    /// sequence is literals only, covers at least the last 5 bytes (or the whole input when
    /// shorter than 13 bytes), and the last match starts at least 12 bytes before the end.
    func checkEndRules(_ block: [UInt8], _ n: Int, _ what: String) {
        var ip = 0, op = 0, lastMatchStart = -1
        while ip < block.count {
            let token = Int(block[ip]); ip += 1
            var literals = token >> 4
            if literals == 15 {
                while true { let b = Int(block[ip]); ip += 1; literals += b; if b != 255 { break } }
            }
            ip += literals; op += literals
            if ip == block.count {
                XCTAssertGreaterThanOrEqual(literals, min(5, n), what)
                if n < 13 { XCTAssertEqual(literals, n, what) }
                break
            }
            ip += 2
            var length = token & 15
            if length == 15 {
                while true { let b = Int(block[ip]); ip += 1; length += b; if b != 255 { break } }
            }
            lastMatchStart = op
            op += length + 4
        }
        XCTAssertEqual(op, n, what)
        if lastMatchStart >= 0 { XCTAssertLessThanOrEqual(lastMatchStart, n - 12, what) }
    }

    func testRoundTripEveryLevel() throws {
        for (name, input) in EncoderTestInputs.cases {
            // Levels 10-12 search up to 16 Ki candidates per position: on the mix's stretches
            // of two random letters that takes a minute in a debug build. They run on the
            // other inputs (1 MiB+ ones among them).
            for level in LZ4Raw.levels where level < 10 || name != "mixed1100k" {
                let block = LZ4Raw.compress(input, level: level)
                XCTAssertLessThanOrEqual(block.count, LZ4Raw.maxCompressedLength(input.count), "\(name) \(level)")
                XCTAssertEqual(try LZ4Raw.decompress(block, expectedLength: input.count), input, "\(name) level \(level)")
                checkEndRules(block, input.count, "\(name) level \(level)")
            }
        }
    }

    func testEndRulesAtEveryShortLength() throws {
        // Sizes around the 12- and 13-byte thresholds, repetitive so that matches reach the end.
        for n in 0..<80 {
            let input = (0..<n).map { UInt8($0 % 4) }
            for level in [1, 3, 12] {
                let block = LZ4Raw.compress(input, level: level)
                XCTAssertEqual(try LZ4Raw.decompress(block, expectedLength: n), input, "n \(n) level \(level)")
                checkEndRules(block, n, "n \(n) level \(level)")
            }
        }
    }

    func testCompressionAndBound() throws {
        let zeros = [UInt8](repeating: 0, count: 1_000_000)
        XCTAssertLessThan(LZ4Raw.compress(zeros).count, 4_200)  // ~1 length byte per 255 bytes
        let random = SnappyTestSupport.randomBytes(300_000, seed: 8)
        for level in [1, 9] {
            let block = LZ4Raw.compress(random, level: level)
            XCTAssertLessThanOrEqual(block.count, LZ4Raw.maxCompressedLength(random.count))
            XCTAssertGreaterThan(block.count, random.count)
        }
        let text = CodecTestInputs.letters(200_000, seed: 6)
        let fast = LZ4Raw.compress(text, level: 1).count
        let high = LZ4Raw.compress(text, level: 12).count
        XCTAssertLessThan(high, fast)
        XCTAssertEqual(LZ4Raw.compress([]), [0])
    }

    func testLevelsOutsideTheRangeAreClampedAndSlicesWork() throws {
        let input = try CodecTestInputs.text
        XCTAssertEqual(LZ4Raw.compress(input, level: 0), LZ4Raw.compress(input, level: 1))
        XCTAssertEqual(LZ4Raw.compress(input, level: 99), LZ4Raw.compress(input, level: 12))
        let data = CodecTestInputs.letters(70_000, seed: 12)
        let block = data.withUnsafeBytes { LZ4Raw.compress(UnsafeRawBufferPointer(rebasing: $0[5..<65_005]), level: 9) }
        XCTAssertEqual(try LZ4Raw.decompress(block, expectedLength: 65_000), Array(data[5..<65_005]))
    }
}

/// Our encoders' output for fixed inputs is exactly the bytes that the C libraries (zlib,
/// liblz4) decoded back to those inputs when scripts/encoder_vectors.py ran.
final class EncoderReferenceTests: XCTestCase {
    func testStreamsAreTheOnesTheReferenceDecodersAccepted() throws {
        let vectors = try CodecVectors.encoder.vectors
        XCTAssertEqual(Set(vectors.compactMap(\.encoded?.codec)), ["gzip", "lz4_raw", "zstd", "zstd_checksum", "brotli"])
        for v in vectors {
            let e = try XCTUnwrap(v.encoded, v.name)
            let input = v.input
            let what = "\(v.name) \(e.codec) level \(e.level)"
            let stream: [UInt8]
            switch e.codec {
            case "gzip": stream = Gzip.compress(input, level: e.level)
            case "lz4_raw": stream = LZ4Raw.compress(input, level: e.level)
            case "zstd": stream = Zstd.compress(input, level: e.level)
            case "zstd_checksum": stream = Zstd.compress(input, level: e.level, checksum: true)
            case "brotli": stream = Brotli.compress(input, level: e.level)
            default: XCTFail("unknown codec in \(what)"); continue
            }
            XCTAssertEqual(stream.count, e.length, what)
            XCTAssertEqual(stream.withUnsafeBytes { CRC32.checksum($0) }, e.crc32, what)
            if !v.stream.isEmpty { XCTAssertEqual(stream, v.stream, what) }
            // What the reference decoder produced is the input.
            XCTAssertEqual(input.count, e.decodedLength, what)
            XCTAssertEqual(input.withUnsafeBytes { CRC32.checksum($0) }, e.decodedCRC32, what)
        }
    }
}
