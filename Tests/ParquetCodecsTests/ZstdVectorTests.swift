import Foundation
import XCTest
@testable import ParquetCodecs

/// Deterministic inputs, mirrored from scripts/zstd_vectors.py.
enum ZstdTestData {
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let text = Array(ZstdGeneratedVectors.textString.utf8)

    /// `n` bytes: the little-endian bytes of successive SplitMix64 outputs.
    static func randomBytes(_ n: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(state: seed)
        var out: [UInt8] = []
        out.reserveCapacity(n + 8)
        while out.count < n {
            let v = rng.next()
            for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
        }
        return Array(out.prefix(n))
    }

    /// CSV-like lines `id,word,value,price` cut to `n` bytes.
    static func records(_ n: Int, seed: UInt64) -> [UInt8] {
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        var rng = SplitMix64(state: seed)
        var out: [UInt8] = []
        out.reserveCapacity(n + 64)
        var i = 0
        while out.count < n {
            let r = rng.next()
            let line = "\(i % 1000),\(words[Int(r % 8)]),\((r >> 8) % 10 * 100),\((r >> 20) % 4 * 5).99\n"
            out += Array(line.utf8)
            i += 1
        }
        return Array(out.prefix(n))
    }

    static func runs() -> [UInt8] {
        [UInt8](repeating: 0x61, count: 140_000) + [UInt8](repeating: 0, count: 140_000)
            + Array(String(repeating: "xyz", count: 100).utf8)
    }

    static func smallAlphabet(_ n: Int, modulus: UInt64, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(state: seed)
        return (0..<n).map { _ in
            let a = rng.next() % modulus
            let b = rng.next() % modulus
            return UInt8(min(a, b))
        }
    }

    static func zInserted(_ n: Int, every: Int, seed: UInt64) -> [UInt8] {
        let base = randomBytes(n, seed: seed)
        var out = base
        for i in stride(from: 0, to: n, by: every) {
            out += base[i..<min(i + every, n)]
            out.append(0x5A)
        }
        return out
    }

    static func periodic(_ period: Int, count: Int, seed: UInt64) -> [UInt8] {
        let block = randomBytes(period, seed: seed)
        var out: [UInt8] = []
        for _ in 0..<count { out += block }
        return out
    }

    static func decode(_ base64: String) -> [UInt8] {
        let cleaned = base64.filter { !$0.isWhitespace }
        return [UInt8](Data(base64Encoded: cleaned) ?? Data())
    }

    static func vector(_ name: String) -> (input: [UInt8], compressed: [UInt8]) {
        for v in ZstdGeneratedVectors.vectors where v.name == name {
            return (v.input, decode(v.compressed))
        }
        XCTFail("no vector \(name)")
        return ([], [])
    }

    /// Asserts that `body` throws a `ParquetError` of `kind`.
    static func assertThrows<T>(
        _ body: @autoclosure () throws -> T, _ note: String = "", kind: ParquetError.Kind = .corrupt,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try body()
            XCTFail("expected a \(kind) error: \(note)", file: file, line: line)
        } catch let error as ParquetError {
            XCTAssertEqual(error.kind, kind, "\(note): \(error)", file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error): \(note)", file: file, line: line)
        }
    }

    static func stats(_ bytes: [UInt8], _ expected: Int) throws -> ([UInt8], ZstdStats) {
        try bytes.withUnsafeBytes { try Zstd.decompressWithStats($0, expectedLength: expected) }
    }
}

final class ZstdVectorTests: XCTestCase {
    typealias D = ZstdTestData

    func testGeneratedVectorsDecode() throws {
        XCTAssertEqual(ZstdGeneratedVectors.vectors.count, 22)
        for v in ZstdGeneratedVectors.vectors {
            let compressed = D.decode(v.compressed)
            XCTAssertFalse(compressed.isEmpty, v.name)
            let out = try Zstd.decompress(compressed, expectedLength: v.input.count)
            XCTAssertEqual(out.count, v.input.count, v.name)
            XCTAssertTrue(out == v.input, "\(v.name) decodes to different bytes")
        }
    }

    func testVectorsCoverEveryFeature() throws {
        var total = ZstdStats()
        for v in ZstdGeneratedVectors.vectors {
            let (out, s) = try D.stats(D.decode(v.compressed), v.input.count)
            XCTAssertTrue(out == v.input, v.name)
            total.frames += s.frames
            total.skippableFrames += s.skippableFrames
            total.checksums += s.checksums
            total.sequences += s.sequences
            total.fourStreamLiterals += s.fourStreamLiterals
            total.directWeights += s.directWeights
            total.fseWeights += s.fseWeights
            for i in 0..<3 { total.blocks[i] += s.blocks[i] }
            for i in 0..<4 { total.literals[i] += s.literals[i] }
            for k in 0..<3 { for m in 0..<4 { total.modes[k][m] += s.modes[k][m] } }
        }
        XCTAssertGreaterThan(total.skippableFrames, 1)
        XCTAssertGreaterThan(total.checksums, 5)
        for i in 0..<3 { XCTAssertGreaterThan(total.blocks[i], 0, "block type \(i)") }
        for i in 0..<4 { XCTAssertGreaterThan(total.literals[i], 0, "literals type \(i)") }
        XCTAssertGreaterThan(total.fourStreamLiterals, 0)
        XCTAssertGreaterThan(total.fseWeights, 0)
        XCTAssertGreaterThan(total.directWeights, 0)
        // Predefined, FSE-compressed and repeat modes occur for every symbol kind (RLE mode
        // is covered by the hand-built streams of ZstdDecoderTests).
        for k in 0..<3 {
            for m in [0, 2, 3] {
                XCTAssertGreaterThan(total.modes[k][m], 0, "mode \(m) of kind \(k)")
            }
        }
        XCTAssertGreaterThan(total.sequences, 10_000)
    }

    func testLargeAndFlushedFramesUseTreelessLiteralsAndRepeatModes() throws {
        let large = D.vector("largeLevel19NoSize")
        let (out, s) = try D.stats(large.compressed, large.input.count)
        XCTAssertTrue(out == large.input)
        XCTAssertGreaterThan(s.blocks[2], 1, "several compressed blocks")
        XCTAssertEqual(s.checksums, 1)
        XCTAssertGreaterThan(s.literals[3], 0, "treeless literals")
        let flushed = D.vector("flushedLevel19")
        let (fout, fs) = try D.stats(flushed.compressed, flushed.input.count)
        XCTAssertTrue(fout == flushed.input)
        XCTAssertGreaterThan(fs.literals[3], 5, "treeless literals")
        for k in 0..<3 { XCTAssertGreaterThan(fs.modes[k][3], 0, "repeat mode of kind \(k)") }
        let rle = D.vector("rleLiterals")
        XCTAssertEqual(try D.stats(rle.compressed, rle.input.count).1.literals[1], 1, "RLE literals")
        let direct = D.vector("directWeights")
        XCTAssertEqual(try D.stats(direct.compressed, direct.input.count).1.directWeights, 1)
    }

    func testSpecificVectors() throws {
        let runs = D.vector("runs")
        let (_, rs) = try D.stats(runs.compressed, runs.input.count)
        XCTAssertGreaterThanOrEqual(rs.blocks[1], 1, "long runs become RLE blocks")
        let random = D.vector("random")
        let (_, ws) = try D.stats(random.compressed, random.input.count)
        XCTAssertEqual(ws.blocks, [1, 0, 0], "incompressible input becomes a raw block")
        let concatenated = D.vector("concatenated")
        let (_, cs) = try D.stats(concatenated.compressed, concatenated.input.count)
        XCTAssertEqual(cs.frames, 2)
        let skippable = D.vector("skippable")
        let (_, ss) = try D.stats(skippable.compressed, skippable.input.count)
        XCTAssertEqual(ss.frames, 2)
        XCTAssertEqual(ss.skippableFrames, 2)
        let window = D.vector("window1K")
        XCTAssertEqual(window.compressed[4] & 0x20, 0, "window descriptor present")
        XCTAssertEqual(window.compressed[5], 0, "1 KiB window")
        for name in ["empty", "emptyNoContentSize", "emptyChecksum"] {
            let v = D.vector(name)
            XCTAssertEqual(try Zstd.decompress(v.compressed, expectedLength: 0), [], name)
            D.assertThrows(try Zstd.decompress(v.compressed, expectedLength: 1), name)
        }
    }

    func testWrongExpectedLengthThrows() throws {
        for name in ["text", "textChecksumNoSize", "mixedLevel3", "runs", "concatenated", "largeLevel19NoSize"] {
            let v = D.vector(name)
            D.assertThrows(try Zstd.decompress(v.compressed, expectedLength: v.input.count - 1), "\(name) short")
            D.assertThrows(try Zstd.decompress(v.compressed, expectedLength: v.input.count + 1), "\(name) long")
            D.assertThrows(try Zstd.decompress(v.compressed, expectedLength: -1), "\(name) negative")
        }
    }

    func testEveryPrefixThrows() throws {
        for name in ["oneByte", "text", "textChecksumNoSize", "emptyChecksum", "concatenated", "skippable", "runs"] {
            let v = D.vector(name)
            for n in 0..<v.compressed.count {
                D.assertThrows(try Zstd.decompress(Array(v.compressed.prefix(n)), expectedLength: v.input.count), "\(name) prefix \(n)")
            }
        }
        // A sampled set of prefixes of a large multi-block frame.
        let large = D.vector("mixedLevel19")
        for n in stride(from: 0, to: large.compressed.count, by: 37) {
            D.assertThrows(try Zstd.decompress(Array(large.compressed.prefix(n)), expectedLength: large.input.count), "prefix \(n)")
        }
    }

    func testBitFlipsThrowOrDecodeExactly() throws {
        // With a checksum, any flip that changes the output must be caught.
        for name in ["textChecksumNoSize", "mixedLevel3"] {
            let v = D.vector(name)
            var thrown = 0
            var tried = 0
            let stride = name == "textChecksumNoSize" ? 1 : 29
            for bit in Swift.stride(from: 0, to: v.compressed.count * 8, by: stride) {
                var bytes = v.compressed
                bytes[bit / 8] ^= UInt8(1 << (bit % 8))
                tried += 1
                do {
                    let out = try Zstd.decompress(bytes, expectedLength: v.input.count)
                    XCTAssertTrue(out == v.input, "\(name): flip of bit \(bit) decoded to different bytes")
                } catch let error as ParquetError {
                    XCTAssertTrue(error.kind == .corrupt || error.kind == .unsupported, "\(error)")
                    thrown += 1
                }
            }
            XCTAssertGreaterThan(thrown, tried * 9 / 10, name)
        }
        // Without a checksum, flips must still never crash; a decode that succeeds has the right length.
        let v = D.vector("mixedLevel9")
        for bit in Swift.stride(from: 0, to: v.compressed.count * 8, by: 13) {
            var bytes = v.compressed
            bytes[bit / 8] ^= UInt8(1 << (bit % 8))
            if let out = try? Zstd.decompress(bytes, expectedLength: v.input.count) {
                XCTAssertEqual(out.count, v.input.count)
            }
        }
    }

    func testRandomGarbageAfterAFrameHeaderNeverCrashes() {
        var rng = D.SplitMix64(state: 99)
        let headers: [[UInt8]] = [
            [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0xFF],  // single segment, 255 bytes
            [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x50],  // window descriptor only
            [0x28, 0xB5, 0x2F, 0xFD, 0x24, 0xFF],  // with checksum
        ]
        var decoded = 0
        for round in 0..<3000 {
            var bytes = headers[round % headers.count]
            // A compressed block header, then random bytes; sometimes a valid-looking literals header.
            let size = Int(rng.next() % 200) + 1
            let blockHeader = UInt32(1 | (2 << 1) | (size << 3))
            bytes += [UInt8(blockHeader & 0xFF), UInt8((blockHeader >> 8) & 0xFF), UInt8(blockHeader >> 16)]
            for _ in 0..<size { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
            if round % 3 == 0 { bytes[9] = bytes[9] & 0xF0 | 0x02 }
            if (try? Zstd.decompress(bytes, expectedLength: 255)) != nil { decoded += 1 }
        }
        XCTAssertLessThan(decoded, 3000)
    }
}
