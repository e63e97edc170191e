/// The literals section of a compressed block (RFC 8878 §3.1.1.3.1).
enum ZstdLiterals {
    /// Decodes the literals section starting at `src[0..<count]` (the rest of the block)
    /// into `context.literals`.
    ///
    /// - Parameter limit: the most literals the block may produce.
    /// - Returns: the section's size in bytes and the number of literals.
    /// - Throws: `.corrupt` on a truncated header or section, a size above `limit`, a
    ///   treeless block without a previous Huffman table, or a malformed Huffman stream.
    static func decode(_ src: UnsafeRawPointer, count: Int, limit: Int, context: ZstdContext) throws -> (size: Int, count: Int) {
        guard count >= 1 else {
            throw ParquetError.corrupt("zstd: compressed block without a literals section")
        }
        let b0 = Int(src.load(as: UInt8.self))
        let type = b0 & 3
        let sizeFormat = (b0 &>> 2) & 3
        context.stats.literals[type] &+= 1
        @inline(__always) func byte(_ i: Int) -> Int { Int(src.load(fromByteOffset: i, as: UInt8.self)) }

        if type < 2 {
            // Raw or RLE: a regenerated size only.
            let headerSize: Int
            let size: Int
            switch sizeFormat {
            case 0, 2:
                headerSize = 1
                size = b0 &>> 3
            case 1:
                guard count >= 2 else { throw truncatedHeader() }
                headerSize = 2
                size = (b0 &>> 4) | (byte(1) &<< 4)
            default:
                guard count >= 3 else { throw truncatedHeader() }
                headerSize = 3
                size = (b0 &>> 4) | (byte(1) &<< 4) | (byte(2) &<< 12)
            }
            guard size <= limit, size <= context.literalCapacity else {
                throw ParquetError.corrupt("zstd: \(size) literals exceed the block limit of \(limit)")
            }
            if type == 0 {
                guard size <= count &- headerSize else {
                    throw ParquetError.corrupt("zstd: raw literals of \(size) bytes, only \(count &- headerSize) left in the block")
                }
                if size > 0 { copyBytes(context.literals, src + headerSize, size) }
                return (headerSize &+ size, size)
            }
            guard count > headerSize else {
                throw ParquetError.corrupt("zstd: RLE literals without their byte")
            }
            if size > 0 { fillBytes(context.literals, UInt8(truncatingIfNeeded: byte(headerSize)), size) }
            return (headerSize &+ 1, size)
        }

        // Compressed (2) or treeless (3): regenerated and compressed sizes, 1 or 4 streams.
        let headerSize: Int
        let regenerated: Int
        let compressed: Int
        switch sizeFormat {
        case 0, 1:
            guard count >= 3 else { throw truncatedHeader() }
            headerSize = 3
            let v = b0 | (byte(1) &<< 8) | (byte(2) &<< 16)
            regenerated = (v &>> 4) & 0x3FF
            compressed = (v &>> 14) & 0x3FF
        case 2:
            guard count >= 4 else { throw truncatedHeader() }
            headerSize = 4
            let v = b0 | (byte(1) &<< 8) | (byte(2) &<< 16) | (byte(3) &<< 24)
            regenerated = (v &>> 4) & 0x3FFF
            compressed = (v &>> 18) & 0x3FFF
        default:
            guard count >= 5 else { throw truncatedHeader() }
            headerSize = 5
            let v = b0 | (byte(1) &<< 8) | (byte(2) &<< 16) | (byte(3) &<< 24) | (byte(4) &<< 32)
            regenerated = (v &>> 4) & 0x3FFFF
            compressed = (v &>> 22) & 0x3FFFF
        }
        let singleStream = sizeFormat == 0
        guard regenerated <= limit, regenerated <= context.literalCapacity else {
            throw ParquetError.corrupt("zstd: \(regenerated) literals exceed the block limit of \(limit)")
        }
        guard compressed >= 1, compressed <= count &- headerSize else {
            throw ParquetError.corrupt(
                "zstd: Huffman literals of \(compressed) bytes, \(count &- headerSize) left in the block")
        }
        guard singleStream || regenerated >= 6 else {
            throw ParquetError.corrupt("zstd: 4-stream Huffman literals with only \(regenerated) literals")
        }
        var body = src + headerSize
        var bodySize = compressed
        if type == 2 {
            let treeSize = try ZstdHuffman.readTable(body, count: bodySize, context: context)
            body += treeSize
            bodySize &-= treeSize
        } else {
            guard context.hasHuffman else {
                throw ParquetError.corrupt("zstd: treeless literals without a previous Huffman table")
            }
        }
        if singleStream {
            try ZstdHuffman.decodeStream(body, count: bodySize, into: context.literals, n: regenerated, context: context)
        } else {
            context.stats.fourStreamLiterals &+= 1
            try ZstdHuffman.decodeFourStreams(body, count: bodySize, into: context.literals, n: regenerated, context: context)
        }
        return (headerSize &+ compressed, regenerated)
    }

    private static func truncatedHeader() -> ParquetError {
        ParquetError.corrupt("zstd: truncated literals section header")
    }
}
