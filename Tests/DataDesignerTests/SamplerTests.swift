import XCTest
@testable import DataDesigner

/// Distribution sanity on 10,000 draws with fixed seeds (bounds several standard errors wide).
final class SamplerTests: XCTestCase {
    func testCategoryWeightsAreNormalized() throws {
        let b = try Gen.batch([Gen.sampler("c", .category(values: [.string("a"), .string("b"), .string("c")], weights: [1, 3, 0]))])
        let values = Gen.strings(b, 0)
        let a = Double(values.filter { $0 == "a" }.count) / Double(values.count)
        XCTAssertEqual(a, 0.25, accuracy: 0.02)
        XCTAssertFalse(values.contains("c"))
        let ints = try Gen.batch([Gen.sampler("c", .category(values: [.int(10), .int(20)], weights: nil))])
        XCTAssertEqual(Set(Gen.ints(ints, 0)), [10, 20])
        XCTAssertEqual(Double(Gen.ints(ints, 0).filter { $0 == 10 }.count) / 10_000, 0.5, accuracy: 0.02)
    }

    func testSubcategoryFollowsItsParentRow() throws {
        let b = try Gen.batch([
            Gen.sampler("dept", .category(values: [.string("eng"), .string("ops")], weights: nil)),
            Gen.sampler("role", .subcategory(category: "dept", values: [
                (parent: "eng", values: [.string("dev"), .string("qa")]),
                (parent: "ops", values: [.string("sre")]),
            ])),
        ])
        let dept = Gen.strings(b, 0), role = Gen.strings(b, 1)
        for (d, r) in zip(dept, role) {
            XCTAssertTrue(d == "eng" ? ["dev", "qa"].contains(r) : r == "sre", "\(d) → \(r)")
        }
        let qa = Double(role.filter { $0 == "qa" }.count) / Double(dept.filter { $0 == "eng" }.count)
        XCTAssertEqual(qa, 0.5, accuracy: 0.03)
        // Integer parents are matched by their text (JSON object keys are strings).
        let n = try Gen.batch([
            Gen.sampler("n", .category(values: [.int(1), .int(2)], weights: nil)),
            Gen.sampler("s", .subcategory(category: "n", values: [(parent: "1", values: [.int(100)]),
                                                                   (parent: "2", values: [.int(200)])])),
        ], rows: 100)
        XCTAssertEqual(Gen.ints(n, 0).map { $0 * 100 }, Gen.ints(n, 1))
    }

    func testUniformBoundsMeanAndDecimalPlaces() throws {
        let b = try Gen.batch([Gen.sampler("u", .uniform(low: 10, high: 20, decimalPlaces: nil)),
                               Gen.sampler("r", .uniform(low: 0, high: 1, decimalPlaces: 2)),
                               Gen.sampler("z", .uniform(low: 3, high: 3, decimalPlaces: nil))])
        let u = Gen.doubles(b, 0)
        XCTAssertTrue(u.allSatisfy { $0 >= 10 && $0 <= 20 })
        let (mean, variance) = Gen.meanAndVariance(u)
        XCTAssertEqual(mean, 15, accuracy: 0.1)
        XCTAssertEqual(variance, 100.0 / 12, accuracy: 0.3)
        for r in Gen.doubles(b, 1) {
            XCTAssertTrue(r >= 0 && r <= 1)
            XCTAssertEqual(r, (r * 100).rounded() / 100)
        }
        XCTAssertTrue(Gen.doubles(b, 2).allSatisfy { $0 == 3 })
    }

    func testGaussianMeanVarianceAndRounding() throws {
        let b = try Gen.batch([Gen.sampler("g", .gaussian(mean: 50, stddev: 10, decimalPlaces: nil)),
                               Gen.sampler("r", .gaussian(mean: 0, stddev: 1, decimalPlaces: 1))])
        let (mean, variance) = Gen.meanAndVariance(Gen.doubles(b, 0))
        XCTAssertEqual(mean, 50, accuracy: 0.4)
        XCTAssertEqual(variance, 100, accuracy: 5)
        XCTAssertTrue(Gen.doubles(b, 1).allSatisfy { $0 == ($0 * 10).rounded() / 10 })
        XCTAssertEqual(Distributions.round(2.345, places: 0), 2)
        XCTAssertEqual(Distributions.round(-2.5, places: 0), -3)
        XCTAssertEqual(Distributions.round(1.25, places: 1), 1.3)
        XCTAssertEqual(Distributions.round(1234.5, places: -2), 1200)
    }

    func testBernoulliGivesZeroOrOneIntegers() throws {
        let b = try Gen.batch([Gen.sampler("b", .bernoulli(p: 0.3)), Gen.sampler("z", .bernoulli(p: 0)), Gen.sampler("o", .bernoulli(p: 1))])
        let v = Gen.ints(b, 0)
        XCTAssertTrue(v.allSatisfy { $0 == 0 || $0 == 1 })
        XCTAssertEqual(Gen.meanAndVariance(v).0, 0.3, accuracy: 0.02)
        XCTAssertTrue(Gen.ints(b, 1).allSatisfy { $0 == 0 })
        XCTAssertTrue(Gen.ints(b, 2).allSatisfy { $0 == 1 })
    }

    func testBinomialInEachRegime() throws {
        // Direct trials, waiting times, waiting times on 1 − p, normal approximation.
        let cases: [(Int, Double)] = [(10, 0.5), (1000, 0.01), (1000, 0.995), (10_000, 0.3)]
        let b = try Gen.batch(cases.enumerated().map { Gen.sampler("b\($0.offset)", .binomial(n: $0.element.0, p: $0.element.1)) })
        for (j, (n, p)) in cases.enumerated() {
            let v = Gen.ints(b, j)
            XCTAssertTrue(v.allSatisfy { $0 >= 0 && $0 <= Int64(n) })
            let (mean, variance) = Gen.meanAndVariance(v)
            let expectedVariance = Double(n) * p * (1 - p)
            XCTAssertEqual(mean, Double(n) * p, accuracy: 4 * (expectedVariance / 10_000).squareRoot() + 0.01, "n=\(n) p=\(p)")
            XCTAssertEqual(variance, expectedVariance, accuracy: 0.1 * expectedVariance + 0.01, "n=\(n) p=\(p)")
        }
        let edge = try Gen.batch([Gen.sampler("a", .binomial(n: 0, p: 0.5)), Gen.sampler("b", .binomial(n: 7, p: 1))], rows: 10)
        XCTAssertEqual(Gen.ints(edge, 0), Array(repeating: 0, count: 10))
        XCTAssertEqual(Gen.ints(edge, 1), Array(repeating: 7, count: 10))
    }

    func testPoissonSmallAndLargeMeans() throws {
        for mean in [0.0, 0.5, 4, 30, 1000] {
            let b = try Gen.batch([Gen.sampler("p", .poisson(mean: mean))])
            let v = Gen.ints(b, 0)
            XCTAssertTrue(v.allSatisfy { $0 >= 0 })
            let (m, variance) = Gen.meanAndVariance(v)
            XCTAssertEqual(m, mean, accuracy: 4 * (mean / 10_000).squareRoot() + 1e-9, "mean \(mean)")
            XCTAssertEqual(variance, mean, accuracy: 0.1 * mean + 1e-9, "mean \(mean)")
        }
    }

    func testUUIDForms() throws {
        let b = try Gen.batch([Gen.sampler("a", .uuid(prefix: "", shortForm: false, uppercase: false)),
                               Gen.sampler("b", .uuid(prefix: "cust-", shortForm: true, uppercase: true))], rows: 1000)
        let full = Gen.strings(b, 0)
        XCTAssertEqual(Set(full).count, 1000)
        for id in full {
            // uuid4().hex: 32 lower-case hex digits, no hyphens, version 4, RFC 4122 variant.
            let chars = Array(id)
            XCTAssertEqual(chars.count, 32)
            XCTAssertEqual(chars[12], "4")
            XCTAssertTrue("89ab".contains(chars[16]))
            XCTAssertTrue(id.allSatisfy { "0123456789abcdef".contains($0) })
        }
        let short = Gen.strings(b, 1)
        XCTAssertEqual(Set(short).count, 1000, "short forms do not repeat within a batch")
        for id in short {
            XCTAssertTrue(id.hasPrefix("cust-"))
            XCTAssertEqual(id.count, 13)
            XCTAssertTrue(id.dropFirst(5).allSatisfy { "0123456789ABCDEF".contains($0) })
        }
    }

    func testDatetimeUnitsFloorAndEndIsExclusive() throws {
        let b = try Gen.batch([
            Gen.sampler("d", .datetime(start: "2024-01-01", end: "2024-01-31", unit: .day)),
            Gen.sampler("h", .datetime(start: "2024-01-01", end: "2024-01-02", unit: .hour)),
            Gen.sampler("m", .datetime(start: "2023-01-31", end: "2023-12-31", unit: .month)),
            Gen.sampler("y", .datetime(start: "2020-02-29", end: "2024-03-01", unit: .year)),
            Gen.sampler("s", .datetime(start: "2024-01-01T10:00:00", end: "2024-01-01T10:00:59", unit: .second)),
        ], rows: 5000)
        // A uniform second in [start, end), floored to the unit, printed as ISO with a time.
        let days = Gen.strings(b, 0)
        XCTAssertEqual(Set(days).count, 30)
        XCTAssertEqual(days.min(), "2024-01-01T00:00:00")
        XCTAssertEqual(days.max(), "2024-01-30T00:00:00")
        let hours = Gen.strings(b, 1)
        XCTAssertEqual(Set(hours).count, 24)
        XCTAssertTrue(hours.allSatisfy { $0.hasSuffix(":00:00") && $0.count == 19 })
        XCTAssertFalse(hours.contains("2024-01-02T00:00:00"))
        let months = Set(Gen.strings(b, 2))
        XCTAssertEqual(months.count, 12)
        XCTAssertTrue(months.contains("2023-01-01T00:00:00"), "floored to the month's first day, before start")
        XCTAssertTrue(months.contains("2023-12-01T00:00:00"))
        XCTAssertEqual(Set(Gen.strings(b, 3)), ["2020-01-01T00:00:00", "2021-01-01T00:00:00", "2022-01-01T00:00:00",
                                                 "2023-01-01T00:00:00", "2024-01-01T00:00:00"])
        let seconds = Set(Gen.strings(b, 4))
        XCTAssertEqual(seconds.count, 59)
        XCTAssertFalse(seconds.contains("2024-01-01T10:00:59"))
    }

    func testTimedeltaFromReference() throws {
        let b = try Gen.batch([
            Gen.sampler("start", .datetime(start: "2024-01-01", end: "2024-12-31", unit: .day)),
            Gen.sampler("end", .timedelta(dtMin: 1, dtMax: 8, referenceColumn: "start", unit: .day)),
            Gen.sampler("at", .timedelta(dtMin: 0, dtMax: 24, referenceColumn: "start", unit: .hour), convert: .format("%H:%M")),
        ])
        let start = Gen.strings(b, 0), end = Gen.strings(b, 1)
        var offsets = Set<Int64>()
        for (s, e) in zip(start, end) {
            offsets.insert(((DateText.parse(e)?.epochSeconds ?? 0) - (DateText.parse(s)?.epochSeconds ?? 0)) / 86_400)
        }
        XCTAssertEqual(offsets, Set(1 ... 7))  // dt_max is exclusive
        XCTAssertTrue(end.allSatisfy { $0.count == 19 && $0.hasSuffix("T00:00:00") })
        XCTAssertEqual(Set(Gen.strings(b, 2)).count, 24)
        XCTAssertTrue(Gen.strings(b, 2).allSatisfy { $0.count == 5 && $0.hasSuffix(":00") })
    }

    func testConvertToRoundsHalfToEven() throws {
        let b = try Gen.batch([
            Gen.sampler("i", .uniform(low: -5, high: 5, decimalPlaces: nil), convert: .int),
            Gen.sampler("f", .poisson(mean: 3), convert: .float),
            Gen.sampler("s", .bernoulli(p: 0.5), convert: .str),
            Gen.sampler("t", .datetime(start: "2024-03-05", end: "2024-03-06", unit: .day), convert: .format("%d/%m/%Y %a %b %j %H:%M %%")),
            Gen.sampler("h", .category(values: [.double(0.5), .double(1.5), .double(2.5), .double(-0.5)], weights: nil), convert: .int),
            Gen.sampler("g", .uniform(low: 0, high: 1, decimalPlaces: 3), convert: .str),
        ], rows: 1000)
        let u = Gen.ints(b, 0)
        XCTAssertTrue(u.allSatisfy { $0 >= -5 && $0 <= 5 })
        XCTAssertEqual(Set(u).count, 11, "rounded, not truncated: -5 ... 5")
        XCTAssertTrue(Gen.doubles(b, 1).allSatisfy { $0 == $0.rounded() && $0 >= 0 })
        XCTAssertEqual(Set(Gen.strings(b, 2)), ["0", "1"])
        XCTAssertEqual(Set(Gen.strings(b, 3)), ["05/03/2024 Tue Mar 065 00:00 %"])
        XCTAssertEqual(Set(Gen.ints(b, 4)), [0, 2])
        XCTAssertTrue(Gen.strings(b, 5).allSatisfy { Double($0) != nil && $0.count <= 5 })
    }

    func testExpressionsRenderPythonValuesAndCast() throws {
        let b = try Gen.batch([
            Gen.sampler("first", .category(values: [.string("Ada")], weights: nil)),
            Gen.sampler("n", .category(values: [.int(41)], weights: nil)),
            Gen.sampler("x", .category(values: [.double(2.5)], weights: nil)),
            Gen.expression("greeting", "Hi {{ first }}, {{n}} / {{ x }}!"),
            Gen.expression("age", "{{ n }}", .int),
            Gen.expression("score", "{{ x }}", .float),
            Gen.expression("flag", " true ", .bool),
            Gen.expression("again", "{{ greeting }} {{ flag }} {{ n > 40 }}"),
            Gen.expression("math", "{{ n / 2 }} {{ n // 2 }} {{ x * 2 }} {{ first | upper }}"),
        ], rows: 3)
        XCTAssertEqual(Gen.strings(b, 3), Array(repeating: "Hi Ada, 41 / 2.5!", count: 3))
        XCTAssertEqual(Gen.ints(b, 4), [41, 41, 41])
        XCTAssertEqual(Gen.doubles(b, 5), [2.5, 2.5, 2.5])
        // " true ".lower() is not "true": the real tool reads it as False.
        XCTAssertEqual(Gen.bools(b, 6), [false, false, false])
        XCTAssertEqual(Gen.strings(b, 7), Array(repeating: "Hi Ada, 41 / 2.5! False True", count: 3))
        XCTAssertEqual(Gen.strings(b, 8), Array(repeating: "20.5 20 5.0 ADA", count: 3))
        XCTAssertThrowsError(try Gen.batch([Gen.sampler("first", .category(values: [.string("Ada")], weights: nil)),
                                            Gen.expression("num", "{{ first }}", .int)], rows: 2)) {
            XCTAssertTrue("\($0)".hasPrefix("column 'num': Expression column 'num' produced no valid rows"), "\($0)")
        }
    }
}
