import XCTest
@testable import DataDesigner

/// Valid YAML-subset documents and the values they parse to.
final class YAMLParserTests: XCTestCase {
    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ConfigValue? {
        do {
            return try YAMLParser.parse(text, file: "t.yaml")
        } catch {
            XCTFail("unexpected error: \(error)", file: file, line: line)
            return nil
        }
    }

    private func obj(_ members: (String, ConfigValue)...) -> ConfigValue {
        .object(members.map { (key: $0.0, value: $0.1) })
    }

    func testScalarResolution() {
        let cases: [(String, ConfigValue)] = [
            ("42", .int(42)), ("-7", .int(-7)), ("+3", .int(3)), ("0", .int(0)),
            ("0x1F", .int(31)), ("007", .string("007")), ("-01", .string("-01")), ("00.5", .double(0.5)), ("0o17", .int(15)),
            ("1.5", .double(1.5)), ("-2e3", .double(-2000)), ("2E-2", .double(0.02)), (".5", .double(0.5)),
            ("1.", .double(1)), ("-0.25", .double(-0.25)),
            ("99999999999999999999", .double(1e20)),
            (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)),
            ("true", .bool(true)), ("True", .bool(true)), ("FALSE", .bool(false)), ("false", .bool(false)),
            ("null", .null), ("~", .null), ("Null", .null), ("", .null),
            ("yes", .string("yes")), ("no", .string("no")), ("2024-01-01", .string("2024-01-01")),
            ("1.2.3", .string("1.2.3")), ("-", .string("-")), ("e5", .string("e5")), ("1e", .string("1e")),
            ("hello world", .string("hello world")), ("a:b", .string("a:b")), ("http://x.y/z", .string("http://x.y/z")),
            ("abc#def", .string("abc#def")), ("-5 apples", .string("-5 apples")), ("12:30", .string("12:30")),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(YAMLScalar.resolve(text), expected, text)
        }
        if case .double(let d) = YAMLScalar.resolve(".nan") { XCTAssertTrue(d.isNaN) } else { XCTFail(".nan") }
    }

    func testDocuments() {
        let cases: [(String, ConfigValue)] = [
            ("", .null),
            ("# only a comment\n\n", .null),
            ("a: 1\nb: two\n", obj(("a", .int(1)), ("b", .string("two")))),
            ("a: 1   # trailing comment\n# full line\nb:    x y  \n", obj(("a", .int(1)), ("b", .string("x y")))),
            ("---\na: 1\n", obj(("a", .int(1)))),
            ("# c\n--- # start\na: 1\n...\n# end\n", obj(("a", .int(1)))),
            ("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
             obj(("a", obj(("b", obj(("c", .int(1)))), ("d", .int(2)))), ("e", .int(3)))),
            ("- 1\n- two\n-   3.5\n", .array([.int(1), .string("two"), .double(3.5)])),
            ("a:\n- x\n- y\nb: 1\n", obj(("a", .array([.string("x"), .string("y")])), ("b", .int(1)))),
            ("a:\n  - x\n  - y\n", obj(("a", .array([.string("x"), .string("y")])))),
            ("- name: a\n  type: x\n- name: b\n", .array([obj(("name", .string("a")), ("type", .string("x"))), obj(("name", .string("b")))])),
            ("-\n  k: v\n- - 1\n  - 2\n", .array([obj(("k", .string("v"))), .array([.int(1), .int(2)])])),
            ("a:\nb: ~\nc:\n", obj(("a", .null), ("b", .null), ("c", .null))),
            ("- \n- a\n", .array([.null, .string("a")])),
            ("a: [1, 2, three]\n", obj(("a", .array([.int(1), .int(2), .string("three")])))),
            ("a: {x: 1, 'y': \"z\", w}\n", obj(("a", obj(("x", .int(1)), ("y", .string("z")), ("w", .null))))),
            ("a: [[1, [2]], {b: [c, {d: e}]}, []]\n",
             obj(("a", .array([.array([.int(1), .array([.int(2)])]), obj(("b", .array([.string("c"), obj(("d", .string("e")))]))), .array([])])))),
            ("a: [1,\n  2, # comment\n  3,\n]\n", obj(("a", .array([.int(1), .int(2), .int(3)])))),
            ("a: {\"k\":1,'j':  2}\n", obj(("a", obj(("k", .int(1)), ("j", .int(2)))))),
            ("a: {}\nb: []\n", obj(("a", .object([])), ("b", .array([])))),
            ("[a, b]\n", .array([.string("a"), .string("b")])),
            ("'single ''quoted'' # not comment'\n", .string("single 'quoted' # not comment")),
            ("\"tab\\there\\nline \\\"q\\\" back\\\\slash \\u00e9 \\U0001F600 \\x41\"",
             .string("tab\there\nline \"q\" back\\slash é 😀 A")),
            ("\"\\ud83d\\ude00\"", .string("😀")),
            ("\"a: b\": 'c: d'\n", obj(("a: b", .string("c: d")))),
            ("key with spaces: value with spaces\n", obj(("key with spaces", .string("value with spaces")))),
            ("1: one\ntrue: t\n", obj(("1", .string("one")), ("true", .string("t")))),
            ("a: 'x'   # c\n", obj(("a", .string("x")))),
            ("a: \"\"\n", obj(("a", .string("")))),
            ("a:\r\n  b: 1\r\n", obj(("a", obj(("b", .int(1)))))),
            ("\u{FEFF}a: 1", obj(("a", .int(1)))),
            ("a: 1\n\t\n  \t# tab-only lines are blank\n", obj(("a", .int(1)))),
            ("a: x\t# tab before comment\n", obj(("a", .string("x")))),
            ("  a: 1\n  b: 2\n", obj(("a", .int(1)), ("b", .int(2)))),
            ("a: é ünïcødé\n", obj(("a", .string("é ünïcødé")))),
            ("a: one\n  two\n\n   three\nb: 1\n", obj(("a", .string("one two\nthree")), ("b", .int(1)))),
            ("- a\n  - b\n- c # x\n", .array([.string("a - b"), .string("c")])),
            ("a: 'one\n  two  \n\n  three'\n", obj(("a", .string("one two\nthree")))),
            ("a: \"one \\\n  two\\n\"\n", obj(("a", .string("one two\n")))),
            ("a: [one\n  two, three\n  ]\n", obj(("a", .array([.string("one two"), .string("three")])))),
            ("s: [http://a.b/c, 'x, y']\n", obj(("s", .array([.string("http://a.b/c"), .string("x, y")])))),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(parse(text), expected, text.debugDescription)
        }
    }

    func testKeyOrderIsDocumentOrder() throws {
        let v = try YAMLParser.parse("z: 1\na: 2\nm: 3\n", file: "t.yaml")
        guard case .object(let members) = v else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["z", "a", "m"])
    }

    func testRealisticConfig() throws {
        let text = """
        # Customer records
        data_designer:
          columns:
            - name: customer_id
              column_type: sampler
              sampler_type: uuid
              params:
                prefix: "CUST-"
                short_form: true
            - name: tier
              column_type: sampler
              sampler_type: category
              params: {values: [gold, silver, bronze], weights: [1, 2, 7]}
            - name: greeting
              column_type: expression
              expr: "Hello {{ customer_id }}"
        """
        let v = try YAMLParser.parse(text, file: "c.yaml")
        guard case .array(let cols)? = v["data_designer"]?["columns"] else { return XCTFail("no columns") }
        XCTAssertEqual(cols.count, 3)
        XCTAssertEqual(cols[0]["params"]?["prefix"], .string("CUST-"))
        XCTAssertEqual(cols[0]["params"]?["short_form"], .bool(true))
        XCTAssertEqual(cols[1]["params"]?["weights"], .array([.int(1), .int(2), .int(7)]))
        XCTAssertEqual(cols[2]["expr"], .string("Hello {{ customer_id }}"))
    }

    func testDepthLimit() throws {
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertNoThrow(try YAMLParser.parse(ok, file: "t.yaml"))
        var block = ""
        for i in 0 ..< 100 { block += String(repeating: " ", count: i) + "k:\n" }
        XCTAssertNoThrow(try YAMLParser.parse(block, file: "t.yaml"))
        XCTAssertThrowsError(try YAMLParser.parse(block + String(repeating: " ", count: 100) + "k: 1\n", file: "t.yaml"))
    }
}
