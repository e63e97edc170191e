/// Huffman coding of literals (RFC 8878 §4.2): tree descriptions and 1- or 4-stream decoding.
enum ZstdHuffman {
    /// Largest accuracy log of the FSE table that compresses Huffman weights.
    static let maxWeightLog = 6

    /// Parses a Huffman tree description at `src[0..<count]` into `context.huffman` and
    /// returns its size in bytes.
    ///
    /// - Throws: `.corrupt` when the description is truncated, a weight exceeds 11, the
    ///   weights do not complete to a power of two, or the tree would be deeper than 11 bits.
    static func readTable(_ src: UnsafeRawPointer, count: Int, context: ZstdContext) throws -> Int {
        guard count >= 1 else {
            throw ParquetError.corrupt("zstd: missing Huffman tree description")
        }
        let header = Int(src.load(as: UInt8.self))
        let weights = context.weights
        var weightCount: Int
        let used: Int
        if header >= 128 {
            // Direct representation: 4-bit weights, two per byte, high nibble first.
            weightCount = header &- 127
            let bytes = (weightCount &+ 1) &>> 1
            guard bytes <= count &- 1 else {
                throw ParquetError.corrupt("zstd: truncated Huffman weights (\(bytes) bytes needed, \(count &- 1) left)")
            }
            var i = 0
            while i < weightCount {
                let byte = src.load(fromByteOffset: 1 &+ (i &>> 1), as: UInt8.self)
                weights[i] = i & 1 == 0 ? byte &>> 4 : byte & 0x0F
                i &+= 1
            }
            used = 1 &+ bytes
            context.stats.directWeights &+= 1
        } else {
            guard header >= 1, header <= count &- 1 else {
                throw ParquetError.corrupt("zstd: FSE-compressed Huffman weights of \(header) bytes, \(count &- 1) left")
            }
            weightCount = try readFSEWeights(src + 1, count: header, context: context)
            used = 1 &+ header
            context.stats.fseWeights &+= 1
        }
        try buildTable(weightCount: weightCount, context: context)
        return used
    }

    /// Decodes FSE-compressed weights (two interleaved states sharing one table) into
    /// `context.weights` and returns how many there are.
    private static func readFSEWeights(_ src: UnsafeRawPointer, count: Int, context: ZstdContext) throws -> Int {
        let description = try ZstdFSE.readDistribution(
            src, count: count, maxSymbol: 255, maxLog: maxWeightLog, norm: context.norm, what: "Huffman weights")
        let cells = context.fseScratch
        try ZstdFSE.buildTable(norm: context.norm, symbols: description.symbols, log: description.log, into: cells)
        let streamSize = count &- description.size
        var reader = try ZstdBackwardBitReader(src + description.size, count: streamSize, what: "Huffman weights stream")
        var state1 = reader.read(description.log)
        var state2 = reader.read(description.log)
        reader.refill()
        let weights = context.weights
        var n = 0
        // At most 255 weights: each step may emit two (the second after the stream runs out).
        // A step emits state `a`'s symbol and moves `a` on; when the stream has then run out,
        // it emits the other state's symbol too and the decoding ends (true).
        func step(_ a: inout Int, _ b: Int) throws -> Bool {
            guard n <= 253 else {
                throw ParquetError.corrupt("zstd: more than 255 Huffman weights")
            }
            let c = cells[a]
            weights[n] = c.symbol
            n &+= 1
            a = Int(c.baseline) &+ reader.read(Int(c.nbBits))
            reader.refill()
            guard reader.isOverflowed else { return false }
            weights[n] = cells[b].symbol
            n &+= 1
            return true
        }
        while true {
            if try step(&state1, state2) { break }
            if try step(&state2, state1) { break }
        }
        return n
    }

    /// Completes the weights with the implied last one and fills the decoding table.
    private static func buildTable(weightCount: Int, context: ZstdContext) throws {
        let weights = context.weights
        var total = 0
        var i = 0
        while i < weightCount {
            let w = Int(weights[i])
            guard w <= ZstdContext.huffmanMaxBits else {
                throw ParquetError.corrupt("zstd: Huffman weight \(w) exceeds \(ZstdContext.huffmanMaxBits)")
            }
            if w > 0 { total &+= 1 &<< (w &- 1) }
            i &+= 1
        }
        guard total > 0 else {
            throw ParquetError.corrupt("zstd: Huffman tree description has no nonzero weight")
        }
        let maxBits = Int.bitWidth &- total.leadingZeroBitCount
        guard maxBits <= ZstdContext.huffmanMaxBits else {
            throw ParquetError.corrupt("zstd: Huffman tree deeper than \(ZstdContext.huffmanMaxBits) bits")
        }
        let rest = (1 &<< maxBits) &- total
        guard rest & (rest &- 1) == 0 else {
            throw ParquetError.corrupt("zstd: Huffman weights do not complete to a power of two")
        }
        let lastWeight = Int.bitWidth &- rest.leadingZeroBitCount
        weights[weightCount] = UInt8(truncatingIfNeeded: lastWeight)
        let symbolCount = weightCount &+ 1

        // Count symbols per weight; weight-1 symbols must come in a nonzero even number.
        var rankCount = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        try withUnsafeMutableBytes(of: &rankCount) { raw in
            let ranks = raw.bindMemory(to: Int.self)
            var s = 0
            while s < symbolCount {
                let w = Int(weights[s])
                if w > 0 { ranks[w] &+= 1 }
                s &+= 1
            }
            guard ranks[1] >= 2, ranks[1] & 1 == 0 else {
                throw ParquetError.corrupt("zstd: Huffman weights need an even number (at least 2) of weight 1")
            }
            // Start index of each weight's codes: lowest weights (longest codes) first.
            var start = 0
            var w = 1
            while w <= maxBits {
                let n = ranks[w]
                ranks[w] = start
                start &+= n &<< (w &- 1)
                w &+= 1
            }
            let table = context.huffman
            s = 0
            while s < symbolCount {
                let w = Int(weights[s])
                if w > 0 {
                    let span = 1 &<< (w &- 1)
                    let entry = UInt16(truncatingIfNeeded: (s &<< 8) | (maxBits &+ 1 &- w))
                    let from = ranks[w]
                    var k = 0
                    while k < span {
                        table[from &+ k] = entry
                        k &+= 1
                    }
                    ranks[w] = from &+ span
                }
                s &+= 1
            }
        }
        context.huffmanBits = maxBits
        context.hasHuffman = true
    }

    /// Decodes `n` literals from one Huffman stream `src[0..<count]` into `dst`.
    static func decodeStream(
        _ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<UInt8>, n: Int, context: ZstdContext
    ) throws {
        var reader = try ZstdBackwardBitReader(src, count: count, what: "Huffman stream")
        decodeTail(&reader, table: context.huffman, bits: context.huffmanBits, dst: dst, n: n)
        guard reader.isFinished else { throw unfinished() }
    }

    /// Decodes `n` literals from four Huffman streams laid out after a 6-byte jump table in
    /// `src[0..<count]`; stream k fills `dst[k * seg ..< ...]` with `seg = (n + 3) / 4`.
    static func decodeFourStreams(
        _ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<UInt8>, n: Int, context: ZstdContext
    ) throws {
        guard count >= 10 else {
            throw ParquetError.corrupt("zstd: 4-stream Huffman literals of only \(count) bytes")
        }
        let size1 = Int(UInt16(littleEndian: src.loadUnaligned(as: UInt16.self)))
        let size2 = Int(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        let size3 = Int(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
        let size4 = count &- 6 &- size1 &- size2 &- size3
        guard size4 >= 1 else {
            throw ParquetError.corrupt("zstd: Huffman jump table sizes exceed the literals section")
        }
        let seg = (n &+ 3) &>> 2
        let last = n &- 3 &* seg
        guard last >= 0 else {
            throw ParquetError.corrupt("zstd: \(n) literals cannot be split into 4 streams")
        }
        let s1 = src + 6
        let s2 = s1 + size1
        let s3 = s2 + size2
        let s4 = s3 + size3
        var r1 = try ZstdBackwardBitReader(s1, count: size1, what: "Huffman stream 1")
        var r2 = try ZstdBackwardBitReader(s2, count: size2, what: "Huffman stream 2")
        var r3 = try ZstdBackwardBitReader(s3, count: size3, what: "Huffman stream 3")
        var r4 = try ZstdBackwardBitReader(s4, count: size4, what: "Huffman stream 4")
        let table = context.huffman
        let bits = context.huffmanBits
        let shift = UInt64(64 &- bits)
        let d1 = dst
        let d2 = dst + seg
        let d3 = d2 + seg
        let d4 = d3 + seg
        // Interleaved: four symbols per stream per refill (4 * 11 + 7 <= 64 bits).
        var i = 0
        while i &+ 4 <= last {
            r1.refill(); r2.refill(); r3.refill(); r4.refill()
            var k = 0
            while k < 4 {
                let e1 = table[Int(truncatingIfNeeded: (r1.container &<< UInt64(r1.consumed & 63)) &>> shift)]
                let e2 = table[Int(truncatingIfNeeded: (r2.container &<< UInt64(r2.consumed & 63)) &>> shift)]
                let e3 = table[Int(truncatingIfNeeded: (r3.container &<< UInt64(r3.consumed & 63)) &>> shift)]
                let e4 = table[Int(truncatingIfNeeded: (r4.container &<< UInt64(r4.consumed & 63)) &>> shift)]
                d1[i &+ k] = UInt8(truncatingIfNeeded: e1 &>> 8)
                d2[i &+ k] = UInt8(truncatingIfNeeded: e2 &>> 8)
                d3[i &+ k] = UInt8(truncatingIfNeeded: e3 &>> 8)
                d4[i &+ k] = UInt8(truncatingIfNeeded: e4 &>> 8)
                r1.consumed &+= Int(e1 & 0xFF)
                r2.consumed &+= Int(e2 & 0xFF)
                r3.consumed &+= Int(e3 & 0xFF)
                r4.consumed &+= Int(e4 & 0xFF)
                k &+= 1
            }
            i &+= 4
        }
        decodeTail(&r1, table: table, bits: bits, dst: d1 + i, n: seg &- i)
        decodeTail(&r2, table: table, bits: bits, dst: d2 + i, n: seg &- i)
        decodeTail(&r3, table: table, bits: bits, dst: d3 + i, n: seg &- i)
        decodeTail(&r4, table: table, bits: bits, dst: d4 + i, n: last &- i)
        guard r1.isFinished, r2.isFinished, r3.isFinished, r4.isFinished else { throw unfinished() }
    }

    /// Decodes `n` symbols from one stream, refilling every four symbols.
    @inline(__always)
    private static func decodeTail(
        _ reader: inout ZstdBackwardBitReader, table: UnsafePointer<UInt16>, bits: Int,
        dst: UnsafeMutablePointer<UInt8>, n: Int
    ) {
        let shift = UInt64(64 &- bits)
        var i = 0
        while i < n {
            reader.refill()
            var k = 0
            while k < 4 && i < n {
                let e = table[Int(truncatingIfNeeded: (reader.container &<< UInt64(reader.consumed & 63)) &>> shift)]
                dst[i] = UInt8(truncatingIfNeeded: e &>> 8)
                reader.consumed &+= Int(e & 0xFF)
                i &+= 1
                k &+= 1
            }
        }
        reader.refill()
    }

    private static func unfinished() -> ParquetError {
        ParquetError.corrupt("zstd: Huffman stream not consumed exactly")
    }
}
