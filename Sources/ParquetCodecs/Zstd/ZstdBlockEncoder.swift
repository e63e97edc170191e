/// The entropy stage of a compressed block: the literals section (RFC 8878 §3.1.1.3.1) and
/// the sequences section (§3.1.1.3.2).
extension ZstdEncoderContext {
    /// Encodes the block's literals and sequences into `dst[0..<capacity]`; returns the size,
    /// or nil when it does not fit.
    func encodeBlock(_ store: ZstdSequenceStore, to dst: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int? {
        pendingHuffman = committedHuffman
        pendingFSE = committedFSE
        guard let literalSize = writeLiterals(store.literals, store.literalCount, to: dst, capacity: capacity) else {
            return nil
        }
        guard let sequenceSize = writeSequences(store, to: dst + literalSize, capacity: capacity &- literalSize) else {
            return nil
        }
        return literalSize &+ sequenceSize
    }

    // MARK: Literals

    private func writeLiterals(_ lits: UnsafePointer<UInt8>, _ n: Int, to dst: UnsafeMutablePointer<UInt8>,
                               capacity: Int) -> Int? {
        let previous = committedHuffman >= 0 ? huffman[committedHuffman] : nil
        if n < 64 && previous == nil || n < 8 {
            if n > 1 && Self.isUniform(lits, n) { return writeRLELiterals(lits[0], n, to: dst, capacity: capacity) }
            return writeRawLiterals(lits, n, to: dst, capacity: capacity)
        }
        let histogram = counts
        histogram.initialize(repeating: 0, count: 256)
        Self.histogram(lits, n, into: histogram)
        var largest: UInt32 = 0
        var s = 0
        while s < 256 {
            if histogram[s] > largest { largest = histogram[s] }
            s &+= 1
        }
        if Int(largest) == n { return writeRLELiterals(lits[0], n, to: dst, capacity: capacity) }
        if Int(largest) <= (n &>> 7) &+ 4 { return writeRawLiterals(lits, n, to: dst, capacity: capacity) }

        let headerSize = n < 1024 ? 3 : n < 16384 ? 4 : 5
        let singleStream = n < 256
        let minGain = (n &>> 6) &+ 2
        // Room for the compressed literals: less than raw by the minimal gain.
        let room = min(capacity &- headerSize, n &- minGain)
        guard room > 8 else { return writeRawLiterals(lits, n, to: dst, capacity: capacity) }

        let spare = committedHuffman == 0 ? 1 : 0
        let table = huffman[spare]
        table.build(counts: histogram)
        var useRepeat = false
        var descriptionSize = 0
        if table.isValid, let newBits = table.cost(counts: histogram),
           let size = table.writeDescription(to: dst + headerSize, capacity: room, fse: weightTable) {
            descriptionSize = size
            if let previous, let oldBits = previous.cost(counts: histogram),
               (oldBits &+ 7) / 8 <= size &+ (newBits &+ 7) / 8 {
                useRepeat = true
            }
        } else if let previous, previous.cost(counts: histogram) != nil {
            useRepeat = true
        } else {
            return writeRawLiterals(lits, n, to: dst, capacity: capacity)
        }
        let coder = useRepeat ? (previous ?? table) : table
        if useRepeat { descriptionSize = 0 }
        let streamsAt = dst + (headerSize &+ descriptionSize)
        let streamRoom = room &- descriptionSize
        let streams = singleStream
            ? coder.encodeStream(lits, n, to: streamsAt, capacity: streamRoom)
            : coder.encodeFourStreams(lits, n, to: streamsAt, capacity: streamRoom)
        guard let streams else { return writeRawLiterals(lits, n, to: dst, capacity: capacity) }
        let compressed = descriptionSize &+ streams
        let type = useRepeat ? 3 : 2
        let sizeFormat: Int
        let sizeBits: Int
        switch headerSize {
        case 3: (sizeFormat, sizeBits) = (singleStream ? 0 : 1, 10)
        case 4: (sizeFormat, sizeBits) = (2, 14)
        default: (sizeFormat, sizeBits) = (3, 18)
        }
        let header = type | sizeFormat &<< 2 | n &<< 4 | compressed &<< (4 &+ sizeBits)
        var k = 0
        while k < headerSize {
            dst[k] = UInt8(truncatingIfNeeded: header &>> (8 &* k))
            k &+= 1
        }
        pendingHuffman = useRepeat ? committedHuffman : spare
        return headerSize &+ compressed
    }

    private func writeRawLiterals(_ lits: UnsafePointer<UInt8>, _ n: Int, to dst: UnsafeMutablePointer<UInt8>,
                                  capacity: Int) -> Int? {
        let headerSize = Self.writeSimpleLiteralsHeader(type: 0, n, to: dst, capacity: capacity)
        guard headerSize > 0, n <= capacity &- headerSize else { return nil }
        if n > 0 { (dst + headerSize).update(from: lits, count: n) }
        return headerSize &+ n
    }

    private func writeRLELiterals(_ byte: UInt8, _ n: Int, to dst: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int? {
        let headerSize = Self.writeSimpleLiteralsHeader(type: 1, n, to: dst, capacity: capacity)
        guard headerSize > 0, headerSize < capacity else { return nil }
        dst[headerSize] = byte
        return headerSize &+ 1
    }

    /// Raw/RLE literals header; returns its size, or 0 when it does not fit.
    private static func writeSimpleLiteralsHeader(type: Int, _ n: Int, to dst: UnsafeMutablePointer<UInt8>,
                                                  capacity: Int) -> Int {
        if n < 32 {
            guard capacity >= 1 else { return 0 }
            dst[0] = UInt8(truncatingIfNeeded: type | n &<< 3)
            return 1
        }
        if n < 4096 {
            guard capacity >= 2 else { return 0 }
            let v = type | 1 &<< 2 | n &<< 4
            dst[0] = UInt8(truncatingIfNeeded: v)
            dst[1] = UInt8(truncatingIfNeeded: v &>> 8)
            return 2
        }
        guard capacity >= 3 else { return 0 }
        let v = type | 3 &<< 2 | n &<< 4
        dst[0] = UInt8(truncatingIfNeeded: v)
        dst[1] = UInt8(truncatingIfNeeded: v &>> 8)
        dst[2] = UInt8(truncatingIfNeeded: v &>> 16)
        return 3
    }

    private static func isUniform(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 1
        while i < n {
            if p[i] != p[0] { return false }
            i &+= 1
        }
        return true
    }

    /// Byte histogram with four interleaved count tables (fewer store-to-load stalls).
    private static func histogram(_ p: UnsafePointer<UInt8>, _ n: Int, into counts: UnsafeMutablePointer<UInt32>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 1024) { buffer in
            guard let c = buffer.baseAddress else { return }
            c.initialize(repeating: 0, count: 1024)
            var i = 0
            while i &+ 4 <= n {
                let v = UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)
                c[Int(v & 0xFF)] &+= 1
                c[256 &+ Int((v &>> 8) & 0xFF)] &+= 1
                c[512 &+ Int((v &>> 16) & 0xFF)] &+= 1
                c[768 &+ Int(v &>> 24)] &+= 1
                i &+= 4
            }
            while i < n {
                c[Int(p[i])] &+= 1
                i &+= 1
            }
            var s = 0
            while s < 256 {
                counts[s] = c[s] &+ c[256 &+ s] &+ c[512 &+ s] &+ c[768 &+ s]
                s &+= 1
            }
        }
    }

    // MARK: Sequences

    private func writeSequences(_ store: ZstdSequenceStore, to dst: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int? {
        let n = store.count
        guard capacity >= 4 else { return nil }
        var op: Int
        if n < 128 {
            dst[0] = UInt8(truncatingIfNeeded: n)
            op = 1
        } else if n < 0x7F00 {
            dst[0] = UInt8(truncatingIfNeeded: (n &>> 8) &+ 128)
            dst[1] = UInt8(truncatingIfNeeded: n)
            op = 2
        } else {
            dst[0] = 255
            dst[1] = UInt8(truncatingIfNeeded: n &- 0x7F00)
            dst[2] = UInt8(truncatingIfNeeded: (n &- 0x7F00) &>> 8)
            op = 3
        }
        if n == 0 { return op }

        // Codes and their histograms.
        let llCount = counts + 256
        let ofCount = llCount + 64
        let mlCount = ofCount + 64
        llCount.initialize(repeating: 0, count: 3 &* 64)
        let seqs = store.sequences
        var i = 0
        while i < n {
            let s = seqs[i]
            let ll = Int(s.litLength)
            let llCode = ll < 64 ? Int(llCodeTable[ll]) : Self.highbit(ll) &+ 19
            let mlBaseValue = Int(s.matchLength) &- 3
            let mlCode = mlBaseValue < 128 ? Int(mlCodeTable[mlBaseValue]) : Self.highbit(mlBaseValue) &+ 36
            let ofCode = Self.highbit(Int(s.offBase))
            llCodes[i] = UInt8(truncatingIfNeeded: llCode)
            mlCodes[i] = UInt8(truncatingIfNeeded: mlCode)
            ofCodes[i] = UInt8(truncatingIfNeeded: ofCode)
            llCount[llCode] &+= 1
            ofCount[ofCode] &+= 1
            mlCount[mlCode] &+= 1
            i &+= 1
        }
        let modesAt = op
        op &+= 1
        var modes = 0
        var slots = (0, 0, 0)
        var logs = (0, 0, 0)
        for k in 0..<3 {
            let histogram = k == 0 ? llCount : k == 1 ? ofCount : mlCount
            let maxLog = k == 1 ? 8 : 9
            guard let choice = chooseTable(kind: k, counts: histogram, total: n, maxLog: maxLog,
                                           to: dst + op, capacity: capacity &- op)
            else { return nil }
            op &+= choice.size
            modes |= choice.mode &<< (6 &- 2 &* k)
            pendingFSE[k] = choice.slot
            let log = fse[k][choice.slot].log
            switch k {
            case 0: slots.0 = choice.slot; logs.0 = log
            case 1: slots.1 = choice.slot; logs.1 = log
            default: slots.2 = choice.slot; logs.2 = log
            }
        }
        dst[modesAt] = UInt8(truncatingIfNeeded: modes)
        guard let streamSize = encodeSequences(
            store, ll: fse[0][slots.0], of: fse[1][slots.1], ml: fse[2][slots.2],
            logs: logs, to: dst + op, capacity: capacity &- op)
        else { return nil }
        return op &+ streamSize
    }

    @inline(__always)
    static func highbit(_ v: Int) -> Int { Int.bitWidth &- 1 &- v.leadingZeroBitCount }

    /// Picks the cheapest way to code one kind's symbols (predefined, RLE, a new FSE table or
    /// the previous block's) and writes its description. Returns the mode, the table slot
    /// and the description's size.
    private func chooseTable(kind k: Int, counts histogram: UnsafePointer<UInt32>, total n: Int, maxLog: Int,
                             to dst: UnsafeMutablePointer<UInt8>, capacity: Int) -> (mode: Int, slot: Int, size: Int)? {
        var maxSymbol = 0
        var largest: UInt32 = 0
        var mostFrequent = 0
        var s = 0
        while s < 64 {
            let c = histogram[s]
            if c > 0 {
                maxSymbol = s
                if c > largest {
                    largest = c
                    mostFrequent = s
                }
            }
            s &+= 1
        }
        let slots = fse[k]
        let committed = committedFSE[k]
        let predefinedCost = slots[0].cost(counts: histogram, symbols: maxSymbol &+ 1)
        if Int(largest) == n {
            if n <= 2, predefinedCost != nil { return (0, 0, 0) }
            if committed >= 3, slots[committed].cost(counts: histogram, symbols: maxSymbol &+ 1) != nil {
                return (3, committed, 0)
            }
            guard capacity >= 1 else { return nil }
            let slot = committed == 3 ? 4 : 3
            slots[slot].buildRLE(symbol: mostFrequent)
            dst[0] = UInt8(truncatingIfNeeded: mostFrequent)
            return (1, slot, 1)
        }
        var best = (mode: 0, slot: 0, cost: predefinedCost ?? Int.max)
        if committed >= 0, let repeatCost = slots[committed].cost(counts: histogram, symbols: maxSymbol &+ 1),
           repeatCost <= best.cost {
            best = (3, committed, repeatCost)
        }
        // A new table: normalized counts, its description and the coded size.
        let log = ZstdFSEEncoder.optimalLog(maxLog: maxLog, total: n, maxSymbol: maxSymbol)
        var descriptionSize = 0
        if ZstdFSEEncoder.normalize(counts: histogram, symbols: maxSymbol &+ 1, total: n, log: log, into: norm),
           let size = ZstdFSEEncoder.writeDescription(
            norm: norm, symbols: maxSymbol &+ 1, log: log, to: descriptionScratch,
            capacity: Self.descriptionCapacity) {
            var bits = size &* 8 &* 256
            s = 0
            while s <= maxSymbol {
                let c = Int(histogram[s])
                if c > 0 { bits &+= c &* ((log &<< 8) &- FixedLog2.of(Int(norm[s]))) }
                s &+= 1
            }
            if bits < best.cost {
                let slot = committed == 1 ? 2 : 1
                best = (2, slot, bits)
                descriptionSize = size
            }
        }
        guard best.cost != Int.max else { return nil }
        if best.mode == 2 {
            guard descriptionSize <= capacity else { return nil }
            dst.update(from: descriptionScratch, count: descriptionSize)
            slots[best.slot].build(norm: norm, symbols: maxSymbol &+ 1, log: log)
        }
        return (best.mode, best.slot, descriptionSize)
    }

    /// The sequences bitstream: states and extra bits in the order the decoder reads them
    /// backwards (last sequence first here).
    private func encodeSequences(
        _ store: ZstdSequenceStore, ll llTable: ZstdFSEEncoder, of ofTable: ZstdFSEEncoder, ml mlTable: ZstdFSEEncoder,
        logs: (Int, Int, Int), to dst: UnsafeMutablePointer<UInt8>, capacity: Int
    ) -> Int? {
        let n = store.count
        let seqs = store.sequences
        var w = LSBBitWriter(base: dst, capacity: capacity)
        let last = n &- 1
        var mlState = ZstdFSEState(mlTable, first: Int(mlCodes[last]))
        var ofState = ZstdFSEState(ofTable, first: Int(ofCodes[last]))
        var llState = ZstdFSEState(llTable, first: Int(llCodes[last]))
        do {
            let s = seqs[last]
            let llCode = Int(llCodes[last])
            let mlCode = Int(mlCodes[last])
            let ofCode = Int(ofCodes[last])
            w.add(UInt64(s.litLength &- llBase[llCode]), Int(llBits[llCode]))
            w.add(UInt64(s.matchLength &- mlBase[mlCode]), Int(mlBits[mlCode]))
            w.addLow(UInt64(s.offBase), ofCode)
            w.flush()
        }
        var i = last &- 1
        while i >= 0 {
            let s = seqs[i]
            let llCode = Int(llCodes[i])
            let mlCode = Int(mlCodes[i])
            let ofCode = Int(ofCodes[i])
            let llExtra = Int(llBits[llCode])
            let mlExtra = Int(mlBits[mlCode])
            ofState.encode(ofCode, &w)
            mlState.encode(mlCode, &w)
            llState.encode(llCode, &w)
            if ofCode &+ mlExtra &+ llExtra >= 64 &- 7 &- 26 { w.flush() }
            w.add(UInt64(s.litLength &- llBase[llCode]), llExtra)
            w.add(UInt64(s.matchLength &- mlBase[mlCode]), mlExtra)
            if ofCode &+ mlExtra &+ llExtra > 56 { w.flush() }
            w.addLow(UInt64(s.offBase), ofCode)
            w.flush()
            i &-= 1
        }
        mlState.flush(log: logs.2, &w)
        ofState.flush(log: logs.1, &w)
        llState.flush(log: logs.0, &w)
        return w.closeBackwardStream()
    }
}
