/// LSB-first bit input shared by the DEFLATE and Brotli decoders.
///
/// Keeps up to 64 bits buffered; near the input end it supplies at most eight phantom zero
/// bytes so that decoding never branches on the end per symbol. Consuming a phantom bit is
/// detected by ``checkNotOverrun()`` and by the phantom limit in ``refillSlow(_:_:_:_:_:_:)``, both
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
            // The slow path takes and returns the state by value, so that a decoder holding
            // the reader in a local never has the local's address taken (which would keep
            // the buffer in memory instead of registers in its hot loop).
            (pos, bitBuf, bitCount) = try Self.refillSlow(src, srcCount, pos, bitBuf, bitCount, codec)
        }
    }

    /// Byte-by-byte refill near the input end (phantom zero bytes past it, at most eight).
    @inline(never)
    static func refillSlow(
        _ src: UnsafeRawPointer, _ srcCount: Int, _ pos: Int, _ bitBuf: UInt64, _ bitCount: Int,
        _ codec: StaticString
    ) throws -> (Int, UInt64, Int) {
        var pos = pos, bitBuf = bitBuf, bitCount = bitCount
        while bitCount <= 56 {
            if pos < srcCount {
                bitBuf |= UInt64(src.load(fromByteOffset: pos, as: UInt8.self)) &<< UInt64(bitCount)
            } else if pos &- srcCount >= 8 {
                throw ParquetError.corrupt("\(codec): truncated stream")
            }
            pos &+= 1
            bitCount &+= 8
        }
        return (pos, bitBuf, bitCount)
    }

    /// Reads `n` (0...56) bits as an integer (a refill leaves at least 56 bits buffered).
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
