extension Snappy {
    /// Compresses `input` into a raw Snappy block (no framing).
    ///
    /// Uses the reference implementation's scheme: the input is cut into 64 KiB blocks, each
    /// scanned with a hash table of 4-byte sequences (with the accelerating skip over
    /// incompressible stretches); matches become copy elements with 1- or 2-byte offsets and
    /// everything else literals. Any Snappy decoder accepts the output.
    ///
    /// The Snappy format stores the length as a 32-bit value, so inputs must be smaller than
    /// 4 GiB to be decodable elsewhere.
    public static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let count = input.count
        let capacity = maxCompressedLength(count)
        return EncoderOutput.bytes(capacity: capacity) { out in
            var op = SnappyEncoder.putVarint(UInt64(count), out)
            if let src = input.baseAddress, count > 0 {
                let table = UnsafeMutablePointer<UInt16>.allocate(capacity: SnappyEncoder.maxTableSize)
                defer { table.deallocate() }
                var start = 0
                while start < count {
                    let blockLength = min(count &- start, SnappyEncoder.blockSize)
                    op = SnappyEncoder.compressBlock(
                        src + start, count: blockLength, out: out, op: op, table: table)
                    start &+= blockLength
                }
            }
            return op
        }
    }
}

/// The block compressor behind ``Snappy/compress(_:)``.
///
/// Writes into a buffer sized with ``Snappy/maxCompressedLength(_:)``; the element layout
/// (literal headers, copies of at most 64 bytes with offsets below 64 KiB) keeps every block
/// within that bound.
enum SnappyEncoder {
    /// Input is compressed in independent blocks of this size (offsets stay below 64 KiB).
    static let blockSize = 1 << 16
    /// The largest hash table (entries), as in the reference implementation.
    static let maxTableSize = 1 << 14
    /// No match search in the last bytes of a block, so 4- and 8-byte loads stay in bounds.
    static let inputMargin = 15

    /// Writes `value` as a base-128 varint at `out` and returns the number of bytes written.
    @inline(__always)
    static func putVarint(_ value: UInt64, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        var v = value
        var i = 0
        while v >= 0x80 {
            out[i] = UInt8(truncatingIfNeeded: v) | 0x80
            v &>>= 7
            i &+= 1
        }
        out[i] = UInt8(truncatingIfNeeded: v)
        return i &+ 1
    }

    @inline(__always)
    static func load32(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 { MatchSupport.load32(p, i) }

    @inline(__always)
    static func hash(_ bytes: UInt32, _ shift: UInt32) -> Int {
        Int(truncatingIfNeeded: (bytes &* 0x1E35_A7BD) &>> shift)
    }

    /// Compresses one block of at most `blockSize` bytes, appending at `out[op...]`; returns
    /// the new output position.
    static func compressBlock(
        _ src: UnsafeRawPointer, count: Int,
        out: UnsafeMutablePointer<UInt8>, op start: Int,
        table: UnsafeMutablePointer<UInt16>
    ) -> Int {
        var op = start
        var nextEmit = 0
        if count >= inputMargin {
            var tableSize = 256
            var shift: UInt32 = 32 - 8
            while tableSize < maxTableSize && tableSize < count {
                tableSize &<<= 1
                shift &-= 1
            }
            table.initialize(repeating: 0, count: tableSize)

            let ipLimit = count &- inputMargin
            var ip = 1
            var nextHash = hash(load32(src, ip), shift)
            search: while true {
                // Look for a 4-byte match, skipping faster the longer nothing matches.
                var skip = 32
                var nextIp = ip
                var candidate = 0
                repeat {
                    ip = nextIp
                    let h = nextHash
                    nextIp = ip &+ (skip &>> 5)
                    skip &+= 1
                    if nextIp > ipLimit { break search }
                    nextHash = hash(load32(src, nextIp), shift)
                    candidate = Int(table[h])
                    table[h] = UInt16(truncatingIfNeeded: ip)
                } while load32(src, ip) != load32(src, candidate)

                op = emitLiteral(src + nextEmit, count: ip &- nextEmit, out: out, op: op)

                // Emit copies for as long as the position right after a match matches again.
                repeat {
                    let matchStart = ip
                    let matched = 4 &+ MatchSupport.commonLength(src, candidate &+ 4, ip &+ 4, limit: count)
                    ip &+= matched
                    op = emitCopy(offset: matchStart &- candidate, length: matched, out: out, op: op)
                    nextEmit = ip
                    if ip >= ipLimit { break search }
                    let previous = hash(load32(src, ip &- 1), shift)
                    table[previous] = UInt16(truncatingIfNeeded: ip &- 1)
                    let current = hash(load32(src, ip), shift)
                    candidate = Int(table[current])
                    table[current] = UInt16(truncatingIfNeeded: ip)
                } while load32(src, ip) == load32(src, candidate)

                ip &+= 1
                nextHash = hash(load32(src, ip), shift)
            }
        }
        if nextEmit < count {
            op = emitLiteral(src + nextEmit, count: count &- nextEmit, out: out, op: op)
        }
        return op
    }

    /// Appends a literal element holding `src[0..<count]` (`count >= 1`).
    @inline(__always)
    static func emitLiteral(_ src: UnsafeRawPointer, count: Int, out: UnsafeMutablePointer<UInt8>, op: Int) -> Int {
        var op = op
        let n = count &- 1
        if n < 60 {
            out[op] = UInt8(truncatingIfNeeded: n &<< 2)
            op &+= 1
        } else {
            var bytes = 1
            while bytes < 4 && n >> (bytes &* 8) != 0 { bytes &+= 1 }
            out[op] = UInt8(truncatingIfNeeded: (59 &+ bytes) &<< 2)
            op &+= 1
            var k = 0
            while k < bytes {
                out[op &+ k] = UInt8(truncatingIfNeeded: n &>> (k &* 8))
                k &+= 1
            }
            op &+= bytes
        }
        copyBytes(out + op, src, count)
        return op &+ count
    }

    /// Appends copy elements for a match of `length >= 4` bytes at `offset < 65536`.
    @inline(__always)
    static func emitCopy(offset: Int, length: Int, out: UnsafeMutablePointer<UInt8>, op: Int) -> Int {
        var op = op
        var length = length
        // Pieces of 64, keeping the remainder at 4 or more so it can still be a copy.
        while length >= 68 {
            op = emitCopy2(offset: offset, length: 64, out: out, op: op)
            length &-= 64
        }
        if length > 64 {
            op = emitCopy2(offset: offset, length: 60, out: out, op: op)
            length &-= 60
        }
        if length < 12 && offset < 2048 {
            out[op] = UInt8(truncatingIfNeeded: 1 | ((length &- 4) &<< 2) | ((offset &>> 8) &<< 5))
            out[op &+ 1] = UInt8(truncatingIfNeeded: offset)
            return op &+ 2
        }
        return emitCopy2(offset: offset, length: length, out: out, op: op)
    }

    @inline(__always)
    static func emitCopy2(offset: Int, length: Int, out: UnsafeMutablePointer<UInt8>, op: Int) -> Int {
        out[op] = UInt8(truncatingIfNeeded: 2 | ((length &- 1) &<< 2))
        out[op &+ 1] = UInt8(truncatingIfNeeded: offset)
        out[op &+ 2] = UInt8(truncatingIfNeeded: offset &>> 8)
        return op &+ 3
    }
}
