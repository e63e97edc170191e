import XCTest
@testable import ParquetCodecs

final class ZstdEncoderTests: XCTestCase {
    typealias D = ZstdTestData

    func roundTrip(_ input: [UInt8], level: Int, checksum: Bool = false, _ note: String,
                   file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let compressed = Zstd.compress(input, level: level, checksum: checksum)
        XCTAssertLessThanOrEqual(compressed.count, Zstd.maxCompressedLength(input.count), note, file: file, line: line)
        let decoded = try Zstd.decompress(compressed, expectedLength: input.count)
        XCTAssertTrue(decoded == input, "\(note) level \(level): round trip differs", file: file, line: line)
        return compressed
    }

    func testRoundTripEveryShapeAtEveryLevel() throws {
        for (name, input) in CompressorTestInputs.shapes() {
            for level in [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 19] {
                _ = try roundTrip(input, level: level, name)
            }
        }
    }
}
