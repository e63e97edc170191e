extension ValueText {
    /// Appends the exact decimal `unscaled × 10^-scale` with exactly `scale` digits after the
    /// point: `-1230, 2` → `-12.30`, `5, 2` → `0.05`, `-5, 2` → `-0.05`, `7, 0` → `7`.
    ///
    /// `scale` must come from validated metadata (0 <= scale <= precision); the digits written
    /// are proportional to it. A negative scale (not valid Parquet, rejected by the callers)
    /// is written as the integer followed by `-scale` zeros (`0` stays `0`).
    public static func appendDecimal(unscaled: Int64, scale: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var start = 20
            var x = unscaled.magnitude
            repeat {
                start &-= 1
                buf[start] = UInt8(truncatingIfNeeded: x % 10) &+ 0x30
                x /= 10
            } while x != 0 && start > 0
            layoutDecimal(UnsafeBufferPointer(rebasing: buf[start ..< 20]), negative: unscaled < 0, scale: scale, to: &out)
        }
    }

    /// Appends the exact decimal whose unscaled value is the big-endian two's complement
    /// integer `bytes` (any length; empty means 0), with exactly `scale` digits after the point.
    ///
    /// Up to 8 bytes take an integer fast path; longer values are converted exactly by
    /// repeated division of 32-bit limbs by 10^9 (time quadratic in the length, which the
    /// DECIMAL precision bounds in valid files). Scale rules as in
    /// ``appendDecimal(unscaled:scale:to:)``.
    public static func appendDecimal(bigEndian bytes: UnsafeRawBufferPointer, scale: Int, to out: inout [UInt8]) {
        let n = bytes.count
        if n == 0 {
            appendDecimal(unscaled: 0, scale: scale, to: &out)
            return
        }
        let negative = bytes[0] & 0x80 != 0
        if n <= 8 {
            var v: UInt64 = negative ? ~0 : 0
            for b in bytes { v = v &<< 8 | UInt64(b) }
            appendDecimal(unscaled: Int64(bitPattern: v), scale: scale, to: &out)
            return
        }
        let limbCount = n / 4 &+ 1
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: limbCount) { limbs in
            // Little-endian 32-bit limbs of the sign-extended value.
            let fill: UInt32 = negative ? 0xFF : 0
            for li in 0 ..< limbCount {
                var w: UInt32 = 0
                for j in 0 ..< 4 {
                    let bi = n &- 1 &- 4 &* li &- j
                    let b = bi >= 0 ? UInt32(bytes[bi]) : fill
                    w |= b &<< UInt32(8 &* j)
                }
                limbs[li] = w
            }
            if negative {
                // Magnitude = ~v + 1; the extra sign limb keeps the most negative value exact.
                var carry: UInt64 = 1
                for li in 0 ..< limbCount {
                    let s = UInt64(~limbs[li]) &+ carry
                    limbs[li] = UInt32(truncatingIfNeeded: s)
                    carry = s >> 32
                }
            }
            // A number below 2^(32·L) has at most 9.64·L + 1 digits.
            let capacity = limbCount &* 10 &+ 10
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { digits in
                var pos = capacity
                var top = limbCount
                while top > 0 && limbs[top &- 1] == 0 { top &-= 1 }
                while top > 0 && pos >= 9 {
                    var rem: UInt64 = 0
                    var i = top
                    while i > 0 {
                        i &-= 1
                        let cur = rem << 32 | UInt64(limbs[i])
                        limbs[i] = UInt32(truncatingIfNeeded: cur / 1_000_000_000)
                        rem = cur % 1_000_000_000
                    }
                    while top > 0 && limbs[top &- 1] == 0 { top &-= 1 }
                    if top > 0 {
                        for _ in 0 ..< 9 {
                            pos &-= 1
                            digits[pos] = UInt8(truncatingIfNeeded: rem % 10) &+ 0x30
                            rem /= 10
                        }
                    } else {
                        repeat {
                            pos &-= 1
                            digits[pos] = UInt8(truncatingIfNeeded: rem % 10) &+ 0x30
                            rem /= 10
                        } while rem != 0 && pos > 0
                    }
                }
                if pos == capacity {
                    pos &-= 1
                    digits[pos] = 0x30
                }
                layoutDecimal(UnsafeBufferPointer(rebasing: digits[pos ..< capacity]),
                              negative: negative, scale: scale, to: &out)
            }
        }
    }

    /// Writes `digits` (the magnitude, no leading zeros) with the point `scale` places from
    /// the right.
    private static func layoutDecimal(_ digits: UnsafeBufferPointer<UInt8>, negative: Bool, scale: Int,
                                      to out: inout [UInt8]) {
        let n = digits.count
        if negative { out.append(UInt8(ascii: "-")) }
        if scale <= 0 {
            out.append(contentsOf: digits)
            let isZero = n == 1 && digits[0] == 0x30
            if scale < 0 && !isZero {
                out.append(contentsOf: repeatElement(0x30, count: Int(clamping: scale.magnitude)))
            }
        } else if n > scale {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0 ..< (n &- scale)]))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(n &- scale) ..< n]))
        } else {
            out.append(0x30)
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(0x30, count: scale &- n))
            out.append(contentsOf: digits)
        }
    }
}
