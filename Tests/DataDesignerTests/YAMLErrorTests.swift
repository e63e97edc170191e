import XCTest
@testable import DataDesigner

/// Every YAML refusal, with the file, line and column it reports.
final class YAMLErrorTests: XCTestCase {
    func testErrorsNameFileLineAndColumn() {
        // (text, line, column, fragment of the message)
        let cases: [(String, Int, Int, String)] = [
            ("a: 1\n\tb: 2\n", 2, 1, "tabs are not allowed for indentation"),
            ("a:\n  \tb: 2\n", 2, 3, "tabs are not allowed"),
            ("a: &x 1\n", 1, 4, "anchors are not supported"),
            ("a: *x\n", 1, 4, "aliases are not supported"),
            ("a: !!str 1\n", 1, 4, "tags are not supported"),
            ("a: |\n  text\n", 1, 4, "block scalars"),
            ("a: >\n  text\n", 1, 4, "block scalars"),
            ("? a\n: b\n", 1, 1, "explicit keys"),
            ("%YAML 1.2\n---\na: 1\n", 1, 1, "directives are not supported"),
            ("a: 1\n---\nb: 2\n", 2, 1, "multiple documents"),
            ("a: 1\n...\nb: 2\n", 3, 1, "multiple documents"),
            ("--- a: 1\n", 1, 5, "content on the document marker line"),
            ("a: 1\na: 2\n", 2, 1, "duplicate key 'a'"),
            ("a: {x: 1, x: 2}\n", 1, 11, "duplicate key 'x'"),
            ("a: 'abc\n", 1, 4, "unterminated single-quoted string"),
            ("a: \"abc\nb: 1\n", 1, 4, "unterminated double-quoted string"),
            ("a: \"bad \\q escape\"\n", 1, 9, "invalid escape '\\q'"),
            ("a: \"\\u12\"\n", 1, 5, "needs 4 hex digits"),
            ("a: \"\\ud800\"\n", 1, 5, "not a Unicode scalar value"),
            ("a: [1, 2\n", 1, 4, "unterminated flow sequence"),
            ("a: {x: 1\n", 1, 4, "unterminated flow mapping"),
            ("a: ['a' b]\n", 1, 9, "expected ',' or ']'"),
            ("a: [x: 1]\n", 1, 6, "must be written in braces"),
            ("a: {[1]: 2}\n", 1, 5, "complex keys"),
            ("a: [1, , 2]\n", 1, 8, "unexpected ','"),
            ("a: [1]]\n", 1, 7, "unexpected ']' after the value"),
            ("a: 'x' y\n", 1, 8, "unexpected 'y' after the value"),
            ("a: b: c\n", 1, 5, "mapping values are not allowed here"),
            ("a: 1\n  b: 2\n", 2, 4, "mapping values are not allowed here"),
            ("a:\n    b: 1\n  c: 2\n", 3, 3, "unexpected indentation"),
            ("a:\n  - x\n - y\n", 3, 2, "unexpected indentation"),
            ("- c # x\n  d\n", 2, 3, "unexpected indentation"),
            ("a: 'x\n\n", 1, 4, "unterminated single-quoted string"),
            ("a: \"x\\\n", 1, 4, "unterminated double-quoted string"),
            ("a: 1\n- b\n", 2, 1, "expected a mapping key, found a sequence item"),
            ("- a\nb: 1\n", 2, 1, "unexpected content after the top-level value"),
            ("a: - b\n", 1, 4, "a block sequence cannot start on the line of its key"),
            ("a: 1\nplain\n", 2, 1, "expected a mapping key"),
            (": v\n", 1, 1, "empty mapping key"),
            ("a: @x\n", 1, 4, "cannot start a plain value"),
            ("a: `x`\n", 1, 4, "cannot start a plain value"),
            ("a: b\u{1}\n", 1, 5, "control character U+0001"),
            ("a: x\nb: [1,\n  2,\n  oops: 3]\n", 4, 7, "must be written in braces"),
            ("a:\n  b: 'é\n", 2, 6, "unterminated single-quoted"),
            ("a: é: x\n", 1, 5, "mapping values are not allowed"),
            (String(repeating: "[", count: 101) + String(repeating: "]", count: 101), 1, 101, "nesting deeper than 100"),
        ]
        for (text, line, col, fragment) in cases {
            do {
                let v = try YAMLParser.parse(text, file: "conf.yaml")
                XCTFail("\(text.debugDescription) parsed as \(v)")
            } catch let e as ConfigError {
                XCTAssertEqual(e.file, "conf.yaml", text.debugDescription)
                XCTAssertEqual(e.line, line, "\(text.debugDescription): \(e)")
                XCTAssertEqual(e.col, col, "\(text.debugDescription): \(e)")
                XCTAssertTrue(e.message.contains(fragment), "\(text.debugDescription): \(e.message)")
                XCTAssertTrue(e.description.hasPrefix("conf.yaml:\(line):\(col): "), e.description)
            } catch {
                XCTFail("\(text.debugDescription): unexpected error type \(error)")
            }
        }
    }

    /// Arbitrary truncations and byte flips of a valid document throw or parse, never trap.
    func testTruncatedAndMangledInputsNeverCrash() {
        let doc = """
        data_designer:
          columns:
            - name: "a\\u00e9"
              params: {values: [x, 'y''z', 1.5e3], w: [1, 2]}
            - name: b   # comment
              list:
              - - 1
                - [2, {c: d}]
        """
        let bytes = Array(doc.utf8)
        for cut in 0 ... bytes.count {
            let text = String(decoding: bytes[0 ..< cut], as: UTF8.self)
            _ = try? YAMLParser.parse(text, file: "t.yaml")
        }
        let specials: [UInt8] = Array("[]{},:#'\"\\-\t\n &*!|>?%".utf8)
        for i in 0 ..< bytes.count {
            for s in specials {
                var m = bytes
                m[i] = s
                _ = try? YAMLParser.parse(String(decoding: m, as: UTF8.self), file: "t.yaml")
            }
        }
    }
}
