/// LSB-first bit input for the Brotli decoder, with table-driven prefix code decoding.
///
/// Like the DEFLATE reader, it keeps up to 64 bits buffered and, past the input end, supplies
/// at most eight phantom zero bytes; consuming a phantom bit is detected by
/// ``checkNotOverrun()`` and by the phantom limit, both `.corrupt` "truncated".
struct BrotliBitReader {
    let src: UnsafeRawPointer
    let srcCount: Int
    var pos = 0
    var bitBuf: UInt64 = 0
    var bitCount = 0

    init(src: UnsafeRawPointer, srcCount: Int) {
        self.src = src
        self.srcCount = srcCount
    }

    /// Tops the buffer up to at least 56 bits.
    @inline(__always)
    mutating func refill() throws {
        if pos &+ 8 <= srcCount {
            let word = UInt64(littleEndian: src.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            bitBuf |= word &<< UInt64(bitCount)
            pos &+= (63 &- bitCount) &>> 3
            bitCount |= 56
        } else {
            try refillSlow()
        }
    }

    @inline(never)
    mutating func refillSlow() throws {
        while bitCount <= 56 {
            if pos < srcCount {
                bitBuf |= UInt64(src.load(fromByteOffset: pos, as: UInt8.self)) &<< UInt64(bitCount)
            } else if pos &- srcCount >= 8 {
                throw ParquetError.corrupt("brotli: truncated stream")
            }
            pos &+= 1
            bitCount &+= 8
        }
    }

    /// Reads `n` (0...32) bits as an integer.
    @inline(__always)
    mutating func bits(_ n: Int) throws -> Int {
        if bitCount < n { try refill() }
        let value = Int(truncatingIfNeeded: bitBuf & ((1 &<< UInt64(n)) &- 1))
        bitBuf &>>= UInt64(n)
        bitCount &-= n
        return value
    }

    /// Decodes one symbol with the ``PrefixTable`` (root 8 bits) starting at `table`.
    @inline(__always)
    mutating func symbol(_ table: UnsafePointer<UInt32>) throws -> Int {
        if bitCount < 15 { try refill() }
        var e = table[Int(truncatingIfNeeded: bitBuf & 0xFF)]
        if e & PrefixTable.subtable != 0 {
            bitBuf &>>= 8
            bitCount &-= 8
            let mask = (UInt64(1) &<< UInt64((e &>> 8) & 0xFF)) &- 1
            e = table[Int(e &>> 16) &+ Int(truncatingIfNeeded: bitBuf & mask)]
        }
        guard e & PrefixTable.invalid == 0 else {
            throw ParquetError.corrupt("brotli: invalid prefix code")
        }
        let len = Int(e & PrefixTable.lengthMask)
        bitBuf &>>= UInt64(len)
        bitCount &-= len
        return Int(e &>> 16)
    }

    /// Throws if decoding consumed a phantom bit past the input end.
    func checkNotOverrun() throws {
        guard pos &* 8 &- bitCount <= srcCount &* 8 else {
            throw ParquetError.corrupt("brotli: truncated stream")
        }
    }

    /// Skips to the next byte boundary; the skipped bits must be zero.
    mutating func alignZero() throws {
        guard try bits(bitCount & 7) == 0 else {
            throw ParquetError.corrupt("brotli: non-zero padding bits")
        }
    }

    /// After ``alignZero()``: the offset of the next unread input byte, with the buffer
    /// emptied so that reading restarts there.
    mutating func rewindToByte() throws -> Int {
        try checkNotOverrun()
        let byte = pos &- (bitCount &>> 3)
        pos = byte
        bitBuf = 0
        bitCount = 0
        return byte
    }
}
