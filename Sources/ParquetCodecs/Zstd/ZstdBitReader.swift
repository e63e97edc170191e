/// The backward bit stream of Zstandard's FSE and Huffman streams (RFC 8878 §4.1, §4.2).
///
/// The encoder writes bits forward and ends with a `1` marker bit; the decoder starts from the
/// last byte, skips the padding and the marker, and reads towards the first byte. Bits are
/// held in a 64-bit container whose most significant bits are the next to be read;
/// `consumed` counts the container bits already used, from the top.
///
/// Reading is memory-safe whatever the stream holds: a read never leaves the stream's bytes,
/// values read are always below `1 << n`, and reading past the stream start only makes
/// `consumed` exceed 64, which callers detect (``isOverflowed``, ``isFinished``).
struct ZstdBackwardBitReader {
    /// The stream's first byte.
    let base: UnsafeRawPointer
    /// Offset of the container's lowest byte in the stream (0 once the start is reached).
    var pos: Int
    /// Eight stream bytes, little-endian, from `pos`.
    var container: UInt64
    /// How many of the container's bits, counted from the top, are already read.
    var consumed: Int

    /// Positions the reader on `base[0..<count]`.
    ///
    /// - Throws: `.corrupt` when the stream is empty or its last byte (which holds the end
    ///   marker) is zero.
    init(_ base: UnsafeRawPointer, count: Int, what: @autoclosure () -> String) throws {
        guard count >= 1 else {
            throw ParquetError.corrupt("zstd: empty \(what())")
        }
        let last = base.load(fromByteOffset: count &- 1, as: UInt8.self)
        guard last != 0 else {
            throw ParquetError.corrupt("zstd: \(what()) does not end with a marker bit")
        }
        self.base = base
        if count >= 8 {
            pos = count &- 8
            container = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            consumed = 0
        } else {
            // Short stream: the missing low bytes read as zeros and count as already consumed.
            pos = 0
            var value: UInt64 = 0
            var k = 0
            while k < count {
                value |= UInt64(base.load(fromByteOffset: k, as: UInt8.self)) &<< UInt64(k &* 8)
                k &+= 1
            }
            container = value
            consumed = (8 &- count) &* 8
        }
        // Skip the zero padding and the marker bit.
        consumed &+= last.leadingZeroBitCount &+ 1
    }

    /// Reads `n` bits (0...56 after a refill) as an unsigned value below `1 << n`.
    @inline(__always)
    mutating func read(_ n: Int) -> Int {
        let value = ((container &<< UInt64(consumed & 63)) &>> 1) &>> UInt64(63 &- n)
        consumed &+= n
        return Int(truncatingIfNeeded: value)
    }

    /// The next `n` bits (1...64) without consuming them.
    @inline(__always)
    func peek(_ n: Int) -> Int {
        Int(truncatingIfNeeded: (container &<< UInt64(consumed & 63)) &>> UInt64(64 &- n))
    }

    /// Drops `n` bits.
    @inline(__always)
    mutating func skip(_ n: Int) {
        consumed &+= n
    }

    /// Moves the container down the stream so that at least 57 unread bits are in it, or as
    /// many as remain. Does nothing once the reader has overflowed.
    @inline(__always)
    mutating func refill() {
        guard consumed <= 64 else { return }
        if pos >= 8 {
            pos &-= consumed &>> 3
            consumed &= 7
            container = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
        } else if pos > 0 {
            var bytes = consumed &>> 3
            if bytes > pos { bytes = pos }
            pos &-= bytes
            consumed &-= bytes &* 8
            container = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
        }
    }

    /// Whether more bits were read than the stream holds.
    @inline(__always)
    var isOverflowed: Bool { consumed > 64 }

    /// Whether every bit of the stream was read, and no more.
    var isFinished: Bool { pos == 0 && consumed == 64 }
}

/// A little-endian forward bit reader over a bounded byte range, for FSE table descriptions.
///
/// Reads past the end yield zero bits; ``bytesUsed`` then exceeds the range and the caller
/// rejects the description.
struct ZstdForwardBitReader {
    let base: UnsafeRawPointer
    let count: Int
    /// Bits read so far from `base`.
    var bitOffset: Int = 0

    init(_ base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// The next `n` bits (0...32), not consumed.
    func peek(_ n: Int) -> Int {
        let byte = bitOffset &>> 3
        var word: UInt64 = 0
        var k = 0
        while k < 8 {
            let at = byte &+ k
            if at < count {
                word |= UInt64(base.load(fromByteOffset: at, as: UInt8.self)) &<< UInt64(k &* 8)
            }
            k &+= 1
        }
        word &>>= UInt64(bitOffset & 7)
        return Int(truncatingIfNeeded: word & ((1 &<< UInt64(n)) &- 1))
    }

    mutating func skip(_ n: Int) {
        bitOffset &+= n
    }

    /// Whole bytes touched so far.
    var bytesUsed: Int { (bitOffset &+ 7) &>> 3 }
}
