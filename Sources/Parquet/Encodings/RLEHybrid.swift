// Decoders for the level and index encodings: the RLE/bit-packing hybrid (RLE = 3) and the
// deprecated BIT_PACKED (= 4) level encoding.

/// The RLE/bit-packing hybrid, used for definition and repetition levels, dictionary indices
/// and RLE-encoded booleans.
enum RLEHybrid {
    /// Decodes exactly `count` values of `bitWidth` bits from `bytes` and appends them to `output`.
    ///
    /// `bytes` is the encoded data WITHOUT the 4-byte length prefix (callers strip it).
    /// A bit-packed run may hold more values than needed; the rest are ignored. The final
    /// bit-packed run may be cut short by the writer, as long as the bytes of the values that
    /// are actually needed are present.
    ///
    /// - Parameters:
    ///   - bitWidth: 0...32; width 0 appends `count` zeros and consumes no bytes.
    /// - Returns: the bytes consumed: up to the end of the last run read (or of `bytes`, for a
    ///   final bit-packed run cut short).
    /// - Throws: `ParquetError` `.corrupt` on truncation, a run value wider than `bitWidth`, a run
    ///   header over 32 bits or an invalid width or count.
    static func decode(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into output: inout [UInt32]) throws -> Int {
        guard bitWidth >= 0, bitWidth <= 32 else {
            throw ParquetError.corrupt("RLE/bit-packed bit width \(bitWidth) is out of range 0...32")
        }
        guard count >= 0 else { throw ParquetError.corrupt("negative RLE/bit-packed value count \(count)") }
        if count == 0 { return 0 }
        if bitWidth == 0 {
            output.appendRepeating(0, count: count)
            return 0
        }
        let byteWidth = (bitWidth + 7) / 8
        let maxValue: UInt64 = (UInt64(1) << UInt64(bitWidth)) - 1
        var pos = 0
        var remaining = count
        while remaining > 0 {
            let header = try EncodingBytes.readULEB128(bytes, &pos, "RLE/bit-packed run header")
            guard header <= UInt64(UInt32.max) else {
                throw ParquetError.corrupt("RLE/bit-packed run header \(header) overflows 32 bits")
            }
            if header & 1 == 0 {
                // RLE run: the value in ceil(bitWidth / 8) little-endian bytes.
                let runLength = Int(header >> 1)
                guard bytes.count - pos >= byteWidth else {
                    throw ParquetError.corrupt("truncated RLE run: value needs \(byteWidth) bytes, \(bytes.count - pos) remain")
                }
                var value: UInt64 = 0
                for k in 0 ..< byteWidth {
                    value |= UInt64(bytes[pos + k]) << UInt64(8 * k)
                }
                pos += byteWidth
                guard value <= maxValue else {
                    throw ParquetError.corrupt("RLE run value \(value) does not fit in bit width \(bitWidth)")
                }
                let n = min(runLength, remaining)
                output.appendRepeating(UInt32(truncatingIfNeeded: value), count: n)
                remaining -= n
            } else {
                // Bit-packed run of `groups` groups of 8 values (groups * bitWidth bytes).
                let groups = Int(header >> 1)
                let runBytes = groups * bitWidth
                let available = bytes.count - pos
                let n = min(groups * 8, remaining)
                let needed = (n * bitWidth + 7) / 8
                guard needed <= available else {
                    throw ParquetError.corrupt(
                        "truncated bit-packed run: \(n) values need \(needed) bytes, \(available) remain")
                }
                let runEnd = pos + min(runBytes, available)
                let run = UnsafeRawBufferPointer(rebasing: bytes[pos ..< runEnd])
                output.appendChunks(n, fill: 0) { chunk, start in
                    let from = min(start / 8 * bitWidth, run.count)
                    BitUnpack.lsb32(UnsafeRawBufferPointer(rebasing: run[from...]), bitWidth: bitWidth, count: chunk.count, into: chunk)
                }
                pos = runEnd
                remaining -= n
            }
        }
        return pos
    }
}

/// The deprecated BIT_PACKED level encoding: values back to back, MSB first, no runs.
enum BitPackedLegacy {
    /// Decodes `count` values of `bitWidth` (0...32) bits and appends them to `output`.
    ///
    /// - Returns: the bytes consumed, `ceil(count * bitWidth / 8)`.
    /// - Throws: `ParquetError` `.corrupt` when fewer bytes are present or the width is invalid.
    static func decode(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into output: inout [UInt32]) throws -> Int {
        guard bitWidth >= 0, bitWidth <= 32 else {
            throw ParquetError.corrupt("BIT_PACKED bit width \(bitWidth) is out of range 0...32")
        }
        guard count >= 0 else { throw ParquetError.corrupt("negative BIT_PACKED value count \(count)") }
        guard let needed = EncodingBytes.packedByteCount(count, bitWidth: bitWidth), needed <= bytes.count else {
            throw ParquetError.corrupt(
                "truncated BIT_PACKED data: \(count) values of \(bitWidth) bits need more than the \(bytes.count) bytes present")
        }
        if bitWidth == 0 {
            output.appendRepeating(0, count: count)
            return 0
        }
        let src = UnsafeRawBufferPointer(rebasing: bytes[0 ..< needed])
        output.appendChunks(count, fill: 0) { chunk, start in
            let from = min(start / 8 * bitWidth, src.count)
            BitUnpack.msb32(UnsafeRawBufferPointer(rebasing: src[from...]), bitWidth: bitWidth, count: chunk.count, into: chunk)
        }
        return needed
    }
}

/// Decodes an RLE/bit-packed hybrid stream a part at a time: dictionary indices that are read
/// batch by batch keep their encoded bytes (a few bits per value) instead of a decoded
/// `UInt32` per value, or the gathered values themselves. The checks and messages are those
/// of ``RLEHybrid/decode(_:bitWidth:count:into:)``.
struct RLEHybridCursor {
    private let bytes: [UInt8]
    private let bitWidth: Int
    /// Where the next run header is.
    private var pos = 0
    /// An RLE run: `rleValue`, `rleLeft` more times.
    private var rleLeft = 0
    private var rleValue: UInt32 = 0
    /// A bit-packed run starting at byte `packedStart`: values `packedIndex ..< packedDeclared`
    /// are left, of which the bytes present hold the first `packedPresent`.
    private var packedStart = 0
    private var packedIndex = 0
    private var packedDeclared = 0
    private var packedPresent = 0

    /// A cursor over `bytes` (without a length prefix) of `bitWidth`-bit values (0...32).
    init(bytes: [UInt8], bitWidth: Int) throws {
        guard bitWidth >= 0, bitWidth <= 32 else {
            throw ParquetError.corrupt("RLE/bit-packed bit width \(bitWidth) is out of range 0...32")
        }
        self.bytes = bytes
        self.bitWidth = bitWidth
    }

    /// The encoded bytes held.
    var byteCount: Int { bytes.count }

    /// Decodes the next `count` values and appends them to `output`.
    mutating func next(_ count: Int, into output: inout [UInt32]) throws {
        guard count > 0 else { return }
        if bitWidth == 0 {
            output.appendRepeating(0, count: count)
            return
        }
        output.reserveAdditional(count)
        var remaining = count
        while remaining > 0 {
            if rleLeft > 0 {
                let n = min(rleLeft, remaining)
                output.appendRepeating(rleValue, count: n)
                rleLeft -= n
                remaining -= n
            } else if packedIndex < packedDeclared {
                let n = min(packedDeclared - packedIndex, remaining)
                guard packedIndex + n <= packedPresent else {
                    let needed = ((packedIndex + n) * bitWidth + 7) / 8
                    throw ParquetError.corrupt(
                        "truncated bit-packed run: \(packedIndex + n) values need \(needed) bytes, \(pos - packedStart) remain")
                }
                let skip = packedIndex % 8
                let from = packedStart + packedIndex / 8 * bitWidth
                let width = bitWidth
                let at = output.count
                bytes.withUnsafeBytes { raw in
                    let run = UnsafeRawBufferPointer(rebasing: raw[from ..< pos])
                    output.appendChunks(skip + n, fill: 0) { chunk, start in
                        let offset = min(start / 8 * width, run.count)
                        BitUnpack.lsb32(UnsafeRawBufferPointer(rebasing: run[offset...]), bitWidth: width, count: chunk.count, into: chunk)
                    }
                }
                if skip > 0 { output.removeSubrange(at ..< at + skip) }
                packedIndex += n
                remaining -= n
            } else {
                try readRunHeader()
            }
        }
    }

    private mutating func readRunHeader() throws {
        let byteWidth = (bitWidth + 7) / 8
        let maxValue: UInt64 = (UInt64(1) << UInt64(bitWidth)) - 1
        try bytes.withUnsafeBytes { raw in
            let header = try EncodingBytes.readULEB128(raw, &pos, "RLE/bit-packed run header")
            guard header <= UInt64(UInt32.max) else {
                throw ParquetError.corrupt("RLE/bit-packed run header \(header) overflows 32 bits")
            }
            if header & 1 == 0 {
                guard raw.count - pos >= byteWidth else {
                    throw ParquetError.corrupt("truncated RLE run: value needs \(byteWidth) bytes, \(raw.count - pos) remain")
                }
                var value: UInt64 = 0
                for k in 0 ..< byteWidth { value |= UInt64(raw[pos + k]) << UInt64(8 * k) }
                pos += byteWidth
                guard value <= maxValue else {
                    throw ParquetError.corrupt("RLE run value \(value) does not fit in bit width \(bitWidth)")
                }
                rleValue = UInt32(truncatingIfNeeded: value)
                rleLeft = Int(header >> 1)
            } else {
                let groups = Int(header >> 1)
                let available = raw.count - pos
                packedStart = pos
                packedIndex = 0
                packedDeclared = groups * 8
                packedPresent = min(packedDeclared, available * 8 / bitWidth)
                pos += min(groups * bitWidth, available)
            }
        }
    }
}
