import Foundation
import XCTest
@testable import DataDesigner

/// `scipy` and `bernoulli_mixture` columns against samples of the real tool (20,000 draws per
/// column, summarized as points of the empirical CDF by Fixtures/datadesigner/samplers.py).
final class ScipyFixtureTests: XCTestCase {
    private func check(_ name: String, rows: Int = 20_000, file: StaticString = #filePath, line: UInt = #line) throws {
        let config = try DDFixtures.load(name)
        let plan = try GenerationPlan(config: config)
        let batch = try BatchGenerator(plan: plan, seed: 20_240_601).generate(batch: 0, rows: rows).records
        let summary = try XCTUnwrap((DDFixtures.json(name, "summary.json") as? [String: Any])?["columns"] as? [String: [String: Any]])
        let expectedSchema = try DDFixtures.schema(name)
        let ours = DDFixtures.describe(plan.schema)
        for (path, physical, logical, def) in expectedSchema {
            guard let mine = ours.first(where: { $0.0 == path }) else { XCTFail("\(path): no such column", file: file, line: line); continue }
            XCTAssertEqual(mine.1, physical, "\(path): physical type", file: file, line: line)
            XCTAssertEqual(mine.2, logical, "\(path): logical type", file: file, line: line)
            XCTAssertEqual(mine.3, def, "\(path): definition level", file: file, line: line)
        }
        XCTAssertEqual(summary.count, config.columns.count)
        for (column, stats) in summary.sorted(by: { $0.key < $1.key }) {
            let values = try DDFixtures.values(batch, column).map { v -> Double in
                if let d = v as? Double { return d }
                if let i = v as? Int64 { return Double(i) }
                return .nan
            }
            XCTAssertFalse(values.contains { $0.isNaN }, "\(column): NaN or missing values", file: file, line: line)
            let n1 = try XCTUnwrap(stats["n"] as? Int)
            let points = try XCTUnwrap(stats["points"] as? [[Double]])
            XCTAssertGreaterThan(points.count, 1, column)
            let sorted = values.sorted()
            var worst = 0.0
            for point in points {
                let x = point[0], expected = point[1]
                var lo = 0, hi = sorted.count  // count of values <= x
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
                }
                let mine = Double(lo) / Double(sorted.count)
                worst = max(worst, abs(mine - expected))
                XCTAssertTrue(DDFixtures.agree(mine, sorted.count, expected, n1),
                              "\(column): F(\(x)) is \(mine), the real tool's \(expected)", file: file, line: line)
            }
            if let decimals = stats["decimals"] as? Int, decimals > 0, decimals < 10 {
                let factor = pow(10, Double(decimals))
                for v in values.prefix(2000) where abs(v) < 1e9 {
                    XCTAssertEqual((v * factor).rounded(), v * factor, accuracy: 1e-6 * max(1, abs(v * factor)),
                                   "\(column): \(v) has more than \(decimals) decimals", file: file, line: line)
                }
            }
            if let zeros = stats["zeros"] as? Int, let negative = stats["negative_zeros"] as? Int, zeros > 0 {
                let myZeros = values.filter { $0 == 0 }.count
                let myNegative = values.filter { $0 == 0 && $0.sign == .minus }.count
                XCTAssertTrue(DDFixtures.agree(Double(myZeros) / Double(rows), rows, Double(zeros) / Double(n1), n1),
                              "\(column): \(myZeros) zeros, the real tool \(zeros)", file: file, line: line)
                XCTAssertTrue(DDFixtures.agree(Double(myNegative) / Double(rows), rows, Double(negative) / Double(n1), n1),
                              "\(column): \(myNegative) negative zeros, the real tool \(negative)", file: file, line: line)
            }
            _ = worst
        }
    }

    func testContinuousDistributionsMatchTheRealTool() throws {
        try check("scipy_continuous")
    }

    func testDiscreteDistributionsAndMixturesMatchTheRealTool() throws {
        try check("scipy_discrete")
    }

    func testScipyColumnsAreDeterministicPerBatchAndColumn() throws {
        let plan = try GenerationPlan(config: DDFixtures.load("scipy_discrete"))
        let a = try BatchGenerator(plan: plan, seed: 9).generate(batch: 3, rows: 500).records
        let b = try BatchGenerator(plan: plan, seed: 9).generate(batch: 3, rows: 800).records
        for column in ["poisson", "mix_norm", "hypergeom", "zipfian"] {
            let x = try DDFixtures.values(a, column).map { "\($0 ?? "nil")" }
            let y = try DDFixtures.values(b, column).prefix(500).map { "\($0 ?? "nil")" }
            XCTAssertEqual(x, Array(y), column)
        }
    }

    func testTruncatedNormalStaysInsideItsBounds() {
        var rng = Xoshiro256StarStar(seed: 5)
        for (a, b) in [(-1.0, 2.0), (4.0, 9.0), (-9.0, -4.0), (6.0, 6.01), (-0.5, 0.5), (2.9, 40.0)] {
            let t = TruncatedNormal(a: a, b: b)
            for _ in 0..<5000 {
                let x = t.next(&rng)
                XCTAssertTrue(x >= a && x <= b, "truncnorm(\(a), \(b)) gave \(x)")
            }
        }
        XCTAssertEqual(TruncatedNormal.ndtri(0.975), 1.959963984540054, accuracy: 1e-12)
        XCTAssertEqual(TruncatedNormal.ndtri(1e-10), -6.361340902404056, accuracy: 1e-9)
    }

    func testHypergeometricAndZipfianStayInTheirSupport() {
        var rng = Xoshiro256StarStar(seed: 11)
        for _ in 0..<20_000 {
            let h = ScipySampler.hypergeometric(50, 20, 10, rng.nextUnit())
            XCTAssertTrue(h >= 0 && h <= 10 && h.rounded() == h)
        }
        XCTAssertEqual(ScipySampler.hypergeometric(10, 10, 4, 0.5), 4)  // every item is a success
        let z = Zipfian(exponent: 0, count: 3)
        var counts = [0, 0, 0]
        for _ in 0..<30_000 { counts[Int(z.next(&rng)) - 1] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    }
}
