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

    /// Lays out `digits × 10^exponent` by the repr rule.
    package static func appendShortest(_ r: ShortestDecimal.Result, negative: Bool, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            // The significant digits, most significant first, at buf[start..<20].
            var start = 20
            var x = r.digits
            repeat {
                start &-= 1
                buf[start] = UInt8(truncatingIfNeeded: x % 10) &+ 0x30
                x /= 10
            } while x != 0 && start > 0
            let n = 20 &- start
            let e = r.exponent &+ n &- 1  // value = d.ddd × 10^e
            if negative { out.append(UInt8(ascii: "-")) }
            if e >= 16 || e < -4 {
                out.append(buf[start])
                if n > 1 {
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[(start &+ 1) ..< 20]))
                }
                out.append(UInt8(ascii: "e"))
                out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                appendDigits(UInt64(e.magnitude), minWidth: 2, to: &out)
            } else if e < 0 {
                out.append(0x30)
                out.append(UInt8(ascii: "."))
                for _ in 0 ..< (-1 &- e) { out.append(0x30) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start ..< 20]))
            } else if n <= e &+ 1 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start ..< 20]))
                for _ in 0 ..< (e &+ 1 &- n) { out.append(0x30) }
                out.append(UInt8(ascii: "."))
                out.append(0x30)
            } else {
                let point = start &+ e &+ 1
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start ..< point]))
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[point ..< 20]))
            }
        }
    }
}
