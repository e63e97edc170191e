/// Zstandard decompression (RFC 8878), as used by Parquet's `ZSTD` codec.
///
/// The input is one or more frames: Zstandard frames (magic `0xFD2FB528`) and skippable
/// frames (magic `0x184D2A50...0x184D2A5F`, skipped). Frames using a dictionary are not
/// supported. Every size, table and offset in the stream is validated before use; a malformed,
/// truncated or hostile stream throws ``ParquetError`` and never traps. Memory use is the
/// output (exactly the expected length) plus about 150 KiB of tables and literal buffer.
public enum Zstd {
    /// The magic number opening a Zstandard frame.
    static let frameMagic: UInt32 = 0xFD2F_B528
    /// The largest block (decompressed, and compressed) any frame may hold.
    public static let maxBlockSize = 128 * 1024

    /// Decompresses a Zstandard stream whose total decompressed length is known in advance
    /// (for Parquet: the page header's `uncompressed_page_size`).
    ///
    /// The frames must produce exactly `expectedLength` bytes. At most `expectedLength`
    /// bytes of output are allocated, whatever the stream declares.
    ///
    /// - Throws: ``ParquetError`` `.corrupt` on a malformed or truncated stream, a length
    ///   mismatch, a frame content size or checksum that does not match, a back-reference
    ///   before the frame start or beyond the window; `.unsupported` for frames that need a
    ///   dictionary.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> [UInt8] {
        try decompressWithStats(input, expectedLength: expectedLength).output
    }

    /// ``decompress(_:expectedLength:)``, also reporting which stream features were met.
    static func decompressWithStats(_ input: UnsafeRawBufferPointer, expectedLength: Int) throws -> (output: [UInt8], stats: ZstdStats) {
        guard expectedLength >= 0 else {
            throw ParquetError.corrupt("zstd: negative expected length \(expectedLength)")
        }
        guard let src = input.baseAddress, input.count > 0 else {
            throw ParquetError.corrupt("zstd: empty input")
        }
        let bound = try decodedSizeBound(src, count: input.count)
        guard expectedLength <= bound else {
            throw ParquetError.corrupt("zstd: \(input.count) compressed bytes cannot expand to the expected \(expectedLength) bytes")
        }
        let context = ZstdContext(literalCapacity: min(maxBlockSize, expectedLength))
        let output = try [UInt8](unsafeUninitializedCapacity: expectedLength) { buffer, initialized in
            initialized = 0
            // Capacity may be 0; a one-byte dummy keeps the pointer non-nil.
            var dummy: UInt8 = 0
            try withUnsafeMutablePointer(to: &dummy) { dummyPointer in
                let dst = buffer.baseAddress ?? dummyPointer
                let produced = try decodeFrames(src, count: input.count, dst: dst, capacity: expectedLength, context: context)
                guard produced == expectedLength else {
                    throw ParquetError.corrupt("zstd: stream decodes to \(produced) bytes, expected \(expectedLength)")
                }
                initialized = produced
            }
        }
        return (output, context.stats)
    }

    /// Convenience overload of ``decompress(_:expectedLength:)`` for byte arrays.
    public static func decompress(_ input: [UInt8], expectedLength: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, expectedLength: expectedLength) }
    }

    /// Decodes every frame of `src[0..<count]` into `dst[0..<capacity]`; returns the bytes written.
    static func decodeFrames(
        _ src: UnsafeRawPointer, count: Int, dst: UnsafeMutablePointer<UInt8>, capacity: Int, context: ZstdContext
    ) throws -> Int {
        var ip = 0
        var op = 0
        while ip < count {
            guard count &- ip >= 4 else {
                throw ParquetError.corrupt("zstd: \(count &- ip) trailing bytes too short for a frame")
            }
            let magic = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt32.self))
            if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                guard count &- ip >= 8 else {
                    throw ParquetError.corrupt("zstd: truncated skippable frame header")
                }
                let size = Int(UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip &+ 4, as: UInt32.self)))
                guard size <= count &- ip &- 8 else {
                    throw ParquetError.corrupt("zstd: skippable frame of \(size) bytes runs past the input end")
                }
                ip &+= 8 &+ size
                context.stats.skippableFrames &+= 1
                continue
            }
            guard magic == frameMagic else {
                throw ParquetError.corrupt("zstd: bad frame magic 0x\(String(magic, radix: 16)) at input offset \(ip)")
            }
            ip &+= 4
            context.startFrame()
            context.stats.frames &+= 1
            var output = ZstdOutput(base: dst, capacity: capacity, frameStart: op, window: 0, position: op)
            ip = try decodeFrame(src, count: count, at: ip, output: &output, context: context)
            op = output.position
        }
        return op
    }

    /// The most the frames in `src[0..<count]` can decode to, from their block headers alone:
    /// raw and RLE blocks their stated size, a compressed block at most the block maximum.
    /// Where the block structure breaks, the sum so far (plus one block) is returned: decoding
    /// fails there anyway; a malformed or unsupported frame header throws as decoding would.
    /// Lets a lying page header be refused before its size is allocated.
    static func decodedSizeBound(_ src: UnsafeRawPointer, count: Int) throws -> Int {
        var ip = 0
        var total = 0
        while ip < count {
            guard count &- ip >= 4 else { return total }
            let magic = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt32.self))
            if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                guard count &- ip >= 8 else { return total }
                let size = Int(UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip &+ 4, as: UInt32.self)))
                guard size <= count &- ip &- 8 else { return total }
                ip &+= 8 &+ size
                continue
            }
            guard magic == frameMagic else { return total }
            let header = try readFrameHeader(src, count: count, at: ip &+ 4)
            ip &+= 4 &+ header.size
            let window = header.windowSize >= UInt64(maxBlockSize) ? maxBlockSize : Int(header.windowSize)
            var last = false
            while !last {
                guard count &- ip >= 3 else { return total }
                let b = Int(src.load(fromByteOffset: ip, as: UInt8.self))
                    | Int(src.load(fromByteOffset: ip &+ 1, as: UInt8.self)) &<< 8
                    | Int(src.load(fromByteOffset: ip &+ 2, as: UInt8.self)) &<< 16
                ip &+= 3
                last = b & 1 != 0
                let blockSize = b &>> 3
                switch (b &>> 1) & 3 {
                case 0:
                    guard blockSize <= count &- ip else { return total &+ (count &- ip) }
                    total &+= blockSize
                    ip &+= blockSize
                case 1:
                    total &+= blockSize
                    ip &+= 1
                case 2:
                    total &+= window
                    guard blockSize <= count &- ip else { return total }
                    ip &+= blockSize
                default:
                    return total
                }
            }
            if header.hasChecksum { ip &+= 4 }
        }
        return total
    }

    /// The fields of a frame header (RFC 8878 §3.1.1.1).
    struct FrameHeader {
        var contentSize: UInt64?
        var windowSize: UInt64
        var hasChecksum: Bool
        var size: Int
    }

    /// Parses the frame header at `src[at..<count]` (after the magic number).
    static func readFrameHeader(_ src: UnsafeRawPointer, count: Int, at start: Int) throws -> FrameHeader {
        guard start < count else { throw truncatedHeader() }
        let descriptor = Int(src.load(fromByteOffset: start, as: UInt8.self))
        let fcsFlag = descriptor &>> 6
        let singleSegment = descriptor & 0x20 != 0
        guard descriptor & 0x08 == 0 else {
            throw ParquetError.corrupt("zstd: reserved bit set in the frame header descriptor")
        }
        let hasChecksum = descriptor & 0x04 != 0
        let didSize = [0, 1, 2, 4][descriptor & 3]
        let fcsSize = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 &<< fcsFlag
        let windowBytes = singleSegment ? 0 : 1
        let size = 1 &+ windowBytes &+ didSize &+ fcsSize
        guard size <= count &- start else { throw truncatedHeader() }
        var ip = start &+ 1
        func readLE(_ n: Int) -> UInt64 {
            var v: UInt64 = 0
            var k = 0
            while k < n {
                v |= UInt64(src.load(fromByteOffset: ip &+ k, as: UInt8.self)) &<< UInt64(k &* 8)
                k &+= 1
            }
            ip &+= n
            return v
        }
        var windowSize: UInt64 = 0
        if !singleSegment {
            let w = readLE(1)
            let exponent = w &>> 3
            let mantissa = w & 7
            let base: UInt64 = 1 &<< (10 &+ exponent)
            windowSize = base &+ (base &>> 3) &* mantissa
        }
        let dictionaryID = readLE(didSize)
        guard dictionaryID == 0 else {
            throw ParquetError.unsupported("zstd: frame needs dictionary \(dictionaryID); dictionaries are not supported")
        }
        var contentSize: UInt64?
        if fcsSize > 0 {
            var value = readLE(fcsSize)
            if fcsSize == 2 { value &+= 256 }
            contentSize = value
            if singleSegment { windowSize = value }
        }
        return FrameHeader(contentSize: contentSize, windowSize: windowSize, hasChecksum: hasChecksum, size: size)
    }

    /// Decodes one Zstandard frame whose header starts at `src[start]`; returns the input
    /// offset after the frame.
    static func decodeFrame(
        _ src: UnsafeRawPointer, count: Int, at start: Int, output: inout ZstdOutput, context: ZstdContext
    ) throws -> Int {
        let header = try readFrameHeader(src, count: count, at: start)
        var ip = start &+ header.size
        let frameStart = output.position
        let room = output.capacity &- frameStart
        var frameLimit = output.capacity
        if let contentSize = header.contentSize {
            guard contentSize <= UInt64(room) else {
                throw ParquetError.corrupt(
                    "zstd: frame content size \(contentSize) exceeds the \(room) bytes left of the expected length")
            }
            frameLimit = frameStart &+ Int(contentSize)
        }
        let window = header.windowSize >= UInt64(Int.max) ? Int.max : Int(header.windowSize)
        let blockMax = min(window, maxBlockSize)
        output = ZstdOutput(
            base: output.base, capacity: output.capacity, frameStart: frameStart, window: window,
            position: frameStart)

        var last = false
        while !last {
            guard count &- ip >= 3 else {
                throw ParquetError.corrupt("zstd: truncated block header at input offset \(ip)")
            }
            let b = Int(src.load(fromByteOffset: ip, as: UInt8.self))
                | Int(src.load(fromByteOffset: ip &+ 1, as: UInt8.self)) &<< 8
                | Int(src.load(fromByteOffset: ip &+ 2, as: UInt8.self)) &<< 16
            ip &+= 3
            last = b & 1 != 0
            let type = (b &>> 1) & 3
            let blockSize = b &>> 3
            guard blockSize <= blockMax else {
                throw ParquetError.corrupt("zstd: block of \(blockSize) bytes exceeds the maximum of \(blockMax)")
            }
            let op = output.position
            let left = frameLimit &- op
            switch type {
            case 0:
                guard blockSize <= count &- ip else {
                    throw ParquetError.corrupt("zstd: raw block of \(blockSize) bytes runs past the input end")
                }
                guard blockSize <= left else { throw overrun(blockSize, left) }
                if blockSize > 0 { copyBytes(output.base + op, src + ip, blockSize) }
                ip &+= blockSize
                output.position = op &+ blockSize
                context.stats.blocks[0] &+= 1
            case 1:
                guard ip < count else {
                    throw ParquetError.corrupt("zstd: RLE block without its byte")
                }
                guard blockSize <= left else { throw overrun(blockSize, left) }
                if blockSize > 0 { fillBytes(output.base + op, src.load(fromByteOffset: ip, as: UInt8.self), blockSize) }
                ip &+= 1
                output.position = op &+ blockSize
                context.stats.blocks[1] &+= 1
            case 2:
                guard blockSize <= count &- ip else {
                    throw ParquetError.corrupt("zstd: compressed block of \(blockSize) bytes runs past the input end")
                }
                let limit = op &+ min(left, blockMax)
                try decodeCompressedBlock(src + ip, count: blockSize, output: &output, limit: limit, context: context)
                ip &+= blockSize
                context.stats.blocks[2] &+= 1
            default:
                throw ParquetError.corrupt("zstd: reserved block type 3")
            }
        }

        let produced = output.position &- frameStart
        if let contentSize = header.contentSize, UInt64(produced) != contentSize {
            throw ParquetError.corrupt("zstd: frame declares \(contentSize) bytes but decodes to \(produced)")
        }
        if header.hasChecksum {
            guard count &- ip >= 4 else {
                throw ParquetError.corrupt("zstd: truncated content checksum")
            }
            let stored = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt32.self))
            let digest = XXHash64.hash(UnsafeRawBufferPointer(start: output.base + frameStart, count: produced))
            guard stored == UInt32(truncatingIfNeeded: digest) else {
                throw ParquetError.corrupt("zstd: content checksum mismatch")
            }
            ip &+= 4
            context.stats.checksums &+= 1
        }
        return ip
    }

    /// Decodes a compressed block `src[0..<count]`: literals section, then sequences.
    static func decodeCompressedBlock(
        _ src: UnsafeRawPointer, count: Int, output: inout ZstdOutput, limit: Int, context: ZstdContext
    ) throws {
        let literals = try ZstdLiterals.decode(src, count: count, limit: limit &- output.position, context: context)
        try ZstdSequences.execute(
            src + literals.size, count: count &- literals.size, literalCount: literals.count,
            output: &output, limit: limit, context: context)
    }

    private static func truncatedHeader() -> ParquetError {
        ParquetError.corrupt("zstd: truncated frame header")
    }

    private static func overrun(_ size: Int, _ left: Int) -> ParquetError {
        ParquetError.corrupt("zstd: block of \(size) bytes overruns the output (\(left) bytes left)")
    }
}
