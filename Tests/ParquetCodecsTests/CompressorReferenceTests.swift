import Foundation
import XCTest
@testable import ParquetCodecs

/// Our ZSTD and BROTLI output checked against streams the C libraries decoded
/// (scripts/compressor_vectors.py writes CompressorReferenceVectors.swift).
final class CompressorReferenceTests: XCTestCase {
    static func crc(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { CRC32.checksum($0) } }

    func testVectorsCoverBothCodecsAndManyLevels() {
        let vectors = CompressorReferenceVectors.vectors
        XCTAssertEqual(Set(vectors.map(\.codec)), ["zstd", "brotli"])
        XCTAssertEqual(Set(vectors.map { "\($0.codec)\($0.level)" }).count, 8)
        XCTAssertGreaterThan(vectors.filter { !$0.full.isEmpty }.count, 10)
    }

    func testCompressorsStillProduceTheStreamsTheReferenceDecoded() throws {
        for v in CompressorReferenceVectors.vectors {
            let note = "\(v.codec) level \(v.level) \(v.name)"
            let input = v.input()
            // The C library decoded our stream to exactly this input.
            XCTAssertEqual(input.count, v.decodedCount, note)
            XCTAssertEqual(Self.crc(input), v.decodedCRC, note)
            let ours = v.codec == "zstd"
                ? Zstd.compress(input, level: v.level, checksum: v.checksum)
                : Brotli.compress(input, level: v.level)
            XCTAssertEqual(ours.count, v.compressedCount, "\(note): output changed; rerun scripts/compressor_vectors.py")
            XCTAssertEqual(Self.crc(ours), v.compressedCRC, "\(note): output changed; rerun scripts/compressor_vectors.py")
            if !v.full.isEmpty {
                let committed = [UInt8](Data(base64Encoded: v.full) ?? Data())
                XCTAssertTrue(committed == ours, "\(note): the committed stream differs from our output")
                let decoded = v.codec == "zstd"
                    ? try Zstd.decompress(committed, expectedLength: input.count)
                    : try Brotli.decompress(committed, expectedLength: input.count)
                XCTAssertTrue(decoded == input, note)
            }
        }
    }
}
