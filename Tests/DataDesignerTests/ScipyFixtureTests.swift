import Foundation
import XCTest
@testable import DataDesigner

/// `scipy` and `bernoulli_mixture` columns against samples of the real tool (20,000 draws per
/// column, summarized as points of the empirical CDF by Fixtures/datadesigner/samplers.py).
final class ScipyFixtureTests: XCTestCase {
    private func check(_ name: String, rows: Int = 20_000, file: StaticString = #filePath, line: UInt = #line) throws {
        let config = try RealTool.config(name)
        let plan = try GenerationPlan(config: config)
        let batch = try BatchGenerator(plan: plan, seed: 20_240_601).generate(batch: 0, rows: rows)
        let summary = try XCTUnwrap((RealTool.json(name, "summary.json") as? [String: Any])?["columns"] as? [String: [String: Any]])
        let expectedSchema = try RealTool.schema(name)
        let ours = RealTool.describe(plan.schema)
        for (path, physical, logical, def) in expectedSchema {
            guard let mine = ours.first(where: { $0.0 == path }) else { XCTFail("\(path): no such column", file: file, line: line); continue }
            XCTAssertEqual(mine.1, physical, "\(path): physical type", file: file, line: line)
            XCTAssertEqual(mine.2, logical, "\(path): logical type", file: file, line: line)
            // Every column is OPTIONAL in the real tool's files (pandas); ours are REQUIRED
            // for sampler columns until the batch writer makes every column OPTIONAL.
            XCTAssertTrue(mine.3 == def || (mine.3 == 0 && def == 1), "\(path): definition level \(mine.3) vs \(def)", file: file, line: line)
        }
        XCTAssertEqual(summary.count, config.columns.count)
        for (column, stats) in summary.sorted(by: { $0.key < $1.key }) {
            let values = try RealTool.values(batch, column).map { v -> Double in
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
                XCTAssertTrue(RealTool.agree(mine, sorted.count, expected, n1),
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
                XCTAssertTrue(RealTool.agree(Double(myZeros) / Double(rows), rows, Double(zeros) / Double(n1), n1),
                              "\(column): \(myZeros) zeros, the real tool \(zeros)", file: file, line: line)
                XCTAssertTrue(RealTool.agree(Double(myNegative) / Double(rows), rows, Double(negative) / Double(n1), n1),
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
        let plan = try GenerationPlan(config: RealTool.config("scipy_discrete"))
        let a = try BatchGenerator(plan: plan, seed: 9).generate(batch: 3, rows: 500)
        let b = try BatchGenerator(plan: plan, seed: 9).generate(batch: 3, rows: 800)
        for column in ["poisson", "mix_norm", "hypergeom", "zipfian"] {
            let x = try RealTool.values(a, column).map { "\($0 ?? "nil")" }
            let y = try RealTool.values(b, column).prefix(500).map { "\($0 ?? "nil")" }
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

    func testDecimalPlacesRoundHalfToEvenAsNumpy() {
        XCTAssertEqual(Distributions.roundHalfEven(0.125, places: 2), 0.12)
        XCTAssertEqual(Distributions.roundHalfEven(0.375, places: 2), 0.38)
        XCTAssertEqual(Distributions.roundHalfEven(2.5, places: 0), 2)
        XCTAssertEqual(Distributions.roundHalfEven(-2.5, places: 0), -2)
        XCTAssertEqual(Distributions.roundHalfEven(2.675, places: 2), 2.68)  // 2.675 * 100 is 267.5 exactly
        XCTAssertEqual(Distributions.roundHalfEven(1.005, places: 2), 1.0)   // 100.49999999999999
        XCTAssertEqual(Distributions.roundHalfEven(0.285, places: 2), 0.28)  // as pandas rounds them
        XCTAssertEqual(Distributions.roundHalfEven(1.5, places: nil), 1.5)
    }
}
