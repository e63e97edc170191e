// DELTA_BINARY_PACKED (= 5) decoding for INT32 and INT64 (also used for the lengths inside
// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY).

/// Decodes DELTA_BINARY_PACKED data.
///
/// Layout: `<block size> <miniblocks per block> <total count> <zigzag first value>` (ULEB128),
/// then blocks of `<zigzag min delta> <one bit-width byte per miniblock> <miniblocks>`. All
/// arithmetic wraps (two's complement), INT32 values are computed in 64 bits and truncated.
enum DeltaBinaryPacked {
    /// Decodes the first `count` INT32 values of the stream in `bytes` and appends them to `output`.
    ///
    /// The header's total count may exceed `count`.
    /// - Returns: the bytes consumed, up to the end of the last miniblock that holds a value read
    ///   (the header alone when `count` ≤ 1).
    /// - Throws: `ParquetError` `.corrupt` on truncation, an invalid header, `count` above the
    ///   header's total or a miniblock bit width over 64.
    static func decodeInt32(_ bytes: UnsafeRawBufferPointer, count: Int, into output: inout [Int32]) throws -> Int {
        try decode(bytes, count: count, into: &output, toEnd: false)
    }

    /// Decodes the first `count` INT64 values; see ``decodeInt32(_:count:into:)``.
    static func decodeInt64(_ bytes: UnsafeRawBufferPointer, count: Int, into output: inout [Int64]) throws -> Int {
        try decode(bytes, count: count, into: &output, toEnd: false)
    }

    /// Decodes the first `count` values; with `toEnd`, also walks (without decoding) the rest of
    /// the stream so that the returned count of bytes covers all of it.
    static func decode<T: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, count: Int, into output: inout [T], toEnd: Bool
    ) throws -> Int {
        guard count >= 0 else { throw ParquetError.corrupt("negative DELTA_BINARY_PACKED value count \(count)") }
        var pos = 0
        let blockSize = try EncodingBytes.readULEB128(bytes, &pos, "DELTA_BINARY_PACKED block size")
        let miniblockCount = try EncodingBytes.readULEB128(bytes, &pos, "DELTA_BINARY_PACKED miniblock count")
        let total = try EncodingBytes.readULEB128(bytes, &pos, "DELTA_BINARY_PACKED value count")
        let first = EncodingBytes.zigzag(try EncodingBytes.readULEB128(bytes, &pos, "DELTA_BINARY_PACKED first value"))
        // The spec requires block size % 128 == 0 and miniblock size % 32 == 0; accepting any
        // miniblock size that is a multiple of 8 keeps miniblocks byte-aligned and safe.
        guard blockSize > 0, blockSize <= UInt64(Int32.max) else {
            throw ParquetError.corrupt("invalid DELTA_BINARY_PACKED block size \(blockSize)")
        }
        guard miniblockCount > 0, miniblockCount <= blockSize, blockSize % miniblockCount == 0,
              (blockSize / miniblockCount) % 8 == 0
        else {
            throw ParquetError.corrupt(
                "invalid DELTA_BINARY_PACKED header: \(miniblockCount) miniblocks do not divide a block of \(blockSize) values into multiples of 8")
        }
        guard total <= UInt64(Int32.max) else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED value count \(total) is out of range")
        }
        guard UInt64(count) <= total else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED data holds \(total) values but \(count) were requested")
        }
        let miniblocks = Int(miniblockCount)
        let perMiniblock = Int(blockSize) / miniblocks
        var deltasLeft = total > 0 ? Int(total) - 1 : 0   // values after the first, in the stream
        var toDecode = count > 0 ? count - 1 : 0              // of those, the ones to decode
        if count > 0 { output.append(T(truncatingIfNeeded: first)) }

        var last = first
        while deltasLeft > 0, toDecode > 0 || toEnd {
            let minDelta = EncodingBytes.zigzag(try EncodingBytes.readULEB128(bytes, &pos, "DELTA_BINARY_PACKED min delta"))
            guard miniblocks <= bytes.count - pos else {
                throw ParquetError.corrupt(
                    "truncated DELTA_BINARY_PACKED block: \(miniblocks) bit widths expected, \(bytes.count - pos) bytes remain")
            }
            let widths = pos
            pos += miniblocks
            var m = 0
            while m < miniblocks, deltasLeft > 0 {
                let width = Int(bytes[widths + m])
                m += 1
                guard width <= 64 else {
                    throw ParquetError.corrupt("DELTA_BINARY_PACKED miniblock bit width \(width) exceeds 64")
                }
                let size = perMiniblock / 8 * width
                guard size <= bytes.count - pos else {
                    throw ParquetError.corrupt(
                        "truncated DELTA_BINARY_PACKED miniblock: needs \(size) bytes, \(bytes.count - pos) remain")
                }
                let inMiniblock = min(perMiniblock, deltasLeft)
                let n = min(inMiniblock, toDecode)
                if n > 0 {
                    let packed = UnsafeRawBufferPointer(rebasing: bytes[pos ..< pos + size])
                    appendMiniblock(packed, width: width, count: n, minDelta: minDelta, last: &last, into: &output)
                    toDecode -= n
                }
                deltasLeft -= inMiniblock
                pos += size
                if toDecode == 0, !toEnd { return pos }
            }
        }
        return pos
    }

    /// Appends `count` values from one miniblock: `last` plus the running sum of
    /// `minDelta + delta`, with the deltas bit-packed at `width` (0...64) bits in `packed`.
    @inline(__always)
    static func appendMiniblock<T: FixedWidthInteger>(
        _ packed: UnsafeRawBufferPointer, width: Int, count: Int, minDelta: UInt64, last: inout UInt64, into output: inout [T]
    ) {
        var value = last
        output.appendChunks(count, fill: 0) { chunk, start in
            let src = UnsafeRawBufferPointer(rebasing: packed[min(start / 8 * width, packed.count)...])
            let n = chunk.count
            if width == 0 {
                for i in 0 ..< n {
                    value = value &+ minDelta
                    chunk[i] = T(truncatingIfNeeded: value)
                }
            } else if width <= 32 {
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { deltas in
                    deltas.initialize(repeating: 0)
                    BitUnpack.lsb32(src, bitWidth: width, count: n, into: deltas)
                    for i in 0 ..< min(n, deltas.count) {
                        value = value &+ minDelta &+ UInt64(deltas[i])
                        chunk[i] = T(truncatingIfNeeded: value)
                    }
                }
            } else {
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { deltas in
                    deltas.initialize(repeating: 0)
                    BitUnpack.lsb64(src, bitWidth: width, count: n, into: deltas)
                    for i in 0 ..< min(n, deltas.count) {
                        value = value &+ minDelta &+ deltas[i]
                        chunk[i] = T(truncatingIfNeeded: value)
                    }
                }
            }
        }
        last = value
    }
}
