/// The LZ4 block format decoder shared by ``LZ4Raw`` and ``LZ4Hadoop``.
///
/// A block is a series of sequences: a token (literal length in the high nibble, match length
/// minus 4 in the low nibble, 15 meaning "more length bytes follow", each adding up to 255),
/// the literals, a 2-byte little-endian offset and the optional extra match-length bytes. The
/// last sequence holds literals only and ends exactly at the end of the block.
///
/// Every length is checked against the bytes left in the input and the room left in the
/// output, and every offset against the output written so far, before any memory is touched.
enum LZ4Block {
    /// Decodes the block `src[0..<srcCount]` into `dst[0..<dstCount]`, which it must fill
    /// exactly.
    static func decode(
        src: UnsafeRawPointer, srcCount: Int,
        dst: UnsafeMutableRawPointer, dstCount: Int
    ) throws {
        guard srcCount > 0 else {
            throw ParquetError.corrupt("lz4: empty block")
        }
        var ip = 0
        var op = 0
        // Fast path bounds: a token, 16 literal bytes and a 2-byte offset fit in the input;
        // 16 literal bytes and a word-rounded 18-byte match fit in the output.
        let ipFastEnd = srcCount &- 32
        let opFastEnd = dstCount &- 64
        // Every iteration consumes at least one input byte, so the input bounds the loop.
        while true {
            guard ip < srcCount else {
                throw ParquetError.corrupt("lz4: block ends after a match (the last sequence must be literals)")
            }
            let token = Int(src.load(fromByteOffset: ip, as: UInt8.self))
            ip &+= 1
            var literals = token &>> 4

            if ip < ipFastEnd && op < opFastEnd && literals < 15 && (token & 15) < 15 {
                // Short literals and a short match, far from both ends: no length checks.
                let a = src.loadUnaligned(fromByteOffset: ip, as: UInt64.self)
                let b = src.loadUnaligned(fromByteOffset: ip &+ 8, as: UInt64.self)
                dst.storeBytes(of: a, toByteOffset: op, as: UInt64.self)
                dst.storeBytes(of: b, toByteOffset: op &+ 8, as: UInt64.self)
                ip &+= literals
                op &+= literals
                let offset = Int(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
                ip &+= 2
                guard UInt(bitPattern: offset &- 1) < UInt(bitPattern: op) else {
                    throw badOffset(offset, at: op)
                }
                let length = (token & 15) &+ 4
                SnappyDecoder.copyMatch(dst: dst, op: op, offset: offset, length: length, outLeft: dstCount &- op)
                op &+= length
                continue
            }

            if literals == 15 {
                literals &+= try readLength(src: src, srcCount: srcCount, ip: &ip)
            }
            let inLeft = srcCount &- ip
            guard literals <= inLeft else {
                throw ParquetError.corrupt("lz4: \(literals) literals run past the input end (\(inLeft) left)")
            }
            guard literals <= dstCount &- op else {
                throw ParquetError.corrupt("lz4: \(literals) literals run past the expected \(dstCount) output bytes")
            }
            if literals > 0 { copyBytes(dst + op, src + ip, literals) }
            ip &+= literals
            op &+= literals
            if ip == srcCount { break }

            guard srcCount &- ip >= 2 else {
                throw ParquetError.corrupt("lz4: truncated match offset")
            }
            let offset = Int(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
            ip &+= 2
            guard offset != 0, offset <= op else {
                throw badOffset(offset, at: op)
            }
            var length = token & 15
            if length == 15 {
                length &+= try readLength(src: src, srcCount: srcCount, ip: &ip)
            }
            length &+= 4
            let outLeft = dstCount &- op
            guard length <= outLeft else {
                throw ParquetError.corrupt("lz4: match of \(length) bytes runs past the expected \(dstCount) output bytes")
            }
            SnappyDecoder.copyMatch(dst: dst, op: op, offset: offset, length: length, outLeft: outLeft)
            op &+= length
        }
        guard op == dstCount else {
            throw ParquetError.corrupt("lz4: block holds \(op) bytes, expected \(dstCount)")
        }
    }

    /// Sums the extra length bytes (each up to 255, the last one below 255). The sum is
    /// bounded by 255 times the input length, so it cannot overflow.
    @inline(__always)
    static func readLength(src: UnsafeRawPointer, srcCount: Int, ip: inout Int) throws -> Int {
        var sum = 0
        while true {
            guard ip < srcCount else {
                throw ParquetError.corrupt("lz4: truncated length bytes")
            }
            let byte = Int(src.load(fromByteOffset: ip, as: UInt8.self))
            ip &+= 1
            sum &+= byte
            if byte != 255 { return sum }
        }
    }

    @inline(never)
    static func badOffset(_ offset: Int, at op: Int) -> ParquetError {
        offset == 0
            ? ParquetError.corrupt("lz4: match offset 0 at output offset \(op)")
            : ParquetError.corrupt("lz4: match offset \(offset) reaches before the block start (at output offset \(op))")
    }
}
