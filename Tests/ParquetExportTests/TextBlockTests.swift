import XCTest
@testable import ParquetExport

/// `TextBlock`'s fast writers give exactly what the general ones give.
final class TextBlockTests: XCTestCase {
    /// A list's JSON text as a CSV field: the word-at-a-time scan and quote doubling agree with
    /// `appendCSVField` on texts with quotes at every position of an 8-byte word, commas,
    /// escapes, controls, non-ASCII and invalid UTF-8.
    func testCSVJSONFieldMatchesTheGeneralFieldWriter() {
        var texts: [[UInt8]] = ["[]", "[null]", "[1,2]", "[\"a\"]", "[\"a\",\"b\"]", "[\"x\\\"y\"]", "[\"tab\\t\"]",
                                "[\"caf\u{E9}\"]", "[\"line\nbreak\"]", "{\"k\":[1,2,3],\"longer key\":\"value value\"}"].map { Array($0.utf8) }
        texts.append([0x5B, 0x22, 0xFF, 0x22, 0x5D])  // invalid UTF-8 inside a string
        for width in 0 ..< 20 {
            for quote in 0 ..< width {
                var t = [UInt8](repeating: UInt8(ascii: "a"), count: width)
                t[quote] = UInt8(ascii: "\"")
                texts.append(t)
                var comma = t
                comma[quote] = UInt8(ascii: ",")
                texts.append(comma)
            }
        }
        var scratch: [UInt8] = []
        for text in texts {
            var fast = TextBlock(TextBlockStorage(capacity: 4))
            var general = TextBlock(TextBlockStorage(capacity: 4))
            text.withUnsafeBytes { fast.appendCSVJSONField($0, scratch: &scratch) }
            text.withUnsafeBytes { general.appendCSVField($0, scratch: &scratch) }
            XCTAssertEqual(Array(fast.bytes), Array(general.bytes), String(decoding: text, as: UTF8.self))
        }
        XCTAssertGreaterThan(texts.count, 300)
    }

    /// A CSV field checked and copied 16 bytes at a time gives what `CSVText.appendField`
    /// gives, with a byte that needs quoting or repair at every position.
    func testCSVFieldMatchesCSVText() {
        var scratch: [UInt8] = []
        var checked = 0
        for width in 0 ..< 40 {
            for special: [UInt8] in [[0x2C], [0x22], [0x0A], [0x0D], [0x01], [0x1F], [0xC3, 0xA9], [0xFF]] {
                for at in stride(from: 0, through: width, by: 1) {
                    var text = (0 ..< width).map { UInt8(ascii: "a") &+ UInt8($0 % 26) }
                    text.insert(contentsOf: special, at: at)
                    var block = TextBlock(TextBlockStorage(capacity: 4))
                    text.withUnsafeBytes { block.appendCSVField($0, scratch: &scratch) }
                    var expected: [UInt8] = []
                    text.withUnsafeBytes { CSVText.appendField($0, to: &expected) }
                    XCTAssertEqual(Array(block.bytes), expected, "\(text)")
                    checked += 1
                }
            }
            let plain = (0 ..< width).map { UInt8(ascii: "A") &+ UInt8($0 % 26) }
            var block = TextBlock(TextBlockStorage(capacity: 4))
            plain.withUnsafeBytes { block.appendCSVField($0, scratch: &scratch) }
            // Plain text is copied as it is; the empty string is quoted (a null is nothing).
            XCTAssertEqual(Array(block.bytes), width == 0 ? Array("\"\"".utf8) : plain)
        }
        XCTAssertGreaterThan(checked, 5000)
    }

    /// Short appends (copied inline) and long ones (memmove) keep every byte, in order.
    func testAppendKeepsEveryByteAtEveryLength() {
        var block = TextBlock(TextBlockStorage(capacity: 1))
        var expected: [UInt8] = []
        for length in 0 ... 40 {
            let piece = (0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ length) }
            piece.withUnsafeBytes { block.append($0) }
            expected += piece
        }
        XCTAssertEqual(Array(block.bytes), expected)
    }
}
