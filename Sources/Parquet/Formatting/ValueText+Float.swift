extension ValueText {
    /// Appends the shortest decimal text that reads back to the same `Double`, laid out like
    /// Python's `repr(float)`.
    ///
    /// With the value written as `d.ddd × 10^e`: positional when `-4 <= e < 16`, always with a
    /// digit after the point (`1.0`, `0.0001`, `123.5`, `1000000000000000.0`); otherwise
    /// scientific with a sign and at least two exponent digits (`1e-05`, `1e+16`, `1.5e+300`,
    /// `5e-324`). Zero is `0.0`, negative zero `-0.0`.
    ///
    /// - Returns: `false`, appending nothing, for NaN and ±infinity (the caller writes null).
    public static func appendDouble(_ v: Double, to out: inout [UInt8]) -> Bool {
        let bits = v.bitPattern
        let be = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF)
        if be == 0x7FF { return false }
        let fraction = bits & ((1 << 52) - 1)
        let negative = bits >> 63 != 0
        if be == 0 && fraction == 0 {
            appendZero(negative: negative, to: &out)
            return true
        }
        appendShortest(ShortestDecimal.double(fraction: fraction, biasedExponent: be), negative: negative, to: &out)
        return true
    }

    /// Appends the shortest decimal text that reads back to the same `Float` (32-bit width:
    /// `0.1f` is `0.1`, `16777216` is `16777216.0`), laid out like ``appendDouble(_:to:)``.
    ///
    /// - Returns: `false`, appending nothing, for NaN and ±infinity.
    public static func appendFloat(_ v: Float, to out: inout [UInt8]) -> Bool {
        let bits = v.bitPattern
        let be = Int(truncatingIfNeeded: (bits >> 23) & 0xFF)
        if be == 0xFF { return false }
        let fraction = UInt64(bits & 0x7F_FFFF)
        let negative = bits >> 31 != 0
        if be == 0 && fraction == 0 {
            appendZero(negative: negative, to: &out)
            return true
        }
        appendShortest(ShortestDecimal.float(fraction: fraction, biasedExponent: be), negative: negative, to: &out)
        return true
    }

    /// Appends the shortest decimal text that reads back to the same IEEE 754 half-precision
    /// value (`bits` as stored by the FLOAT16 logical type, little-endian decoded), laid out
    /// like ``appendDouble(_:to:)``: half 0.1 is `0.1`, 65504 is `65504.0`.
    ///
    /// - Returns: `false`, appending nothing, for NaN and ±infinity.
    public static func appendFloat16(bits: UInt16, to out: inout [UInt8]) -> Bool {
        let be = Int(truncatingIfNeeded: (bits >> 10) & 0x1F)
        if be == 0x1F { return false }
        let fraction = UInt64(bits & 0x3FF)
        let negative = bits >> 15 != 0
        if be == 0 && fraction == 0 {
            appendZero(negative: negative, to: &out)
            return true
        }
        appendShortest(ShortestDecimal.half(fraction: fraction, biasedExponent: be), negative: negative, to: &out)
        return true
    }

    @inline(__always)
    private static func appendZero(negative: Bool, to out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        out.append(0x30)
        out.append(UInt8(ascii: "."))
        out.append(0x30)
    }

    /// Most bytes ``writeDouble(_:to:)`` writes.
    public static let maxDoubleBytes = 32

    /// Writes the text of ``appendDouble(_:to:)`` at `out` (which must have room for
    /// ``maxDoubleBytes``) and returns its length; nil (nothing written) for NaN and ±infinity.
    /// The text sinks write it straight into their output blocks.
    @inline(__always)
    public static func writeDouble(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int? {
        let bits = v.bitPattern
        let be = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF)
        if be == 0x7FF { return nil }
        let fraction = bits & ((1 << 52) - 1)
        let negative = bits >> 63 != 0
        if be == 0 && fraction == 0 {
            var at = 0
            if negative {
                out[0] = UInt8(ascii: "-")
                at = 1
            }
            out[at] = 0x30
            out[at &+ 1] = UInt8(ascii: ".")
            out[at &+ 2] = 0x30
            return at &+ 3
        }
        return writeShortest(ShortestDecimal.double(fraction: fraction, biasedExponent: be), negative: negative, to: out)
    }

    /// Lays out `digits × 10^exponent` by the repr rule.
    package static func appendShortest(_ r: ShortestDecimal.Result, negative: Bool, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDoubleBytes) { buf in
            guard let p = buf.baseAddress else { return }
            let n = Swift.min(writeShortest(r, negative: negative, to: p), buf.count)
            out.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
    }

    /// Writes `digits × 10^exponent` laid out by the repr rule at `out` (room for
    /// ``maxDoubleBytes``: a sign, at most 20 digits, a point, and `e-324` or `0.000`);
    /// returns the length.
    package static func writeShortest(_ r: ShortestDecimal.Result, negative: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let n = digitCount(r.digits)
        /// Writes the n significant digits at `p`.
        @inline(__always) func digits(at p: UnsafeMutablePointer<UInt8>) {
            writeDigits(r.digits, width: n, to: p)
        }
        let e = r.exponent &+ n &- 1  // value = d.ddd × 10^e
        var at = 0
        if negative {
            out[0] = UInt8(ascii: "-")
            at = 1
        }
        if e >= 16 || e < -4 {
            digits(at: out + (at &+ 1))
            out[at] = out[at &+ 1]
            if n > 1 {
                out[at &+ 1] = UInt8(ascii: ".")
                at &+= n &+ 1
            } else {
                at &+= 1
            }
            out[at] = UInt8(ascii: "e")
            out[at &+ 1] = e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            at &+= 2
            return at &+ writeDigits(UInt64(e.magnitude), minWidth: 2, to: out + at)
        } else if e < 0 {
            out[at] = 0x30
            out[at &+ 1] = UInt8(ascii: ".")
            at &+= 2
            for _ in 0 ..< (-1 &- e) {
                out[at] = 0x30
                at &+= 1
            }
            digits(at: out + at)
            return at &+ n
        } else if n <= e &+ 1 {
            digits(at: out + at)
            at &+= n
            for _ in 0 ..< (e &+ 1 &- n) {
                out[at] = 0x30
                at &+= 1
            }
            out[at] = UInt8(ascii: ".")
            out[at &+ 1] = 0x30
            return at &+ 2
        } else {
            // The digits one place to the right, then the first e + 1 moved back before the point.
            digits(at: out + (at &+ 1))
            for i in 0 ..< (e &+ 1) { out[at &+ i] = out[at &+ 1 &+ i] }
            out[at &+ e &+ 1] = UInt8(ascii: ".")
            return at &+ n &+ 1
        }
    }
}
