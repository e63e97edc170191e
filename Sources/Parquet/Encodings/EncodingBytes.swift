// Small, bounds-checked byte helpers shared by the value and level decoders:
// ULEB128 / zigzag varints, little-endian loads and bit unpacking.
//
// Every function here checks its offsets against the buffer it is given, so the decoders can
// call them in tight loops without any unchecked access on input-derived positions.

enum EncodingBytes {
    /// Reads a ULEB128 varint at `pos` (advancing it); throws on truncation or more than 64 bits.
    @inline(__always)
    static func readULEB128(_ bytes: UnsafeRawBufferPointer, _ pos: inout Int, _ what: StaticString) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos >= 0, pos < bytes.count else {
                throw ParquetError.corrupt("truncated \(what) (varint runs past the end of the data)")
            }
            let byte = bytes[pos]
            pos += 1
            if shift == 63, byte > 1 {
                throw ParquetError.corrupt("\(what) varint overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) &<< shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Decodes a zigzag-encoded signed value (as its two's complement bit pattern).
    @inline(__always)
    static func zigzag(_ n: UInt64) -> UInt64 {
        (n >> 1) ^ (0 &- (n & 1))
    }

    /// Appends `n` as a ULEB128 varint.
    @inline(__always)
    static func appendULEB128(_ n: UInt64, to out: inout [UInt8]) {
        var v = n
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    /// The 4-byte little-endian value at `offset`, or nil when fewer than 4 bytes remain there.
    @inline(__always)
    static func loadUInt32LE(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32? {
        guard offset >= 0, offset <= bytes.count &- 4 else { return nil }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Up to 8 bytes at `offset` as a little-endian word; missing bytes past the end read as 0.
    @inline(__always)
    static func word64LE(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        let n = bytes.count
        if offset >= 0, offset <= n &- 8 {
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        var word: UInt64 = 0
        var k = 0
        while k < 8, offset + k < n {
            if offset + k >= 0 { word |= UInt64(bytes[offset + k]) &<< UInt64(8 * k) }
            k += 1
        }
        return word
    }

    /// Up to 8 bytes at `offset` as a big-endian word; missing bytes past the end read as 0.
    @inline(__always)
    static func word64BE(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        let n = bytes.count
        if offset >= 0, offset <= n &- 8 {
            return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        var word: UInt64 = 0
        var k = 0
        while k < 8 {
            let i = offset + k
            let byte: UInt64 = (i >= 0 && i < n) ? UInt64(bytes[i]) : 0
            word |= byte &<< UInt64(56 - 8 * k)
            k += 1
        }
        return word
    }

    /// The byte at `offset`, or 0 past the end.
    @inline(__always)
    static func byte(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt8 {
        offset >= 0 && offset < bytes.count ? bytes[offset] : 0
    }

    /// `count * width` bytes, or nil on overflow or a negative operand.
    @inline(__always)
    static func product(_ count: Int, _ width: Int) -> Int? {
        guard count >= 0, width >= 0 else { return nil }
        let (p, o) = count.multipliedReportingOverflow(by: width)
        return o ? nil : p
    }

    /// Bytes needed for `count` values of `bitWidth` bits, or nil on overflow.
    @inline(__always)
    static func packedByteCount(_ count: Int, bitWidth: Int) -> Int? {
        guard let bits = product(count, bitWidth) else { return nil }
        return bits / 8 + (bits % 8 == 0 ? 0 : 1)
    }
}

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
        switch bitWidth {
        case 8:
            for i in 0 ..< n { dst[i] = UInt32(EncodingBytes.byte(src, i)) }
        case 16:
            for i in 0 ..< n {
                dst[i] = UInt32(EncodingBytes.byte(src, 2 * i)) | UInt32(EncodingBytes.byte(src, 2 * i + 1)) << 8
            }
        case 32:
            for i in 0 ..< n { dst[i] = UInt32(truncatingIfNeeded: EncodingBytes.word64LE(src, 4 * i)) }
        case 1, 2, 4:
            // Whole bytes hold 8 / 4 / 2 values: peel them off a byte at a time.
            let perByte = 8 / bitWidth
            let mask = UInt32(1) << UInt32(bitWidth) - 1
            var i = 0
            var b = 0
            while i < n {
                var byte = UInt32(EncodingBytes.byte(src, b))
                b += 1
                var k = 0
                while k < perByte, i < n {
                    dst[i] = byte & mask
                    byte >>= UInt32(bitWidth)
                    i += 1
                    k += 1
                }
            }
        default:
            let mask = (UInt64(1) << UInt64(bitWidth)) - 1
            var bit = 0
            for i in 0 ..< n {
                let word = EncodingBytes.word64LE(src, bit >> 3)
                dst[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
                bit += bitWidth
            }
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

extension Array {
    /// Grows the array by `count` elements of `fill` and lets `body` write them in place.
    @inline(__always)
    mutating func appendDecoded(_ count: Int, fill: Element, _ body: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows {
        guard count > 0 else { return }
        let base = self.count
        append(contentsOf: repeatElement(fill, count: count))
        try withUnsafeMutableBufferPointer { all in
            try body(UnsafeMutableBufferPointer(rebasing: all[base ..< base + count]))
        }
    }
}
