import XCTest
@testable import ParquetCodecs

final class BrotliEncoderTests: XCTestCase {
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
                _ = try roundTrip(input, level: level, name)
            }
        }
    }
}
