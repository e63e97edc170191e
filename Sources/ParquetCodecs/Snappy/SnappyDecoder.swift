/// The element loop of the Snappy decoder.
///
/// Every element is checked once, up front, against the bytes left in the input and the
/// room left in the output; the copy itself then runs without per-byte checks. Wide
/// (8- and 16-byte) unaligned loads and stores are used only when the remaining input or
/// output has enough slack for them, so no access ever leaves the two buffers.
enum SnappyDecoder {
    /// Input slack for the fast loop: a tag, the four bytes after it (read for a copy's
    /// offset) and a 16-byte literal read, with room to spare.
    static let fastInputSlack = 21
    /// Output slack for the fast loop: the longest copy (64) rounded up to whole words.
    static let fastOutputSlack = 72

    /// The fast loop's view of the copy tags with 1- and 2-byte offsets, like the reference
    /// implementation's `char_table`: bits 0-31 mask the offset bytes out of the four input
    /// bytes after the tag, bits 32-39 hold the copy length and bits 40-50 the offset's high
    /// bits (kind 1: the tag's top three bits, times 256). Other tags hold 0 (unused).
    static let tagTable: [UInt64] = (0..<256).map { tag -> UInt64 in
        let length: Int, high: Int, mask: UInt64
        switch tag & 3 {
        case 1: length = ((tag >> 2) & 7) + 4; high = (tag >> 5) << 8; mask = 0xFF
        case 2: length = (tag >> 2) + 1; high = 0; mask = 0xFFFF
        default: return 0
        }
        return mask | UInt64(length) << 32 | UInt64(high) << 40
    }

    /// Decodes the elements in `src[0..<srcCount]` into `dst[0..<dstCount]`, which they must
    /// fill exactly.
    static func decodeElements(
        src: UnsafeRawPointer, srcCount: Int,
        dst: UnsafeMutableRawPointer, dstCount: Int
    ) throws {
        _ = try decodeElements(src: src, srcCount: srcCount, dst: dst, dstCount: dstCount, from: 0, final: true)
    }

    /// Where a piece of input left the decoding (see ``decodeElements(src:srcCount:dst:dstCount:from:final:)``).
    struct Progress {
        /// Input bytes of the piece used; the rest (an element's first bytes, at most five)
        /// must come again at the front of the next piece.
        var consumed: Int
        /// Output bytes written so far (into the whole output).
        var written: Int
        /// Bytes of a literal still to copy from the next pieces' start, before any element.
        var literalLeft: Int
    }

    /// Decodes the elements in `src[0..<srcCount]`, one piece of a block, into `dst`
    /// (the whole output, `dstCount` bytes) from output offset `from`. With `final` the piece
    /// ends the block and the elements must fill the output exactly; otherwise decoding stops
    /// before an element whose tag and length bytes are not all in the piece, and a literal
    /// that runs past the piece is copied as far as it goes (``Progress/literalLeft``).
    /// Copies may reach back into everything written before, in this piece or earlier ones.
    static func decodeElements(
        src: UnsafeRawPointer, srcCount: Int,
        dst: UnsafeMutableRawPointer, dstCount: Int,
        from start: Int, final: Bool
    ) throws -> Progress {
        var ip = 0
        var op = start
        // Fast path: far from both ends of input and output, short literals and copies with
        // 1- and 2-byte offsets need no length checks; only the copy offset is validated.
        // Everything else (long literals, 4-byte-offset copies, elements near either end) takes
        // the fully checked path.
        let ipFastEnd = srcCount &- fastInputSlack
        let opFastEnd = dstCount &- fastOutputSlack
        let table = tagTable
        while ip < srcCount {
            if ip < ipFastEnd && op < opFastEnd {
                let tag = Int(src.load(fromByteOffset: ip, as: UInt8.self))
                let kind = tag & 3
                if kind == 1 || kind == 2 {
                    // Length, offset and the offset's high bits come from the table, without
                    // branching on the kind; the next tag's position (after 1 or 2 offset bytes)
                    // comes straight from the tag, which keeps the chain of loads from one tag to
                    // the next short.
                    let entry = table[tag]
                    let raw = UInt64(UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip &+ 1, as: UInt32.self)))
                    let length = Int(truncatingIfNeeded: (entry &>> 32) & 0xFF)
                    let offset = Int(truncatingIfNeeded: (entry & raw) | ((entry &>> 40) & 0x7FF))
                    // One unsigned compare rejects both offset 0 and offset > op.
                    guard UInt(bitPattern: offset &- 1) < UInt(bitPattern: op) else {
                        throw badOffset(offset, at: op)
                    }
                    let from = op &- offset
                    if offset >= 16 {
                        // 16-byte chunks, each read entirely from output already written; the
                        // longest copy (64) fits in the output slack.
                        let v = dst.loadUnaligned(fromByteOffset: from, as: SIMD16<UInt8>.self)
                        dst.storeBytes(of: v, toByteOffset: op, as: SIMD16<UInt8>.self)
                        if length > 16 {
                            var k = 16
                            repeat {
                                let w = dst.loadUnaligned(fromByteOffset: from &+ k, as: SIMD16<UInt8>.self)
                                dst.storeBytes(of: w, toByteOffset: op &+ k, as: SIMD16<UInt8>.self)
                                k &+= 16
                            } while k < length
                        }
                    } else if offset >= 8 && length <= 16 {
                        let a = dst.loadUnaligned(fromByteOffset: from, as: UInt64.self)
                        dst.storeBytes(of: a, toByteOffset: op, as: UInt64.self)
                        let b = dst.loadUnaligned(fromByteOffset: from &+ 8, as: UInt64.self)
                        dst.storeBytes(of: b, toByteOffset: op &+ 8, as: UInt64.self)
                    } else {
                        copyMatch(dst: dst, op: op, offset: offset, length: length, outLeft: dstCount &- op)
                    }
                    ip &+= kind &+ 1
                    op &+= length
                    continue
                }
                let length = (tag &>> 2) &+ 1
                if kind == 0 && length <= 16 {
                    let a = src.loadUnaligned(fromByteOffset: ip &+ 1, as: UInt64.self)
                    let b = src.loadUnaligned(fromByteOffset: ip &+ 9, as: UInt64.self)
                    dst.storeBytes(of: a, toByteOffset: op, as: UInt64.self)
                    dst.storeBytes(of: b, toByteOffset: op &+ 8, as: UInt64.self)
                    ip &+= length &+ 1
                    op &+= length
                    continue
                }
                // Longer literals and 4-byte-offset copies take the checked path below.
            }

            // Checked path: the element is validated against what is left of input and output.
            let elementStart = ip
            let tag = src.load(fromByteOffset: ip, as: UInt8.self)
            ip &+= 1
            let kind = tag & 3

            if kind == 0 {
                // Literal: length-1 in the upper six bits, or in 1...4 following bytes.
                var length = Int(tag &>> 2) &+ 1
                if length > 60 {
                    let extra = length &- 60
                    guard srcCount &- ip >= extra else {
                        if !final { return Progress(consumed: elementStart, written: op, literalLeft: 0) }
                        throw ParquetError.corrupt("snappy: truncated literal length at input offset \(ip)")
                    }
                    var value = 0
                    var k = 0
                    while k < extra {
                        value |= Int(src.load(fromByteOffset: ip &+ k, as: UInt8.self)) &<< (k &* 8)
                        k &+= 1
                    }
                    ip &+= extra
                    length = value &+ 1
                }
                let inLeft = srcCount &- ip
                let outLeft = dstCount &- op
                if !final && length > inLeft && length <= outLeft {
                    // The literal goes on in the next piece.
                    copyBytes(dst + op, src + ip, inLeft)
                    return Progress(consumed: srcCount, written: op &+ inLeft, literalLeft: length &- inLeft)
                }
                guard length <= inLeft else {
                    throw ParquetError.corrupt(
                        "snappy: literal of \(length) bytes runs past the input end (\(inLeft) left)")
                }
                guard length <= outLeft else {
                    throw ParquetError.corrupt(
                        "snappy: literal of \(length) bytes runs past the output end (\(outLeft) left)")
                }
                copyBytes(dst + op, src + ip, length)
                ip &+= length
                op &+= length
                continue
            }

            // Copy: decode length and offset.
            let length: Int
            let offset: Int
            if kind == 1 {
                guard ip < srcCount else {
                    if !final { return Progress(consumed: elementStart, written: op, literalLeft: 0) }
                    throw ParquetError.corrupt("snappy: truncated 1-byte-offset copy")
                }
                length = Int((tag &>> 2) & 7) &+ 4
                offset = Int(tag &>> 5) &<< 8 | Int(src.load(fromByteOffset: ip, as: UInt8.self))
                ip &+= 1
            } else if kind == 2 {
                guard srcCount &- ip >= 2 else {
                    if !final { return Progress(consumed: elementStart, written: op, literalLeft: 0) }
                    throw ParquetError.corrupt("snappy: truncated 2-byte-offset copy")
                }
                length = Int(tag &>> 2) &+ 1
                offset = Int(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
                ip &+= 2
            } else {
                guard srcCount &- ip >= 4 else {
                    if !final { return Progress(consumed: elementStart, written: op, literalLeft: 0) }
                    throw ParquetError.corrupt("snappy: truncated 4-byte-offset copy")
                }
                length = Int(tag &>> 2) &+ 1
                offset = Int(UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt32.self)))
                ip &+= 4
            }
            guard offset != 0, offset <= op else {
                throw badOffset(offset, at: op)
            }
            let outLeft = dstCount &- op
            guard length <= outLeft else {
                throw ParquetError.corrupt(
                    "snappy: copy of \(length) bytes runs past the output end (\(outLeft) left)")
            }
            copyMatch(dst: dst, op: op, offset: offset, length: length, outLeft: outLeft)
            op &+= length
        }
        guard op == dstCount || !final else {
            throw ParquetError.corrupt("snappy: stream ends after \(op) of \(dstCount) uncompressed bytes")
        }
        return Progress(consumed: ip, written: op, literalLeft: 0)
    }

    @inline(never)
    static func badOffset(_ offset: Int, at op: Int) -> ParquetError {
        offset == 0
            ? ParquetError.corrupt("snappy: copy with offset 0 at output offset \(op)")
            : ParquetError.corrupt("snappy: copy offset \(offset) reaches before the output start (at output offset \(op))")
    }

    /// Copies `length` bytes from `op - offset` to `op`, repeating the pattern when the two
    /// ranges overlap. The caller has checked `1 <= offset <= op` and `length <= outLeft`.
    @inline(__always)
    static func copyMatch(dst: UnsafeMutableRawPointer, op: Int, offset: Int, length: Int, outLeft: Int) {
        let from = op &- offset
        if offset >= 16 && outLeft >= length &+ 15 {
            // Enough slack to round the copy up to 16-byte chunks, each read entirely from
            // output already written (so overlapping patterns come out right too).
            var k = 0
            repeat {
                let a = dst.loadUnaligned(fromByteOffset: from &+ k, as: UInt64.self)
                let b = dst.loadUnaligned(fromByteOffset: from &+ k &+ 8, as: UInt64.self)
                dst.storeBytes(of: a, toByteOffset: op &+ k, as: UInt64.self)
                dst.storeBytes(of: b, toByteOffset: op &+ k &+ 8, as: UInt64.self)
                k &+= 16
            } while k < length
        } else if outLeft >= length &+ 7 {
            // Enough slack to round the copy up to whole 8-byte words.
            if offset >= 8 {
                // Each word read lies entirely in output already written, so copying word by
                // word also reproduces overlapping (offset < length) patterns correctly.
                var k = 0
                repeat {
                    let word = dst.loadUnaligned(fromByteOffset: from &+ k, as: UInt64.self)
                    dst.storeBytes(of: word, toByteOffset: op &+ k, as: UInt64.self)
                    k &+= 8
                } while k < length
            } else {
                // offset 1...7: write the first 8 bytes one by one (which repeats the pattern),
                // then stamp that word, advancing by the largest multiple of `offset` <= 8.
                var i = 0
                while i < 8 {
                    let byte = dst.load(fromByteOffset: from &+ i, as: UInt8.self)
                    dst.storeBytes(of: byte, toByteOffset: op &+ i, as: UInt8.self)
                    i &+= 1
                }
                let pattern = dst.loadUnaligned(fromByteOffset: op, as: UInt64.self)
                let step = 8 &- (8 % offset)
                var k = step
                while k < length {
                    dst.storeBytes(of: pattern, toByteOffset: op &+ k, as: UInt64.self)
                    k &+= step
                }
            }
        } else if offset >= length {
            copyBytes(dst + op, dst + from, length)
        } else {
            // Overlapping copy at the very end of the output: byte by byte.
            var k = 0
            while k < length {
                let byte = dst.load(fromByteOffset: from &+ k, as: UInt8.self)
                dst.storeBytes(of: byte, toByteOffset: op &+ k, as: UInt8.self)
                k &+= 1
            }
        }
    }
}
