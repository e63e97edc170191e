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
            "3": [t1]
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
        params: {start: "2024-01-01", end: "2024-12-31T23:59:59", unit: h}
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

    func testSameConfigInJSONAndYAMLHasTheSameFingerprint() throws {
        let y = try DatasetConfig.parse(Self.yaml, format: .yaml, file: "c.yaml")
        let j = try DatasetConfig.parse(Self.json, format: .json, file: "c.json")
        XCTAssertEqual(y.value.canonicalJSONString, j.value.canonicalJSONString)
        XCTAssertEqual(y.fingerprint, j.fingerprint)
        XCTAssertEqual(y.fingerprint, ConfigHash.fingerprint(of: j.value))
        // A changed param changes it.
        let changed = try DatasetConfig.parse(Self.yaml.replacingOccurrences(of: "p: 0.3", with: "p: 0.31"), format: .yaml, file: "c.yaml")
        XCTAssertNotEqual(changed.fingerprint, y.fingerprint)
        // Fields that do not change the data do not change it (the real tool's exclusions).
        let withModels = Self.yaml + "\nmodel_configs: [{alias: m, model: x, skip_health_check: true, inference_parameters: {timeout: 5}}]\nprofilers: [{model_alias: m, summary_score_sample_size: 5}]\n"
        let withOtherModels = Self.yaml + "\nmodel_configs: [{alias: m, model: x, skip_health_check: false, inference_parameters: {timeout: 9}}]\n"
        XCTAssertEqual(try DatasetConfig.parse(withModels, format: .yaml, file: "c.yaml").fingerprint,
                       try DatasetConfig.parse(withOtherModels, format: .yaml, file: "c.yaml").fingerprint)
    }

    func testLoadByExtensionWrappedAndBare() throws {
        let wrappedYAML = "data_designer:\n" + Self.yaml.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n") + "\nlibrary_version: 0.9.7\n"
        let paths = [
            try write("a.yaml", Self.yaml),
            try write("b.yml", wrappedYAML),
            try write("c.json", Self.json),
            try write("d.JSON", "{\"data_designer\": \(Self.json), \"library_version\": null}"),
            try write("e.YML", Self.yaml),
        ]
        let configs = try paths.map { try DatasetConfig.load(path: $0) }
        for c in configs {
            XCTAssertEqual(c.columns.count, 12)
            XCTAssertEqual(c.fingerprint, configs[0].fingerprint)
            XCTAssertNil(c.value["data_designer"])
            XCTAssertNotNil(c.value["columns"])
        }
        XCTAssertEqual(configs[1].libraryVersion, "0.9.7")
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
            ("- a\n", "must be a mapping with 'data_designer' (or 'columns'), not a list"),
            ("", "not null"),
            ("other: 1\n", "unknown top-level key 'other'"),
            ("model_configs: []\n", "unknown top-level key 'model_configs'"),
            ("columns: {}\n", "'columns' must be a list, not a mapping"),
            ("columns: []\n", "'columns' is empty"),
            ("columns: [1]\n", "columns[0] must be a mapping, not an integer"),
            ("columns: [{column_type: sampler}]\n", "columns[0] has no 'name'"),
            ("columns: [{name: ''}]\n", "columns[0]: 'name' must be a non-empty string"),
            ("columns: [{name: 5}]\n", "columns[0]: 'name' must be a non-empty string"),
            ("data_designer: [1]\n", "'data_designer' must be a mapping"),
            ("data_designer: {columns: []}\nextra: 1\n", "unknown top-level key 'extra'"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nseed_config: {path: x}\n", "unknown key 'path' in seed_config"),
            ("columns: [{name: a, column_type: expression, expr: x}]\nconstraints: [1]\n", "constraints[0] must be a mapping"),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try DatasetConfig.parse(text, format: .yaml, file: "t.yaml"), text) { e in
                guard let e = e as? ConfigError else { return XCTFail("\(e)") }
                XCTAssertEqual(e.file, "t.yaml")
                XCTAssertNil(e.column)
                XCTAssertTrue(e.message.contains(fragment), "\(text): \(e.description)")
            }
        }
        XCTAssertNoThrow(try DatasetConfig.parse("model_configs: [{alias: x, model: y}]\nseed_config: null\nconstraints: []\ncolumns: [{name: a, column_type: expression, expr: x}]\n",
                                                 format: .yaml, file: "t.yaml"))
    }

    func testErrorDescriptionFormats() {
        XCTAssertEqual(ConfigError("bad", file: "f.yaml", line: 3, col: 7).description, "f.yaml:3:7: bad")
        XCTAssertEqual(ConfigError("low (5) is greater than high (1)", file: "f.yaml", column: "age", param: "low").description,
                       "f.yaml: column 'age', param 'low': low (5) is greater than high (1)")
        XCTAssertEqual(ConfigError("x", file: "f.json", column: "c").description, "f.json: column 'c': x")
        XCTAssertEqual(ConfigError("x").description, "<config>: x")
    }
}
