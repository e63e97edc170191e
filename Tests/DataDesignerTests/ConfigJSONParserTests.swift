import XCTest
@testable import DataDesigner

final class ConfigJSONParserTests: XCTestCase {
    func testValues() throws {
        let v = try JSONConfigParser.parse("""
        {"z": 1, "a": [true, false, null, -0, 12, -3.5, 1e3, 2E-2, 9223372036854775807, 9223372036854775808],
         "s": "q\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00é", "o": {}, "e": []}
        """, file: "c.json")
        guard case .object(let members) = v else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["z", "a", "s", "o", "e"])
        XCTAssertEqual(v["z"], .int(1))
        XCTAssertEqual(v["a"], .array([.bool(true), .bool(false), .null, .int(0), .int(12), .double(-3.5), .double(1000),
                                       .double(0.02), .int(Int64.max), .double(9223372036854775808.0)]))
        XCTAssertEqual(v["s"], .string("q\"b\\s/\u{8}\u{C}\n\r\té😀é"))
        XCTAssertEqual(v["o"], .object([]))
        XCTAssertEqual(v["e"], .array([]))
        XCTAssertEqual(try JSONConfigParser.parse(" \n\t\"x\" \n", file: "c.json"), .string("x"))
        XCTAssertEqual(try JSONConfigParser.parse("\u{FEFF}[1]", file: "c.json"), .array([.int(1)]))
    }

    func testErrors() {
        let cases: [(String, Int, Int, String)] = [
            ("", 1, 1, "empty document"),
            ("{\"a\": 1,}", 1, 9, "expected a string key"),
            ("[1, 2,]", 1, 7, "expected a value"),
            ("{\"a\" 1}", 1, 6, "expected ':'"),
            ("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'"),
            ("[1 2]", 1, 4, "expected ',' or ']'"),
            ("{\n  \"a\": 01\n}", 2, 8, "leading zeros"),
            ("[1.]", 1, 2, "digits must follow '.'"),
            ("[1e+]", 1, 2, "digits must follow the exponent"),
            ("[-]", 1, 2, "invalid number"),
            ("[1e999]", 1, 2, "out of range"),
            ("\"abc", 1, 1, "unterminated string"),
            ("[\"a\nb\"]", 1, 2, "unterminated string"),
            ("[\"a\tb\"]", 1, 4, "raw control character"),
            ("[\"\\x\"]", 1, 3, "invalid escape"),
            ("[\"\\u12\"]", 1, 3, "four hex digits"),
            ("[\"\\ud800\"]", 1, 3, "lone surrogate"),
            ("[\"\\udc00\"]", 1, 3, "lone surrogate"),
            ("[\"\\ud800\\u0041\"]", 1, 3, "lone surrogate"),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key 'a'"),
            ("{\"a\": 1} x", 1, 10, "after the document"),
            ("[tru]", 1, 2, "expected 'true'"),
            ("['a']", 1, 2, "expected a value"),
            ("{\"a\": [1, 2", 1, 7, "unterminated array"),
            ("{\"a\": 1", 1, 1, "unterminated object"),
            ("// c\n{}", 1, 1, "expected a value"),
            (String(repeating: "[", count: 101), 1, 101, "nesting deeper than 100"),
        ]
        for (text, line, col, fragment) in cases {
            do {
                let v = try JSONConfigParser.parse(text, file: "c.json")
                XCTFail("\(text.debugDescription) parsed as \(v)")
            } catch let e as ConfigError {
                XCTAssertEqual(e.file, "c.json")
                XCTAssertEqual(e.line, line, "\(text.debugDescription): \(e)")
                XCTAssertEqual(e.col, col, "\(text.debugDescription): \(e)")
                XCTAssertTrue(e.message.contains(fragment), "\(text.debugDescription): \(e.message)")
            } catch {
                XCTFail("unexpected error \(error)")
            }
        }
        XCTAssertNoThrow(try JSONConfigParser.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100), file: "c.json"))
    }

    func testTruncationsNeverCrash() {
        let bytes = Array("{\"a\": [1, -2.5e3, \"x\\u00e9\\ud83d\\ude00\", {\"b\": null}], \"c\": true}".utf8)
        for cut in 0 ..< bytes.count {
            XCTAssertThrowsError(try JSONConfigParser.parse(String(decoding: bytes[0 ..< cut], as: UTF8.self), file: "c.json"))
        }
        XCTAssertNoThrow(try JSONConfigParser.parse(String(decoding: bytes, as: UTF8.self), file: "c.json"))
    }
}
