import XCTest
@testable import DataDesigner

/// Every validation refusal: the error names the file, the column and the param (the key).
final class ConfigValidationTests: XCTestCase {
    /// Columns the cases may reference.
    private static let prelude = """
    columns:
      - {name: tier, column_type: sampler, sampler_type: category, params: {values: [gold, silver, 7]}}
      - {name: when, column_type: sampler, sampler_type: datetime, params: {start: "2024-01-01", end: "2024-06-30"}}
      - {name: num, column_type: sampler, sampler_type: uniform, params: {low: 0, high: 1}}

    """

    private func sampler(_ type: String, _ params: String, extra: String = "") -> String {
        "  - {name: x, column_type: sampler, sampler_type: \(type), params: \(params)\(extra)}\n"
    }

    /// (columns text after the prelude, column, param, message fragment)
    private var cases: [(String, String, String, String)] {
        [
            // uniform / gaussian / decimal places
            (sampler("uniform", "{low: 5, high: 1}"), "x", "low", "low (5) is greater than high (1)"),
            (sampler("uniform", "{low: 1}"), "x", "high", "missing required field 'high'"),
            (sampler("uniform", "{low: a, high: 1}"), "x", "low", "low must be a number, not a string"),
            (sampler("uniform", "{low: -.inf, high: 1}"), "x", "low", "finite number"),
            (sampler("uniform", "{low: 0, high: 1, decimal_places: 1.5}"), "x", "decimal_places", "must be an integer"),
            (sampler("gaussian", "{mean: 0, stddev: -1}"), "x", "stddev", "stddev must not be negative (-1)"),
            // probabilities and counts
            (sampler("bernoulli", "{p: 1.5}"), "x", "p", "p (1.5) must be between 0 and 1"),
            (sampler("bernoulli", "{p: -0.1}"), "x", "p", "between 0 and 1"),
            (sampler("binomial", "{n: 10, p: 2}"), "x", "p", "between 0 and 1"),
            (sampler("binomial", "{n: -1, p: 0.5}"), "x", "n", "n must not be negative (-1)"),
            (sampler("binomial", "{n: 2.5, p: 0.5}"), "x", "n", "n must be an integer"),
            (sampler("poisson", "{mean: -3}"), "x", "mean", "mean must not be negative"),
            // category
            (sampler("category", "{values: []}"), "x", "values", "must hold at least one value"),
            (sampler("category", "{values: a}"), "x", "values", "values must be a list, not a string"),
            (sampler("category", "{values: [a, [b]]}"), "x", "values", "only strings and numbers, found a list"),
            (sampler("category", "{values: [a, null]}"), "x", "values", "found null"),
            (sampler("category", "{values: [a, b], weights: [1]}"), "x", "weights", "weights has 1 entries but values has 2"),
            (sampler("category", "{values: [a, b], weights: [1, -1]}"), "x", "weights", "weights must not be negative"),
            (sampler("category", "{values: [a, b], weights: [0, 0.0]}"), "x", "weights", "'weights' must sum to a non-zero value"),
            (sampler("category", "{values: [a, b], weights: [1, x]}"), "x", "weights", "finite numbers"),
            (sampler("category", "{values: [a, b], weights: 3}"), "x", "weights", "must be a list of numbers"),
            (sampler("category", "{values: [a, b]}", extra: ", convert_to: int"), "x", "convert_to", "needs numeric values"),
            (sampler("category", "{values: [a, b]}", extra: ", convert_to: '%Y'"), "x", "convert_to", "Must be one of: [float, int, str]"),
            // subcategory
            (sampler("subcategory", "{category: nope, values: {}}"), "x", "params.category", "unknown column 'nope'"),
            (sampler("subcategory", "{category: num, values: {}}"), "x", "params.category", "Subcategory parents must be sampler columns with sampler_type='category'"),
            (sampler("subcategory", "{category: tier, values: {gold: [a], silver: [b], 7: [c], bronze: [d]}}"),
             "x", "params.values", "need attention: bronze"),
            (sampler("subcategory", "{category: tier, values: {gold: [a], 7: [c]}}"),
             "x", "params.values", "need attention: silver"),
            (sampler("subcategory", "{category: tier, values: {gold: [a], silver: [], 7: [c]}}"), "x", "params.values", "non-empty values"),
            (sampler("subcategory", "{category: tier, values: [a]}"), "x", "values", "must be a mapping"),
            (sampler("subcategory", "{category: tier}"), "x", "values", "missing required field 'values'"),
            // datetime
            (sampler("datetime", "{start: '2024-05-01', end: '2024-04-30'}"), "x", "end", "must be after start"),
            (sampler("datetime", "{start: '2024-05-01', end: '2024-05-01'}"), "x", "end", "end is exclusive"),
            (sampler("datetime", "{start: '2024-13-01', end: '2024-12-30'}"), "x", "start", "Invalid datetime format: 2024-13-01"),
            (sampler("datetime", "{start: '2024-01-01', end: 'soon'}"), "x", "end", "Invalid datetime format: soon"),
            (sampler("datetime", "{start: 2024, end: '2025-01-01'}"), "x", "start", "start must be a string, not an integer"),
            (sampler("datetime", "{start: '2024-01-01', end: '2025-01-01', unit: W}"), "x", "unit", "unit 'W' is not one of Y, M, D, h, m, s"),
            (sampler("datetime", "{start: '2024-01-01', end: '2025-01-01'}", extra: ", convert_to: int"), "x", "convert_to", "Invalid datetime format: int"),
            (sampler("datetime", "{start: '2024-01-01', end: '2025-01-01'}", extra: ", convert_to: '%j'"), "x", "convert_to", "reads back as a date"),
            // timedelta
            (sampler("timedelta", "{dt_min: 5, dt_max: 1, reference_column_name: when}"), "x", "dt_min", "'dt_min' must be less than 'dt_max'"),
            (sampler("timedelta", "{dt_min: -1, dt_max: 1, reference_column_name: when}"), "x", "dt_min", "at least 0"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: nope}"), "x", "params.reference_column_name", "unknown column 'nope'"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: tier}"), "x", "params.reference_column_name", "column 'tier' is not a datetime sampler column"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: when, unit: Y}"), "x", "unit", "unit 'Y' is not one of D, h, m, s"),
            (sampler("timedelta", "{dt_min: 1.5, dt_max: 5, reference_column_name: when}"), "x", "dt_min", "must be an integer"),
            // uuid and convert_to
            (sampler("uuid", "{prefix: 5}"), "x", "prefix", "prefix must be a string"),
            (sampler("uuid", "{short_form: maybe}"), "x", "short_form", "must be true or false"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", convert_to: '%Y'"), "x", "convert_to", "Must be one of: [float, int, str]"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", convert_to: 5"), "x", "convert_to", "convert_to must be a string"),
            // types, keys and names
            ("  - {name: x, column_type: llm-text, prompt: hi, model_alias: m}\n", "x", "column_type", "column type 'llm-text' is not supported"),
            ("  - {name: x, column_type: llm-judge}\n", "x", "column_type", "calls a language model"),
            ("  - {name: x, column_type: embedding}\n", "x", "column_type", "not supported"),
            ("  - {name: x, column_type: image}\n", "x", "column_type", "not supported"),
            ("  - {name: x, column_type: validation}\n", "x", "column_type", "not supported"),
            ("  - {name: x, column_type: custom}\n", "x", "column_type", "not supported"),
            ("  - {name: x, column_type: seed-dataset}\n", "x", "column_type", "column type 'seed-dataset' is not supported"),
            ("  - {name: x, column_type: magic}\n", "x", "column_type", "unknown column type 'magic'"),
            ("  - {name: x}\n", "x", "column_type", "missing 'column_type'"),
            ("  - {name: x, column_type: [sampler]}\n", "x", "column_type", "must be a string"),
            (sampler("person", "{locale: en_US}"), "x", "sampler_type", "managed Nemotron-Personas datasets"),
            (sampler("zipf", "{}"), "x", "sampler_type", "unknown sampler type 'zipf'"),
            ("  - {name: x, column_type: sampler, params: {}}\n", "x", "sampler_type", "missing 'sampler_type'"),
            ("  - {name: x, column_type: sampler, sampler_type: uniform}\n", "x", "params", "missing 'params'"),
            ("  - {name: x, column_type: sampler, sampler_type: uuid}\n", "x", "params", "missing 'params'"),
            (sampler("uniform", "[1, 2]"), "x", "params", "params must be a mapping, not a list"),
            (sampler("uniform", "{low: 0, hgh: 1}"), "x", "hgh", "unknown key 'hgh' in params"),
            (sampler("uniform", "{low: 0, high: 1, sampler_type: gaussian}"), "x", "sampler_type", "does not match the column's sampler_type"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", colour: red"), "x", "colour", "unknown key 'colour'"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", description: red"), "x", "description", "unknown key 'description'"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", drop: maybe"), "x", "drop", "must be true or false"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", conditional_params: {'tier == 7': {p: 1}}"), "x", "conditional_params.tier == 7.p", "unknown key 'p'"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", conditional_params: {'nope > 1': {low: 1, high: 2}}"), "x", "conditional_params.nope > 1", "not a column"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", skip: {when: '{{ num }}'}"), "x", "skip", "skip is not supported on sampler columns"),
            ("  - {name: tier, column_type: expression, expr: a}\n", "tier", "name", "duplicate column name"),
            // expressions
            ("  - {name: x, column_type: expression, expr: '{{ nope }}'}\n", "x", "expr", "references missing column 'nope'"),
            ("  - {name: x, column_type: expression, expr: 'a {{x}}'}\n", "x", "expr", "reads the column itself"),
            ("  - {name: x, column_type: expression, expr: '{{ y }}'}\n  - {name: y, column_type: expression, expr: '{{ x }}'}\n",
             "x", "", "cycle"),
            ("  - {name: x, column_type: expression, expr: '{{ tier | nosuch }}'}\n", "x", "expr", "unknown or unsupported filter 'nosuch'"),
            ("  - {name: x, column_type: expression, expr: '{{ tier | join }}'}\n", "x", "expr", "not permitted by the secure template engine"),
            ("  - {name: x, column_type: expression, expr: '{% if tier %}'}\n", "x", "expr", "missing '{% elif"),
            ("  - {name: x, column_type: expression, expr: 'a {{ tier '}\n", "x", "expr", "unclosed tag"),
            ("  - {name: x, column_type: expression, expr: '{{ }}'}\n", "x", "expr", "expected an expression"),
            ("  - {name: x, column_type: expression, expr: '   '}\n", "x", "expr", "empty or whitespace-only expression"),
            ("  - {name: x, column_type: expression}\n", "x", "expr", "missing required field 'expr'"),
            ("  - {name: x, column_type: expression, expr: 5}\n", "x", "expr", "expr must be a string"),
            ("  - {name: x, column_type: expression, expr: a, dtype: date}\n", "x", "dtype", "dtype 'date' is not one of int, float, str, bool"),
            ("  - {name: x, column_type: expression, expr: a, convert_to: int}\n", "x", "convert_to", "unknown key 'convert_to'"),
            ("  - {name: x, column_type: expression, expr: '{{ tier }}', skip: {when: 'tier'}}\n", "x", "skip.when", "does not reference any columns"),
            ("  - {name: x, column_type: expression, expr: '{{ tier }}', skip: {when: '{{ x }}'}}\n", "x", "skip.when", "references itself"),
            ("  - {name: x, column_type: expression, expr: '{{ tier }}', skip: {when: '{{ tier }}', other: 1}}\n", "x", "skip.other", "unknown key 'other'"),
            ("  - {name: x, column_type: expression, expr: '{{ tier }}', dtype: int, skip: {when: '{{ tier }}', value: abc}}\n", "x", "skip.value", "cannot be converted to int"),
        ]
    }

    func testEveryRefusalNamesColumnAndParam() {
        for (text, column, param, fragment) in cases {
            let source = Self.prelude + text
            XCTAssertThrowsError(try DatasetConfig.parse(source, format: .yaml, file: "v.yaml"), text) { e in
                guard let e = e as? ConfigError else { return XCTFail("\(text): \(e)") }
                XCTAssertEqual(e.file, "v.yaml", text)
                XCTAssertEqual(e.column, column, "\(text): \(e)")
                if !param.isEmpty { XCTAssertEqual(e.param, param, "\(text): \(e)") }
                XCTAssertTrue(e.message.contains(fragment), "\(text): \(e.message)")
            }
        }
    }

    func testTopLevelRefusalsNameTheKey() {
        let column = "{name: a, column_type: sampler, sampler_type: bernoulli, params: {p: 0.5}}"
        let cases: [(String, String)] = [
            ("data_designer: {columns: [\(column)]}\nextra: 1\n", "unknown top-level key 'extra'"),
            ("data_designer: {columns: [\(column)], colums: []}\n", "unknown key 'colums' in data_designer"),
            ("data_designer: [1]\n", "'data_designer' must be a mapping"),
            ("library_version: 0.9.7\n", "missing 'data_designer'"),
            ("columns: []\n", "'columns' is empty"),
            ("columns: 5\n", "'columns' must be a list"),
            ("columns: [\(column)]\nconstraints: [{target_column: a, rhs: 1, operator: eq}]\n", "operator 'eq' is not one of lt, le, gt, ge"),
            ("columns: [\(column)]\nconstraints: [{target_column: zz, rhs: 1, operator: lt}]\n", "missing in the definitions of your sampler columns"),
            ("columns: [\(column)]\nprocessors: [{name: d, processor_type: drop_columns, column_names: [zz]}]\n", "is configured to drop column 'zz'"),
            ("columns: [\(column)]\nprocessors: [{name: d, processor_type: schema_transform, template: {}}]\n", "the template has no keys"),
            ("columns: [\(column)]\nprocessors: [{name: d, processor_type: schema_transform, template: {a: '{{ a | nope }}'}}]\n", "outside the supported Jinja2 subset"),
            ("columns: [\(column)]\nprocessors: [{name: d, processor_type: drop_columns, column_names: [a]}]\n", "all columns are dropped"),
            ("columns: [\(column)]\nseed_config: {source: {seed_type: local, path: s.csv}, sampling_strategy: random}\n", "sampling_strategy 'random'"),
            ("columns: [\(column)]\nseed_config: {source: {seed_type: local, path: s.csv}, selection_strategy: {start: 5, end: 1}}\n", "'start' index must be less than or equal to 'end' index"),
            ("columns: [\(column)]\nmodel_configs: [{alias: m}]\n", "missing required field 'model'"),
            ("columns: [\(column)]\nprofilers: [{model_alias: m, extra: 1}]\n", "unknown key 'extra'"),
            ("columns: [\(column)]\nprofilers: [{}]\n", "'model_alias'"),
            ("columns: [\(column)]\nprofilers: [{model_alias: m, summary_score_sample_size: 0}]\n", "must be at least 1"),
            ("columns: [\(column)]\ntool_configs: [{tool_alias: t, extra: 1}]\n", "unknown key 'extra'"),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try DatasetConfig.parse(text, format: .yaml, file: "t.yaml"), text) { e in
                XCTAssertTrue("\(e)".contains(fragment), "\(text): \(e)")
                XCTAssertTrue("\(e)".hasPrefix("t.yaml"), "\(e)")
            }
        }
    }

    func testAcceptedShapes() throws {
        let column = "{name: a, column_type: sampler, sampler_type: bernoulli, params: {p: '0.5', sampler_type: bernoulli}, drop: false, skip: null, propagate_skip: true, conditional_params: {}, convert_to: null}"
        let c = try DatasetConfig.parse("""
        library_version: 0.9.7
        data_designer:
          columns:
            - \(column)
            - {name: b, column_type: sampler, sampler_type: binomial, params: {n: 10.0, p: 0.5}}
            - {name: e, column_type: expression, expr: '{{ a + b }}', dtype: int, skip: {when: '{{ a == 0 }}', value: -1.5}}
            - {name: f, column_type: expression, expr: '{{ g }}-{{ a }}'}
            - {name: g, column_type: expression, expr: '{{ e }}'}
          model_configs: [{alias: m, model: x, provider: nvidia, inference_parameters: {temperature: 0.5}}]
          tool_configs: []
          seed_config: null
          constraints: null
          profilers: null
          processors: null
        """, format: .yaml, file: "ok.yaml")
        XCTAssertEqual(c.libraryVersion, "0.9.7")
        XCTAssertEqual(c.columns.map(\.name), ["a", "b", "e", "f", "g"])
        guard case .sampler(.bernoulli(let p)) = c.columns[0].kind, case .sampler(.binomial(let n, _)) = c.columns[1].kind else {
            return XCTFail("kinds")
        }
        XCTAssertEqual(p, 0.5)
        XCTAssertEqual(n, 10)
        XCTAssertEqual(c.columns[2].skip, SkipRule(when: "{{ a == 0 }}", value: .int(-1)))
        // An expression may read a later column: generation follows the dependencies.
        let plan = try GenerationPlan(config: c)
        XCTAssertEqual(plan.expressions.map(\.name), ["e", "g", "f"])
        // The serialized form fills in every field.
        XCTAssertEqual(c.value["columns"]?.canonicalJSONString.contains("\"propagate_skip\":true"), true)
        XCTAssertEqual(c.value["constraints"], .null)
    }

    func testSeedConfigIsParsedForTheSeedingCode() throws {
        let c = try DatasetConfig.parse("""
        columns: [{name: e, column_type: expression, expr: '{{ q }}'}]
        seed_config: {source: {seed_type: local, path: seed.parquet}, sampling_strategy: shuffle, selection_strategy: {index: 1, num_partitions: 3}}
        """, format: .yaml, file: "s.yaml")
        XCTAssertEqual(c.seedConfig, SeedConfig(source: .local(path: "seed.parquet"), sampling: .shuffle, selection: .partition(index: 1, count: 3)))
        XCTAssertEqual(c.value["seed_config"]?["sampling_strategy"], .string("shuffle"))
        XCTAssertEqual(c.columns.map(\.name), ["e"], "no internal row id with a seed dataset")
        XCTAssertThrowsError(try GenerationPlan(config: c)) { XCTAssertTrue("\($0)".contains("seed_config")) }
    }
}
