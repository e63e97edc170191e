import XCTest
@testable import ParquetExport
@testable import Parquet

final class FormattingNumberTests: XCTestCase {
    func testIntegers() {
        let signed: [(Int64, String)] = [
            (0, "0"), (7, "7"), (-7, "-7"), (10, "10"), (-100, "-100"), (1_234_567_890, "1234567890"),
            (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
            (Int64(Int32.min), "-2147483648"), (999_999_999_999_999_999, "999999999999999999"),
        ]
        for (v, s) in signed { XCTAssertEqual(formatted { ValueText.appendInt(v, to: &$0) }, s) }
        let unsigned: [(UInt64, String)] = [
            (0, "0"), (9, "9"), (1 << 63, "9223372036854775808"), (UInt64.max, "18446744073709551615"),
            (10_000_000_000_000_000_000, "10000000000000000000"),
        ]
        for (v, s) in unsigned { XCTAssertEqual(formatted { ValueText.appendUInt(v, to: &$0) }, s) }
        // Appends after existing content.
        var out = Array("x=".utf8)
        ValueText.appendInt(-42, to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "x=-42")
    }

    func testDecimalFromInt64() {
        let cases: [(Int64, Int, String)] = [
            (-1230, 2, "-12.30"), (5, 2, "0.05"), (-5, 2, "-0.05"), (7, 0, "7"), (0, 0, "0"), (0, 3, "0.000"),
            (123, 3, "0.123"), (1234, 3, "1.234"), (-1, 1, "-0.1"), (100, 2, "1.00"),
            (Int64.min, 0, "-9223372036854775808"), (Int64.min, 19, "-0.9223372036854775808"),
            (Int64.max, 20, "0.09223372036854775807"), (Int64.max, 18, "9.223372036854775807"),
            (12, -2, "1200"), (0, -3, "0"), (-3, -1, "-30"),
        ]
        for (v, scale, s) in cases {
            XCTAssertEqual(formatted { ValueText.appendDecimal(unscaled: v, scale: scale, to: &$0) }, s, "\(v) \(scale)")
        }
        XCTAssertEqual(formatted { ValueText.appendDecimal(unscaled: 0, scale: Int.min, to: &$0) }, "0")
    }

    func decimal(_ hex: String, _ scale: Int) -> String {
        let bytes = bytes(hex: hex)
        return formatted { out in bytes.withUnsafeBytes { ValueText.appendDecimal(bigEndian: $0, scale: scale, to: &out) } }
    }

    func testDecimalFromBigEndianBytes() {
        XCTAssertEqual(decimal("", 0), "0")
        XCTAssertEqual(decimal("", 2), "0.00")
        XCTAssertEqual(decimal("ff", 0), "-1")
        XCTAssertEqual(decimal("80", 0), "-128")
        XCTAssertEqual(decimal("7f", 1), "12.7")
        XCTAssertEqual(decimal("fb2e", 2), "-12.34")
        XCTAssertEqual(decimal("00000000000000000001", 3), "0.001")
        XCTAssertEqual(decimal("ffffffffffffffffffff", 3), "-0.001")
        // 2^127 - 1 and -2^127 (16 bytes) and the 38-digit maximum of DECIMAL(38, s).
        XCTAssertEqual(decimal("7fffffffffffffffffffffffffffffff", 0), "170141183460469231731687303715884105727")
        XCTAssertEqual(decimal("80000000000000000000000000000000", 0), "-170141183460469231731687303715884105728")
        XCTAssertEqual(decimal("4b3b4ca85a86c47a098a223fffffffff", 10), "9999999999999999999999999999.9999999999")
        XCTAssertEqual(decimal("b4c4b357a5793b85f675ddc000000001", 38), "-0.99999999999999999999999999999999999999")
        // 32 bytes: 2^255 - 1 and -2^255.
        XCTAssertEqual(decimal("7f" + String(repeating: "ff", count: 31), 0),
                       "57896044618658097711785492504343953926634992332820282019728792003956564819967")
        XCTAssertEqual(decimal("80" + String(repeating: "00", count: 31), 5),
                       "-578960446186580977117854925043439539266349923328202820197287920039565648.19968")
        // Exactly 10^9 boundaries across limbs.
        XCTAssertEqual(decimal("000000000de0b6b3a7640000", 0), "1000000000000000000")
        XCTAssertEqual(decimal("0000000000000000000000003b9aca00", 9), "1.000000000")
        XCTAssertEqual(decimal("000000000000000000000000000000", 4), "0.0000")
    }

    func testDecimalPythonVectors() throws {
        let vectors = try FormattingVectors.load().decimals
        XCTAssertEqual(vectors.count, 200)
        for (hex, scale, expected) in vectors {
            XCTAssertEqual(decimal(hex, scale), expected, "\(hex) scale \(scale)")
            if hex.count <= 16, let v = UInt64(hex.isEmpty ? "0" : hex, radix: 16) {
                // The Int64 entry point agrees for values up to 8 bytes.
                let bitsN = hex.count * 4
                let signed = bitsN == 64 ? Int64(bitPattern: v)
                    : (v >= (1 << (bitsN - 1)) ? Int64(v) - Int64(1 << bitsN) : Int64(v))
                XCTAssertEqual(formatted { ValueText.appendDecimal(unscaled: signed, scale: scale, to: &$0) }, expected)
            }
        }
    }

    func base64(_ s: [UInt8]) -> String { formatted { out in s.withUnsafeBytes { ValueText.appendBase64($0, to: &out) } } }

    func testBase64() {
        XCTAssertEqual(base64([]), "")
        XCTAssertEqual(base64(Array("f".utf8)), "Zg==")
        XCTAssertEqual(base64(Array("fo".utf8)), "Zm8=")
        XCTAssertEqual(base64(Array("foo".utf8)), "Zm9v")
        XCTAssertEqual(base64(Array("foobar".utf8)), "Zm9vYmFy")
        XCTAssertEqual(base64([0xFB, 0xFF, 0xBF]), "+/+/")
        XCTAssertEqual(base64([0, 0, 0, 0]), "AAAAAA==")
        for n in 0 ..< 70 {
            let bytes = (0 ..< n).map { _ in UInt8.random(in: 0 ... 255) }
            XCTAssertEqual(base64(bytes), Data(bytes).base64EncodedString())
        }
    }

    func uuid(_ bytes: [UInt8]) -> String { formatted { out in bytes.withUnsafeBytes { ValueText.appendUUID($0, to: &out) } } }

    func testUUID() {
        let b: [UInt8] = [0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00]
        XCTAssertEqual(uuid(b), "123e4567-e89b-12d3-a456-426614174000")
        XCTAssertEqual(uuid([UInt8](repeating: 0xFF, count: 16)), "ffffffff-ffff-ffff-ffff-ffffffffffff")
        XCTAssertEqual(uuid([0xAB, 0x01]), "ab01")
        XCTAssertEqual(uuid([]), "")
        XCTAssertEqual(uuid([UInt8](repeating: 0x0A, count: 17)), String(repeating: "0a", count: 17))
    }
}

/// Bytes of a hex string (test helper; even length, valid digits).
func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(hex.utf8)[...]
    while chars.count >= 2 {
        out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) ?? 0)
        chars = chars.dropFirst(2)
    }
    return out
}
