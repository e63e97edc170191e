import XCTest
@testable import DataDesigner

final class RandomTests: XCTestCase {
    func testSplitMix64ReferenceVector() {
        var g = SplitMix64(seed: 0)
        XCTAssertEqual(g.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(g.next(), 0x6E78_9E6A_A1B9_65F4)
        XCTAssertEqual(g.next(), 0x06C4_5D18_8009_454F)
    }

    func testXoshiroSeededBySplitMix() {
        var a = Xoshiro256StarStar(seed: 0)
        XCTAssertEqual([a.next(), a.next(), a.next(), a.next()],
                       [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C])
        var b = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual([b.next(), b.next(), b.next(), b.next()],
                       [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1])
    }

    func testSameSeedSameStreamDifferentBatchOrColumnDifferentStream() {
        var a = RandomStreams.column(seed: 7, batch: 3, name: "age")
        var b = RandomStreams.column(seed: 7, batch: 3, name: "age")
        let first = (0..<100).map { _ in a.next() }
        XCTAssertEqual(first, (0..<100).map { _ in b.next() })
        var otherBatch = RandomStreams.column(seed: 7, batch: 4, name: "age")
        var otherColumn = RandomStreams.column(seed: 7, batch: 3, name: "agf")
        var otherSeed = RandomStreams.column(seed: 8, batch: 3, name: "age")
        XCTAssertNotEqual(first[0], otherBatch.next())
        XCTAssertNotEqual(first[0], otherColumn.next())
        XCTAssertNotEqual(first[0], otherSeed.next())
        XCTAssertNotEqual(RandomStreams.batchSeed(seed: 0, batch: 0), RandomStreams.batchSeed(seed: 0, batch: 1))
        XCTAssertEqual(RandomStreams.fnv1a(""), 0xCBF2_9CE4_8422_2325)
        XCTAssertEqual(RandomStreams.fnv1a("a"), 0xAF63_DC4C_8601_EC8C)
    }

    func testBoundedDrawsStayInRangeAndCoverIt() {
        var g = Xoshiro256StarStar(seed: 1)
        var seen = Set<UInt64>()
        for _ in 0..<10_000 {
            let v = g.nextBelow(7)
            XCTAssertLessThan(v, 7)
            seen.insert(v)
        }
        XCTAssertEqual(seen.count, 7)
        for _ in 0..<1000 {
            let v = g.nextInt(-3, 3)
            XCTAssertTrue((-3 ... 3).contains(v))
            let u = g.nextUnit()
            XCTAssertTrue(u >= 0 && u < 1)
            let o = g.nextOpenUnit()
            XCTAssertTrue(o > 0 && o < 1)
        }
        // The full Int64 span does not overflow.
        _ = g.nextInt(Int64.min, Int64.max)
        XCTAssertEqual(g.nextInt(5, 5), 5)
    }

    func testUniformUnitMeanAndVariance() {
        var g = Xoshiro256StarStar(seed: 99)
        let draws = (0..<10_000).map { _ in g.nextUnit() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
        XCTAssertEqual(mean, 0.5, accuracy: 0.02)
        XCTAssertEqual(variance, 1.0 / 12, accuracy: 0.005)
    }
}
