extension Zstd {
    /// The compression levels of ``compress(_:level:checksum:)``: 1 (fastest) to 19.
    public static let levels: ClosedRange<Int> = 1...19
    /// The default level, 3, as zstd's (Arrow's Parquet writer uses 1).
    public static let defaultLevel = 3

    /// The most a frame holds: longer inputs become several frames, so table positions fit
    /// 32 bits.
    static let maxFrameContent = 1 << 30

    /// Compresses `input` into Zstandard frames (RFC 8878) that any decoder reads.
    ///
    /// Levels 1...19 (``levels``; values outside are clamped): 1–2 use one hash table ("fast"), 3–4 a
    /// long and a short hash table ("double fast"), 5 greedy and 6–7 lazy parsing over hash
    /// chains, 8–19 two-step lazy parsing with deeper searches and larger windows (zstd's
    /// binary-tree and optimal parsers of levels 13+ are not implemented; those levels search
    /// deeper chains instead). The default, 3, is zstd's default; Parquet writers in Arrow use 1.
    ///
    /// Each frame records its content size, uses a window of at most 8 MiB (the whole input
    /// when smaller) and holds blocks of up to 128 KiB: Huffman-coded (or raw / RLE) literals and
    /// FSE-coded sequences with predefined, RLE, new or repeated tables chosen by estimated
    /// cost; a block that does not shrink is stored raw, a block of one repeated byte as RLE.
    /// With `checksum`, each frame ends with the low 32 bits of its content's XXH64.
    ///
    /// Never traps: any bytes are accepted, and the output is at most
    /// ``maxCompressedLength(_:)`` bytes.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int = defaultLevel,
                                checksum: Bool = false) -> [UInt8] {
        compress(input, level: level, checksum: checksum, frameSize: maxFrameContent)
    }

    /// ``compress(_:level:checksum:)`` with frames of at most `frameSize` bytes (for tests).
    static func compress(_ input: UnsafeRawBufferPointer, level: Int, checksum: Bool, frameSize: Int) -> [UInt8] {
        let count = input.count
        let frameSize = min(max(frameSize, 1), maxFrameContent)
        let frames = count / frameSize &+ 1
        let capacity = maxCompressedLength(count) &+ frames &* 25 &+ ZstdEncoderContext.outputSlack
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { out.deallocate() }
        var op = 0
        var dummy: UInt8 = 0
        withUnsafeMutablePointer(to: &dummy) { dummyPointer in
            let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(dummyPointer)
            var start = 0
            var context: ZstdEncoderContext?
            repeat {
                let length = min(count &- start, frameSize)
                let params = ZstdParameters.forLevel(level, inputSize: length)
                if context == nil { context = ZstdEncoderContext(params: params, inputSize: length) }
                if let context {
                    op = context.compressFrame(src + start, count: length, inputEnd: src + count,
                                               checksum: checksum, to: out, at: op)
                }
                start &+= length
            } while start < count
        }
        return Array(UnsafeBufferPointer(start: out, count: op))
    }

    /// Convenience overload of ``compress(_:level:checksum:)`` for byte arrays.
    public static func compress(_ input: [UInt8], level: Int = defaultLevel, checksum: Bool = false) -> [UInt8] {
        input.withUnsafeBytes { compress($0, level: level, checksum: checksum) }
    }

    /// The largest output ``compress(_:level:checksum:)`` produces for `count` input bytes:
    /// the input stored in raw blocks, plus block and frame headers and checksums.
    public static func maxCompressedLength(_ count: Int) -> Int {
        let n = max(count, 0)
        let blocks = n / maxBlockSize &+ 1
        let frames = n / maxFrameContent &+ 1
        return n &+ blocks &* 3 &+ frames &* (18 &+ 4 &+ 3)
    }
}

/// The tables and buffers of one compression call, sized once for the input and reused by
/// every block (and every frame of a long input).
final class ZstdEncoderContext {
    /// Bytes past the bound the output buffer has, for 8-byte stores of the bit writers.
    static let outputSlack = 16
    static let literalSlack = 32

    let params: ZstdParameters
    let hashTable: UnsafeMutablePointer<UInt32>
    let hashCount: Int
    let chainTable: UnsafeMutablePointer<UInt32>
    let chainCount: Int
    /// Row-based search: a tag per hash table entry and each row's newest entry.
    let tags: UnsafeMutablePointer<UInt8>?
    let heads: UnsafeMutablePointer<UInt8>?

    let sequences: UnsafeMutablePointer<ZstdSequence>
    let literals: UnsafeMutablePointer<UInt8>
    let llCodes: UnsafeMutablePointer<UInt8>
    let mlCodes: UnsafeMutablePointer<UInt8>
    let ofCodes: UnsafeMutablePointer<UInt8>
    let sequenceCapacity: Int

    /// Histograms: 256 literal counts, then 3 x 64 sequence code counts.
    let counts: UnsafeMutablePointer<UInt32>
    let norm: UnsafeMutablePointer<Int16>
    /// Scratch for trial table descriptions (with writer slack).
    let descriptionScratch: UnsafeMutablePointer<UInt8>
    static let descriptionCapacity = 512

    /// Huffman tables: the one the decoder holds (`committedHuffman`) and a spare.
    let huffman = [ZstdHuffmanEncoder(), ZstdHuffmanEncoder()]
    var committedHuffman = -1
    let weightTable = ZstdFSEEncoder()
    /// Per sequence kind: predefined, two FSE slots, two RLE slots.
    let fse: [[ZstdFSEEncoder]]
    var committedFSE = [-1, -1, -1]
    /// Repeat offsets as the decoder has them after the last compressed block.
    var committedReps = (1, 4, 8)

    /// Code tables (lengths 0..<64 and match length bases 0..<128 to codes).
    let llCodeTable: UnsafeMutablePointer<UInt8>
    let mlCodeTable: UnsafeMutablePointer<UInt8>
    /// Per code: baseline and extra bits (literal lengths 36, match lengths 53).
    let llBase: UnsafeMutablePointer<UInt32>
    let llBits: UnsafeMutablePointer<UInt8>
    let mlBase: UnsafeMutablePointer<UInt32>
    let mlBits: UnsafeMutablePointer<UInt8>

    init(params: ZstdParameters, inputSize: Int) {
        self.params = params
        hashCount = 1 << params.hashLog
        hashTable = .allocate(capacity: hashCount)
        chainCount = params.strategy == .fast || params.rowLog > 0 ? 1 : 1 << params.chainLog
        chainTable = .allocate(capacity: chainCount)
        if params.rowLog > 0 {
            tags = .allocate(capacity: hashCount)
            heads = .allocate(capacity: hashCount >> params.rowLog)
        } else {
            tags = nil
            heads = nil
        }
        let blockSize = min(Zstd.maxBlockSize, max(inputSize, 1))
        sequenceCapacity = blockSize / 3 &+ 16
        sequences = .allocate(capacity: sequenceCapacity)
        literals = .allocate(capacity: blockSize &+ Self.literalSlack)
        llCodes = .allocate(capacity: sequenceCapacity)
        mlCodes = .allocate(capacity: sequenceCapacity)
        ofCodes = .allocate(capacity: sequenceCapacity)
        counts = .allocate(capacity: 256 &+ 3 &* 64)
        counts.initialize(repeating: 0, count: 256 &+ 3 &* 64)
        norm = .allocate(capacity: 64)
        norm.initialize(repeating: 0, count: 64)
        descriptionScratch = .allocate(capacity: Self.descriptionCapacity &+ 8)
        descriptionScratch.initialize(repeating: 0, count: Self.descriptionCapacity &+ 8)
        var kinds: [[ZstdFSEEncoder]] = []
        for kind in [ZstdSequenceKind.literalLength, .offset, .matchLength] {
            let predefined = ZstdFSEEncoder()
            let defaults: [Int16]
            let log: Int
            switch kind {
            case .literalLength: (defaults, log) = (ZstdTables.literalLengthDefault, 6)
            case .offset: (defaults, log) = (ZstdTables.offsetDefault, 5)
            case .matchLength: (defaults, log) = (ZstdTables.matchLengthDefault, 6)
            }
            defaults.withUnsafeBufferPointer { d in
                if let b = d.baseAddress { predefined.build(norm: b, symbols: d.count, log: log) }
            }
            kinds.append([predefined, ZstdFSEEncoder(), ZstdFSEEncoder(), ZstdFSEEncoder(), ZstdFSEEncoder()])
        }
        fse = kinds
        llCodeTable = .allocate(capacity: 64)
        mlCodeTable = .allocate(capacity: 128)
        llBase = .allocate(capacity: 36)
        llBits = .allocate(capacity: 36)
        mlBase = .allocate(capacity: 53)
        mlBits = .allocate(capacity: 53)
        for c in 0..<36 {
            llBase[c] = ZstdTables.literalLengthBase[c]
            llBits[c] = ZstdTables.literalLengthBits[c]
        }
        for c in 0..<53 {
            mlBase[c] = ZstdTables.matchLengthBase[c]
            mlBits[c] = ZstdTables.matchLengthBits[c]
        }
        var code = 0
        for v in 0..<64 {
            while code < 35 && Int(ZstdTables.literalLengthBase[code + 1]) <= v { code += 1 }
            llCodeTable[v] = UInt8(code)
        }
        code = 0
        for v in 0..<128 {
            while code < 52 && Int(ZstdTables.matchLengthBase[code + 1]) - 3 <= v { code += 1 }
            mlCodeTable[v] = UInt8(code)
        }
    }

    deinit {
        hashTable.deallocate()
        chainTable.deallocate()
        tags?.deallocate()
        heads?.deallocate()
        sequences.deallocate()
        literals.deallocate()
        llCodes.deallocate()
        mlCodes.deallocate()
        ofCodes.deallocate()
        counts.deallocate()
        norm.deallocate()
        descriptionScratch.deallocate()
        llCodeTable.deallocate()
        mlCodeTable.deallocate()
        llBase.deallocate()
        llBits.deallocate()
        mlBase.deallocate()
        mlBits.deallocate()
    }

    /// Forgets everything the decoder would forget between frames.
    private func startFrame() {
        hashTable.initialize(repeating: 0, count: hashCount)
        chainTable.initialize(repeating: 0, count: chainCount)
        tags?.initialize(repeating: 0, count: hashCount)
        heads?.initialize(repeating: 0, count: hashCount >> params.rowLog)
        committedHuffman = -1
        committedFSE = [-1, -1, -1]
        committedReps = (1, 4, 8)
    }

    // MARK: Frames

    /// Writes one frame holding `src[0..<count]` at `out[op...]`; returns the new position.
    /// `out` has room for ``Zstd/maxCompressedLength(_:)`` of the whole input plus slack.
    func compressFrame(_ src: UnsafePointer<UInt8>, count: Int, inputEnd: UnsafePointer<UInt8>,
                       checksum: Bool, to out: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        startFrame()
        var op = start
        // Magic number.
        for k in 0..<4 { out[op &+ k] = UInt8(truncatingIfNeeded: Zstd.frameMagic &>> UInt32(8 &* k)) }
        op &+= 4
        let windowSize = 1 << params.windowLog
        let singleSegment = count <= windowSize
        let size = UInt64(count)
        let fcsFlag: Int
        if singleSegment && count <= 255 {
            fcsFlag = 0
        } else if count >= 256 && count <= 65_535 &+ 256 {
            fcsFlag = 1
        } else if size <= UInt64(UInt32.max) {
            fcsFlag = 2
        } else {
            fcsFlag = 3
        }
        out[op] = UInt8(truncatingIfNeeded: fcsFlag &<< 6 | (singleSegment ? 0x20 : 0) | (checksum ? 0x04 : 0))
        op &+= 1
        if !singleSegment {
            out[op] = UInt8(truncatingIfNeeded: (params.windowLog &- 10) &<< 3)
            op &+= 1
        }
        let fcsBytes = fcsFlag == 0 ? 1 : 1 &<< fcsFlag
        let fcsValue = fcsFlag == 1 ? size &- 256 : size
        for k in 0..<fcsBytes { out[op &+ k] = UInt8(truncatingIfNeeded: fcsValue &>> UInt64(8 &* k)) }
        op &+= fcsBytes

        var finder = ZstdMatchFinder(
            params: params, hashTable: hashTable, chainTable: chainTable, hashLog: params.hashLog,
            chainLog: params.chainLog, maxDistance: singleSegment ? max(count, 1) : windowSize, base: src)
        finder.rowLog = params.rowLog
        finder.tags = tags
        finder.heads = heads
        if count == 0 {
            // One empty raw block, marked last.
            out[op] = 1
            out[op &+ 1] = 0
            out[op &+ 2] = 0
            op &+= 3
        }
        var blockStart = 0
        while blockStart < count {
            let blockLength = min(Zstd.maxBlockSize, count &- blockStart)
            let isLast = blockStart &+ blockLength == count
            op = compressBlock(&finder, src, from: blockStart, length: blockLength, inputEnd: inputEnd,
                               last: isLast, to: out, at: op)
            blockStart &+= blockLength
        }
        if checksum {
            let digest = UInt32(truncatingIfNeeded: XXHash64.hash(UnsafeRawBufferPointer(start: src, count: count)))
            for k in 0..<4 { out[op &+ k] = UInt8(truncatingIfNeeded: digest &>> UInt32(8 &* k)) }
            op &+= 4
        }
        return op
    }

    /// Writes one block; returns the new output position.
    private func compressBlock(
        _ finder: inout ZstdMatchFinder, _ src: UnsafePointer<UInt8>, from start: Int, length: Int,
        inputEnd: UnsafePointer<UInt8>, last: Bool, to out: UnsafeMutablePointer<UInt8>, at op: Int
    ) -> Int {
        let end = start &+ length
        let lastBit = last ? 1 : 0
        if length >= 2 && Self.isRun(src + start, length) {
            writeBlockHeader(out + op, type: 1, size: length, last: lastBit)
            out[op &+ 3] = src[start]
            finder.nextToUpdate = end
            return op &+ 4
        }
        var store = ZstdSequenceStore(sequences: sequences, literals: literals, inputEnd: inputEnd, reps: committedReps)
        var anchor = start
        if length > 16 {
            switch params.strategy {
            case .fast: anchor = finder.compressFast(&store, start: start, end: end)
            case .doubleFast: anchor = finder.compressDoubleFast(&store, start: start, end: end)
            case .greedy: anchor = finder.compressLazy(&store, start: start, end: end, depth: 0)
            case .lazy: anchor = finder.compressLazy(&store, start: start, end: end, depth: 1)
            case .lazy2: anchor = finder.compressLazy(&store, start: start, end: end, depth: 2)
            }
        }
        store.appendLiterals(src + anchor, end &- anchor)
        // A compressed block must be smaller than the raw one to be worth it.
        if let size = encodeBlock(store, to: out + (op &+ 3), capacity: length &- 1) {
            writeBlockHeader(out + op, type: 2, size: size, last: lastBit)
            commit(store)
            return op &+ 3 &+ size
        }
        rollBack()
        writeBlockHeader(out + op, type: 0, size: length, last: lastBit)
        (out + (op &+ 3)).update(from: src + start, count: length)
        return op &+ 3 &+ length
    }

    private func writeBlockHeader(_ p: UnsafeMutablePointer<UInt8>, type: Int, size: Int, last: Int) {
        let v = last | type &<< 1 | size &<< 3
        p[0] = UInt8(truncatingIfNeeded: v)
        p[1] = UInt8(truncatingIfNeeded: v &>> 8)
        p[2] = UInt8(truncatingIfNeeded: v &>> 16)
    }

    /// Whether `p[0..<n]` is one byte repeated.
    private static func isRun(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let first = p[0]
        let word = UInt64(first) &* 0x0101_0101_0101_0101
        var i = 0
        while i &+ 8 <= n {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) != word { return false }
            i &+= 8
        }
        while i < n {
            if p[i] != first { return false }
            i &+= 1
        }
        return true
    }

    // MARK: Entropy state

    /// Tables chosen for the block being encoded (committed once it is written compressed).
    var pendingHuffman = -1
    var pendingFSE = [-1, -1, -1]

    private func commit(_ store: ZstdSequenceStore) {
        committedHuffman = pendingHuffman
        committedFSE = pendingFSE
        committedReps = store.reps
    }

    private func rollBack() {
        pendingHuffman = committedHuffman
        pendingFSE = committedFSE
    }
}
