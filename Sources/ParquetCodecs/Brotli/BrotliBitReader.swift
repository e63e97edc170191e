/// Brotli's use of the shared bit reader: table-driven prefix symbols and zero padding.
extension LSBBitReader {
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

    /// Skips to the next byte boundary; the skipped bits must be zero.
    mutating func alignZero() throws {
        guard try bits(bitCount & 7) == 0 else {
            throw ParquetError.corrupt("brotli: non-zero padding bits")
        }
    }
}
