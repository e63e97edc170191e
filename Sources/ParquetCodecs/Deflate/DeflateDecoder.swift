/// A DEFLATE (RFC 1951) decoder writing into a fixed, caller-owned output buffer.
///
/// Bits are read through the shared ``LSBBitReader``; ``LSBBitReader/checkNotOverrun()``
/// after every block turns any use of its phantom end-of-input bits into a `.corrupt`
/// "truncated" error.
/// Every back-reference is checked against the start of the current stream's output
/// (`windowStart`) and every write against the output end.
struct DeflateDecoder {
    let src: UnsafeRawPointer
    let srcCount: Int
    /// The bit input over `src`.
    var input: LSBBitReader
    let dst: UnsafeMutableRawPointer
    let dstCount: Int
    /// Bytes written so far.
    var op: Int
    /// Output offset where the current stream began; distances may not reach before it.
    var windowStart: Int = 0
    var litTable: [UInt32] = []
    var distTable: [UInt32] = []
    var codeLengthTable: [UInt32] = []

    static let litRootBits = 10
    static let distRootBits = 8

    init(src: UnsafeRawPointer, srcCount: Int, dst: UnsafeMutableRawPointer, dstCount: Int) {
        self.src = src
        self.srcCount = srcCount
        self.input = LSBBitReader(src: src, srcCount: srcCount, codec: "deflate")
        self.dst = dst
        self.dstCount = dstCount
        self.op = 0
    }

    // MARK: Streams and blocks

    /// Decodes one complete DEFLATE stream starting at input byte `start`, appending to the
    /// output. Returns the input byte offset just past the stream (after the final block,
    /// rounded up to a whole byte).
    mutating func inflate(from start: Int) throws -> Int {
        input.restart(at: start)
        windowStart = op
        // Every block consumes at least 3 header bits, so the input length bounds the loop.
        while true {
            let header = try input.bits(3)
            let isFinal = header & 1 != 0
            switch header &>> 1 {
            case 0:
                try storedBlock()
            case 1:
                try fixedBlock()
            case 2:
                try readDynamicTables()
                try huffmanBlock(lit: litTable, dist: distTable)
            default:
                throw ParquetError.corrupt("deflate: reserved block type 3")
            }
            try input.checkNotOverrun()
            if isFinal { break }
        }
        return try input.rewindToByte()
    }

    mutating func storedBlock() throws {
        _ = try input.bits(input.bitCount & 7)
        let len = try input.bits(16)
        let nlen = try input.bits(16)
        guard len == (~nlen & 0xFFFF) else {
            throw ParquetError.corrupt("deflate: stored block length \(len) does not match its complement")
        }
        let at = try input.rewindToByte()
        guard len <= srcCount &- at else {
            throw ParquetError.corrupt("deflate: stored block of \(len) bytes runs past the input end")
        }
        guard len <= dstCount &- op else {
            throw ParquetError.corrupt("deflate: output exceeds the expected \(dstCount) bytes")
        }
        if len > 0 { copyBytes(dst + op, src + at, len) }
        op &+= len
        input.pos = at &+ len
    }

    mutating func fixedBlock() throws {
        let lit = DeflateTables.fixedLit
        let dist = DeflateTables.fixedDist
        guard lit.count >= 1 &<< Self.litRootBits, dist.count >= 1 &<< Self.distRootBits else {
            throw ParquetError.corrupt("deflate: fixed tables unavailable")
        }
        try huffmanBlock(lit: lit, dist: dist)
    }

    /// Reads the code length code and the literal/length and distance code lengths of a
    /// dynamic block, and builds `litTable` and `distTable`.
    mutating func readDynamicTables() throws {
        let hlit = try input.bits(5) &+ 257
        let hdist = try input.bits(5) &+ 1
        let hclen = try input.bits(4) &+ 4
        guard hlit <= 286, hdist <= 30 else {
            throw ParquetError.corrupt("deflate: dynamic block declares \(hlit) length and \(hdist) distance codes")
        }
        var clLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<hclen {
            clLengths[DeflateTables.codeLengthOrder[i]] = UInt8(try input.bits(3))
        }
        codeLengthTable.removeAll(keepingCapacity: true)
        let cl = try clLengths.withUnsafeBufferPointer {
            try PrefixTable.build(lengths: $0, rootBits: 7, into: &codeLengthTable, what: "deflate code length code")
        }
        guard cl.complete else {
            throw ParquetError.corrupt("deflate: incomplete code length code")
        }
        var lengths = [UInt8](repeating: 0, count: hlit &+ hdist)
        var i = 0
        try codeLengthTable.withUnsafeBufferPointer { table in
            while i < lengths.count {
                if input.bitCount < 16 { try input.refill() }
                let entry = table[Int(truncatingIfNeeded: input.bitBuf & 0x7F)]
                let len = Int(entry & PrefixTable.lengthMask)
                input.bitBuf &>>= UInt64(len)
                input.bitCount &-= len
                let symbol = Int(entry &>> 16)
                if symbol < 16 {
                    lengths[i] = UInt8(symbol)
                    i &+= 1
                    continue
                }
                let value: UInt8
                let repeatCount: Int
                switch symbol {
                case 16:
                    guard i > 0 else {
                        throw ParquetError.corrupt("deflate: repeat code 16 with no previous length")
                    }
                    value = lengths[i &- 1]
                    repeatCount = 3 &+ (try input.bits(2))
                case 17:
                    value = 0
                    repeatCount = 3 &+ (try input.bits(3))
                default:
                    value = 0
                    repeatCount = 11 &+ (try input.bits(7))
                }
                guard repeatCount <= lengths.count &- i else {
                    throw ParquetError.corrupt("deflate: code length repeat runs past \(lengths.count) lengths")
                }
                for k in i..<(i &+ repeatCount) { lengths[k] = value }
                i &+= repeatCount
            }
        }
        try input.checkNotOverrun()
        guard lengths[256] != 0 else {
            throw ParquetError.corrupt("deflate: dynamic block has no end-of-block code")
        }
        litTable.removeAll(keepingCapacity: true)
        distTable.removeAll(keepingCapacity: true)
        try lengths.withUnsafeBufferPointer { all in
            let litLengths = UnsafeBufferPointer(rebasing: all[0..<hlit])
            let distLengths = UnsafeBufferPointer(rebasing: all[hlit...])
            try DeflateTables.litPayload.withUnsafeBufferPointer { payload in
                let r = try PrefixTable.build(
                    lengths: litLengths, rootBits: Self.litRootBits, payloads: payload,
                    into: &litTable, what: "deflate literal/length code")
                if !r.complete, !Self.isSingleCode(litLengths) {
                    throw ParquetError.corrupt("deflate: incomplete literal/length code")
                }
            }
            try DeflateTables.distPayload.withUnsafeBufferPointer { payload in
                let r = try PrefixTable.build(
                    lengths: distLengths, rootBits: Self.distRootBits, payloads: payload,
                    into: &distTable, what: "deflate distance code")
                if !r.complete, !Self.isSingleCode(distLengths), distLengths.contains(where: { $0 != 0 }) {
                    throw ParquetError.corrupt("deflate: incomplete distance code")
                }
            }
        }
    }

    /// One code of length 1 and no other: the only incomplete code zlib accepts.
    static func isSingleCode(_ lengths: UnsafeBufferPointer<UInt8>) -> Bool {
        var used = 0
        for len in lengths where len != 0 {
            guard len == 1 else { return false }
            used &+= 1
        }
        return used == 1
    }

    /// Decodes the symbols of one Huffman-coded block up to its end-of-block code.
    mutating func huffmanBlock(lit: [UInt32], dist: [UInt32]) throws {
        try lit.withUnsafeBufferPointer { litBuffer in
            try dist.withUnsafeBufferPointer { distBuffer in
                guard let litBase = litBuffer.baseAddress, let distBase = distBuffer.baseAddress else {
                    throw ParquetError.corrupt("deflate: empty decoding table")
                }
                try decodeSymbols(lit: litBase, dist: distBase)
            }
        }
    }

    /// The hot loop. Tables are complete two-level tables built by ``PrefixTable`` (every
    /// index the loop can form lies inside them).
    mutating func decodeSymbols(lit: UnsafePointer<UInt32>, dist: UnsafePointer<UInt32>) throws {
        let litMask = UInt64((1 &<< Self.litRootBits) &- 1)
        let distMask = UInt64((1 &<< Self.distRootBits) &- 1)
        let dst = self.dst
        let dstCount = self.dstCount
        var op = self.op
        defer { self.op = op }
        while true {
            // 48 bits cover the longest length/distance pair: 15 + 5 + 15 + 13.
            if input.bitCount < 48 { try input.refill() }
            var e = lit[Int(truncatingIfNeeded: input.bitBuf & litMask)]
            if e & PrefixTable.subtable != 0 {
                input.bitBuf &>>= UInt64(Self.litRootBits)
                input.bitCount &-= Self.litRootBits
                let subMask = (UInt64(1) &<< UInt64((e &>> 8) & 0xFF)) &- 1
                e = lit[Int(e &>> 16) &+ Int(truncatingIfNeeded: input.bitBuf & subMask)]
            }
            var len = Int(e & PrefixTable.lengthMask)
            input.bitBuf &>>= UInt64(len)
            input.bitCount &-= len
            if e & 0x3C0 == 0 {
                // Literal.
                guard op < dstCount else { throw Self.outputOverrun(dstCount) }
                dst.storeBytes(of: UInt8(truncatingIfNeeded: e &>> 16), toByteOffset: op, as: UInt8.self)
                op &+= 1
                continue
            }
            if e & PrefixTable.invalid != 0 {
                throw ParquetError.corrupt("deflate: invalid literal/length code")
            }
            let kind = (e &>> 8) & 3
            if kind == 2 { break }
            if kind == 3 { throw ParquetError.corrupt("deflate: invalid literal/length symbol 286 or 287") }
            var extra = Int((e &>> 12) & 0xF)
            let length = Int(e &>> 16) &+ Int(truncatingIfNeeded: input.bitBuf & ((1 &<< UInt64(extra)) &- 1))
            input.bitBuf &>>= UInt64(extra)
            input.bitCount &-= extra

            var d = dist[Int(truncatingIfNeeded: input.bitBuf & distMask)]
            if d & PrefixTable.subtable != 0 {
                input.bitBuf &>>= UInt64(Self.distRootBits)
                input.bitCount &-= Self.distRootBits
                let subMask = (UInt64(1) &<< UInt64((d &>> 8) & 0xFF)) &- 1
                d = dist[Int(d &>> 16) &+ Int(truncatingIfNeeded: input.bitBuf & subMask)]
            }
            len = Int(d & PrefixTable.lengthMask)
            input.bitBuf &>>= UInt64(len)
            input.bitCount &-= len
            if d & 0x3C0 != 0x100 {
                throw ParquetError.corrupt(d & PrefixTable.invalid != 0
                    ? "deflate: invalid distance code" : "deflate: invalid distance symbol 30 or 31")
            }
            extra = Int((d &>> 12) & 0xF)
            let distance = Int(d &>> 16) &+ Int(truncatingIfNeeded: input.bitBuf & ((1 &<< UInt64(extra)) &- 1))
            input.bitBuf &>>= UInt64(extra)
            input.bitCount &-= extra
            guard distance <= op &- windowStart else {
                throw ParquetError.corrupt("deflate: distance \(distance) reaches before the stream start (at output offset \(op &- windowStart))")
            }
            let outLeft = dstCount &- op
            guard length <= outLeft else { throw Self.outputOverrun(dstCount) }
            SnappyDecoder.copyMatch(dst: dst, op: op, offset: distance, length: length, outLeft: outLeft)
            op &+= length
        }
    }

    @inline(never)
    static func outputOverrun(_ count: Int) -> ParquetError {
        ParquetError.corrupt("deflate: output exceeds the expected \(count) bytes")
    }
}

/// Constant tables of RFC 1951.
enum DeflateTables {
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let lengthBase: [UInt32] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
        35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    static let lengthExtra: [UInt32] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    static let distBase: [UInt32] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]

    /// Entry payloads (bits 8...31 of a ``PrefixTable`` entry): value << 16 | extra << 12 |
    /// kind << 8, kind 0 literal, 1 length (base + extra bits), 2 end of block, 3 invalid.
    static let litPayload: [UInt32] = (0..<288).map { s -> UInt32 in
        switch s {
        case 0..<256: return UInt32(s) << 16
        case 256: return 2 << 8
        case 257...285: return lengthBase[s - 257] << 16 | lengthExtra[s - 257] << 12 | 1 << 8
        default: return 3 << 8
        }
    }
    static let distPayload: [UInt32] = (0..<32).map { s -> UInt32 in
        s < 30 ? distBase[s] << 16 | UInt32(max(0, s / 2 - 1)) << 12 | 1 << 8 : 3 << 8
    }

    static let fixedLit: [UInt32] = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for s in 144..<256 { lengths[s] = 9 }
        for s in 256..<280 { lengths[s] = 7 }
        return fixedTable(lengths: lengths, payloads: litPayload, rootBits: DeflateDecoder.litRootBits)
    }()

    static let fixedDist: [UInt32] = fixedTable(
        lengths: [UInt8](repeating: 5, count: 32), payloads: distPayload, rootBits: DeflateDecoder.distRootBits)

    /// The decoding table of a fixed code (RFC 1951 §3.2.6); these lengths always build one.
    private static func fixedTable(lengths: [UInt8], payloads: [UInt32], rootBits: Int) -> [UInt32] {
        var table: [UInt32] = []
        _ = try? lengths.withUnsafeBufferPointer { l in
            try payloads.withUnsafeBufferPointer { p in
                try PrefixTable.build(lengths: l, rootBits: rootBits, payloads: p, into: &table, what: "deflate fixed code")
            }
        }
        return table
    }
}
