import Foundation
import XCTest
@testable import DataDesigner

final class ConfigLoadingTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "config-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let yaml = """
    columns:
      - name: id
        column_type: sampler
        sampler_type: uuid
        params: {prefix: "C-", short_form: true, uppercase: false}
      - name: tier
        column_type: sampler
        sampler_type: category
        params:
          values: [gold, silver, 3]
          weights: [0.5, 0.25, 1]
      - name: level
        column_type: sampler
        sampler_type: subcategory
        params:
          category: tier
          values:
            gold: [g1, g2]
            silver: [s1]
            3: [t1]
      - name: score
        column_type: sampler
        sampler_type: uniform
        params: {low: -1, high: 2.5, decimal_places: 2}
        convert_to: float
      - {name: height, column_type: sampler, sampler_type: gaussian, params: {mean: 170, stddev: 7.5}}
      - {name: active, column_type: sampler, sampler_type: bernoulli, params: {p: 0.3}, convert_to: int}
      - {name: wins, column_type: sampler, sampler_type: binomial, params: {n: 10, p: 0.5}}
      - {name: visits, column_type: sampler, sampler_type: poisson, params: {mean: 4}}
      - name: joined
        column_type: sampler
        sampler_type: datetime
        params: {start: 2024-01-01, end: "2024-12-31T23:59:59", unit: h}
        convert_to: "%Y/%m/%d"
      - name: renewed
        column_type: sampler
        sampler_type: timedelta
        params: {dt_min: 1, dt_max: 30, reference_column_name: joined, unit: D}
      - name: label
        column_type: expression
        expr: "{{ id }}-{{tier}} ({{ score }})"
      - {name: big, column_type: expression, expr: "{{ wins }}", dtype: int, drop: false}
    """

    static let json = """
    {"columns": [
      {"name": "id", "column_type": "sampler", "sampler_type": "uuid", "params": {"prefix": "C-", "short_form": true, "uppercase": false}},
      {"name": "tier", "column_type": "sampler", "sampler_type": "category", "params": {"values": ["gold", "silver", 3], "weights": [0.5, 0.25, 1]}},
      {"name": "level", "column_type": "sampler", "sampler_type": "subcategory", "params": {"category": "tier", "values": {"gold": ["g1", "g2"], "silver": ["s1"], "3": ["t1"]}}},
      {"name": "score", "column_type": "sampler", "sampler_type": "uniform", "params": {"low": -1, "high": 2.5, "decimal_places": 2}, "convert_to": "float"},
      {"name": "height", "column_type": "sampler", "sampler_type": "gaussian", "params": {"mean": 170, "stddev": 7.5}},
      {"name": "active", "column_type": "sampler", "sampler_type": "bernoulli", "params": {"p": 0.3}, "convert_to": "int"},
      {"name": "wins", "column_type": "sampler", "sampler_type": "binomial", "params": {"n": 10, "p": 0.5}},
      {"name": "visits", "column_type": "sampler", "sampler_type": "poisson", "params": {"mean": 4}},
      {"name": "joined", "column_type": "sampler", "sampler_type": "datetime", "params": {"start": "2024-01-01", "end": "2024-12-31T23:59:59", "unit": "h"}, "convert_to": "%Y/%m/%d"},
      {"name": "renewed", "column_type": "sampler", "sampler_type": "timedelta", "params": {"dt_min": 1, "dt_max": 30, "reference_column_name": "joined", "unit": "D"}},
      {"name": "label", "column_type": "expression", "expr": "{{ id }}-{{tier}} ({{ score }})"},
      {"name": "big", "column_type": "expression", "expr": "{{ wins }}", "dtype": "int", "drop": false}
    ]}
    """

    func testModelFromYAML() throws {
        let c = try DatasetConfig.parse(Self.yaml, format: .yaml, file: "c.yaml")
        XCTAssertEqual(c.columns.map(\.name), ["id", "tier", "level", "score", "height", "active", "wins", "visits",
                                               "joined", "renewed", "label", "big"])
        func sampler(_ i: Int) -> Sampler? {
            if case .sampler(let s) = c.columns[i].kind { return s }
            return nil
        }
        guard case .uuid(let prefix, let short, let upper)? = sampler(0) else { return XCTFail("uuid") }
        XCTAssertEqual(prefix, "C-"); XCTAssertTrue(short); XCTAssertFalse(upper)
        guard case .category(let values, let weights)? = sampler(1) else { return XCTFail("category") }
        XCTAssertEqual(values, [.string("gold"), .string("silver"), .int(3)])
        XCTAssertEqual(weights, [0.5, 0.25, 1])
        guard case .subcategory(let parent, let groups)? = sampler(2) else { return XCTFail("subcategory") }
        XCTAssertEqual(parent, "tier")
        XCTAssertEqual(groups.map(\.parent), [.string("gold"), .string("silver"), .int(3)])
        XCTAssertEqual(groups.map(\.values), [[.string("g1"), .string("g2")], [.string("s1")], [.string("t1")]])
        guard case .uniform(let low, let high, let dp)? = sampler(3) else { return XCTFail("uniform") }
        XCTAssertEqual(low, -1); XCTAssertEqual(high, 2.5); XCTAssertEqual(dp, 2)
        XCTAssertEqual(c.columns[3].convertTo, .float)
        guard case .gaussian(170, 7.5, nil)? = sampler(4) else { return XCTFail("gaussian") }
        guard case .bernoulli(0.3)? = sampler(5) else { return XCTFail("bernoulli") }
        XCTAssertEqual(c.columns[5].convertTo, .int)
        guard case .binomial(10, 0.5)? = sampler(6) else { return XCTFail("binomial") }
        guard case .poisson(4)? = sampler(7) else { return XCTFail("poisson") }
        guard case .datetime("2024-01-01", "2024-12-31T23:59:59", .hour)? = sampler(8) else { return XCTFail("datetime") }
        XCTAssertEqual(c.columns[8].convertTo, .format("%Y/%m/%d"))
        guard case .timedelta(1, 30, "joined", .day)? = sampler(9) else { return XCTFail("timedelta") }
        guard case .expression(let template, .str) = c.columns[10].kind else { return XCTFail("expression") }
        XCTAssertEqual(template, "{{ id }}-{{tier}} ({{ score }})")
        XCTAssertEqual(try ExpressionTemplate.parts(of: template),
                       [.reference("id"), .literal("-"), .reference("tier"), .literal(" ("), .reference("score"), .literal(")")])
        guard case .expression("{{ wins }}", .int) = c.columns[11].kind else { return XCTFail("expression dtype") }
        XCTAssertTrue(c.fingerprint.hasPrefix("sha256:"))
        XCTAssertEqual(c.fingerprint.count, 7 + 64)
    }

    func testSameConfigInJSONAndYAMLHasTheSameFingerprint() throws {
        let y = try DatasetConfig.parse(Self.yaml, format: .yaml, file: "c.yaml")
        let j = try DatasetConfig.parse(Self.json, format: .json, file: "c.json")
        XCTAssertEqual(y.value.canonicalJSONString, j.value.canonicalJSONString)
        XCTAssertEqual(y.fingerprint, j.fingerprint)
        XCTAssertEqual(y.fingerprint, j.value.fingerprint)
        // Stable across runs: a changed param changes it.
        let changed = try DatasetConfig.parse(Self.yaml.replacingOccurrences(of: "p: 0.3", with: "p: 0.31"), format: .yaml, file: "c.yaml")
        XCTAssertNotEqual(changed.fingerprint, y.fingerprint)
    }

    func testLoadByExtensionWrappedAndBare() throws {
        let wrappedYAML = "data_designer:\n" + Self.yaml.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n")
        let paths = [
            try write("a.yaml", Self.yaml),
            try write("b.yml", wrappedYAML),
            try write("c.json", Self.json),
            try write("d.JSON", "{\"data_designer\": \(Self.json)}"),
            try write("e.YML", Self.yaml),
        ]
        let configs = try paths.map { try DatasetConfig.load(path: $0) }
        for c in configs {
            XCTAssertEqual(c.columns.count, 12)
            XCTAssertEqual(c.fingerprint, configs[0].fingerprint)
            XCTAssertNil(c.value["data_designer"])
            XCTAssertNotNil(c.value["columns"])
        }
    }

    func testLoadRefusals() throws {
        let txt = try write("c.txt", Self.yaml)
        let none = try write("noext", Self.yaml)
        let bad = dir + "/bad.yaml"
        try Data([0x61, 0x3A, 0x20, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: bad))
        let sub = dir + "/folder.yaml"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        let syntax = try write("s.yaml", "columns:\n  - name: [x\n")
        let cases: [(String, String)] = [
            (txt, "unsupported config format (extension '.txt')"),
            (none, "unsupported config format (no extension)"),
            (dir + "/missing.yaml", "no such file"),
            (bad, "not valid UTF-8"),
            (sub, "is a directory"),
            (syntax, "unterminated flow sequence"),
        ]
        for (path, fragment) in cases {
            XCTAssertThrowsError(try DatasetConfig.load(path: path)) { e in
                guard let e = e as? ConfigError else { return XCTFail("\(e)") }
                XCTAssertEqual(e.file, path)
                XCTAssertTrue(e.message.contains(fragment), e.description)
                XCTAssertTrue(e.description.hasPrefix(path), e.description)
            }
        }
        XCTAssertThrowsError(try DatasetConfig.load(path: syntax)) { e in
            XCTAssertEqual((e as? ConfigError)?.description, "\(syntax):2:11: unterminated flow sequence")
        }
    }

    func testTopLevelRefusals() {
        let cases: [(String, String)] = [
            ("- a\n", "must be a mapping with a 'columns' list, not a list"),
            ("", "must be a mapping with a 'columns' list, not null"),
            ("other: 1\n", "unknown top-level key 'other'"),
            ("model_configs: []\n", "missing 'columns' list"),
            ("columns: {}\n", "'columns' must be a list, not a mapping"),
            ("columns: []\n", "'columns' is empty"),
            ("columns: [1]\n", "columns[0] must be a mapping, not an integer"),
            ("columns: [{column_type: sampler}]\n", "columns[0] has no 'name'"),
            ("columns: [{name: ''}]\n", "columns[0]: 'name' must be a non-empty string"),
            ("columns: [{name: 5}]\n", "columns[0]: 'name' must be a non-empty string"),
            ("data_designer: [1]\n", "'data_designer' must be a mapping"),
            ("data_designer: {columns: []}\nextra: 1\n", "unexpected top-level key 'extra' beside 'data_designer'"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {path: x}\n", "unknown key 'path' in seed_config"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {source: {seed_type: hf, path: x}}\n", "seed source type 'hf' is not supported"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {source: {path: missing.csv}}\n", "seed file 'missing.csv' does not exist"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {source: {path: data.txt}}\n", "must be in parquet, csv, or jsonl/json format"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {source: {path: x.csv}, sampling_strategy: random}\n", "is not one of ordered, shuffle"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {source: {path: x.csv}, selection_strategy: {start: 3, end: 1}}\n", "'start' index must be less than or equal to 'end' index"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {source: {path: x.csv}, selection_strategy: {index: 2, num_partitions: 2}}\n", "'index' must be less than 'num_partitions'"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {source: {path: x.csv}, selection_strategy: {start: 1}}\n", "needs 'end'"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nconstraints: [1]\n", "'constraints' is not supported"),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try DatasetConfig.parse(text, format: .yaml, file: "t.yaml"), text) { e in
                guard let e = e as? ConfigError else { return XCTFail("\(e)") }
                XCTAssertEqual(e.file, "t.yaml")
                XCTAssertNil(e.column)
                XCTAssertTrue(e.message.contains(fragment), "\(text): \(e.description)")
            }
        }
        XCTAssertNoThrow(try DatasetConfig.parse("model_configs: [{alias: x}]\nseed_config: null\nconstraints: []\ncolumns: [{name: a, column_type: expression, expr: x}]\n",
                                                 format: .yaml, file: "t.yaml"))
    }

    func testErrorDescriptionFormats() {
        XCTAssertEqual(ConfigError("bad", file: "f.yaml", line: 3, col: 7).description, "f.yaml:3:7: bad")
        XCTAssertEqual(ConfigError("low (5) is greater than high (1)", file: "f.yaml", column: "age", param: "low").description,
                       "f.yaml: column 'age', param 'low': low (5) is greater than high (1)")
        XCTAssertEqual(ConfigError("x", file: "f.json", column: "c").description, "f.json: column 'c': x")
        XCTAssertEqual(ConfigError("x").description, "<config>: x")
    }

    func testConfigDate() throws {
        XCTAssertEqual(ConfigDate.parse("1970-01-01")?.epochSeconds, 0)
        XCTAssertEqual(ConfigDate.parse("2000-03-01T00:00:00Z")?.epochSeconds, 951_868_800)
        XCTAssertEqual(ConfigDate.parse("2024-02-29 12:30")?.epochSeconds, 1_709_209_800)
        XCTAssertEqual(ConfigDate.parse("2024-01-01T00:00:00.5")?.nanosecond, 500_000_000)
        XCTAssertEqual(ConfigDate.parse("1969-12-31T23:59:59")?.epochSeconds, -1)
        XCTAssertEqual(ConfigDate.parse("2024-05-06")?.isDateOnly, true)
        for bad in ["", "2024", "2024-1-01", "2023-02-29", "2024-13-01", "2024-04-31", "0000-01-01", "2024-01-01T24:00",
                    "2024-01-01T10:60", "2024-01-01T10:00:60", "2024-01-01T10", "2024-01-01x", "2024-01-01T10:00+02:00",
                    "2024-01-01T10:00:00.", "2024-01-01T10:00:00.1234567891"] {
            XCTAssertNil(ConfigDate.parse(bad), bad)
        }
        let a = try XCTUnwrap(ConfigDate.parse("2024-01-01"))
        let b = try XCTUnwrap(ConfigDate.parse("2024-01-01T00:00:00.1"))
        XCTAssertLessThan(a, b)
    }
}
