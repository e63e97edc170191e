/// Shortest round-trip decimal digits of binary floating-point values.
///
/// An implementation of Raffaello Giulietti's Schubfach algorithm ("The Schubfach way to
/// render doubles", 2020): for a finite, non-zero value `c × 2^q` it finds the decimal with
/// the fewest significant digits inside the value's rounding interval (so it reads back to
/// the same value at that width), and among those the one closest to the exact value (ties
/// to an even last digit). Pure integer arithmetic, no allocation.
package enum ShortestDecimal {
    /// `digits × 10^exponent`, with `digits > 0` and no trailing zeros in `digits`.
    package struct Result: Equatable {
        package var digits: UInt64
        package var exponent: Int
    }

    /// The shortest digits of a finite, non-zero binary64 given its raw fields:
    /// `fraction` (52 bits) and `biasedExponent` (0...2046, 0 for subnormals).
    package static func double(fraction f: UInt64, biasedExponent be: Int) -> Result {
        switch start(fraction: f, biasedExponent: be, fractionBits: 52, bias: 1075) {
        case .integer(let result):
            return result
        case .interval(let i):
            let (gHi, gLo) = pow10(0 &- i.k)
            return choose(vbl: roundToOdd(gHi, gLo, i.cbl), vb: roundToOdd(gHi, gLo, i.cb),
                          vbr: roundToOdd(gHi, gLo, i.cbr), isEven: i.isEven, k: i.k)
        }
    }

    /// The shortest digits of a finite, non-zero binary32 given its raw fields.
    package static func float(fraction f: UInt64, biasedExponent be: Int) -> Result {
        narrow(fraction: f, biasedExponent: be, fractionBits: 23, bias: 150)
    }

    /// The shortest digits of a finite, non-zero binary16 given its raw fields.
    package static func half(fraction f: UInt64, biasedExponent be: Int) -> Result {
        narrow(fraction: f, biasedExponent: be, fractionBits: 10, bias: 25)
    }

    /// Schubfach for formats of at most 24 significand bits, with 64-bit powers of ten.
    private static func narrow(fraction f: UInt64, biasedExponent be: Int, fractionBits: Int, bias: Int) -> Result {
        switch start(fraction: f, biasedExponent: be, fractionBits: fractionBits, bias: bias) {
        case .integer(let result):
            return result
        case .interval(let i):
            let g = pow10Narrow(0 &- i.k)
            return choose(vbl: roundToOdd(g, i.cbl), vb: roundToOdd(g, i.cb), vbr: roundToOdd(g, i.cbr),
                          isEven: i.isEven, k: i.k)
        }
    }

    /// The rounding interval of a value, scaled by 2^h (before the multiplication by the
    /// power of ten): its bounds `cbl` and `cbr` and the value `cb`, all × 4.
    private struct Interval {
        var cbl: UInt64
        var cb: UInt64
        var cbr: UInt64
        /// An even significand: the interval includes its bounds.
        var isEven: Bool
        /// The decimal exponent of the scaled interval.
        var k: Int
    }

    /// What the first steps of Schubfach give: a small integer, whose own digits are the
    /// shortest, or the interval to scale by 10^−k.
    private enum Start {
        case integer(Result)
        case interval(Interval)
    }

    /// The first steps of Schubfach for a format of `fractionBits` fraction bits, shared by
    /// all widths: the value `c × 2^q` from the raw fields (`bias` is the exponent bias plus
    /// `fractionBits`: value = c × 2^(be − bias)), then k and the shifted interval.
    @inline(__always)
    private static func start(fraction f: UInt64, biasedExponent be: Int, fractionBits: Int, bias: Int) -> Start {
        let c: UInt64
        let q: Int
        if be != 0 {
            c = f | (1 &<< UInt64(truncatingIfNeeded: fractionBits))
            q = be &- bias
            if q <= 0 && q > 0 &- (fractionBits &+ 1) {
                // A small integer: its own digits are the shortest.
                let shift = UInt64(truncatingIfNeeded: 0 &- q)
                if c & ((1 &<< shift) &- 1) == 0 { return .integer(trimmed(c &>> shift, 0)) }
            }
        } else {
            c = f
            q = 1 &- bias
        }
        let lowerCloser = f == 0 && be > 1
        // k = floor(log10(2^q)), or floor(log10(3/4 × 2^q)) when the lower gap is half as wide.
        let k = (q &* 1_262_611 &- (lowerCloser ? 524_031 : 0)) >> 22
        let h = q &+ floorLog2Pow10(0 &- k) &+ 1  // 1...7
        let shift = UInt64(truncatingIfNeeded: h)
        return .interval(Interval(cbl: (4 &* c &- 2 &+ (lowerCloser ? 1 : 0)) &<< shift, cb: (4 &* c) &<< shift,
                                  cbr: (4 &* c &+ 2) &<< shift, isEven: c & 1 == 0, k: k))
    }

    /// Picks the result from the scaled interval `[vbl, vbr]` around `vb` (all × 4).
    @inline(__always)
    private static func choose(vbl: UInt64, vb: UInt64, vbr: UInt64, isEven: Bool, k: Int) -> Result {
        let lower = isEven ? vbl : vbl &+ 1
        let upper = isEven ? vbr : vbr &- 1
        let s = vb / 4
        if s >= 10 {
            // One digit fewer: is exactly one multiple of 10 (at this scale) inside?
            let sp = s / 10
            let downInside = lower <= 40 &* sp
            let upInside = 40 &* sp &+ 40 <= upper
            if downInside != upInside { return trimmed(upInside ? sp &+ 1 : sp, k &+ 1) }
        }
        let downInside = lower <= 4 &* s
        let upInside = 4 &* s &+ 4 <= upper
        if downInside != upInside { return trimmed(upInside ? s &+ 1 : s, k) }
        // Both neighbours are inside: take the closer one, ties to even.
        let mid = 4 &* s &+ 2
        let roundUp = vb > mid || (vb == mid && s & 1 != 0)
        return trimmed(roundUp ? s &+ 1 : s, k)
    }

    @inline(__always)
    private static func trimmed(_ digits: UInt64, _ exponent: Int) -> Result {
        var d = digits
        var e = exponent
        while d != 0 && d % 10 == 0 {
            d /= 10
            e &+= 1
        }
        return Result(digits: d, exponent: e)
    }

    /// floor(log2(10^e)) for |e| <= 1650.
    @inline(__always)
    private static func floorLog2Pow10(_ e: Int) -> Int { (e &* 1_741_647) >> 19 }

    /// The 128-bit overestimate of 10^e (e in Pow10Table's range, guaranteed by the callers'
    /// exponent ranges).
    @inline(__always)
    private static func pow10(_ e: Int) -> (UInt64, UInt64) {
        let i = 2 &* (e &- Pow10Table.minExponent)
        return (Pow10Table.entries[i], Pow10Table.entries[i &+ 1])
    }

    /// The 64-bit overestimate floor(10^e × 2^(63 − floor(log2 10^e))) + 1.
    @inline(__always)
    private static func pow10Narrow(_ e: Int) -> UInt64 {
        let (hi, lo) = pow10(e)
        // (g128 − 1) >> 64, then + 1.
        return (lo == 0 ? hi &- 1 : hi) &+ 1
    }

    /// ⌊g × cp / 2^128⌋ with the lowest bit set when the discarded part is non-zero
    /// (round to odd), for a 128-bit `g`.
    @inline(__always)
    private static func roundToOdd(_ gHi: UInt64, _ gLo: UInt64, _ cp: UInt64) -> UInt64 {
        let x = gLo.multipliedFullWidth(by: cp)
        let y = gHi.multipliedFullWidth(by: cp)
        let (y0, carry) = y.low.addingReportingOverflow(x.high)
        let y1 = y.high &+ (carry ? 1 : 0)
        return y1 | (y0 > 1 ? 1 : 0)
    }

    /// ⌊g × cp / 2^64⌋ round to odd for a 64-bit `g` and `cp < 2^33`.
    @inline(__always)
    private static func roundToOdd(_ g: UInt64, _ cp: UInt64) -> UInt64 {
        let p = g.multipliedFullWidth(by: cp)
        return p.high | ((p.low >> 32) > 1 ? 1 : 0)
    }
}
