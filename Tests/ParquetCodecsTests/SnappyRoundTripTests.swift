import XCTest
@testable import ParquetCodecs
import TestSupport

/// compress → decompress on many deterministic inputs of different shapes and sizes.
final class SnappyRoundTripTests: XCTestCase {
    typealias S = SnappyTestSupport

    /// An input of `kind` 0...5: random, two-letter, words, short-period runs, zeros, mixed.
    static func input(kind: Int, count: Int, rng: inout SplitMix64) -> [UInt8] {
        switch kind {
        case 0:
            return S.randomBytes(count, seed: rng.next())
        case 1:
            return (0..<count).map { _ in rng.next() & 1 == 0 ? 0x61 : 0x62 }
        case 2:
            let words = ["alpha", "beta", "gamma", "delta", "x", "0123456789", "\n"].map { Array($0.utf8) }
            var out: [UInt8] = []
            while out.count < count { out += words[Int(rng.next() % UInt64(words.count))] }
            return Array(out.prefix(count))
        case 3:
            var out: [UInt8] = []
            while out.count < count {
                let pattern = S.randomBytes(Int(rng.next() % 12) + 1, seed: rng.next())
                for _ in 0..<Int(rng.next() % 80) + 1 { out += pattern }
            }
            return Array(out.prefix(count))
        case 4:
            return [UInt8](repeating: 0, count: count)
        default:
            var out: [UInt8] = []
            while out.count < count {
                out += input(kind: Int(rng.next() % 5), count: Int(rng.next() % 3000) + 1, rng: &rng)
            }
            return Array(out.prefix(count))
        }
    }

    func testRoundTripManySizesAndShapes() throws {
        var rng = SplitMix64(seed: 12345)
        let sizes = [0, 1, 2, 3, 4, 5, 14, 15, 16, 17, 20, 31, 64, 65, 100, 1000, 4096,
                     65_535, 65_536, 65_537, 70_000, 131_072, 200_001]
        for size in sizes {
            for kind in 0...5 {
                let data = Self.input(kind: kind, count: size, rng: &rng)
                let compressed = Snappy.compress(data)
                XCTAssertLessThanOrEqual(compressed.count, Snappy.maxCompressedLength(size))
                XCTAssertEqual(try S.decode(compressed), data, "size \(size) kind \(kind)")
            }
        }
    }

    func testRoundTripRandomLengths() throws {
        var rng = SplitMix64(seed: 999)
        for round in 0..<200 {
            let size = Int(rng.next() % 5000)
            let data = Self.input(kind: round % 6, count: size, rng: &rng)
            let compressed = Snappy.compress(data)
            XCTAssertEqual(try Snappy.decompress(compressed, expectedLength: size), data, "round \(round)")
        }
    }

    func testCompressesIncompressibleWithinBound() throws {
        let data = S.randomBytes(300_000, seed: 5)
        let compressed = Snappy.compress(data)
        XCTAssertLessThanOrEqual(compressed.count, data.count + data.count / 6 + 32)
        XCTAssertGreaterThan(compressed.count, data.count)
        XCTAssertEqual(try S.decode(compressed), data)
    }

    func testCompressSlices() throws {
        let data = SnappyTestSupport.runs()
        let compressed = data.withUnsafeBytes { Snappy.compress(UnsafeRawBufferPointer(rebasing: $0[3..<1500])) }
        XCTAssertEqual(try S.decode(compressed), Array(data[3..<1500]))
    }
}
