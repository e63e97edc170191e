import XCTest
@testable import ParquetCodecs
import TestSupport

final class BrotliEncoderTests: XCTestCase {
    @discardableResult
    func roundTrip(_ input: [UInt8], level: Int, _ note: String,
                   file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let compressed = Brotli.compress(input, level: level)
        XCTAssertLessThanOrEqual(compressed.count, Brotli.maxCompressedLength(input.count), note, file: file, line: line)
        let decoded = try Brotli.decompress(compressed, expectedLength: input.count)
        XCTAssertTrue(decoded == input, "\(note) level \(level): round trip differs", file: file, line: line)
        return compressed
    }

    func testRoundTripEveryShapeAtEveryLevel() throws {
        for (name, input) in CompressorTestInputs.shapes() {
            for level in 0...11 where input.count < 500_000 || level % 4 == 0 {
                try roundTrip(input, level: level, name)
            }
        }
    }

    func testOutOfRangeLevelsAreClamped() throws {
        let input = CompressorTestInputs.words(20_000, seed: 21)
        XCTAssertEqual(Brotli.compress(input, level: -3), Brotli.compress(input, level: 0))
        XCTAssertEqual(Brotli.compress(input, level: 30), Brotli.compress(input, level: 11))
        XCTAssertEqual(Brotli.compress(input), Brotli.compress(input, level: Brotli.defaultLevel))
        XCTAssertEqual(Brotli.defaultLevel, 8)
    }

    func testHigherLevelsCompressTextBetter() {
        let input = CompressorTestInputs.words(400_000, seed: 22)
        let fast = Brotli.compress(input, level: 1).count
        let medium = Brotli.compress(input, level: 5).count
        let strong = Brotli.compress(input, level: 9).count
        XCTAssertLessThan(fast, input.count / 2)
        XCTAssertLessThan(medium, fast)
        XCTAssertLessThan(strong, medium)
    }

    func testEmptyAndTinyInputs() throws {
        // WBITS 10 (1, 000, 010), ISLAST, ISLASTEMPTY.
        XCTAssertEqual(Brotli.compress([UInt8](), level: 8), [0xA1, 0x01])
        XCTAssertEqual(try Brotli.decompress(Brotli.compress([UInt8](), level: 8), expectedLength: 0), [])
        for n in 1...40 {
            let input = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            for level in [0, 5, 11] {
                try roundTrip(input, level: level, "length \(n)")
                try roundTrip([UInt8](repeating: 9, count: n), level: level, "run of \(n)")
            }
        }
    }

    func testIncompressibleInputIsStoredUncompressed() throws {
        // 1.5 MiB of noise: two uncompressed meta-blocks, then the empty last one.
        let n = 3 << 19
        let input = ZstdTestData.randomBytes(n, seed: 31)
        let bytes = try roundTrip(input, level: 8, "random")
        XCTAssertLessThanOrEqual(bytes.count, n + 12)
        for n in [1, 100, 5000] {
            let small = ZstdTestData.randomBytes(n, seed: UInt64(n))
            XCTAssertLessThanOrEqual(try roundTrip(small, level: 5, "random \(n)").count, n + 6)
        }
    }

    func testLongInputsUseSeveralMetaBlocksAndLongDistances() throws {
        // 2.5 MiB: a 600 KiB block of text repeated (distances beyond one meta-block).
        let block = CompressorTestInputs.words(600_000, seed: 23)
        let input = block + block + block + block + Array(block.prefix(100_000))
        let bytes = try roundTrip(input, level: 5, "repeated text")
        XCTAssertLessThan(bytes.count, Brotli.compress(block, level: 5).count + 5000)
    }

    func testInsertAndCopyLengthCodesMatchTheTables() {
        for n in 0..<30_000 {
            let code = BrotliEncoderContext.insertCode(n)
            XCTAssertTrue(BrotliTables.insertBase[code] <= n && n - BrotliTables.insertBase[code] < 1 << BrotliTables.insertExtra[code], "insert \(n)")
        }
        for n in 2..<30_000 {
            let code = BrotliEncoderContext.copyCode(n)
            XCTAssertTrue(BrotliTables.copyBase[code] <= n && n - BrotliTables.copyBase[code] < 1 << BrotliTables.copyExtra[code], "copy \(n)")
        }
        // Every (insert code, copy code, implicit distance) pair maps to a symbol decoding to it.
        for insert in 0..<24 {
            for copy in 0..<24 {
                for last in [false, true] {
                    let symbol = BrotliEncoderContext.commandSymbol(insert: insert, copy: copy, lastDistance: last)
                    let decoded = Int(BrotliTables.command[symbol])
                    XCTAssertEqual(decoded >> 8, insert)
                    XCTAssertEqual((decoded >> 1) & 0x7F, copy)
                    XCTAssertEqual(decoded & 1 == 1, last && insert < 8 && copy < 16)
                }
            }
        }
    }

    func testRandomInputsRoundTrip() throws {
        var rng = SplitMix64(seed: 7702)
        for trial in 0..<120 {
            let input = ZstdEncoderTests.randomInput(&rng, maxLength: trial % 10 == 0 ? 300_000 : 6000)
            let level = Int(rng.next() % 12)
            try roundTrip(input, level: level, "trial \(trial)")
        }
    }
}
