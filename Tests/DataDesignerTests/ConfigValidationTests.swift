import XCTest
@testable import DataDesigner

/// Every validation refusal: the error names the file, the column and the param.
final class ConfigValidationTests: XCTestCase {
    /// Earlier columns the cases may reference.
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
            (sampler("uniform", "{low: 1}"), "x", "high", "missing required param 'high'"),
            (sampler("uniform", "{low: a, high: 1}"), "x", "low", "low must be a number, not a string"),
            (sampler("uniform", "{low: -.inf, high: 1}"), "x", "low", "finite number"),
            (sampler("uniform", "{low: 0, high: 1, decimal_places: -1}"), "x", "decimal_places", "between 0 and 17"),
            (sampler("uniform", "{low: 0, high: 1, decimal_places: 18}"), "x", "decimal_places", "between 0 and 17"),
            (sampler("uniform", "{low: 0, high: 1, decimal_places: 1.5}"), "x", "decimal_places", "must be an integer"),
            (sampler("gaussian", "{mean: 0, stddev: -1}"), "x", "stddev", "stddev must not be negative (-1)"),
            (sampler("gaussian", "{mean: 0, stddev: 1, decimal_places: -2}"), "x", "decimal_places", "between 0 and 17"),
            // probabilities and counts
            (sampler("bernoulli", "{p: 1.5}"), "x", "p", "p (1.5) must be between 0 and 1"),
            (sampler("bernoulli", "{p: -0.1}"), "x", "p", "between 0 and 1"),
            (sampler("binomial", "{n: 10, p: 2}"), "x", "p", "between 0 and 1"),
            (sampler("binomial", "{n: -1, p: 0.5}"), "x", "n", "n must not be negative (-1)"),
            (sampler("binomial", "{n: 2.5, p: 0.5}"), "x", "n", "n must be an integer"),
            (sampler("poisson", "{mean: -3}"), "x", "mean", "mean must not be negative"),
            // category
            (sampler("category", "{values: []}"), "x", "values", "values is empty"),
            (sampler("category", "{values: a}"), "x", "values", "values must be a list, not a string"),
            (sampler("category", "{values: [a, [b]]}"), "x", "values", "only strings, numbers or booleans, found a list"),
            (sampler("category", "{values: [a, null]}"), "x", "values", "found null"),
            (sampler("category", "{values: [a, b], weights: [1]}"), "x", "weights", "weights has 1 entries but values has 2"),
            (sampler("category", "{values: [a, b], weights: [1, -1]}"), "x", "weights", "weights must not be negative"),
            (sampler("category", "{values: [a, b], weights: [0, 0.0]}"), "x", "weights", "weights are all zero"),
            (sampler("category", "{values: [a, b], weights: [1, x]}"), "x", "weights", "finite numbers"),
            (sampler("category", "{values: [a, b], weights: 3}"), "x", "weights", "must be a list of numbers"),
            (sampler("category", "{values: [a, b]}", extra: ", convert_to: int"), "x", "convert_to", "cannot convert value 'a'"),
            (sampler("category", "{values: [a, b]}", extra: ", convert_to: '%Y'"), "x", "convert_to", "not valid for a category sampler"),
            // subcategory
            (sampler("subcategory", "{category: nope, values: {}}"), "x", "category", "unknown column 'nope'"),
            (sampler("subcategory", "{category: num, values: {}}"), "x", "category", "column 'num' is not a category sampler column"),
            (sampler("subcategory", "{category: later, values: {}}")
                + "  - {name: later, column_type: sampler, sampler_type: category, params: {values: [a]}}\n",
             "x", "category", "refers to column 'later', which comes later"),
            (sampler("subcategory", "{category: tier, values: {gold: [a], silver: [b], 7: [c], bronze: [d]}}"),
             "x", "values", "unknown parent category 'bronze'"),
            (sampler("subcategory", "{category: tier, values: {gold: [a], 7: [c]}}"),
             "x", "values", "parent category 'silver' of column 'tier' has no values"),
            (sampler("subcategory", "{category: tier, values: {gold: [a], silver: [], 7: [c]}}"), "x", "values", "values.silver is empty"),
            (sampler("subcategory", "{category: tier, values: [a]}"), "x", "values", "must be a mapping"),
            (sampler("subcategory", "{category: tier}"), "x", "values", "missing required param 'values'"),
            // datetime
            (sampler("datetime", "{start: '2024-05-01', end: '2024-04-30'}"), "x", "end", "end '2024-04-30' is before start '2024-05-01'"),
            (sampler("datetime", "{start: '2024-13-01', end: '2024-12-30'}"), "x", "start", "start '2024-13-01' is not a valid date"),
            (sampler("datetime", "{start: '2024-01-01', end: 'soon'}"), "x", "end", "end 'soon' is not a valid date"),
            (sampler("datetime", "{start: 2024, end: '2025-01-01'}"), "x", "start", "start must be a string, not an integer"),
            (sampler("datetime", "{start: '2024-01-01', end: '2025-01-01', unit: W}"), "x", "unit", "unit 'W' is not one of Y, M, D, h, m, s"),
            (sampler("datetime", "{start: '2024-01-01', end: '2025-01-01'}", extra: ", convert_to: int"), "x", "convert_to", "expected str or a strftime pattern"),
            (sampler("datetime", "{start: '2024-01-01', end: '2025-01-01'}", extra: ", convert_to: 'Y-m-d'"), "x", "convert_to", "is not a strftime pattern"),
            (sampler("datetime", "{start: '2024-01-01', end: '2025-01-01'}", extra: ", convert_to: '%Y-%'"), "x", "convert_to", "is not a strftime pattern"),
            // timedelta
            (sampler("timedelta", "{dt_min: 5, dt_max: 1, reference_column_name: when}"), "x", "dt_min", "dt_min (5) is greater than dt_max (1)"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: nope}"), "x", "reference_column_name", "unknown column 'nope'"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: tier}"), "x", "reference_column_name", "column 'tier' is not a datetime sampler column"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: x}"), "x", "reference_column_name", "refers to the column itself"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: later}")
                + "  - {name: later, column_type: sampler, sampler_type: datetime, params: {start: '2024-01-01', end: '2024-02-01'}}\n",
             "x", "reference_column_name", "which comes later"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: when, unit: Y}"), "x", "unit", "unit 'Y' is not one of D, h, m, s"),
            (sampler("timedelta", "{dt_min: 1.5, dt_max: 5, reference_column_name: when}"), "x", "dt_min", "must be an integer"),
            (sampler("timedelta", "{dt_min: 1, dt_max: 5, reference_column_name: when}", extra: ", convert_to: '%Y'"), "x", "convert_to", "expected str"),
            // uuid and convert_to
            (sampler("uuid", "{prefix: 5}"), "x", "prefix", "prefix must be a string"),
            (sampler("uuid", "{short_form: yes}"), "x", "short_form", "must be true or false"),
            (sampler("uuid", "{}", extra: ", convert_to: int"), "x", "convert_to", "not valid for a uuid sampler (expected str)"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", convert_to: '%Y'"), "x", "convert_to", "not valid for a uniform sampler"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", convert_to: 5"), "x", "convert_to", "convert_to must be a string"),
            // types, keys and names
            ("  - {name: x, column_type: llm-text, prompt: hi}\n", "x", "column_type", "LLM columns ('llm-text') are not supported"),
            ("  - {name: x, column_type: llm_judge}\n", "x", "column_type", "LLM columns ('llm_judge') are not supported"),
            ("  - {name: x, column_type: llm-structured}\n", "x", "column_type", "not supported"),
            ("  - {name: x, column_type: seed-dataset}\n", "x", "column_type", "column type 'seed-dataset' is not supported"),
            ("  - {name: x, column_type: magic}\n", "x", "column_type", "unknown column type 'magic'"),
            ("  - {name: x}\n", "x", "column_type", "missing 'column_type'"),
            ("  - {name: x, column_type: [sampler]}\n", "x", "column_type", "must be a string"),
            (sampler("person", "{locale: en_US}"), "x", "sampler_type", "sampler type 'person' is not supported"),
            (sampler("person_from_faker", "{locale: de_DE}"), "x", "locale", "locale 'de_DE' is not supported here"),
            (sampler("person_from_faker", "{locale: xx_XX}"), "x", "locale", "is not a supported locale"),
            (sampler("person_from_faker", "{age_range: [30, 20]}"), "x", "age_range", "must be less than the max age"),
            (sampler("person_from_faker", "{age_range: [1, 2, 3]}"), "x", "age_range", "list of two integers"),
            (sampler("person_from_faker", "{age_range: [0, 115]}"), "x", "age_range", "at most 114"),
            (sampler("person_from_faker", "{sex: male}"), "x", "sex", "'Male', 'Female' or null"),
            (sampler("person_from_faker", "{city: []}"), "x", "city", "empty list"),
            (sampler("person_from_faker", "{city: [1]}"), "x", "city", "only strings"),
            (sampler("scipy", "{dist_name: normal, dist_params: {}}"), "x", "dist_name", "distribution 'normal' is not supported"),
            (sampler("scipy", "{dist_name: norm, dist_params: {mu: 1}}"), "x", "dist_params", "'mu' is not a parameter of scipy.stats.norm"),
            (sampler("scipy", "{dist_name: gamma, dist_params: {scale: 2}}"), "x", "dist_params", "needs the parameter 'a'"),
            (sampler("scipy", "{dist_name: gamma, dist_params: {a: -1}}"), "x", "dist_params", "a must be greater than 0"),
            (sampler("scipy", "{dist_name: norm, dist_params: {scale: -1}}"), "x", "dist_params", "scale must not be negative"),
            (sampler("scipy", "{dist_name: poisson, dist_params: {mu: 2, scale: 2}}"), "x", "dist_params", "'scale' is not a parameter"),
            (sampler("scipy", "{dist_name: binom, dist_params: {n: 2.5, p: 0.5}}"), "x", "dist_params", "n must be an integer"),
            (sampler("scipy", "{dist_name: norm, dist_params: {loc: abc}}"), "x", "dist_params", "must be a number"),
            (sampler("scipy", "{dist_name: norm, dist_params: [1]}"), "x", "dist_params", "must be a mapping"),
            (sampler("scipy", "{dist_name: norm}"), "x", "dist_params", "missing required param 'dist_params'"),
            (sampler("scipy", "{dist_name: norm, dist_params: {}, decimal_places: 40}"), "x", "decimal_places", "between 0 and 17"),
            (sampler("bernoulli_mixture", "{p: 1.5, dist_name: norm, dist_params: {}}"), "x", "p", "must be between 0 and 1"),
            (sampler("bernoulli_mixture", "{p: 0.5, dist_name: norm, dist_params: {}, decimal_places: 2}"), "x", "decimal_places", "unknown param 'decimal_places'"),
            (sampler("zipf", "{}"), "x", "sampler_type", "unknown sampler type 'zipf'"),
            ("  - {name: x, column_type: sampler, params: {}}\n", "x", "sampler_type", "missing 'sampler_type'"),
            ("  - {name: x, column_type: sampler, sampler_type: uniform}\n", "x", "params", "missing 'params'"),
            (sampler("uniform", "[1, 2]"), "x", "params", "'params' must be a mapping, not a list"),
            (sampler("uniform", "{low: 0, hgh: 1}"), "x", "hgh", "unknown param 'hgh' for a uniform sampler"),
            (sampler("uniform", "{low: 0, high: 1, sampler_type: gaussian}"), "x", "sampler_type", "unknown param 'sampler_type'"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", colour: red"), "x", "colour", "unknown key 'colour'"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", drop: true"), "x", "drop", "'drop: true' is not supported"),
            (sampler("uniform", "{low: 0, high: 1}", extra: ", conditional_params: {a: 1}"), "x", "conditional_params", "not supported"),
            ("  - {name: tier, column_type: expression, expr: a}\n", "tier", "name", "duplicate column name"),
            // expressions
            ("  - {name: x, column_type: expression, expr: '{{ nope }}'}\n", "x", "expr", "unknown column 'nope'"),
            ("  - {name: x, column_type: expression, expr: '{{ y }}'}\n  - {name: y, column_type: expression, expr: a}\n",
             "x", "expr", "refers to column 'y', which comes later"),
            ("  - {name: x, column_type: expression, expr: 'a {{x}}'}\n", "x", "expr", "refers to the column itself"),
            ("  - {name: x, column_type: expression, expr: '{{ tier | upper }}'}\n", "x", "expr", "unsupported template expression"),
            ("  - {name: x, column_type: expression, expr: '{% if a %}'}\n", "x", "expr", "not supported"),
            ("  - {name: x, column_type: expression, expr: 'a {{ tier '}\n", "x", "expr", "unclosed '{{'"),
            ("  - {name: x, column_type: expression, expr: '{{ }}'}\n", "x", "expr", "empty '{{ }}'"),
            ("  - {name: x, column_type: expression}\n", "x", "expr", "missing 'expr'"),
            ("  - {name: x, column_type: expression, expr: 5}\n", "x", "expr", "'expr' must be a string"),
            ("  - {name: x, column_type: expression, expr: a, dtype: date}\n", "x", "dtype", "dtype 'date' is not one of str, int, float, bool"),
            ("  - {name: x, column_type: expression, expr: a, convert_to: int}\n", "x", "convert_to", "applies to sampler columns only"),
        ]
    }

    func testEveryRefusalNamesColumnAndParam() {
        for (text, column, param, fragment) in cases {
            let source = Self.prelude + text
            XCTAssertThrowsError(try DatasetConfig.parse(source, format: .yaml, file: "v.yaml"), text) { e in
                guard let e = e as? ConfigError else { return XCTFail("\(text): \(e)") }
                XCTAssertEqual(e.file, "v.yaml", text)
                XCTAssertEqual(e.column, column, "\(text): \(e)")
                XCTAssertEqual(e.param, param, "\(text): \(e)")
                XCTAssertTrue(e.message.contains(fragment), "\(text): \(e.description)")
                XCTAssertTrue(e.description.hasPrefix("v.yaml: column '\(column)', param '\(param)': "), e.description)
            }
        }
    }

    func testAcceptedEdgeCases() throws {
        let accepted = [
            sampler("uniform", "{low: 1, high: 1, decimal_places: 0}"),
            sampler("uniform", "{low: 1, high: 2, decimal_places: null}", extra: ", convert_to: int"),
            sampler("gaussian", "{mean: -5, stddev: 0, decimal_places: 17}"),
            sampler("bernoulli", "{p: 0}") + sampler("bernoulli", "{p: 1}").replacingOccurrences(of: "name: x", with: "name: x2"),
            sampler("binomial", "{n: 0, p: 1.0}"),
            sampler("binomial", "{n: 5.0, p: 0.5}"),
            sampler("poisson", "{mean: 0}"),
            "  - {name: x, column_type: sampler, sampler_type: uuid}\n",
            sampler("category", "{values: ['1', 2, 3.5, true], weights: [0, 1, 0, 0]}", extra: ", convert_to: float"),
            sampler("category", "{values: [a], sampler_type: category}", extra: ", convert_to: str, drop: false, description: d"),
            sampler("subcategory", "{category: tier, values: {gold: [a], silver: [b], '7': [c, 1]}}", extra: ", convert_to: str"),
            sampler("datetime", "{start: '2024-01-01', end: '2024-01-01', unit: Y}", extra: ", convert_to: str"),
            sampler("datetime", "{start: '2024-01-01 10:00', end: '2024-01-01T10:00:00.5Z'}", extra: ", convert_to: '%d %b %Y %%'"),
            sampler("timedelta", "{dt_min: -3, dt_max: -3, reference_column_name: when, unit: s}", extra: ", convert_to: str"),
            "  - {name: x, column_type: expression, expr: 'no refs }} {x}', dtype: null}\n",
            "  - {name: x, column_type: expression, expr: '{{tier}}{{  when  }}{{num}}', dtype: bool}\n",
        ]
        for text in accepted {
            XCTAssertNoThrow(try DatasetConfig.parse(Self.prelude + text, format: .yaml, file: "v.yaml"), text)
        }
        // The parent value 7 is matched by the key '7' and stored as the category's value.
        let c = try DatasetConfig.parse(Self.prelude + accepted[10], format: .yaml, file: "v.yaml")
        guard case .sampler(.subcategory(_, let groups)) = c.columns[3].kind else { return XCTFail("subcategory") }
        XCTAssertEqual(groups.map(\.parent), [.string("gold"), .string("silver"), .int(7)])
        XCTAssertEqual(groups[2].values, [.string("c"), .int(1)])
    }

    func testSamplerErrorsInJSONToo() {
        let json = #"{"columns": [{"name": "age", "column_type": "sampler", "sampler_type": "uniform", "params": {"low": 80, "high": 18}}]}"#
        XCTAssertThrowsError(try DatasetConfig.parse(json, format: .json, file: "v.json")) { e in
            XCTAssertEqual((e as? ConfigError)?.description, "v.json: column 'age', param 'low': low (80) is greater than high (18)")
        }
    }
}
