/// Snappy raw block format (no framing), as used by Parquet's `SNAPPY` codec.
///
/// A block is a little-endian base-128 varint holding the uncompressed length, followed by
/// elements: literals (tag `00`) and back-references with a 1-, 2- or 4-byte offset
/// (tags `01`, `10`, `11`). The decoder validates every element against the input and output
/// bounds before touching memory and throws ``ParquetError`` (kind `.corrupt`) on any
/// malformed or truncated stream; it never traps on input.
public enum Snappy {
    /// The largest uncompressed length the decoder accepts (`Int32.max`).
    public static let maxDecompressedLength = Int(Int32.max)

    /// Reads the uncompressed length stored in the preamble of a Snappy block.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` when the varint is truncated, longer than
    ///   five bytes, does not fit in 32 bits, or exceeds ``maxDecompressedLength``.
    public static func decompressedLength(_ input: UnsafeRawBufferPointer) throws -> Int {
        try readPreamble(input).length
    }

    /// Decompresses a raw Snappy block whose uncompressed length is known in advance
    /// (for Parquet: the page header's `uncompressed_page_size`).
    ///
    /// The preamble must equal `expectedLength`, and the elements must fill exactly that many
    /// bytes. At most `expectedLength` bytes are allocated, and only after the check.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` on a length mismatch, a truncated stream, a zero
    ///   offset or one reaching before the output start, or a literal/copy that overruns the
    ///   input or output; `.corrupt` as well when `expectedLength` is negative or larger than
    ///   ``maxDecompressedLength``.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        guard expectedLength >= 0, expectedLength <= maxDecompressedLength else {
            throw ParquetError.corrupt("snappy: expected length \(expectedLength) is out of range")
        }
        let preamble = try readPreamble(input)
        guard preamble.length == expectedLength else {
            throw ParquetError.corrupt(
                "snappy: stream declares \(preamble.length) uncompressed bytes, expected \(expectedLength)")
        }
        let bound = maxDecompressedLength(compressedCount: input.count &- preamble.size)
        guard expectedLength <= bound else {
            throw ParquetError.corrupt(
                "snappy: \(input.count) compressed bytes cannot expand to the expected \(expectedLength) bytes")
        }
        return try [UInt8](unsafeUninitializedCapacity: expectedLength) { buffer, initialized in
            initialized = 0
            let written = try decompress(input, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = written
        }
    }

    /// Decompresses a raw Snappy block into caller-provided memory.
    ///
    /// Writes exactly the number of bytes declared by the preamble (which must not exceed
    /// `output.count`) and returns that number. Bytes of `output` past the returned count are
    /// left untouched. On error the contents of `output` are unspecified.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` on a malformed or truncated stream or when the
    ///   declared length does not fit in `output`.
    public static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Int {
        let preamble = try readPreamble(input)
        let length = preamble.length
        guard length <= output.count else {
            throw ParquetError.corrupt(
                "snappy: stream declares \(length) uncompressed bytes but only \(output.count) fit in the output")
        }
        let bodyCount = input.count &- preamble.size
        if length == 0 {
            guard bodyCount == 0 else {
                throw ParquetError.corrupt("snappy: \(bodyCount) trailing bytes after an empty block")
            }
            return 0
        }
        guard let src = input.baseAddress, let dst = output.baseAddress else {
            throw ParquetError.corrupt("snappy: missing input or output memory")
        }
        try SnappyDecoder.decodeElements(
            src: src + preamble.size, srcCount: bodyCount, dst: dst, dstCount: length)
        return length
    }

    /// Convenience overload of `decompress(_:expectedLength:)` for byte arrays.
    public static func decompress(_ input: [UInt8], expectedLength: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, expectedLength: expectedLength) }
    }

    /// Convenience overload of `compress(_:)` for byte arrays.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBytes { compress($0) }
    }

    /// The largest block `compress(_:)` can produce for `inputCount`
    /// bytes (`32 + n + n / 6`, the reference implementation's bound).
    public static func maxCompressedLength(_ inputCount: Int) -> Int {
        let n = max(inputCount, 0)
        return 32 &+ n &+ n / 6
    }

    /// The most `compressedCount` bytes of Snappy elements can expand to: a copy of 64 bytes
    /// takes at least 3 bytes, so the ratio is below 22.
    static func maxDecompressedLength(compressedCount: Int) -> Int {
        max(0, compressedCount) &* 22
    }

    /// Parses the length varint. At most five bytes; the value must fit in 32 bits and in
    /// ``maxDecompressedLength``.
    static func readPreamble(_ input: UnsafeRawBufferPointer) throws -> (length: Int, size: Int) {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = 0
        while true {
            guard index < input.count else {
                throw ParquetError.corrupt("snappy: truncated length preamble")
            }
            guard index < 5 else {
                throw ParquetError.corrupt("snappy: length preamble longer than 5 bytes")
            }
            let byte = input[index]
            index &+= 1
            value |= UInt64(byte & 0x7F) &<< shift
            if byte & 0x80 == 0 { break }
            shift &+= 7
        }
        guard value <= UInt64(UInt32.max) else {
            throw ParquetError.corrupt("snappy: length preamble \(value) does not fit in 32 bits")
        }
        guard value <= UInt64(maxDecompressedLength) else {
            throw ParquetError.corrupt("snappy: declared length \(value) exceeds \(maxDecompressedLength)")
        }
        return (Int(value), index)
    }
}

/// Decompresses one raw Snappy block that arrives in pieces of any size (a large page read
/// from the file a piece at a time), so the compressed block is never held whole.
///
/// The output must stay valid and in place while pieces are fed; back-references reach into
/// all of it. The checks are those of ``Snappy/decompress(_:expectedLength:)``: the preamble
/// must equal the output's size and the elements must fill it exactly (see ``finish()``).
package struct SnappyStreamDecoder {
    private let output: UnsafeMutableRawBufferPointer
    /// The first bytes of an element (or of the preamble) that the last piece ended inside.
    private var carry: [UInt8] = []
    private var preambleRead = false
    private var written = 0
    private var literalLeft = 0

    /// - Parameter output: exactly the block's uncompressed size.
    package init(output: UnsafeMutableRawBufferPointer) {
        self.output = output
    }

    /// Decodes the next piece of the block.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` as ``Snappy/decompress(_:expectedLength:)`` does.
    package mutating func feed(_ piece: UnsafeRawBufferPointer) throws {
        var rest = piece[...]
        while !preambleRead, let byte = rest.first {
            carry.append(byte)
            rest = rest.dropFirst()
            guard byte < 0x80 || carry.count == 5 else { continue }
            let length = try carry.withUnsafeBytes { try Snappy.readPreamble($0).length }  // throws for a bad varint
            guard length == output.count else {
                throw ParquetError.corrupt("snappy: stream declares \(length) uncompressed bytes, expected \(output.count)")
            }
            carry = []
            preambleRead = true
        }
        guard let dst = output.baseAddress else {
            if !rest.isEmpty { throw ParquetError.corrupt("snappy: \(rest.count) trailing bytes after an empty block") }
            return
        }
        while !rest.isEmpty {
            if literalLeft > 0 {
                let n = min(literalLeft, rest.count)
                UnsafeMutableRawBufferPointer(rebasing: output[written ..< written + n]).copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.prefix(n)))
                written += n
                literalLeft -= n
                rest = rest.dropFirst(n)
                continue
            }
            if carry.isEmpty {
                let bytes = UnsafeRawBufferPointer(rebasing: rest)
                guard let src = bytes.baseAddress else { return }
                let progress = try SnappyDecoder.decodeElements(src: src, srcCount: bytes.count, dst: dst, dstCount: output.count,
                                                                from: written, final: false)
                written = progress.written
                literalLeft = progress.literalLeft
                carry = Array(rest.dropFirst(progress.consumed))
                return
            }
            // An element began at the end of the last piece: decode it with this piece's first bytes.
            let take = min(rest.count, 8)
            let joined = carry + rest.prefix(take)
            let progress = try joined.withUnsafeBytes { src -> SnappyDecoder.Progress in
                guard let base = src.baseAddress else { return SnappyDecoder.Progress(consumed: 0, written: written, literalLeft: 0) }
                return try SnappyDecoder.decodeElements(src: base, srcCount: src.count, dst: dst, dstCount: output.count,
                                                        from: written, final: false)
            }
            written = progress.written
            literalLeft = progress.literalLeft
            if progress.consumed < carry.count {
                carry = Array(joined[progress.consumed...])  // still incomplete: the piece was tiny
                rest = rest.dropFirst(take)
                continue
            }
            rest = rest.dropFirst(progress.consumed - carry.count)
            carry = []
        }
    }

    /// Checks that the pieces fed were the whole block.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` when the block was cut short.
    package func finish() throws {
        guard preambleRead, carry.isEmpty, literalLeft == 0, written == output.count else {
            throw ParquetError.corrupt("snappy: stream ends after \(written) of \(output.count) uncompressed bytes")
        }
    }
}
