import XCTest
@testable import ParquetCodecs
import TestSupport

final class ZstdEncoderTests: XCTestCase {
    typealias D = ZstdTestData

    @discardableResult
    func roundTrip(_ input: [UInt8], level: Int, checksum: Bool = false, _ note: String,
                   file: StaticString = #filePath, line: UInt = #line) throws -> (bytes: [UInt8], stats: ZstdStats) {
        let compressed = Zstd.compress(input, level: level, checksum: checksum)
        XCTAssertLessThanOrEqual(compressed.count, Zstd.maxCompressedLength(input.count), note, file: file, line: line)
        let (decoded, stats) = try D.stats(compressed, input.count)
        XCTAssertTrue(decoded == input, "\(note) level \(level): round trip differs", file: file, line: line)
        return (compressed, stats)
    }

    func testRoundTripEveryShapeAtManyLevels() throws {
        for (name, input) in CompressorTestInputs.shapes() {
            let levels = input.count > 500_000 ? [1, 3, 9] : [1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 16, 19]
            for level in levels {
                try roundTrip(input, level: level, name)
            }
        }
    }

    func testOutOfRangeLevelsAreClamped() throws {
        let input = CompressorTestInputs.words(20_000, seed: 11)
        XCTAssertEqual(Zstd.compress(input, level: 0), Zstd.compress(input, level: 1))
        XCTAssertEqual(Zstd.compress(input, level: -7), Zstd.compress(input, level: 1))
        XCTAssertEqual(Zstd.compress(input, level: 40), Zstd.compress(input, level: 19))
        XCTAssertEqual(Zstd.compress(input), Zstd.compress(input, level: Zstd.defaultLevel))
        XCTAssertEqual(Zstd.defaultLevel, 3)
        try roundTrip(input, level: 0, "level 0")
    }

    func testHigherLevelsCompressTextBetter() {
        let input = CompressorTestInputs.words(400_000, seed: 12)
        let fast = Zstd.compress(input, level: 1).count
        let standard = Zstd.compress(input, level: 3).count
        let strong = Zstd.compress(input, level: 12).count
        XCTAssertLessThan(fast, input.count / 2)
        XCTAssertLessThan(standard, fast)
        XCTAssertLessThan(strong, standard)
    }

    func testFrameHeaderRecordsContentSizeAndWindow() throws {
        // Small input: single segment, 1-byte content size.
        let small = Zstd.compress(Array("hello, hello, hello".utf8), level: 3)
        XCTAssertEqual(Array(small[0..<4]), [0x28, 0xB5, 0x2F, 0xFD])
        XCTAssertEqual(small[4] & 0x20, 0x20, "single segment")
        XCTAssertEqual(small[4] >> 6, 0, "1-byte content size")
        XCTAssertEqual(small[5], 19)
        // 1 MiB at level 1 (512 KiB window): a window descriptor and a 4-byte content size.
        let big = D.records(1 << 20, seed: 3)
        let frame = Zstd.compress(big, level: 1)
        XCTAssertEqual(frame[4] & 0x20, 0, "window descriptor present")
        XCTAssertEqual(frame[4] >> 6, 2)
        XCTAssertEqual(frame[5], (19 - 10) << 3, "512 KiB window")
        XCTAssertEqual(Int(frame[6]) | Int(frame[7]) << 8 | Int(frame[8]) << 16 | Int(frame[9]) << 24, 1 << 20)
        try roundTrip(big, level: 1, "window")
    }

    func testChecksumIsWrittenAndVerified() throws {
        for input in [[], [0x41], CompressorTestInputs.words(300_000, seed: 5)] as [[UInt8]] {
            let (bytes, stats) = try roundTrip(input, level: 3, checksum: true, "checksum")
            XCTAssertEqual(stats.checksums, 1)
            XCTAssertEqual(bytes[4] & 0x04, 0x04)
            var damaged = bytes
            damaged[damaged.count - 1] ^= 0x40
            assertParquetError(try Zstd.decompress(damaged, expectedLength: input.count), "damaged checksum")
        }
    }

    func testEmptyAndTinyInputs() throws {
        let empty = Zstd.compress([UInt8](), level: 3)
        // Magic, descriptor (single segment), content size 0, one empty raw block marked last.
        XCTAssertEqual(empty, [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x01, 0x00, 0x00])
        XCTAssertEqual(try Zstd.decompress(empty, expectedLength: 0), [])
        for n in 1...40 {
            let input = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            try roundTrip(input, level: 1, "length \(n)")
            try roundTrip([UInt8](repeating: 9, count: n), level: 5, "run of \(n)")
        }
    }

    func testLongInputsBecomeSeveralFrames() throws {
        let input = CompressorTestInputs.words(350_000, seed: 8)
        let bytes = input.withUnsafeBytes { Zstd.compress($0, level: 3, checksum: true, frameSize: 100_000) }
        let (decoded, stats) = try D.stats(bytes, input.count)
        XCTAssertTrue(decoded == input)
        XCTAssertEqual(stats.frames, 4)
        XCTAssertEqual(stats.checksums, 4)
    }

    /// The encoder's output uses every block, literals and table kind the format has.
    func testOutputCoversTheFormatsFeatures() throws {
        var total = ZstdStats()
        for (name, input) in CompressorTestInputs.shapes() {
            for level in [1, 3, 8] {
                let s = try roundTrip(input, level: level, name).stats
                for i in 0..<3 { total.blocks[i] += s.blocks[i] }
                for i in 0..<4 { total.literals[i] += s.literals[i] }
                for k in 0..<3 { for m in 0..<4 { total.modes[k][m] += s.modes[k][m] } }
                total.fourStreamLiterals += s.fourStreamLiterals
                total.directWeights += s.directWeights
                total.fseWeights += s.fseWeights
            }
        }
        for i in 0..<3 { XCTAssertGreaterThan(total.blocks[i], 0, "block type \(i)") }
        for i in 0..<4 { XCTAssertGreaterThan(total.literals[i], 0, "literals type \(i)") }
        for k in 0..<3 { for m in 0..<4 { XCTAssertGreaterThan(total.modes[k][m], 0, "mode \(m) of kind \(k)") } }
        XCTAssertGreaterThan(total.fourStreamLiterals, 0)
        XCTAssertGreaterThan(total.directWeights, 0)
        XCTAssertGreaterThan(total.fseWeights, 0)
    }

    func testIncompressibleInputStaysWithinTheBound() throws {
        for n in [1, 1000, 131_072, 131_073, 400_000] {
            let input = D.randomBytes(n, seed: UInt64(n))
            let (bytes, stats) = try roundTrip(input, level: 3, "random \(n)")
            XCTAssertEqual(stats.blocks[2], 0, "random data is stored raw")
            XCTAssertLessThanOrEqual(bytes.count, n + 3 * (n / 131_072 + 1) + 14)
        }
    }

    /// Random inputs (mixtures of noise, runs, repeats at random distances and text) at
    /// random levels must all round-trip.
    func testRandomInputsRoundTrip() throws {
        var rng = SplitMix64(seed: 2026)
        for trial in 0..<120 {
            let input = Self.randomInput(&rng, maxLength: trial % 10 == 0 ? 300_000 : 6000)
            let level = Int(rng.next() % 19) + 1
            try roundTrip(input, level: level, checksum: trial % 3 == 0, "trial \(trial)")
        }
    }

    static func randomInput(_ rng: inout SplitMix64, maxLength: Int) -> [UInt8] {
        let length = Int(rng.next() % UInt64(maxLength + 1))
        var out: [UInt8] = []
        out.reserveCapacity(length + 64)
        while out.count < length {
            let r = rng.next()
            let n = Int((r >> 8) % 300) + 1
            switch r % 4 {
            case 0:
                for _ in 0..<n { out.append(UInt8(truncatingIfNeeded: rng.next())) }
            case 1:
                out += [UInt8](repeating: UInt8(truncatingIfNeeded: r >> 20), count: n)
            case 2 where !out.isEmpty:
                let distance = Int((r >> 24) % UInt64(out.count)) + 1
                for _ in 0..<n { out.append(out[out.count - distance]) }
            default:
                out += CompressorTestInputs.words(n, seed: r)
            }
        }
        return Array(out.prefix(length))
    }
}
