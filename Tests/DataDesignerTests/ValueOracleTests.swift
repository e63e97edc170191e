import Foundation
import XCTest
@testable import DataDesigner

/// Value formats computed by the real tool's code (`Fixtures/datadesigner/cases/`): strftime
/// patterns (pandas on Linux) and which convert_to patterns it accepts, datetime flooring per
/// unit (numpy), numpy and Python rounding, convert_to int.
final class ValueOracleTests: XCTestCase {
    func testStrftimePatternsFormatAsPandas() throws {
        guard case .array(let cases) = try DDFixtures.value("cases/strftime.json") else { return XCTFail("cases") }
        var failures: [String] = []
        for c in cases {
            let pattern = c["pattern"]?.text ?? ""
            guard case .array(let dates)? = c["dates"], case .array(let texts)? = c["texts"] else { continue }
            let compiled = StrftimePattern(pattern)
            for (d, t) in zip(dates, texts) {
                guard let parsed = DateText.parse(d.text), let s = parsed.epochSeconds else { failures.append("date \(d.text)"); continue }
                let ours = compiled.format(DateTimeMath.civil(seconds: s))
                if ours != t.text { failures.append("\(pattern) on \(d.text): pandas \(t.text.debugDescription), ours \(ours.debugDescription)") }
            }
            let valid = c["valid"] == .bool(true)
            if StrftimePattern.isDatePattern(pattern) != valid {
                failures.append("\(pattern): the real tool \(valid ? "accepts" : "refuses") it as convert_to, we do not")
            }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }

    func testDatetimeFlooringAsNumpy() throws {
        guard case .array(let cases) = try DDFixtures.value("cases/floor.json") else { return XCTFail("cases") }
        XCTAssertEqual(cases.count, 6)
        for c in cases {
            let unit = DatetimeUnit(rawValue: c["unit"]?.text ?? "") ?? .second
            guard case .array(let seconds)? = c["seconds"], case .array(let texts)? = c["texts"] else { continue }
            for (s, t) in zip(seconds, texts) {
                guard case .int(let v) = s else { continue }
                var out: [UInt8] = []
                DateTimeMath.appendISO(DateTimeMath.civil(seconds: DateTimeMath.floor(v, to: unit)), withTime: true, to: &out)
                XCTAssertEqual(String(decoding: out, as: UTF8.self), t.text, "\(v) floored to \(unit)")
            }
        }
    }

    func testRoundingAsNumpyAndPython() throws {
        guard case .array(let cases) = try DDFixtures.value("cases/rounding.json") else { return XCTFail("cases") }
        for c in cases {
            guard case .array(let values)? = c["values"] else { continue }
            if c["convert_int"] == .bool(true), case .array(let ints)? = c["ints"] {
                for (v, i) in zip(values, ints) {
                    XCTAssertEqual(TextFormat.int(roundingHalfEven: v.number ?? .nan).map { ConfigValue.int($0) }, i, "convert_to int of \(v.text)")
                }
                continue
            }
            guard case .int(let d)? = c["decimals"], case .array(let numpy)? = c["numpy"], case .array(let python)? = c["python"] else { continue }
            for ((v, n), p) in zip(zip(values, numpy), python) {
                let x = v.number ?? .nan
                XCTAssertEqual(PythonRound.numpy(x, Int(d)), n.number, "np.round(\(x), \(d))")
                XCTAssertEqual(PythonRound.round(x, Int(d)), p.number, "round(\(x), \(d))")
            }
        }
    }

    func testDateTextReadsTheFormsPandasReads() {
        XCTAssertEqual(DateText.parse("1970-01-01")?.epochSeconds, 0)
        XCTAssertEqual(DateText.parse("2000-03-01T00:00:00Z")?.epochSeconds, 951_868_800)
        XCTAssertEqual(DateText.parse("2024-02-29 12:30")?.epochSeconds, 1_709_209_800)
        XCTAssertEqual(DateText.parse("1969-12-31T23:59:59")?.epochSeconds, -1)
        XCTAssertEqual(DateText.parse("2020-01-01T00:00:00+02:00")?.epochSeconds, 1_577_829_600)
        XCTAssertEqual(DateText.parse("2020/01/01")?.epochSeconds, 1_577_836_800)
        XCTAssertEqual(DateText.parse("Jan 1 2020")?.epochSeconds, 1_577_836_800)
        XCTAssertEqual(DateText.parse("January 1, 2020")?.epochSeconds, 1_577_836_800)
        XCTAssertEqual(DateText.parse("20200101")?.epochSeconds, 1_577_836_800)
        XCTAssertEqual(DateText.parse("2020")?.epochSeconds, 1_577_836_800)
        XCTAssertEqual(DateText.parse("2020-01-01T10:30:15.5Z")?.epochSeconds, 1_577_874_615)
        for bad in ["", "not a date", "2020-13-01", "2021-02-29", "12", "2020-01-01T25:00", "%Y"] {
            XCTAssertNil(DateText.parse(bad)?.epochSeconds, bad)
        }
    }
}
