import XCTest
@testable import ParquetExport
@testable import Parquet

final class FormattingTextTests: XCTestCase {
    func json(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        b.withUnsafeBytes { JSONText.appendString($0, to: &out) }
        return out
    }

    func json(_ s: String) -> String { String(decoding: json(Array(s.utf8)), as: UTF8.self) }

    func testJSONEscapes() {
        XCTAssertEqual(json(""), "\"\"")
        XCTAssertEqual(json("plain text, long enough for the 8-byte fast path"),
                       "\"plain text, long enough for the 8-byte fast path\"")
        XCTAssertEqual(json("a\"b\\c"), #""a\"b\\c""#)
        XCTAssertEqual(json("\n\r\t\u{8}\u{C}"), #""\n\r\t\b\f""#)
        XCTAssertEqual(json("\u{0}\u{1}\u{1F}\u{1B}x"), #""\u0000\u0001\u001f\u001bx""#)
        XCTAssertEqual(json("\u{7F}"), "\"\u{7F}\"")
        XCTAssertEqual(json("héllo €uro 😀 \u{2028}"), "\"héllo €uro 😀 \u{2028}\"")
        XCTAssertEqual(json("12345678\"12345678\\"), #""12345678\"12345678\\""#)
        XCTAssertEqual(json(String(repeating: "é", count: 20) + "\n"), "\"" + String(repeating: "é", count: 20) + "\\n\"")
        var out = Array("k:".utf8)
        JSONText.appendString("v", to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "k:\"v\"")
    }

    /// Invalid UTF-8: each maximal subpart becomes one U+FFFD, exactly like Swift's decoder.
    func testJSONRepairsInvalidUTF8LikeSwiftDecoding() {
        let cases: [[UInt8]] = [
            [0x80], [0xFF], [0xC0, 0xAF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80],
            [0xE0, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80], [0xF0, 0x9F, 0x41], [0xE2, 0x41, 0x82],
            [0x61, 0xF0, 0x9F, 0x98, 0x80, 0xF0, 0x9F, 0x98], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xF0, 0x90, 0x80, 0x80],
        ]
        for c in cases {
            let expected = json(String(decoding: c, as: UTF8.self))
            XCTAssertEqual(String(decoding: json(c), as: UTF8.self), expected, "\(c)")
        }
        XCTAssertEqual(json([0xED, 0xA0, 0x80]), [0x22, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0x22])
        XCTAssertEqual(json([0xF0, 0x9F, 0x98, 0x22]), [0x22, 0xEF, 0xBF, 0xBD, 0x5C, 0x22, 0x22])
        // Random bytes: the output always equals the escaped text of Swift's repaired decoding.
        for _ in 0 ..< 3000 {
            let n = Int.random(in: 0 ... 24)
            let raw = (0 ..< n).map { _ in Bool.random() ? UInt8.random(in: 0x80 ... 0xFF) : UInt8.random(in: 0 ... 0xFF) }
            let expected = json(String(decoding: raw, as: UTF8.self))
            let got = String(decoding: json(raw), as: UTF8.self)
            if got != expected { XCTFail("\(raw): \(got) vs \(expected)") }
            XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(json(raw)), options: .fragmentsAllowed))
        }
    }

    func testJSONPythonVectors() throws {
        let vectors = try FormattingVectors.load().jsonStrings
        XCTAssertEqual(vectors.count, 200)
        for (input, expected) in vectors {
            XCTAssertEqual(json(bytes(hex: input)), bytes(hex: expected), input)
        }
    }

    func csv(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        b.withUnsafeBytes { CSVText.appendField($0, to: &out) }
        return out
    }

    func csv(_ s: String) -> String { String(decoding: csv(Array(s.utf8)), as: UTF8.self) }

    func testCSVFields() {
        let cases: [(String, String)] = [
            ("", "\"\""), ("abc", "abc"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("\"", "\"\"\"\""), ("line\nbreak", "\"line\nbreak\""), ("cr\r", "\"cr\r\""), ("tab\there", "tab\there"),
            ("héllo", "héllo"), (" spaced ", " spaced "), ("\"\"", "\"\"\"\"\"\""), ("12.30", "12.30"),
        ]
        for (input, expected) in cases { XCTAssertEqual(csv(input), expected, input) }
        XCTAssertEqual(csv([0x61, 0xFF, 0x62]), [0x61, 0xEF, 0xBF, 0xBD, 0x62])
        XCTAssertEqual(csv([0x2C, 0xC3]), [0x22, 0x2C, 0xEF, 0xBF, 0xBD, 0x22])
        XCTAssertEqual(csv([0xE2, 0x82, 0x22]), [0x22, 0xEF, 0xBF, 0xBD, 0x22, 0x22, 0x22])
        var out: [UInt8] = []
        CSVText.appendField("x,y", to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "\"x,y\"")
    }

    func testUTF8RepairedMatchesSwiftDecoding() {
        for _ in 0 ..< 3000 {
            let raw = (0 ..< Int.random(in: 0 ... 20)).map { _ in UInt8.random(in: 0 ... 0xFF) }
            var out: [UInt8] = []
            raw.withUnsafeBytes { CSVText.appendUTF8Repaired($0, to: &out) }
            XCTAssertEqual(out, Array(String(decoding: raw, as: UTF8.self).utf8), "\(raw)")
            // A quoted CSV field unquotes (bytewise: a quote may combine with a following mark
            // into one Character) to the same repaired text.
            var field = csv(raw)[...]
            if field.first == 0x22 {
                XCTAssertEqual(field.last, 0x22)
                field = field.dropFirst().dropLast()
                var unquoted: [UInt8] = []
                var i = field.startIndex
                while i < field.endIndex {
                    unquoted.append(field[i])
                    if field[i] == 0x22 {
                        i = field.index(after: i)
                        XCTAssertTrue(i < field.endIndex && field[i] == 0x22, "undoubled quote")
                    }
                    i = field.index(after: i)
                }
                field = unquoted[...]
            }
            XCTAssertEqual(Array(field), Array(String(decoding: raw, as: UTF8.self).utf8))
        }
    }
}
