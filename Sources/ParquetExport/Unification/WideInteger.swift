/// A signed integer with up to 128 bits of magnitude, kept as sign and magnitude: enough for
/// every DECIMAL of precision ≤ 38 and its rescaled value, with each step overflow-checked.
///
/// Deliberately tiny: parse big-endian two's complement (or an `Int64`), multiply by powers of
/// ten, and write back as `Int64` or big-endian two's complement of a given width.
struct WideInteger: Equatable {
    var isNegative: Bool
    var high: UInt64
    var low: UInt64

    init(_ value: Int64) {
        isNegative = value < 0
        high = 0
        low = value.magnitude
    }

    init(isNegative: Bool, high: UInt64, low: UInt64) {
        self.isNegative = isNegative && (high | low) != 0
        self.high = high
        self.low = low
    }

    /// Parses big-endian two's complement bytes (empty reads as 0); nil when the value needs
    /// more than 128 bits. Longer inputs are accepted when their extra leading bytes are only
    /// sign extension.
    init?(bigEndian bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else {
            self.init(0)
            return
        }
        let negative = first & 0x80 != 0
        var start = 0
        if bytes.count > 16 {
            let fill: UInt8 = negative ? 0xFF : 0x00
            start = bytes.count - 16
            for i in 0 ..< start where bytes[i] != fill { return nil }
            guard (bytes[start] & 0x80 != 0) == negative else { return nil }
        }
        // Sign-extend, then shift the bytes in.
        var hi: UInt64 = negative ? .max : 0, lo: UInt64 = negative ? .max : 0
        for i in start ..< bytes.count {
            hi = (hi &<< 8) | (lo &>> 56)
            lo = (lo &<< 8) | UInt64(bytes[i])
        }
        if negative {
            // Two's complement → magnitude (-2^127 becomes 2^127, which fits the magnitude).
            lo = ~lo &+ 1
            hi = ~hi &+ (lo == 0 ? 1 : 0)
        }
        self.init(isNegative: negative, high: hi, low: lo)
    }

    /// Number of significant bits of the magnitude.
    var magnitudeBitWidth: Int {
        high != 0 ? 128 - high.leadingZeroBitCount : 64 - low.leadingZeroBitCount
    }

    /// Multiplies by `factor`; false (and unchanged) when the magnitude would exceed 128 bits.
    mutating func multiply(by factor: UInt64) -> Bool {
        let (loHigh, loLow) = low.multipliedFullWidth(by: factor)
        let (hiHigh, hiLow) = high.multipliedFullWidth(by: factor)
        guard hiHigh == 0 else { return false }
        let (newHigh, overflow) = hiLow.addingReportingOverflow(loHigh)
        guard !overflow else { return false }
        high = newHigh
        low = loLow
        return true
    }

    /// Multiplies by 10^`exponent` (exponent ≥ 0); false on overflow.
    mutating func multiply(byPowerOfTen exponent: Int) -> Bool {
        var remaining = exponent
        while remaining > 0 {
            let step = min(remaining, 19)  // 10^19 < 2^64
            var factor: UInt64 = 1
            for _ in 0 ..< step { factor &*= 10 }
            guard multiply(by: factor) else { return false }
            remaining -= step
        }
        return true
    }

    /// Whether the value fits a two's complement integer of `byteCount` bytes.
    func fits(byteCount: Int) -> Bool {
        guard byteCount > 0 else { return high == 0 && low == 0 }
        let bits = byteCount >= 17 ? 129 : 8 * byteCount - 1
        let width = magnitudeBitWidth
        if width <= bits { return true }
        // -2^bits is the one value whose magnitude needs one more bit.
        return isNegative && width == bits + 1 && high.nonzeroBitCount + low.nonzeroBitCount == 1
    }

    /// The value as an `Int64`, when it fits.
    var int64: Int64? {
        guard fits(byteCount: 8) else { return nil }
        return isNegative ? Int64(bitPattern: 0 &- low) : Int64(bitPattern: low)
    }

    /// The fewest bytes that hold the value in two's complement (at least 1).
    var minimalByteCount: Int {
        var n = 1
        while n < 17 && !fits(byteCount: n) { n += 1 }
        return n
    }

    /// Appends exactly `byteCount` big-endian two's complement bytes; false (nothing appended)
    /// when the value does not fit.
    func appendBigEndian(byteCount: Int, to out: inout [UInt8]) -> Bool {
        guard fits(byteCount: byteCount) else { return false }
        var hi = high, lo = low
        if isNegative {
            lo = ~lo &+ 1
            hi = ~hi &+ (lo == 0 ? 1 : 0)
        }
        let fill: UInt8 = isNegative ? 0xFF : 0x00
        for position in stride(from: byteCount - 1, through: 0, by: -1) {
            switch position {
            case 0 ..< 8: out.append(UInt8(truncatingIfNeeded: lo &>> UInt64(8 * position)))
            case 8 ..< 16: out.append(UInt8(truncatingIfNeeded: hi &>> UInt64(8 * (position - 8))))
            default: out.append(fill)
            }
        }
        return true
    }
}
