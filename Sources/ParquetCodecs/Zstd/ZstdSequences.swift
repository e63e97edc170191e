/// Where a compressed block writes: the whole output buffer, with the bounds that apply.
struct ZstdOutput {
    /// The output buffer (all frames).
    let base: UnsafeMutablePointer<UInt8>
    /// Its size; wide copies may write scratch bytes anywhere below it.
    let capacity: Int
    /// Where the current frame started (back-references may not reach before it).
    let frameStart: Int
    /// The largest back-reference distance the frame's window allows.
    let window: Int
    /// Next byte to write.
    var position: Int
}

/// The sequences section of a compressed block and its execution (RFC 8878 §3.1.1.3.2,
/// §3.1.1.4, §3.1.2.5).
enum ZstdSequences {
    /// Decodes the sequences section `src[0..<count]` and executes it against the block's
    /// literals, writing at most up to `limit` in `output`.
    ///
    /// - Throws: `.corrupt` on a malformed header or table, a bitstream not consumed exactly,
    ///   a literal length beyond the literals, a match offset of 0 or reaching before the
    ///   frame start or beyond the window, or output beyond `limit`.
    static func execute(
        _ src: UnsafeRawPointer, count: Int, literalCount: Int,
        output: inout ZstdOutput, limit: Int, context: ZstdContext
    ) throws {
        guard count >= 1 else {
            throw ParquetError.corrupt("zstd: compressed block without a sequences section")
        }
        let b0 = Int(src.load(as: UInt8.self))
        var ip: Int
        let sequenceCount: Int
        if b0 < 128 {
            sequenceCount = b0
            ip = 1
        } else if b0 < 255 {
            guard count >= 2 else { throw truncated() }
            sequenceCount = ((b0 &- 128) &<< 8) | Int(src.load(fromByteOffset: 1, as: UInt8.self))
            ip = 2
        } else {
            guard count >= 3 else { throw truncated() }
            sequenceCount = (Int(src.load(fromByteOffset: 1, as: UInt8.self))
                | (Int(src.load(fromByteOffset: 2, as: UInt8.self)) &<< 8)) &+ 0x7F00
            ip = 3
        }
        if sequenceCount == 0 {
            guard ip == count else {
                throw ParquetError.corrupt("zstd: \(count &- ip) stray bytes after an empty sequences section")
            }
            try copyLastLiterals(literalCount, from: 0, output: &output, limit: limit, context: context)
            return
        }
        guard ip < count else { throw truncated() }
        let modes = Int(src.load(fromByteOffset: ip, as: UInt8.self))
        ip &+= 1
        guard modes & 3 == 0 else {
            throw ParquetError.corrupt("zstd: reserved bits set in the sequence compression modes")
        }
        ip &+= try readTable(.literalLength, mode: (modes &>> 6) & 3, src + ip, count: count &- ip, context: context)
        ip &+= try readTable(.offset, mode: (modes &>> 4) & 3, src + ip, count: count &- ip, context: context)
        ip &+= try readTable(.matchLength, mode: (modes &>> 2) & 3, src + ip, count: count &- ip, context: context)
        var reader = try ZstdBackwardBitReader(src + ip, count: count &- ip, what: "sequences bitstream")
        context.stats.sequences &+= sequenceCount
        let used = try run(
            &reader, sequenceCount: sequenceCount, literalCount: literalCount,
            output: &output, limit: limit, context: context)
        reader.refill()
        guard reader.isFinished else {
            throw ParquetError.corrupt("zstd: sequences bitstream not consumed exactly")
        }
        try copyLastLiterals(literalCount, from: used, output: &output, limit: limit, context: context)
    }

    /// Sets up the decoding table of `kind` for `mode` and returns the bytes it used.
    private static func readTable(
        _ kind: ZstdSequenceKind, mode: Int, _ src: UnsafeRawPointer, count: Int, context: ZstdContext
    ) throws -> Int {
        let k = kind.rawValue
        let table = context.sequenceTables[k]
        context.stats.modes[k][mode] &+= 1
        switch mode {
        case 0:
            let predefined = kind.predefined
            guard predefined.cells.count == 1 &<< predefined.log else {
                throw ParquetError.corrupt("zstd: predefined \(kind.name) table unavailable")
            }
            predefined.cells.withUnsafeBufferPointer { cells in
                if let base = cells.baseAddress { table.update(from: base, count: cells.count) }
            }
            context.sequenceLogs[k] = predefined.log
            context.hasSequenceTable[k] = true
            return 0
        case 1:
            guard count >= 1 else { throw truncated() }
            let symbol = Int(src.load(as: UInt8.self))
            guard symbol <= kind.maxSymbol else {
                throw ParquetError.corrupt("zstd: RLE \(kind.name) code \(symbol) exceeds \(kind.maxSymbol)")
            }
            let code = kind.code(symbol)
            table[0] = ZstdSequenceCell(baseValue: code.base, nextState: 0, extraBits: code.bits, nbBits: 0)
            context.sequenceLogs[k] = 0
            context.hasSequenceTable[k] = true
            return 1
        case 2:
            let description = try ZstdFSE.readDistribution(
                src, count: count, maxSymbol: kind.maxSymbol, maxLog: kind.maxLog,
                norm: context.norm, what: kind.name)
            try ZstdFSE.buildTable(
                norm: context.norm, symbols: description.symbols, log: description.log, into: context.fseScratch)
            ZstdTables.convert(context.fseScratch, log: description.log, kind: kind, into: table)
            context.sequenceLogs[k] = description.log
            context.hasSequenceTable[k] = true
            return description.size
        default:
            guard context.hasSequenceTable[k] else {
                throw ParquetError.corrupt("zstd: repeat mode for \(kind.name)s without a previous table")
            }
            return 0
        }
    }

    /// Decodes and executes the sequences; returns how many literals they used.
    private static func run(
        _ reader: inout ZstdBackwardBitReader, sequenceCount: Int, literalCount: Int,
        output: inout ZstdOutput, limit: Int, context: ZstdContext
    ) throws -> Int {
        let llTable = UnsafePointer(context.sequenceTables[ZstdSequenceKind.literalLength.rawValue])
        let ofTable = UnsafePointer(context.sequenceTables[ZstdSequenceKind.offset.rawValue])
        let mlTable = UnsafePointer(context.sequenceTables[ZstdSequenceKind.matchLength.rawValue])
        var llState = reader.read(context.sequenceLogs[0])
        var ofState = reader.read(context.sequenceLogs[1])
        var mlState = reader.read(context.sequenceLogs[2])
        reader.refill()

        let literals = UnsafePointer(context.literals)
        let dst = output.base
        let capacity = output.capacity
        let frameStart = output.frameStart
        let window = output.window
        var op = output.position
        var litPos = 0
        var (rep1, rep2, rep3) = context.repeatOffsets
        defer {
            output.position = op
            context.repeatOffsets = (rep1, rep2, rep3)
        }
        let lastSequence = sequenceCount &- 1
        var n = 0
        while true {
            let ofCell = ofTable[ofState]
            let mlCell = mlTable[mlState]
            let llCell = llTable[llState]
            let ofBits = Int(ofCell.extraBits)
            let mlBits = Int(mlCell.extraBits)
            let llBits = Int(llCell.extraBits)
            let offsetValue = Int(ofCell.baseValue) &+ reader.read(ofBits)
            let ml = Int(mlCell.baseValue) &+ reader.read(mlBits)
            if ofBits &+ mlBits &+ llBits > 30 { reader.refill() }
            let ll = Int(llCell.baseValue) &+ reader.read(llBits)

            // Repeat offsets; with no literals, codes 1...3 shift by one.
            var offset: Int
            if offsetValue > 3 {
                offset = offsetValue &- 3
                rep3 = rep2
                rep2 = rep1
                rep1 = offset
            } else {
                let index = offsetValue &- (ll == 0 ? 0 : 1)
                if index == 0 {
                    offset = rep1
                } else if index == 1 {
                    offset = rep2
                    rep2 = rep1
                    rep1 = offset
                } else {
                    offset = index == 2 ? rep3 : rep1 &- 1
                    rep3 = rep2
                    rep2 = rep1
                    rep1 = offset
                }
            }

            // Validate the whole sequence before writing anything.
            guard ll <= literalCount &- litPos else {
                throw ParquetError.corrupt(
                    "zstd: sequence needs \(ll) literals, only \(literalCount &- litPos) left")
            }
            let total = ll &+ ml
            guard total <= limit &- op else {
                throw ParquetError.corrupt("zstd: sequence of \(total) bytes overruns the block or output (\(limit &- op) left)")
            }
            let matchAt = op &+ ll
            let reach = min(matchAt &- frameStart, window)
            guard UInt(bitPattern: offset &- 1) < UInt(bitPattern: reach) else {
                throw ParquetError.corrupt(
                    "zstd: match offset \(offset) reaches before the frame start or beyond the window (\(reach) bytes reachable)")
            }

            if total &+ 32 <= capacity &- op {
                // Wide copies: scratch bytes past the sequence stay inside the buffer and are
                // overwritten by what follows.
                wideCopy(dst + op, literals + litPos, ll)
                copyMatchWide(dst, at: matchAt, offset: offset, length: ml)
            } else {
                if ll > 0 { copyBytes(dst + op, literals + litPos, ll) }
                copyMatchExact(dst, at: matchAt, offset: offset, length: ml)
            }
            op &+= total
            litPos &+= ll

            if n == lastSequence { break }
            n &+= 1
            llState = Int(llCell.nextState) &+ reader.read(Int(llCell.nbBits))
            mlState = Int(mlCell.nextState) &+ reader.read(Int(mlCell.nbBits))
            ofState = Int(ofCell.nextState) &+ reader.read(Int(ofCell.nbBits))
            reader.refill()
            guard !reader.isOverflowed else {
                throw ParquetError.corrupt("zstd: sequences bitstream ends after \(n) of \(sequenceCount) sequences")
            }
        }
        return litPos
    }

    /// Appends the literals the sequences left over.
    private static func copyLastLiterals(
        _ literalCount: Int, from used: Int, output: inout ZstdOutput, limit: Int, context: ZstdContext
    ) throws {
        let rest = literalCount &- used
        guard rest <= limit &- output.position else {
            throw ParquetError.corrupt("zstd: \(rest) trailing literals overrun the block or output")
        }
        if rest > 0 { copyBytes(output.base + output.position, context.literals + used, rest) }
        output.position &+= rest
    }

    /// Copies `count` bytes in 16-byte chunks; up to 15 bytes past each end are touched.
    @inline(__always)
    private static func wideCopy(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafePointer<UInt8>, _ count: Int) {
        var k = 0
        repeat {
            let v = UnsafeRawPointer(src + k).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(dst + k).storeBytes(of: v, as: SIMD16<UInt8>.self)
            k &+= 16
        } while k < count
    }

    /// Copies a match of `length` bytes from `offset` back; may write up to 15 bytes past it.
    /// The caller has checked `1 <= offset <= at` and left at least 32 bytes of slack.
    @inline(__always)
    private static func copyMatchWide(_ dst: UnsafeMutablePointer<UInt8>, at op: Int, offset: Int, length: Int) {
        let out = UnsafeMutableRawPointer(dst + op)
        if offset >= 16 {
            let from = UnsafeRawPointer(dst + (op &- offset))
            var k = 0
            repeat {
                out.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: SIMD16<UInt8>.self), toByteOffset: k, as: SIMD16<UInt8>.self)
                k &+= 16
            } while k < length
        } else if offset >= 8 {
            let from = UnsafeRawPointer(dst + (op &- offset))
            var k = 0
            repeat {
                out.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: UInt64.self), toByteOffset: k, as: UInt64.self)
                k &+= 8
            } while k < length
        } else {
            // Short period: lay down 8 bytes one by one, then stamp that periodic word at
            // steps of the largest multiple of `offset` not above 8.
            let from = dst + (op &- offset)
            var i = 0
            while i < 8 {
                dst[op &+ i] = from[i]
                i &+= 1
            }
            let word = UnsafeRawPointer(out).loadUnaligned(as: UInt64.self)
            let step = 8 &- (8 % offset)
            var k = step
            while k < length {
                out.storeBytes(of: word, toByteOffset: k, as: UInt64.self)
                k &+= step
            }
        }
    }

    /// Copies a match exactly (near the end of the buffer).
    private static func copyMatchExact(_ dst: UnsafeMutablePointer<UInt8>, at op: Int, offset: Int, length: Int) {
        if offset >= length {
            copyBytes(dst + op, dst + (op &- offset), length)
        } else {
            var k = 0
            let from = op &- offset
            while k < length {
                dst[op &+ k] = dst[from &+ k]
                k &+= 1
            }
        }
    }

    private static func truncated() -> ParquetError {
        ParquetError.corrupt("zstd: truncated sequences section header")
    }
}
