/// Parquet's `LZ4_RAW` codec: one LZ4 block (no frame, no length prefix).
public enum LZ4Raw {
    /// The largest uncompressed length the decoder accepts (`Int32.max`).
    public static let maxDecompressedLength = Int(Int32.max)

    /// Decompresses an LZ4 block that must expand to exactly `expectedLength` bytes.
    /// Allocates at most `expectedLength` bytes.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` on a malformed or truncated block, an offset of
    ///   0 or reaching before the output start, or output that does not fill exactly
    ///   `expectedLength` bytes.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        guard expectedLength >= 0, expectedLength <= maxDecompressedLength else {
            throw ParquetError.corrupt("lz4: expected length \(expectedLength) is out of range")
        }
        try LZ4Output.checkExpansion(input.count, expectedLength)
        return try LZ4Output.make(count: expectedLength) { dst in
            try decodeBlock(input, into: dst)
        }
    }

    /// Convenience overload of `decompress(_:expectedLength:)` for byte arrays.
    public static func decompress(_ input: [UInt8], expectedLength: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, expectedLength: expectedLength) }
    }

    /// Decodes the block `input` so that it fills `output` exactly.
    static func decodeBlock(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        guard let src = input.baseAddress, input.count > 0 else {
            throw ParquetError.corrupt("lz4: empty block")
        }
        var scratch: UInt8 = 0
        try withUnsafeMutableBytes(of: &scratch) { scratchRaw in
            guard let dst = output.baseAddress ?? scratchRaw.baseAddress else {
                throw ParquetError.corrupt("lz4: no output memory")
            }
            try LZ4Block.decode(src: src, srcCount: input.count, dst: dst, dstCount: output.count)
        }
    }
}

/// Parquet's deprecated `LZ4` codec as written by Hadoop (and parquet-mr, Arrow before 2.x):
/// repeated frames of [4-byte big-endian decompressed size][4-byte big-endian compressed
/// size][LZ4 block of that compressed size].
///
/// Some writers instead stored a bare LZ4 block under this codec. When the Hadoop framing
/// does not describe the input exactly (sizes that do not add up to the input length and
/// `expectedLength`), or a framed block fails to decode, the whole input is decoded as one
/// raw LZ4 block instead (as Arrow does).
public enum LZ4Hadoop {
    /// Decompresses a Hadoop-framed LZ4 page (or, failing that, a raw LZ4 block) that must
    /// expand to exactly `expectedLength` bytes. Allocates at most `expectedLength` bytes.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` when neither reading decodes to exactly
    ///   `expectedLength` bytes (the error of the Hadoop reading when the framing fitted,
    ///   else the raw block's).
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        guard expectedLength >= 0, expectedLength <= LZ4Raw.maxDecompressedLength else {
            throw ParquetError.corrupt("lz4: expected length \(expectedLength) is out of range")
        }
        try LZ4Output.checkExpansion(input.count, expectedLength)
        guard framingFits(input, expectedLength: expectedLength) else {
            return try LZ4Raw.decompress(input, expectedLength: expectedLength)
        }
        do {
            return try LZ4Output.make(count: expectedLength) { dst in
                try decodeFrames(input, into: dst)
            }
        } catch let hadoopError {
            do {
                return try LZ4Raw.decompress(input, expectedLength: expectedLength)
            } catch {
                throw hadoopError
            }
        }
    }

    /// Convenience overload of `decompress(_:expectedLength:)` for byte arrays.
    public static func decompress(_ input: [UInt8], expectedLength: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, expectedLength: expectedLength) }
    }

    /// Whether the input is a sequence of complete frames whose decompressed sizes add up
    /// to `expectedLength`.
    static func framingFits(_ input: UnsafeRawBufferPointer, expectedLength: Int) -> Bool {
        var at = 0
        var total = 0
        guard input.count >= 8 else { return false }
        while at < input.count {
            guard input.count &- at >= 8 else { return false }
            let decompressed = Int(bigEndian32(input, at))
            let compressed = Int(bigEndian32(input, at &+ 4))
            at &+= 8
            guard compressed <= input.count &- at, decompressed <= expectedLength &- total else { return false }
            at &+= compressed
            total &+= decompressed
        }
        return total == expectedLength
    }

    /// Decodes the frames (already checked by ``framingFits(_:expectedLength:)``) into
    /// `output`.
    static func decodeFrames(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        var at = 0
        var op = 0
        while at < input.count {
            guard input.count &- at >= 8 else { throw ParquetError.corrupt("lz4: truncated Hadoop frame header") }
            let decompressed = Int(bigEndian32(input, at))
            let compressed = Int(bigEndian32(input, at &+ 4))
            at &+= 8
            guard compressed <= input.count &- at, decompressed <= output.count &- op else {
                throw ParquetError.corrupt("lz4: Hadoop frame sizes exceed the page")
            }
            if decompressed > 0 || compressed > 0 {
                try LZ4Raw.decodeBlock(
                    UnsafeRawBufferPointer(rebasing: input[at..<(at &+ compressed)]),
                    into: UnsafeMutableRawBufferPointer(rebasing: output[op..<(op &+ decompressed)]))
            }
            at &+= compressed
            op &+= decompressed
        }
        guard op == output.count else {
            throw ParquetError.corrupt("lz4: Hadoop frames hold \(op) bytes, expected \(output.count)")
        }
    }

    static func bigEndian32(_ input: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(input[at]) << 24 | UInt32(input[at &+ 1]) << 16 | UInt32(input[at &+ 2]) << 8 | UInt32(input[at &+ 3])
    }
}

/// Allocation of exactly-sized outputs for the LZ4 decoders.
enum LZ4Output {
    /// An LZ4 sequence of n bytes yields at most 255 × n bytes (each match-length byte adds
    /// at most 255), so a larger expected length is a lie: refused before allocating it.
    static func checkExpansion(_ inputCount: Int, _ expectedLength: Int) throws {
        guard expectedLength <= max(0, inputCount) &* 255 else {
            throw ParquetError.corrupt("lz4: \(inputCount) compressed bytes cannot expand to the expected \(expectedLength) bytes")
        }
    }

    /// An array of `count` bytes filled completely by `fill`.
    static func make(count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            try fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }
}
