import XCTest
@testable import DataDesigner

final class ConfigCanonicalJSONTests: XCTestCase {
    func testCanonicalForm() {
        let v: ConfigValue = .object([
            (key: "b", value: .array([.int(-3), .double(1), .double(0.1), .double(1e-5), .double(1e16), .double(-0.0),
                                      .double(.nan), .double(.infinity), .bool(true), .null])),
            (key: "é", value: .string("quote\" back\\ nl\n tab\t ctl\u{1} del\u{7F} é 😀 /")),
            (key: "a", value: .object([(key: "y", value: .int(1)), (key: "x", value: .object([]))])),
            (key: "B", value: .array([])),
            (key: "", value: .string("")),
            (key: "aa", value: .int(Int64.min)),
        ])
        XCTAssertEqual(v.canonicalJSONString,
                       #"{"":"","B":[],"a":{"x":{},"y":1},"aa":-9223372036854775808,"#
                       + #""b":[-3,1.0,0.1,1e-05,1e+16,-0.0,null,null,true,null],"#
                       + "\"é\":\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001 del\u{7F} é 😀 /\"}")
    }

    /// The digest matches Python's
    /// `sha256(json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False))`.
    func testFingerprintMatchesPythonCanonicalJSON() throws {
        let v = try JSONConfigParser.parse(#"{"columns": [{"name": "x", "column_type": "sampler", "sampler_type": "uniform", "params": {"low": 0, "high": 1.5}}]}"#, file: "c.json")
        XCTAssertEqual(v.canonicalJSONString,
                       #"{"columns":[{"column_type":"sampler","name":"x","params":{"high":1.5,"low":0},"sampler_type":"uniform"}]}"#)
        XCTAssertEqual(v.fingerprint, "sha256:e7f2b24791a36c10949e51cd2ef6c5bf6b50b12277cea8c4c08799760802011d")
    }

    func testPrettyJSONKeepsOrder() {
        let v: ConfigValue = .object([(key: "z", value: .array([.int(1), .string("a")])), (key: "a", value: .object([]))])
        XCTAssertEqual(v.prettyJSON(), "{\n  \"z\": [\n    1,\n    \"a\"\n  ],\n  \"a\": {}\n}")
    }

    func testAccessors() {
        let v: ConfigValue = .object([(key: "a", value: .int(2))])
        XCTAssertEqual(v["a"]?.number, 2)
        XCTAssertNil(v["b"])
        XCTAssertEqual(v.setting("a", to: .null)["a"], .null)
        XCTAssertEqual(v.setting("b", to: .bool(true))["b"], .bool(true))
        XCTAssertEqual(ConfigValue.string("x").text, "x")
        XCTAssertEqual(ConfigValue.double(2.5).text, "2.5")
        XCTAssertNotEqual(ConfigValue.int(1), ConfigValue.double(1))
        XCTAssertNotEqual(ConfigValue.object([(key: "a", value: .null), (key: "b", value: .null)]),
                          ConfigValue.object([(key: "b", value: .null), (key: "a", value: .null)]))
    }
}
