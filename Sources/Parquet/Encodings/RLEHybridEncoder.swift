// Encoder for the RLE/bit-packing hybrid, used by the writer for levels, dictionary indices
// and RLE booleans.

/// Encodes values with the RLE/bit-packing hybrid (no 4-byte length prefix).
enum RLEHybridEncoder {
    /// Largest run length the format allows (2^31 - 1).
    static let maxRunLength = Int(Int32.max)
    /// Groups of 8 values per bit-packed run (keeps each run header at two bytes).
    static let maxGroupsPerRun = 512

    /// The bit width needed to store values up to `max` (0 for 0).
    static func bitWidth(_ max: UInt32) -> Int {
        32 - max.leadingZeroBitCount
    }

    /// Appends the hybrid encoding of `values` at `bitWidth` bits to `out`.
    ///
    /// Repeats of 8 or more values become RLE runs; everything else is bit-packed in groups of 8
    /// (the last group of the data is padded with zeros). Values are masked to `bitWidth` bits,
    /// and `bitWidth` is clamped to 0...32. At width 0 the data is a bare RLE run header (a
    /// decoder reads width 0 without consuming bytes, but other readers expect a run).
    static func encode(_ values: [UInt32], bitWidth: Int, into out: inout [UInt8]) {
        let width = Swift.max(0, Swift.min(32, bitWidth))
        let n = values.count
        guard n > 0 else { return }
        if width == 0 {
            var left = n
            while left > 0 {
                let run = Swift.min(left, maxRunLength)
                EncodingBytes.appendULEB128(UInt64(run) << 1, to: &out)
                left -= run
            }
            return
        }
        let mask: UInt32 = width == 32 ? .max : (UInt32(1) << UInt32(width)) - 1
        values.withUnsafeBufferPointer { v in
            var i = 0
            var literalStart = 0
            while i < n {
                let x = v[i] & mask
                var j = i + 1
                while j < n, v[j] & mask == x { j += 1 }
                let run = j - i
                if run >= 8 {
                    // Literal runs must hold whole groups of 8: lend the run enough values to
                    // complete the pending group, and use RLE for the rest if 8 or more remain.
                    let pending = i - literalStart
                    let lend = (8 - pending % 8) % 8
                    if run - lend >= 8 {
                        appendBitPacked(v, literalStart ..< i + lend, width: width, mask: mask, into: &out)
                        appendRLE(x, count: run - lend, width: width, into: &out)
                        literalStart = j
                    }
                }
                i = j
            }
            appendBitPacked(v, literalStart ..< n, width: width, mask: mask, into: &out)
        }
    }

    /// Appends RLE runs repeating `value` `count` times.
    private static func appendRLE(_ value: UInt32, count: Int, width: Int, into out: inout [UInt8]) {
        let byteWidth = (width + 7) / 8
        var left = count
        while left > 0 {
            let run = Swift.min(left, maxRunLength)
            EncodingBytes.appendULEB128(UInt64(run) << 1, to: &out)
            for k in 0 ..< byteWidth {
                out.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * k)))
            }
            left -= run
        }
    }

    /// Appends `range` of `v` as bit-packed runs, zero-padding the last group to 8 values.
    private static func appendBitPacked(
        _ v: UnsafeBufferPointer<UInt32>, _ range: Range<Int>, width: Int, mask: UInt32, into out: inout [UInt8]
    ) {
        var start = range.lowerBound
        while start < range.upperBound {
            let left = range.upperBound - start
            let groups = Swift.min((left + 7) / 8, maxGroupsPerRun)
            let end = Swift.min(start + groups * 8, range.upperBound)
            EncodingBytes.appendULEB128(UInt64(groups) << 1 | 1, to: &out)
            out.reserveAdditional(groups * width)
            var acc: UInt64 = 0
            var accBits = 0
            for k in 0 ..< groups * 8 {
                let index = start + k
                let value = index < end ? v[index] & mask : 0
                acc |= UInt64(value) << UInt64(accBits)
                accBits += width
                while accBits >= 8 {
                    out.append(UInt8(truncatingIfNeeded: acc))
                    acc >>= 8
                    accBits -= 8
                }
            }
            start = end
        }
    }
}
