import Foundation
import XCTest
@testable import DataDesigner

/// Templates, dtype casts and skip conditions evaluated by the real tool's code
/// (`Fixtures/datadesigner/cases/`): every case must give the real result exactly.
final class TemplateOracleTests: XCTestCase {
    /// The record of the template cases as a column-less variables source.
    struct Record: TemplateVariables {
        let names: [String]
        let record: ConfigValue
        mutating func value(of index: Int) -> TemplateValue {
            guard index < names.count, let v = record[names[index]] else { return .undefined }
            return Self.convert(v, json: true)
        }

        /// A JSON value as the real tool gives it to templates (strings holding JSON parsed).
        static func convert(_ v: ConfigValue, json: Bool) -> TemplateValue {
            if case .string(let s) = v { return json ? TemplateValue.fromColumnText(s) : .string(s) }
            return TemplateValue(configScalar: v)
        }
    }

    /// Cases where we differ on purpose (docs/create.md): the real tool renders these and
    /// drops every row (jsonpath needs a mapping; include has no loader), we refuse them when
    /// the config is loaded.
    static let refusedOnPurpose: Set<String> = ["{{ s | jsonpath('$') }}", "{% include 'x' %}"]

    func testTemplatesRenderAsTheRealEngines() throws {
        let doc = try DDFixtures.value("cases/templates.json")
        let record = try XCTUnwrap(doc["record"])
        let cases = try XCTUnwrap(try DDFixtures.json("cases/templates.json") as? [String: Any])["cases"] as? [[String: Any]] ?? []
        XCTAssertGreaterThan(cases.count, 200)
        var failures: [String] = []
        for c in cases {
            let source = try XCTUnwrap(c["template"] as? String)
            let engine = TemplateEngine(rawValue: try XCTUnwrap(c["engine"] as? String)) ?? .secure
            let outcome = try XCTUnwrap(c["outcome"] as? String)
            let got = Self.evaluate(source, engine: engine, record: record)
            if Self.refusedOnPurpose.contains(source) {
                XCTAssertEqual(got, .refused, source)
                continue
            }
            switch outcome {
            case "ok":
                if let text = c["text"] as? String {
                    if got != .ok(text) { failures.append("\(engine) \(source): real \(text.debugDescription), ours \(got)") }
                } else {
                    let n = try XCTUnwrap(c["text_length"] as? Int), prefix = try XCTUnwrap(c["text_prefix"] as? String)
                    guard case .ok(let t) = got, t.unicodeScalars.count == n, t.hasPrefix(prefix) else {
                        failures.append("\(engine) \(source): real \(n) characters, ours \(got)")
                        continue
                    }
                }
            case "dropped":
                if got != .dropped { failures.append("\(engine) \(source): real drops the row, ours \(got)") }
            default:  // refused
                if got != .refused { failures.append("\(engine) \(source): real refuses it, ours \(got)") }
            }
        }
        XCTAssert(failures.isEmpty, "\(failures.count) of \(cases.count) cases differ:\n" + failures.joined(separator: "\n"))
    }

    enum Outcome: Equatable, CustomStringConvertible {
        case ok(String), dropped, refused, limit
        var description: String {
            switch self {
            case .ok(let t): "ok(\(t.count > 80 ? String(t.prefix(80)) + "..." : t))"
            case .dropped: "dropped"
            case .refused: "refused"
            case .limit: "limit"
            }
        }
    }

    /// Compiles (refused: a load-time error, or a reference to a name the record lacks, as
    /// the real tool refuses unknown references) and renders (dropped: the real tool would drop
    /// the row).
    static func evaluate(_ source: String, engine: TemplateEngine, record: ConfigValue) -> Outcome {
        let template: CompiledTemplate
        do {
            template = try CompiledTemplate(source, engine: engine)
        } catch {
            return .refused
        }
        if template.references.contains(where: { record[$0] == nil }) { return .refused }
        var vars = Record(names: template.references, record: record)
        var rng = Xoshiro256StarStar(seed: 1)
        var out: [UInt8] = []
        do {
            try template.render(&vars, limits: TemplateLimits(maxCellBytes: 8 << 20), random: &rng, into: &out)
        } catch TemplateFailure.limit {
            return .limit
        } catch {
            return .dropped
        }
        let text = String(decoding: out, as: UTF8.self)
        if PythonText.strip(text, chars: nil).isEmpty { return .dropped }
        return .ok(text)
    }

    func testDtypeCastsAsTheRealExpressionGenerator() throws {
        guard case .array(let cases) = try DDFixtures.value("cases/casts.json") else { return XCTFail("casts.json") }
        var failures: [String] = []
        for c in cases {
            let dtype = ExpressionType(rawValue: c["dtype"]?.text ?? "") ?? .str
            let text = c["text"]?.text ?? ""
            let outcome = c["outcome"]?.text ?? ""
            let got = ExpressionEvaluator.cast(text, dtype)
            switch outcome {
            case "ok":
                if let f = c["float"]?.text {
                    guard case .double(let d)? = got, PythonText.floatRepr(d) == f else { failures.append("\(dtype) \(text.debugDescription): real \(f), ours \(String(describing: got))"); continue }
                } else if let v = c["value"] {
                    let expected = Record.convert(v, json: false)
                    let ours: TemplateValue?
                    switch got {
                    case .int(let i)?: ours = .int(i)
                    case .double(let d)?: ours = .float(d)
                    case .bool(let b)?: ours = .bool(b)
                    case .string(let s)?: ours = .string(s)
                    default: ours = nil
                    }
                    if ours.map({ TemplateValue.pyEqual($0, expected) && $0.typeName == expected.typeName }) != true {
                        failures.append("\(dtype) \(text.debugDescription): real \(v), ours \(String(describing: got))")
                    }
                }
            default:  // dropped, or an integer beyond 64 bits (dropped here)
                if got != nil { failures.append("\(dtype) \(text.debugDescription): real \(outcome), ours \(String(describing: got))") }
            }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }

    func testSkipWhenAsTheRealSkipEvaluator() throws {
        let doc = try DDFixtures.value("cases/skip.json")
        let record = try XCTUnwrap(doc["record"])
        var failures: [String] = []
        guard case .array(let cases)? = doc["cases"] else { return XCTFail("skip.json") }
        for c in cases where c["outcome"] == .string("ok") {
            let when = c["when"]?.text ?? ""
            let expected = c["skip"] == .bool(true)
            let template = try CompiledTemplate(when, engine: .native)
            if template.references.contains(where: { record[$0] == nil }) {
                // StrictUndefined: a missing name fails the evaluation, which skips.
                if !expected { failures.append("\(when): real false, ours true (missing name)") }
                continue
            }
            var vars = Record(names: template.references, record: record)
            var rng = Xoshiro256StarStar(seed: 1)
            let got = (try? template.evaluateNative(&vars, limits: TemplateLimits(), random: &rng).isTruthy) ?? true
            if got != expected { failures.append("\(when): real \(expected), ours \(got)") }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }
}

/// Templates are config input: no template, however broken or hostile, traps.
final class TemplateRobustnessTests: XCTestCase {
    private func outcome(_ source: String, engine: TemplateEngine = .native) -> TemplateOracleTests.Outcome {
        let record = ConfigValue.object([("s", .string("abc")), ("n", .int(3)), ("l", .string("[1, 2, 3]"))])
        return TemplateOracleTests.evaluate(source, engine: engine, record: record)
    }

    func testEveryPrefixAndMutationOfTheOracleTemplates() throws {
        let doc = try XCTUnwrap(try DDFixtures.json("cases/templates.json") as? [String: Any])
        let sources = (doc["cases"] as? [[String: Any]] ?? []).compactMap { $0["template"] as? String }
        var rng = Xoshiro256StarStar(seed: 9)
        let alphabet = Array("{}%#|()[].,:~+-*/'\"\\ab1 \n")
        var runs = 0
        for source in sources where !source.contains("200000") && !source.contains("600000") && !source.contains("300000") {
            let chars = Array(source)
            for cut in 0...chars.count {
                _ = outcome(String(chars[0..<cut]))
                runs += 1
            }
            for _ in 0..<8 {
                var m = chars
                let at = Int(rng.nextBelow(UInt64(m.count + 1)))
                m.insert(alphabet[Int(rng.nextBelow(UInt64(alphabet.count)))], at: at)
                if m.count > 1 { m.remove(at: Int(rng.nextBelow(UInt64(m.count)))) }
                _ = outcome(String(m))
                runs += 1
            }
        }
        XCTAssertGreaterThan(runs, 5000)
    }

    func testHostileSizesHitTheLimitsInsteadOfAllocating() {
        for source in ["{{ 'x' | center(10000000000) }}", "{{ s.zfill(999999999999) }}", "{{ s.ljust(99999999999, 'y') }}",
                       "{{ ('x' * 1000) | replace('', 'yyyyyyyyyy' * 1000) }}", "{{ s * 99999999999 }}",
                       "{{ [1] * 9999999999 }}", "{{ l[::9223372036854775807] }}", "{{ 2 ** 9999 }}",
                       "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"] {
            let o = outcome(source)
            XCTAssertTrue(o == .limit || o == .dropped || { if case .ok = o { true } else { false } }(), "\(source): \(o)")
        }
        XCTAssertEqual(outcome("{{ 'x' | center(10000000000) }}"), .limit)
        XCTAssertEqual(outcome("{{ s * 99999999999 }}"), .limit)
        XCTAssertEqual(outcome("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"), .limit)
    }
}
