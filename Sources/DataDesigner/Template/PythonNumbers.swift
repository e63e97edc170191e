import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's and numpy's rounding.
enum PythonRound {
    /// Python `round(x, ndigits)`: the double nearest to `x` rounded to `ndigits` decimals,
    /// ties to even on the exact binary value (CPython rounds through correctly rounded
    /// decimal text; so does C's `printf`, used here).
    static func round(_ x: Double, _ ndigits: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        if ndigits > 320 { return x }
        if ndigits >= 0 {
            return Double(formatFixed(x, ndigits)) ?? x
        }
        // Negative digits: round the exact decimal expansion at 10^-ndigits, ties to even.
        let k = -ndigits
        if k > 308 { return copysign(0, x) }
        let text = formatFixed(abs(x), 60)
        let parts = text.split(separator: ".", maxSplits: 1)
        var intDigits = Array(parts[0].utf8).map { Int($0) - 48 }
        let frac = parts.count > 1 ? Array(parts[1].utf8) : []
        let fracNonZero = frac.contains { $0 != UInt8(ascii: "0") }
        if intDigits.count < k {
            // |x| < 10^k: the result is 0 unless |x| > half of 10^k (then 10^k).
            intDigits = [Int](repeating: 0, count: k - intDigits.count) + intDigits
        }
        let cut = intDigits.count - k
        let kept = Array(intDigits[0..<cut])
        let dropped = Array(intDigits[cut...])
        var roundUp = false
        if let first = dropped.first {
            if first > 5 {
                roundUp = true
            } else if first == 5 {
                let restNonZero = dropped.dropFirst().contains { $0 != 0 } || fracNonZero
                roundUp = restNonZero || ((kept.last ?? 0) % 2 == 1)
            }
        }
        var value = 0.0
        for d in kept { value = value * 10 + Double(d) }
        if roundUp { value += 1 }
        let result = value * Foundation.pow(10, Double(k))
        return x < 0 ? -result : result
    }

    /// `"%.*f"` of `x`.
    static func formatFixed(_ x: Double, _ digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 400 + digits)
        let n = withVaList([Int32(digits), x]) { args in
            vsnprintf(&buffer, buffer.count, "%.*f", args)
        }
        guard n >= 0, Int(n) < buffer.count else { return String(x) }
        return String(decoding: buffer[0 ..< Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// numpy's `round(x, decimals)` (pandas `Series.round`): `rint(x * 10^d) / 10^d`
    /// (`rint(x / 10^-d) * 10^-d` for negative `d`), ties to even after the scaling.
    static func numpy(_ x: Double, _ decimals: Int) -> Double {
        if decimals >= 0 {
            let f = Foundation.pow(10, Double(min(decimals, 400)))
            let y = (x * f).rounded(.toNearestOrEven) / f
            return y.isNaN && !x.isNaN ? x : y
        }
        let f = Foundation.pow(10, Double(min(-decimals, 400)))
        return (x / f).rounded(.toNearestOrEven) * f
    }
}

/// Python's `float()` on text.
enum PythonFloat {
    /// `float(text)`: surrounding whitespace, `_` between digits, `inf`/`infinity`/`nan` in
    /// any case with a sign; nil where Python raises ValueError.
    static func parse(_ text: String) -> Double? {
        // Fast path: plain ASCII number text reads the same in Swift and Python.
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.count <= 40, utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }),
           utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            return Double(text)
        }
        let t = PythonText.strip(text, chars: nil)
        guard !t.isEmpty else { return nil }
        let lower = t.lowercased()
        var body = Substring(lower)
        var sign = 1.0
        if body.first == "+" || body.first == "-" { sign = body.first == "-" ? -1 : 1; body = body.dropFirst() }
        if body == "inf" || body == "infinity" { return sign * .infinity }
        if body == "nan" { return .nan }
        // Digits (any Unicode decimal digit, as Python reads them) with single underscores
        // between digits, an optional fraction and exponent.
        var cleaned = ""
        var previous: Character = " "
        for c in body {
            var ch = c
            if !c.isASCII, c.unicodeScalars.count == 1, let u = c.unicodeScalars.first,
               u.properties.numericType == .decimal, let v = u.properties.numericValue {
                ch = Character(String(Int(v)))
            }
            if ch == "_" {
                guard previous.isASCII, previous.isNumber else { return nil }
                previous = ch
                continue
            }
            if previous == "_" && !(ch.isASCII && ch.isNumber) { return nil }
            guard ch.isASCII, ch.isNumber || ch == "." || ch == "e" || ch == "+" || ch == "-" else { return nil }
            cleaned.append(ch)
            previous = ch
        }
        if previous == "_" { return nil }
        guard cleaned.contains(where: { $0.isNumber }), let d = Double(cleaned) else { return nil }
        return sign * d
    }
}
