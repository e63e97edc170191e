// Small, bounds-checked byte helpers shared by the value and level decoders:
// ULEB128 / zigzag varints, little-endian loads and in-place appends.
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

extension Array {
    /// Makes room for `extra` more elements, growing geometrically (a plain
    /// `reserveCapacity(count + extra)` reallocates to the exact size on every call, which turns
    /// repeated appends quadratic).
    @inline(__always)
    package mutating func reserveAdditional(_ extra: Int) {
        let needed = count + Swift.max(0, extra)
        if needed > capacity { reserveCapacity(Swift.max(needed, 2 * capacity)) }
    }
}

// Appending decoded values without per-element `append` calls. (`append(contentsOf:
// repeatElement(...))` is not specialized and costs generic-metadata lookups per element.)
extension Array {
    /// Appends `count` elements that `body` writes into a buffer pre-filled with `fill`, in one
    /// block. For one-shot page-sized appends: it allocates once per call.
    @inline(__always)
    mutating func appendBulk(
        _ count: Int, fill: Element, _ body: (UnsafeMutableBufferPointer<Element>) throws -> Void
    ) rethrows {
        guard count > 0 else { return }
        let block = try Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: fill)
            initialized = count
            try body(buffer)
        }
        if isEmpty { self = block } else { append(contentsOf: block) }
    }

    /// Appends `count` elements in stack-allocated chunks of at most 1 KiB that `body` writes
    /// (each chunk pre-filled with `fill`); `body` also gets the index of the chunk's first
    /// element within the `count`. Chunk starts are multiples of 8: byte-aligned in bit-packed
    /// data. (Larger temporary allocations would go to the heap.)
    @inline(__always)
    mutating func appendChunks(
        _ count: Int, fill: Element, _ body: (UnsafeMutableBufferPointer<Element>, Int) throws -> Void
    ) rethrows {
        guard count > 0 else { return }
        reserveAdditional(count)
        let capacity = Swift.max(8, 1024 / Swift.max(1, MemoryLayout<Element>.stride) / 8 * 8)
        try withUnsafeTemporaryAllocation(of: Element.self, capacity: capacity) { scratch in
            var start = 0
            while start < count {
                let n = Swift.min(capacity, count - start, scratch.count)
                guard n > 0 else { return }
                let chunk = UnsafeMutableBufferPointer(rebasing: scratch[0 ..< n])
                chunk.initialize(repeating: fill)
                try body(chunk, start)
                append(contentsOf: UnsafeBufferPointer(chunk))
                chunk.deinitialize()
                start += n
            }
        }
    }

    /// Appends `value` `count` times.
    @inline(__always)
    mutating func appendRepeating(_ value: Element, count: Int) {
        guard count > 0 else { return }
        if count < 64 {
            reserveAdditional(count)
            for _ in 0 ..< count { append(value) }
        } else {
            appendBulk(count, fill: value) { _ in }
        }
    }
}
