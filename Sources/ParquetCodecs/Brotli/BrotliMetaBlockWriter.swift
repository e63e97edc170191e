/// The entropy stage of a compressed meta-block: command and distance symbols, literal
/// context modelling, the prefix codes, and the commands themselves (RFC 7932 §5, §7, §9.2).
extension BrotliEncoderContext {
    /// Insert length code (§5) of `n`.
    @inline(__always)
    static func insertCode(_ n: Int) -> Int {
        if n < 6 { return n }
        if n < 130 {
            let bits = BrotliMatchFinder.log2Floor(n &- 2) &- 1
            return (bits &<< 1) &+ ((n &- 2) &>> bits) &+ 2
        }
        if n < 2114 { return BrotliMatchFinder.log2Floor(n &- 66) &+ 10 }
        if n < 6210 { return 21 }
        return n < 22594 ? 22 : 23
    }

    /// Copy length code (§5) of `n` (at least 2).
    @inline(__always)
    static func copyCode(_ n: Int) -> Int {
        if n < 10 { return n &- 2 }
        if n < 134 {
            let bits = BrotliMatchFinder.log2Floor(n &- 6) &- 1
            return (bits &<< 1) &+ ((n &- 6) &>> bits) &+ 4
        }
        if n < 2118 { return BrotliMatchFinder.log2Floor(n &- 70) &+ 12 }
        return 23
    }

    /// The insert-and-copy symbol; with `lastDistance` and short enough lengths one of the
    /// symbols 0...127 that imply distance code 0.
    @inline(__always)
    static func commandSymbol(insert: Int, copy: Int, lastDistance: Bool) -> Int {
        let low = (copy & 7) | ((insert & 7) &<< 3)
        if lastDistance && insert < 8 && copy < 16 {
            return copy < 8 ? low : low | 64
        }
        let cell: Int
        switch (insert &>> 3) &* 3 &+ (copy &>> 3) {
        case 0: cell = 2
        case 1: cell = 3
        case 2: cell = 6
        case 3: cell = 4
        case 4: cell = 5
        case 5: cell = 8
        case 6: cell = 7
        case 7: cell = 9
        default: cell = 10
        }
        return cell &<< 6 | low
    }

    /// Distance symbol (NPOSTFIX 0, NDIRECT 0) of a distance code and its extra bits.
    @inline(__always)
    static func distanceSymbol(_ code: Int) -> (symbol: Int, extra: Int, bits: Int) {
        if code < 16 { return (code, 0, 0) }
        let v = code &- 15 &+ 3
        let bits = BrotliMatchFinder.log2Floor(v) &- 1
        let high = (v &>> bits) & 1
        return (16 &+ 2 &* (bits &- 1) &+ high, v & ((1 &<< bits) &- 1), bits)
    }

    /// Computes the symbols and histograms of the meta-block at `start`, writes the rest of
    /// its header and its prefix codes to `w`, and returns the bits the commands will take.
    func prepareCodes(from start: Int, _ w: inout LSBBitWriter) -> Int {
        commandHistogram.initialize(repeating: 0, count: 704)
        distanceHistogram.initialize(repeating: 0, count: 64)
        let modeling = params.contextModeling
        let histogramCount: Int = modeling ? 2 &* 64 &* 256 : 256
        literalHistograms.initialize(repeating: 0, count: histogramCount)
        var extraBits = 0
        let cmds = commands.base
        let n = commands.count
        let utf8 = literalHistograms
        let signed = literalHistograms + 64 &* 256
        var pos = start
        BrotliTables.insertExtra.withUnsafeBufferPointer { insertExtra in
        BrotliTables.copyExtra.withUnsafeBufferPointer { copyExtra in
        BrotliTables.contextLookup.withUnsafeBufferPointer { lookupBuffer in
            guard let lookup = lookupBuffer.baseAddress else { return }
            var i = 0
            while i < n {
                let c = cmds[i]
                let insert = Int(c.insertLength)
                let final = c.copyLength == 0
                let copy = final ? 4 : Int(c.copyLength)
                let insertCode = Self.insertCode(insert)
                let copyCode = Self.copyCode(copy)
                let distanceCode = Int(c.distanceCode)
                let symbol = Self.commandSymbol(insert: insertCode, copy: copyCode, lastDistance: distanceCode == 0)
                cmds[i].commandSymbol = UInt16(truncatingIfNeeded: symbol)
                commandHistogram[symbol] &+= 1
                extraBits &+= insertExtra[insertCode] &+ copyExtra[copyCode]
                if symbol >= 128 && !final {
                    let d = Self.distanceSymbol(distanceCode)
                    cmds[i].distanceSymbol = UInt16(truncatingIfNeeded: d.symbol)
                    cmds[i].distanceExtra = UInt32(truncatingIfNeeded: d.extra)
                    distanceHistogram[d.symbol] &+= 1
                    extraBits &+= d.bits
                } else {
                    cmds[i].distanceSymbol = 0xFFFF
                }
                // Literals, with their contexts (the two bytes before, 0 at the start).
                let end = pos &+ insert
                if modeling {
                    var p1 = pos > 0 ? Int(input[pos &- 1]) : 0
                    var p2 = pos > 1 ? Int(input[pos &- 2]) : 0
                    while pos < end {
                        let b = Int(input[pos])
                        let u = Int(lookup[1024 &+ p1] | lookup[1280 &+ p2])
                        let s = Int(lookup[1536 &+ p1] | lookup[1792 &+ p2])
                        utf8[u &<< 8 | b] &+= 1
                        signed[s &<< 8 | b] &+= 1
                        p2 = p1
                        p1 = b
                        pos &+= 1
                    }
                } else {
                    while pos < end {
                        utf8[Int(input[pos])] &+= 1
                        pos &+= 1
                    }
                }
                pos &+= final ? 0 : copy
                i &+= 1
            }
        }
        }
        }

        // Literal context modelling (from 4096 literals on): UTF8 contexts for text, signed
        // contexts otherwise (as the reference encoder's high levels), clustered; merging
        // down to one cluster means a single literal code.
        var mode = 0
        if modeling {
            var ascii = 0
            var all = 0
            for b in 0..<256 {
                var c = 0
                for k in 0..<64 { c &+= Int(utf8[k &<< 8 | b]) }
                all &+= c
                if b < 0x80 { ascii &+= c }
            }
            if all >= 4096 {
                mode = ascii &* 4 >= all &* 3 ? 2 : 3
                _ = clustering.cluster(mode == 2 ? utf8 : signed, maxClusters: params.maxClusters)
            } else {
                clustering.single(utf8, contexts: 64)
            }
        } else {
            clustering.single(utf8, contexts: 1)
        }

        // Header: one block type per category, NPOSTFIX = NDIRECT = 0, the context mode.
        w.add(0, 3)
        w.add(0, 6)
        w.add(UInt64(mode), 2)
        w.flush()
        let trees = clustering.clusterCount
        BrotliCodeWriter.writeContextMap(clustering.map, size: 64, trees: trees, &w)
        BrotliCodeWriter.writeVarLength256(1, &w)
        var bits = extraBits
        for t in 0..<trees {
            let histogram = clustering.histogram(t)
            BrotliCodeWriter.buildAndWrite(
                counts: histogram, 256, lengths: lengths + t &* 256, codes: codes + t &* 256, &w)
            bits &+= Self.codedBits(histogram, lengths + t &* 256, 256)
        }
        let commandLengths = lengths + Self.commandCodes
        BrotliCodeWriter.buildAndWrite(
            counts: commandHistogram, 704, lengths: commandLengths, codes: codes + Self.commandCodes, &w)
        bits &+= Self.codedBits(commandHistogram, commandLengths, 704)
        let distanceLengths = lengths + Self.distanceCodes
        BrotliCodeWriter.buildAndWrite(
            counts: distanceHistogram, 64, lengths: distanceLengths, codes: codes + Self.distanceCodes, &w)
        bits &+= Self.codedBits(distanceHistogram, distanceLengths, 64)
        literalMode = mode
        return bits
    }

    private static func codedBits(_ counts: UnsafePointer<UInt32>, _ lengths: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var bits = 0
        for s in 0..<n { bits &+= Int(counts[s]) &* Int(lengths[s]) }
        return bits
    }

    /// Writes the commands of the meta-block at `start` with the codes ``prepareCodes`` built.
    func writeCommands(from start: Int, _ w: inout LSBBitWriter) {
        let cmds = commands.base
        let n = commands.count
        let map = clustering.map
        let commandLengths = lengths + Self.commandCodes
        let commandCodes = codes + Self.commandCodes
        let distanceLengths = lengths + Self.distanceCodes
        let distanceCodes = codes + Self.distanceCodes
        let modeBase = literalMode &* 512
        let single = clustering.clusterCount == 1
        var pos = start
        BrotliTables.insertBase.withUnsafeBufferPointer { insertBase in
        BrotliTables.insertExtra.withUnsafeBufferPointer { insertExtra in
        BrotliTables.copyBase.withUnsafeBufferPointer { copyBase in
        BrotliTables.copyExtra.withUnsafeBufferPointer { copyExtra in
        BrotliTables.command.withUnsafeBufferPointer { commandTable in
        BrotliTables.contextLookup.withUnsafeBufferPointer { lookupBuffer in
            guard let lookupStart = lookupBuffer.baseAddress else { return }
            let lookup = lookupStart + modeBase
            var i = 0
            while i < n {
                let c = cmds[i]
                let symbol = Int(c.commandSymbol)
                let packed = Int(commandTable[symbol])
                let insertCode = packed &>> 8
                let copyCode = (packed &>> 1) & 0x7F
                let insert = Int(c.insertLength)
                let final = c.copyLength == 0
                let copy = final ? 4 : Int(c.copyLength)
                w.add(UInt64(commandCodes[symbol]), Int(commandLengths[symbol]))
                w.add(UInt64(insert &- insertBase[insertCode]), insertExtra[insertCode])
                w.flush()
                w.add(UInt64(copy &- copyBase[copyCode]), copyExtra[copyCode])
                w.flush()
                let end = pos &+ insert
                if single {
                    // One literal code: no contexts to compute.
                    while pos &+ 3 <= end {
                        let b0 = Int(input[pos])
                        let b1 = Int(input[pos &+ 1])
                        let b2 = Int(input[pos &+ 2])
                        w.add(UInt64(codes[b0]), Int(lengths[b0]))
                        w.add(UInt64(codes[b1]), Int(lengths[b1]))
                        w.add(UInt64(codes[b2]), Int(lengths[b2]))
                        w.flush()
                        pos &+= 3
                    }
                }
                var p1 = pos > 0 ? Int(input[pos &- 1]) : 0
                var p2 = pos > 1 ? Int(input[pos &- 2]) : 0
                var pending = 0
                while pos < end {
                    let b = Int(input[pos])
                    let context = Int(lookup[p1] | lookup[256 &+ p2])
                    let k = Int(map[context]) &<< 8 | b
                    w.add(UInt64(codes[k]), Int(lengths[k]))
                    pending &+= 1
                    if pending == 3 {
                        w.flush()
                        pending = 0
                    }
                    p2 = p1
                    p1 = b
                    pos &+= 1
                }
                w.flush()
                if !final {
                    let d = Int(c.distanceSymbol)
                    if d != 0xFFFF {
                        w.add(UInt64(distanceCodes[d]), Int(distanceLengths[d]))
                        if d >= 16 { w.add(UInt64(c.distanceExtra), 1 &+ ((d &- 16) &>> 1)) }
                        w.flush()
                    }
                    pos &+= copy
                }
                i &+= 1
            }
        }
        }
        }
        }
        }
        }
    }
}

/// Greedy clustering of the 64 literal context histograms of a meta-block: pairs are merged
/// while merging lowers the estimated cost (entropy plus a prefix code's description), and
/// beyond that until at most `maxClusters` remain.
final class BrotliContextClustering {
    let histograms: UnsafeMutablePointer<UInt32>
    private var totals = [Int](repeating: 0, count: 64)
    private var costs = [Int](repeating: 0, count: 64)
    private var alive = [Bool](repeating: false, count: 64)
    private var owner = [Int](repeating: 0, count: 64)
    private let delta: UnsafeMutablePointer<Int>
    /// Context id → tree, and the number of trees, after ``cluster(_:maxClusters:)``.
    let map: UnsafeMutablePointer<UInt8>
    private(set) var clusterCount = 1
    /// Tree → cluster slot.
    private var slots = [Int](repeating: 0, count: 64)
    private let log2 = FixedLog2.Lookup()

    init() {
        histograms = .allocate(capacity: 64 * 256)
        histograms.initialize(repeating: 0, count: 64 * 256)
        delta = .allocate(capacity: 64 * 64)
        delta.initialize(repeating: 0, count: 64 * 64)
        map = .allocate(capacity: 64)
        map.initialize(repeating: 0, count: 64)
    }

    deinit {
        histograms.deallocate()
        delta.deallocate()
        map.deallocate()
        used.deallocate()
    }

    /// The histogram of tree `t`.
    func histogram(_ t: Int) -> UnsafePointer<UInt32> { UnsafePointer(histograms + slots[t] &* 256) }

    /// Estimated bits x 256 of coding a histogram with its own prefix code.
    @inline(__always)
    private func cost(entropySum: Int, total: Int, used: Int) -> Int {
        guard total > 0 else { return 0 }
        let description = used <= 4 ? 12 &+ used &* 8 : 24 &+ used &* 5
        return total &* log2.of(total) &- entropySum &+ description &* 256
    }

    /// Per cluster: which of the 256 symbols occur (4 x 64 bits).
    private let used = UnsafeMutablePointer<UInt64>.allocate(capacity: 64 * 4)

    private func markUsed(_ a: Int) {
        let h = histograms + a &* 256
        let u = used + a &* 4
        for w in 0..<4 {
            var bits: UInt64 = 0
            for k in 0..<64 where h[w &* 64 &+ k] > 0 { bits |= 1 &<< UInt64(k) }
            u[w] = bits
        }
    }

    /// The cost of cluster `a` merged with cluster `b` (`b == a`: of `a` alone), visiting only
    /// the symbols that occur.
    private func mergedCost(_ a: Int, _ b: Int) -> Int {
        let ha = histograms + a &* 256
        let hb = histograms + b &* 256
        let ua = used + a &* 4
        let ub = used + b &* 4
        let alone = a == b
        var sum = 0
        var count = 0
        for w in 0..<4 {
            var bits = ua[w] | ub[w]
            count &+= bits.nonzeroBitCount
            while bits != 0 {
                let s = w &* 64 &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                let c = alone ? Int(ha[s]) : Int(ha[s]) &+ Int(hb[s])
                sum &+= c &* log2.of(c)
            }
        }
        return cost(entropySum: sum, total: alone ? totals[a] : totals[a] &+ totals[b], used: count)
    }

    /// One tree for all literals: the sum of the `contexts` 256-entry histograms at `source`.
    func single(_ source: UnsafePointer<UInt32>, contexts: Int) {
        histograms.update(from: source, count: 256)
        for k in 1..<max(contexts, 1) {
            let h = source + k &* 256
            for s in 0..<256 { histograms[s] &+= h[s] }
        }
        map.initialize(repeating: 0, count: 64)
        slots[0] = 0
        clusterCount = 1
    }

    /// Clusters the 64 context histograms at `source` into ``map`` and the trees; returns the
    /// estimated cost of the literals (x 256 bits) including the context map.
    func cluster(_ source: UnsafePointer<UInt32>, maxClusters: Int) -> Int {
        histograms.update(from: source, count: 64 * 256)
        var live = 0
        for a in 0..<64 {
            let h = histograms + a &* 256
            var total = 0
            for s in 0..<256 { total &+= Int(h[s]) }
            totals[a] = total
            alive[a] = total > 0
            owner[a] = a
            if total > 0 {
                markUsed(a)
                costs[a] = mergedCost(a, a)
                live &+= 1
            }
        }
        for a in 0..<64 where alive[a] {
            for b in (a &+ 1)..<64 where alive[b] {
                delta[a &* 64 &+ b] = mergedCost(a, b) &- costs[a] &- costs[b]
            }
        }
        while live > 1 {
            var best = Int.max
            var ba = 0
            var bb = 0
            for a in 0..<64 where alive[a] {
                for b in (a &+ 1)..<64 where alive[b] {
                    let d = delta[a &* 64 &+ b]
                    if d < best {
                        best = d
                        ba = a
                        bb = b
                    }
                }
            }
            if best >= 0 && live <= maxClusters { break }
            // Merge bb into ba.
            let ha = histograms + ba &* 256
            let hb = histograms + bb &* 256
            for s in 0..<256 { ha[s] &+= hb[s] }
            for w in 0..<4 { used[ba &* 4 &+ w] |= used[bb &* 4 &+ w] }
            totals[ba] &+= totals[bb]
            costs[ba] = mergedCost(ba, ba)
            alive[bb] = false
            for k in 0..<64 where owner[k] == bb { owner[k] = ba }
            live &-= 1
            for x in 0..<64 where alive[x] && x != ba {
                let (lo, hi) = x < ba ? (x, ba) : (ba, x)
                delta[lo &* 64 &+ hi] = mergedCost(lo, hi) &- costs[lo] &- costs[hi]
            }
        }
        var total = 0
        for a in 0..<64 where alive[a] { total &+= costs[a] }
        if live > 1 { total &+= (40 &+ 64 &* 2) &* 256 }
        // Trees numbered by first use; empty contexts follow the context before them.
        var treeOf = [Int](repeating: -1, count: 64)
        var trees = 0
        var previous = 0
        for k in 0..<64 {
            if totals[owner[k]] == 0 || !alive[owner[k]] {
                map[k] = UInt8(truncatingIfNeeded: previous)
                continue
            }
            let slot = owner[k]
            if treeOf[slot] < 0 {
                treeOf[slot] = trees
                slots[trees] = slot
                trees &+= 1
            }
            previous = treeOf[slot]
            map[k] = UInt8(truncatingIfNeeded: previous)
        }
        if trees == 0 {
            // No literals at all: one (empty) tree.
            slots[0] = 0
            trees = 1
            map.initialize(repeating: 0, count: 64)
        }
        clusterCount = trees
        return total
    }
}
