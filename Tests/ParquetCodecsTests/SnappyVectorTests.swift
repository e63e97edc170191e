import Foundation
import XCTest
@testable import ParquetCodecs
import TestSupport

/// Deterministic inputs shared by the Snappy tests; mirrors scripts/snappy_vectors.py.
enum SnappyTestSupport {
    /// `n` bytes: the little-endian bytes of successive SplitMix64 outputs.
    static func randomBytes(_ n: Int, seed: UInt64) -> [UInt8] { SplitMix64.bytes(n, seed: seed) }

    /// For each period 1...8: a random pattern repeated, then 3 random separator bytes.
    static func runs() -> [UInt8] {
        var out: [UInt8] = []
        for p in 1...8 {
            let pattern = randomBytes(p, seed: UInt64(100 + p))
            let n = 100 + p * 37
            for i in 0..<n { out.append(pattern[i % p]) }
            out += randomBytes(3, seed: UInt64(200 + p))
        }
        return out
    }

    /// A random chunk repeated to `n` bytes with one byte in every 1009 replaced.
    static func mutatedRepeat(_ n: Int, chunk chunkLength: Int, seed: UInt64) -> [UInt8] {
        let chunk = randomBytes(chunkLength, seed: seed)
        var out = (0..<n).map { chunk[$0 % chunkLength] }
        let noise = randomBytes(n / 1009 + 1, seed: seed + 1)
        for (k, i) in stride(from: 0, to: n, by: 1009).enumerated() { out[i] = noise[k] }
        return out
    }

    /// Decompresses with the length taken from the preamble.
    static func decode(_ stream: [UInt8]) throws -> [UInt8] {
        let n = try stream.withUnsafeBytes { try Snappy.decompressedLength($0) }
        return try Snappy.decompress(stream, expectedLength: n)
    }

    /// Asserts that `body` throws a `.corrupt` ParquetError.
    static func assertCorrupt<T>(
        _ body: @autoclosure () throws -> T, _ message: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), message, file: file, line: line) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .corrupt, "\(error)", file: file, line: line)
        }
    }
}

/// Decoding blocks produced by cramjam (reference-compatible Rust snappy) and compressing the
/// same inputs with our encoder.
final class SnappyVectorTests: XCTestCase {
    func testGeneratorsMatchPythonLengths() throws {
        XCTAssertEqual(SnappyTestSupport.runs().count, 2156)
        XCTAssertEqual(try CodecVectors.snappy.text.utf8.count, 1138)
        XCTAssertEqual(SnappyTestSupport.randomBytes(3, seed: 7), [215, 13, 50])
    }

    func testDecodesCramjamVectors() throws {
        for vector in try CodecVectors.snappy.vectors {
            let compressed = vector.stream
            XCTAssertFalse(compressed.isEmpty, vector.name)
            let length = try compressed.withUnsafeBytes { try Snappy.decompressedLength($0) }
            XCTAssertEqual(length, vector.input.count, vector.name)
            let output = try Snappy.decompress(compressed, expectedLength: vector.input.count)
            XCTAssertEqual(output, vector.input, vector.name)
        }
    }

    func testDecodesIntoLargerBufferLeavingTailUntouched() throws {
        for vector in try CodecVectors.snappy.vectors {
            let compressed = vector.stream
            var out = [UInt8](repeating: 0xEE, count: vector.input.count + 100)
            let n = try compressed.withUnsafeBytes { src in
                try out.withUnsafeMutableBytes { try Snappy.decompress(src, into: $0) }
            }
            XCTAssertEqual(n, vector.input.count, vector.name)
            XCTAssertEqual(Array(out[..<n]), vector.input, vector.name)
            XCTAssertEqual(Array(out[n...]), [UInt8](repeating: 0xEE, count: 100), vector.name)
        }
    }

    func testCompressRoundTripsVectorInputs() throws {
        for vector in try CodecVectors.snappy.vectors {
            let compressed = Snappy.compress(vector.input)
            XCTAssertLessThanOrEqual(compressed.count, Snappy.maxCompressedLength(vector.input.count))
            XCTAssertEqual(try SnappyTestSupport.decode(compressed), vector.input, vector.name)
        }
    }

    /// For these inputs our encoder emits exactly what cramjam does (checked when generating);
    /// for the others it differs (it finds more matches) and cramjam decodes it at dev time.
    func testCompressMatchesCramjamByteForByte() throws {
        let identical: Set = ["empty", "oneByte", "random", "runs"]
        let vectors = try CodecVectors.snappy.vectors.filter { identical.contains($0.name) }
        XCTAssertEqual(vectors.count, identical.count)
        for vector in vectors {
            XCTAssertEqual(Snappy.compress(vector.input), vector.stream, vector.name)
        }
    }

    func testCompressionRatios() {
        XCTAssertEqual(Snappy.compress([]), [0x00])
        XCTAssertEqual(Snappy.compress([0x41]), [0x01, 0x00, 0x41])
        XCTAssertLessThan(Snappy.compress(SnappyTestSupport.runs()).count, 200)
        let large = SnappyTestSupport.mutatedRepeat(200_000, chunk: 1024, seed: 11)
        XCTAssertLessThan(Snappy.compress(large).count, 16_000)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let compressed = Snappy.compress(zeros)
        XCTAssertLessThan(compressed.count, 60_000)
        XCTAssertEqual(try SnappyTestSupport.decode(compressed), zeros)
    }
}
