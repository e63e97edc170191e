/// LSB-first bit input shared by the DEFLATE and Brotli decoders.
///
/// Keeps up to 64 bits buffered; near the input end it supplies at most eight phantom zero
/// bytes so that decoding never branches on the end per symbol. Consuming a phantom bit is
/// detected by ``checkNotOverrun()`` and by the phantom limit in ``refillSlow()``, both
/// `.corrupt` "truncated stream" errors naming the codec.
struct LSBBitReader {
    let src: UnsafeRawPointer
    let srcCount: Int
    var pos = 0
    var bitBuf: UInt64 = 0
    var bitCount = 0
    /// The codec named in errors ("deflate", "brotli").
    let codec: StaticString

    init(src: UnsafeRawPointer, srcCount: Int, codec: StaticString) {
        self.src = src
        self.srcCount = srcCount
        self.codec = codec
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
                throw ParquetError.corrupt("\(codec): truncated stream")
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

    /// Throws if decoding consumed a phantom bit past the input end.
    func checkNotOverrun() throws {
        guard pos &* 8 &- bitCount <= srcCount &* 8 else {
            throw ParquetError.corrupt("\(codec): truncated stream")
        }
    }

    /// Drops the bits up to the next byte boundary and returns the offset of the next unread
    /// input byte, with the buffer emptied so that reading restarts there.
    mutating func rewindToByte() throws -> Int {
        try checkNotOverrun()
        let byte = pos &- (bitCount &>> 3)
        pos = byte
        bitBuf = 0
        bitCount = 0
        return byte
    }

    /// Restarts reading at input byte `offset` with an empty buffer.
    mutating func restart(at offset: Int) {
        pos = offset
        bitBuf = 0
        bitCount = 0
    }
}
