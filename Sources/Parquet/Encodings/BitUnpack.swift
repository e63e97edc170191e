// Bit unpacking for the RLE/bit-packing hybrid (LSB first), DELTA_BINARY_PACKED miniblocks and
// the legacy BIT_PACKED level encoding (MSB first).

/// Bit unpacking for the RLE/bit-packing hybrid (LSB first), DELTA_BINARY_PACKED miniblocks and
/// the legacy BIT_PACKED level encoding (MSB first).
///
/// Reads never go past `src` (bits past its end read as 0); callers check that the values they
/// request are fully present before calling.
enum BitUnpack {
    /// Writes `count` values of `bitWidth` (1...32) bits, packed LSB first from bit 0 of `src`.
    static func lsb32(_ src: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into dst: UnsafeMutableBufferPointer<UInt32>) {
        let n = min(count, dst.count)
        guard n > 0, bitWidth > 0, bitWidth <= 32 else { return }
        // Fast path: whole groups of 8 values (bitWidth bytes each) whose word loads stay in `src`.
        let loadBytes = (bitWidth + 7) / 8 * 8
        let safeGroups = src.count >= loadBytes ? (src.count - loadBytes) / bitWidth + 1 : 0
        let groups = min(n / 8, safeGroups)
        switch bitWidth {
        case 1: unpackGroups(src, groups: groups, width: 1, into: dst)
        case 2: unpackGroups(src, groups: groups, width: 2, into: dst)
        case 3: unpackGroups(src, groups: groups, width: 3, into: dst)
        case 4: unpackGroups(src, groups: groups, width: 4, into: dst)
        case 5: unpackGroups(src, groups: groups, width: 5, into: dst)
        case 6: unpackGroups(src, groups: groups, width: 6, into: dst)
        case 7: unpackGroups(src, groups: groups, width: 7, into: dst)
        case 8: unpackGroups(src, groups: groups, width: 8, into: dst)
        case 9: unpackGroups(src, groups: groups, width: 9, into: dst)
        case 10: unpackGroups(src, groups: groups, width: 10, into: dst)
        case 11: unpackGroups(src, groups: groups, width: 11, into: dst)
        case 12: unpackGroups(src, groups: groups, width: 12, into: dst)
        case 13: unpackGroups(src, groups: groups, width: 13, into: dst)
        case 14: unpackGroups(src, groups: groups, width: 14, into: dst)
        case 15: unpackGroups(src, groups: groups, width: 15, into: dst)
        case 16: unpackGroups(src, groups: groups, width: 16, into: dst)
        case 17: unpackGroups(src, groups: groups, width: 17, into: dst)
        case 18: unpackGroups(src, groups: groups, width: 18, into: dst)
        case 19: unpackGroups(src, groups: groups, width: 19, into: dst)
        case 20: unpackGroups(src, groups: groups, width: 20, into: dst)
        case 21: unpackGroups(src, groups: groups, width: 21, into: dst)
        case 22: unpackGroups(src, groups: groups, width: 22, into: dst)
        case 23: unpackGroups(src, groups: groups, width: 23, into: dst)
        case 24: unpackGroups(src, groups: groups, width: 24, into: dst)
        case 25: unpackGroups(src, groups: groups, width: 25, into: dst)
        case 26: unpackGroups(src, groups: groups, width: 26, into: dst)
        case 27: unpackGroups(src, groups: groups, width: 27, into: dst)
        case 28: unpackGroups(src, groups: groups, width: 28, into: dst)
        case 29: unpackGroups(src, groups: groups, width: 29, into: dst)
        case 30: unpackGroups(src, groups: groups, width: 30, into: dst)
        case 31: unpackGroups(src, groups: groups, width: 31, into: dst)
        case 32: unpackGroups(src, groups: groups, width: 32, into: dst)
        default: break
        }
        // Tail: one value at a time with bounds-checked loads.
        let mask = (UInt64(1) << UInt64(bitWidth)) - 1
        var bit = groups * 8 * bitWidth
        for i in groups * 8 ..< n {
            let word = EncodingBytes.word64LE(src, bit >> 3)
            dst[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit += bitWidth
        }
    }

    /// Unpacks `groups` groups of 8 values of `width` (1...32) bits. Inlined with a constant
    /// `width`, the shifts and word choices fold away. The caller guarantees that every group's
    /// word loads (`(width + 7) / 8 * 8` bytes from the group start) are inside `src`, and that
    /// `dst` has room for `groups * 8` values; both are re-checked here.
    @inline(always)
    private static func unpackGroups(
        _ src: UnsafeRawBufferPointer, groups: Int, width: Int, into dst: UnsafeMutableBufferPointer<UInt32>
    ) {
        let words = (width + 7) / 8
        guard groups > 0, (groups - 1) * width + words * 8 <= src.count, groups * 8 <= dst.count,
              let base = src.baseAddress, let out = dst.baseAddress
        else { return }
        let mask: UInt64 = (UInt64(1) << UInt64(width)) - 1
        var p = base
        var o = out
        for _ in 0 ..< groups {
            let w0 = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
            let w1 = words > 1 ? UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) : 0
            let w2 = words > 2 ? UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) : 0
            let w3 = words > 3 ? UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) : 0
            for j in 0 ..< 8 {
                let bit = j * width
                let k = bit >> 6
                let shift = UInt64(bit & 63)
                let lo = k == 0 ? w0 : (k == 1 ? w1 : (k == 2 ? w2 : w3))
                var v = lo >> shift
                if shift != 0, Int(shift) + width > 64 {
                    let hi = k == 0 ? w1 : (k == 1 ? w2 : w3)
                    v |= hi << (64 - shift)
                }
                o[j] = UInt32(truncatingIfNeeded: v & mask)
            }
            p += width
            o += 8
        }
    }

    /// Writes `count` values of `bitWidth` (1...64) bits, packed LSB first from bit 0 of `src`.
    static func lsb64(_ src: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into dst: UnsafeMutableBufferPointer<UInt64>) {
        let n = min(count, dst.count)
        guard n > 0, bitWidth > 0, bitWidth <= 64 else { return }
        let w = UInt64(bitWidth)
        let mask: UInt64 = bitWidth == 64 ? ~0 : (UInt64(1) << w) - 1
        var bit = 0
        if bitWidth <= 56 {
            for i in 0 ..< n {
                let word = EncodingBytes.word64LE(src, bit >> 3)
                dst[i] = (word >> UInt64(bit & 7)) & mask
                bit += bitWidth
            }
        } else {
            for i in 0 ..< n {
                let byteOffset = bit >> 3
                let shift = UInt64(bit & 7)
                var value = EncodingBytes.word64LE(src, byteOffset) >> shift
                if shift + w > 64 {
                    value |= UInt64(EncodingBytes.byte(src, byteOffset + 8)) << (64 - shift)
                }
                dst[i] = value & mask
                bit += bitWidth
            }
        }
    }

    /// Writes `count` values of `bitWidth` (1...32) bits, packed MSB first from bit 0 of `src`.
    static func msb32(_ src: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into dst: UnsafeMutableBufferPointer<UInt32>) {
        let n = min(count, dst.count)
        guard n > 0, bitWidth > 0, bitWidth <= 32 else { return }
        let down = UInt64(64 - bitWidth)
        var bit = 0
        for i in 0 ..< n {
            let word = EncodingBytes.word64BE(src, bit >> 3)
            dst[i] = UInt32(truncatingIfNeeded: (word << UInt64(bit & 7)) >> down)
            bit += bitWidth
        }
    }
}
