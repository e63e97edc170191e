/// The Brotli (RFC 7932) stream decoder, writing into one output buffer that holds the whole
/// stream (so the output itself is the sliding window).
///
/// The buffer is either caller-owned and as large as the expected output (`limit`), or, with
/// `ownsOutput`, allocated by the caller with `UnsafeMutablePointer.allocate` and grown here
/// meta-block by meta-block up to `limit`: a Brotli stream can expand by millions to one, so
/// the expected length is only allocated once the stream has produced most of it.
struct BrotliDecoder {
    var br: LSBBitReader
    /// The output; re-based when an owned buffer grows (only between meta-blocks).
    var dst: UnsafeMutablePointer<UInt8>
    /// The output buffer's capacity.
    var dstCount: Int
    /// The most the stream may produce (the expected length).
    let limit: Int
    /// Whether `dst` may be reallocated (it then belongs to the decoder's caller, who must
    /// deallocate the final `dst`).
    let ownsOutput: Bool
    var op = 0
    /// Largest backward distance the window allows: (1 << WBITS) - 16.
    var maxBackward = 0
    /// The last four distances, most recent first (section 4), kept across meta-blocks.
    var last0 = 4, last1 = 11, last2 = 15, last3 = 16

    init(src: UnsafeRawPointer, srcCount: Int, dst: UnsafeMutablePointer<UInt8>, dstCount: Int,
         limit: Int? = nil, ownsOutput: Bool = false) {
        br = LSBBitReader(src: src, srcCount: srcCount, codec: "brotli")
        self.dst = dst
        self.dstCount = dstCount
        self.limit = ownsOutput ? max(dstCount, limit ?? dstCount) : dstCount
        self.ownsOutput = ownsOutput
    }

    /// Grows an owned output buffer so that it holds at least `needed` bytes (at most `limit`).
    mutating func growOutput(toHold needed: Int) throws {
        guard ownsOutput, needed <= limit else {
            throw ParquetError.corrupt("brotli: output exceeds the expected \(limit) bytes")
        }
        let newCount = min(limit, max(needed, dstCount &* 2))
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCount)
        grown.initialize(from: dst, count: op)
        dst.deallocate()
        dst = grown
        dstCount = newCount
    }

    /// Decodes the whole stream; it must end exactly at the input end.
    mutating func decodeStream() throws {
        try readWindowBits()
        // Every meta-block header consumes input bits, and phantom bits are limited, so
        // the input length bounds this loop.
        while true {
            let isLast = try br.bits(1) == 1
            if isLast, try br.bits(1) == 1 { break }  // ISLASTEMPTY
            let nibbleCode = try br.bits(2)
            if nibbleCode == 3 {
                try skipMetadata()
                if isLast { break }
                continue
            }
            let nibbles = nibbleCode &+ 4
            var mlen = 0
            for k in 0..<nibbles {
                let v = try br.bits(4)
                if k == nibbles &- 1 && nibbles > 4 && v == 0 {
                    throw ParquetError.corrupt("brotli: meta-block length has a superfluous zero nibble")
                }
                mlen |= v &<< (4 &* k)
            }
            mlen &+= 1
            guard mlen <= limit &- op else {
                throw ParquetError.corrupt("brotli: meta-block of \(mlen) bytes exceeds the expected \(limit) bytes")
            }
            if mlen > dstCount &- op { try growOutput(toHold: op &+ mlen) }
            if !isLast, try br.bits(1) == 1 {
                try copyUncompressed(mlen)
                continue
            }
            try decodeCompressedMetaBlock(mlen)
            try br.checkNotOverrun()
            if isLast { break }
        }
        try br.alignZero()
        let end = try br.rewindToByte()
        guard end == br.srcCount else {
            throw ParquetError.corrupt("brotli: \(br.srcCount &- end) trailing bytes after the stream")
        }
    }

    /// WBITS of section 9.1.
    mutating func readWindowBits() throws {
        var wbits = 16
        if try br.bits(1) == 1 {
            let n = try br.bits(3)
            if n != 0 {
                wbits = 17 &+ n
            } else {
                let m = try br.bits(3)
                if m == 1 {
                    throw ParquetError.unsupported("brotli: large-window streams are not supported")
                }
                wbits = m == 0 ? 17 : 8 &+ m
            }
        }
        maxBackward = (1 &<< wbits) &- 16
    }

    mutating func skipMetadata() throws {
        guard try br.bits(1) == 0 else {
            throw ParquetError.corrupt("brotli: reserved bit set in a metadata block")
        }
        let skipBytes = try br.bits(2)
        var skipLength = 0
        for k in 0..<skipBytes {
            let b = try br.bits(8)
            if k == skipBytes &- 1 && skipBytes > 1 && b == 0 {
                throw ParquetError.corrupt("brotli: metadata length has a superfluous zero byte")
            }
            skipLength |= b &<< (8 &* k)
        }
        if skipBytes > 0 { skipLength &+= 1 }
        try br.alignZero()
        let at = try br.rewindToByte()
        guard skipLength <= br.srcCount &- at else {
            throw ParquetError.corrupt("brotli: metadata block runs past the input end")
        }
        br.pos = at &+ skipLength
    }

    mutating func copyUncompressed(_ length: Int) throws {
        try br.alignZero()
        let at = try br.rewindToByte()
        guard length <= br.srcCount &- at else {
            throw ParquetError.corrupt("brotli: uncompressed meta-block runs past the input end")
        }
        copyBytes(dst + op, br.src + at, length)
        op &+= length
        br.pos = at &+ length
    }
}
