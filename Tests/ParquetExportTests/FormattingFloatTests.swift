import XCTest
@testable import ParquetExport
@testable import Parquet

/// Runs `body` on a fresh buffer and returns the bytes as a string.
func formatted(_ body: (inout [UInt8]) -> Void) -> String {
    var out: [UInt8] = []
    body(&out)
    return String(decoding: out, as: UTF8.self)
}

/// (digits without leading/trailing zeros, exponent of the first digit) of a decimal text
/// such as `-1.25e+03`, `0.0012`, `120.0`; nil for zero or text that is not a number.
func decimalDigits(_ text: String) -> (String, Int)? {
    var s = Substring(text)
    if s.hasPrefix("-") { s = s.dropFirst() }
    var exp = 0
    if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        guard let v = Int(s[s.index(after: e)...]) else { return nil }
        exp = v
        s = s[..<e]
    }
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    let fracPart = parts.count > 1 ? String(parts[1]) : ""
    let all = intPart + fracPart
    guard let first = all.firstIndex(where: { $0 != "0" }) else { return nil }
    let lead = all.distance(from: all.startIndex, to: first)
    var digits = String(all[first...])
    while digits.hasSuffix("0") { digits.removeLast() }
    return (digits, exp + intPart.count - lead - 1)
}

final class FormattingFloatTests: XCTestCase {
    func double(_ v: Double) -> String? {
        var out: [UInt8] = []
        return ValueText.appendDouble(v, to: &out) ? String(decoding: out, as: UTF8.self) : nil
    }

    func float(_ v: Float) -> String? {
        var out: [UInt8] = []
        return ValueText.appendFloat(v, to: &out) ? String(decoding: out, as: UTF8.self) : nil
    }

    func half(_ bits: UInt16) -> String? {
        var out: [UInt8] = []
        return ValueText.appendFloat16(bits: bits, to: &out) ? String(decoding: out, as: UTF8.self) : nil
    }

    func testDoubleTable() {
        let cases: [(Double, String)] = [
            (0, "0.0"), (-0.0, "-0.0"), (1, "1.0"), (-1, "-1.0"), (0.1, "0.1"), (0.0001, "0.0001"),
            (0.00001, "1e-05"), (123.5, "123.5"), (1e15, "1000000000000000.0"), (1e16, "1e+16"),
            (9_999_999_999_999_998, "9999999999999998.0"), (1.5e300, "1.5e+300"),
            (.leastNonzeroMagnitude, "5e-324"), (-.leastNonzeroMagnitude, "-5e-324"), (0.1 + 0.2, "0.30000000000000004"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (1e22, "1e+22"), (1e23, "1e+23"), (100, "100.0"), (12345678.9, "12345678.9"),
            (0.000123, "0.000123"), (0.00015, "0.00015"), (1.0e-4 * 1.5, "0.00015000000000000001"), (4.35, "4.35"), (2.5, "2.5"),
            (9007199254740992, "9007199254740992.0"), (1.0 / 3.0, "0.3333333333333333"),
            (123456789012345680, "1.2345678901234568e+17"), (1e100, "1e+100"), (1e-100, "1e-100"),
        ]
        for (v, expected) in cases { XCTAssertEqual(double(v), expected, "\(v)") }
    }

    func testNonFiniteAppendNothing() {
        var out: [UInt8] = [1]
        XCTAssertFalse(ValueText.appendDouble(.nan, to: &out))
        XCTAssertFalse(ValueText.appendDouble(.infinity, to: &out))
        XCTAssertFalse(ValueText.appendDouble(-.infinity, to: &out))
        XCTAssertFalse(ValueText.appendDouble(Double(bitPattern: 0x7FF0_0000_0000_0001), to: &out))
        XCTAssertFalse(ValueText.appendFloat(.nan, to: &out))
        XCTAssertFalse(ValueText.appendFloat(-.infinity, to: &out))
        XCTAssertFalse(ValueText.appendFloat16(bits: 0x7C00, to: &out))
        XCTAssertFalse(ValueText.appendFloat16(bits: 0xFC00, to: &out))
        XCTAssertFalse(ValueText.appendFloat16(bits: 0x7E00, to: &out))
        XCTAssertFalse(ValueText.appendFloat16(bits: 0xFFFF, to: &out))
        XCTAssertEqual(out, [1])
    }

    func testFloatTable() {
        let cases: [(Float, String)] = [
            (0.1, "0.1"), (16_777_216, "16777216.0"), (1e10, "10000000000.0"), (0, "0.0"), (-0.0, "-0.0"),
            (Float.greatestFiniteMagnitude, "3.4028235e+38"), (Float.leastNonzeroMagnitude, "1e-45"),
            (Float.leastNormalMagnitude, "1.1754944e-38"), (0.3, "0.3"), (1e-5, "1e-05"), (1e16, "1e+16"),
            (1e15, "1000000000000000.0"), (123.456, "123.456"), (-2.5, "-2.5"), (1.0 / 3.0, "0.33333334"),
        ]
        for (v, expected) in cases { XCTAssertEqual(float(v), expected, "\(v)") }
    }

    func testHalfTable() {
        let cases: [(UInt16, String)] = [
            (0x0000, "0.0"), (0x8000, "-0.0"), (0x3C00, "1.0"), (0xBC00, "-1.0"), (0x2E66, "0.1"),
            // 65504 (the largest half) is shortest as 65500: it reads back to 65504 (as numpy's
            // repr prints it); 65504.0 would be one digit longer than needed.
            (0x7BFF, "65500.0"), (0xFBFF, "-65500.0"), (0x0001, "6e-08"), (0x0400, "6.104e-05"),
            (0x03FF, "6.1e-05"), (0x7BFE, "65470.0"), (0x6400, "1024.0"), (0x0002, "1e-07"), (0x3555, "0.3333"), (0x4248, "3.14"), (0x5640, "100.0"),
        ]
        for (bits, expected) in cases { XCTAssertEqual(half(bits), expected, String(bits, radix: 16)) }
    }

    func testPythonVectors() throws {
        let vectors = try FormattingVectors.load()
        XCTAssertEqual(vectors.doubles.count, 686)
        XCTAssertEqual(vectors.floats.count, 575)
        XCTAssertEqual(vectors.halves.count, 298)
        for (bits, expected) in vectors.doubles {
            XCTAssertEqual(double(Double(bitPattern: bits)), expected, "0x" + String(bits, radix: 16))
        }
        for (bits, expected) in vectors.floats {
            XCTAssertEqual(float(Float(bitPattern: bits)), expected, "0x" + String(bits, radix: 16))
        }
        for (bits, expected) in vectors.halves {
            XCTAssertEqual(half(bits), expected, "0x" + String(bits, radix: 16))
        }
    }

    /// Random bit patterns: the text reads back to the same value and has the same digits as
    /// Swift's own shortest round-trip `description`.
    func testRandomDoublesMatchSwiftShortestDigits() {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for i in 0 ..< 200_000 {
            var bits = rng.next() as UInt64
            if i % 4 == 0 { bits &= 0x800F_FFFF_FFFF_FFFF; bits |= UInt64.random(in: 1000 ... 1080) << 52 }
            let v = Double(bitPattern: bits)
            guard v.isFinite, let text = double(v) else { continue }
            XCTAssertEqual(Double(text)?.bitPattern, bits, text)
            if let mine = decimalDigits(text), let swift = decimalDigits(v.description) {
                if mine != swift { XCTFail("\(text) vs \(v.description)") }
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 190_000)
    }

    func testRandomFloatsMatchSwiftShortestDigits() {
        for i in 0 ..< 200_000 {
            var bits = UInt32.random(in: 0 ... .max)
            if i % 4 == 0 { bits &= 0x807F_FFFF; bits |= UInt32.random(in: 100 ... 180) << 23 }
            let v = Float(bitPattern: bits)
            guard v.isFinite, let text = float(v) else { continue }
            XCTAssertEqual(Float(text)?.bitPattern, bits, text)
            if let mine = decimalDigits(text), let swift = decimalDigits(v.description) {
                if mine != swift { XCTFail("\(text) vs \(v.description)") }
            }
        }
    }

    /// Every finite half: the text reads back (round to nearest even at 16 bits) to the same
    /// half, and no decimal with one digit fewer does.
    func testAllHalvesRoundTripAndAreShortest() {
        let positives: [Double] = (0 ..< 0x7C00).map { halfValue(UInt16($0)) }
        func nearestHalf(_ x: Double) -> UInt16 {
            let sign: UInt16 = x.sign == .minus ? 0x8000 : 0
            let m = abs(x)
            var lo = 0, hi = positives.count - 1
            if m >= 65520 { return sign | 0x7C00 }  // rounds to infinity
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if positives[mid] <= m { lo = mid } else { hi = mid - 1 }
            }
            if lo + 1 < positives.count {
                let dLo = m - positives[lo], dHi = positives[lo + 1] - m
                if dHi < dLo || (dHi == dLo && lo % 2 == 1) { lo += 1 }
            }
            return sign | UInt16(lo)
        }
        for b in 0 ... 0xFFFF {
            let bits = UInt16(b)
            guard bits & 0x7C00 != 0x7C00 else { continue }
            guard let text = half(bits), let x = Double(text) else { XCTFail("\(bits)"); continue }
            XCTAssertEqual(nearestHalf(x), bits == 0x8000 ? 0x8000 : bits, text)
            guard let (digits, exp) = decimalDigits(text), digits.count > 1 else { continue }
            // The two decimals with one digit fewer around the value must not round-trip.
            let shorterExp = exp - (digits.count - 2)  // exponent of the last kept digit
            let scaled = abs(x) / pow(10, Double(shorterExp))
            for candidate in [scaled.rounded(.down), scaled.rounded(.up)] {
                guard let c = Double("\(Int(candidate))e\(shorterExp)") else { continue }
                XCTAssertNotEqual(nearestHalf(x.sign == .minus ? -c : c), bits, "\(text) vs \(Int(candidate))e\(shorterExp)")
            }
        }
    }

    private func halfValue(_ bits: UInt16) -> Double {
        let e = Int((bits >> 10) & 0x1F), f = Double(bits & 0x3FF)
        return e == 0 ? f * pow(2, -24) : (1024 + f) * pow(2, Double(e - 25))
    }
}
