/// An FSE (tANS) encoding table (RFC 8878 §4.1) for one symbol alphabet of at most
/// ``maxSymbols`` symbols: the normalized distribution, the state table and the per-symbol
/// transforms, in buffers allocated once and rebuilt in place.
///
/// The symbol spread is the decoder's (``ZstdFSE/buildTable(norm:symbols:log:into:)``), so a
/// stream encoded with this table decodes with the table built from the same distribution.
final class ZstdFSEEncoder {
    static let maxSymbols = 64
    static let maxLog = 9

    /// Accuracy log; 0 for an RLE table (one symbol, no state bits).
    private(set) var log = 0
    /// Symbols `0..<symbolCount` are described (the others have probability 0).
    private(set) var symbolCount = 0
    /// Normalized counts (`-1`: "less than one", taking one cell).
    let norm: UnsafeMutablePointer<Int16>
    let stateTable: UnsafeMutablePointer<UInt16>
    let deltaNbBits: UnsafeMutablePointer<UInt32>
    let deltaFindState: UnsafeMutablePointer<Int32>
    /// Scratch: the symbol of each cell, and cumulative counts.
    private let cellSymbol: UnsafeMutablePointer<UInt8>
    private let cumulative: UnsafeMutablePointer<Int32>

    init() {
        norm = .allocate(capacity: Self.maxSymbols)
        norm.initialize(repeating: 0, count: Self.maxSymbols)
        stateTable = .allocate(capacity: 1 << Self.maxLog)
        stateTable.initialize(repeating: 0, count: 1 << Self.maxLog)
        deltaNbBits = .allocate(capacity: Self.maxSymbols)
        deltaNbBits.initialize(repeating: 0, count: Self.maxSymbols)
        deltaFindState = .allocate(capacity: Self.maxSymbols)
        deltaFindState.initialize(repeating: 0, count: Self.maxSymbols)
        cellSymbol = .allocate(capacity: 1 << Self.maxLog)
        cellSymbol.initialize(repeating: 0, count: 1 << Self.maxLog)
        cumulative = .allocate(capacity: Self.maxSymbols &+ 1)
        cumulative.initialize(repeating: 0, count: Self.maxSymbols &+ 1)
    }

    deinit {
        norm.deallocate()
        stateTable.deallocate()
        deltaNbBits.deallocate()
        deltaFindState.deallocate()
        cellSymbol.deallocate()
        cumulative.deallocate()
    }

    // MARK: Building

    /// Builds the table of a one-symbol (RLE) alphabet: no state bits are ever written.
    func buildRLE(symbol: Int) {
        log = 0
        symbolCount = symbol &+ 1
        var s = 0
        while s < Self.maxSymbols {
            norm[s] = 0
            deltaNbBits[s] = 0
            deltaFindState[s] = 0
            s &+= 1
        }
        norm[symbol] = 1
        stateTable[0] = 0
    }

    /// Builds the table of the distribution `source[0..<symbols]` (summing to `1 << log`,
    /// `-1` entries counting one). The caller guarantees that it does.
    func build(norm source: UnsafePointer<Int16>, symbols: Int, log: Int) {
        self.log = log
        symbolCount = symbols
        let size = 1 &<< log
        var high = size &- 1
        cumulative[0] = 0
        var s = 0
        while s < Self.maxSymbols {
            norm[s] = s < symbols ? source[s] : 0
            s &+= 1
        }
        s = 0
        while s < symbols {
            let n = Int(norm[s])
            if n == -1 {
                cumulative[s &+ 1] = cumulative[s] &+ 1
                cellSymbol[high] = UInt8(truncatingIfNeeded: s)
                high &-= 1
            } else {
                cumulative[s &+ 1] = cumulative[s] &+ Int32(truncatingIfNeeded: n)
            }
            s &+= 1
        }
        // Spread, exactly as the decoder does.
        let cells = cellSymbol
        _ = ZstdFSE.spread(norm: norm, symbols: symbols, log: log, high: high) { cell, symbol in
            cells[cell] = UInt8(truncatingIfNeeded: symbol)
        }
        // State table: the states of each symbol in cell order.
        var u = 0
        while u < size {
            let symbol = Int(cellSymbol[u])
            let slot = Int(cumulative[symbol])
            stateTable[slot] = UInt16(truncatingIfNeeded: size &+ u)
            cumulative[symbol] = Int32(truncatingIfNeeded: slot &+ 1)
            u &+= 1
        }
        // Symbol transforms.
        var total = 0
        s = 0
        while s < Self.maxSymbols {
            let n = Int(norm[s])
            switch n {
            case 0:
                deltaNbBits[s] = UInt32(truncatingIfNeeded: ((log &+ 1) &<< 16) &- size)
                deltaFindState[s] = 0
            case -1, 1:
                deltaNbBits[s] = UInt32(truncatingIfNeeded: (log &<< 16) &- size)
                deltaFindState[s] = Int32(truncatingIfNeeded: total &- 1)
                total &+= 1
            default:
                let maxBitsOut = log &- (Int.bitWidth &- 1 &- (n &- 1).leadingZeroBitCount)
                let minStatePlus = n &<< maxBitsOut
                deltaNbBits[s] = UInt32(truncatingIfNeeded: (maxBitsOut &<< 16) &- minStatePlus)
                deltaFindState[s] = Int32(truncatingIfNeeded: total &- n)
                total &+= n
            }
            s &+= 1
        }
    }

    /// Copies another table's distribution and rebuilds from it.
    func copy(from other: ZstdFSEEncoder) {
        if other.log == 0 {
            var symbol = 0
            while symbol < other.symbolCount && other.norm[symbol] == 0 { symbol &+= 1 }
            buildRLE(symbol: min(symbol, Self.maxSymbols &- 1))
        } else {
            build(norm: other.norm, symbols: other.symbolCount, log: other.log)
        }
    }

    // MARK: Costs

    /// Estimated bits (x256) to code the histogram `counts[0..<symbols]` with this table, or
    /// nil if some counted symbol has no state here.
    func cost(counts: UnsafePointer<UInt32>, symbols: Int) -> Int? {
        var bits = 0
        var s = 0
        while s < symbols {
            let c = Int(counts[s])
            if c > 0 {
                guard s < symbolCount else { return nil }
                let n = Int(norm[s])
                if log == 0 {
                    guard n != 0 else { return nil }
                } else {
                    guard n != 0 else { return nil }
                    let p = n < 0 ? 1 : n
                    bits &+= c &* ((log &<< 8) &- FixedLog2.of(p))
                }
            }
            s &+= 1
        }
        return bits
    }

    // MARK: Normalizing

    /// Chooses the accuracy log for `total` symbols whose largest is `maxSymbol`, at most
    /// `maxLog` (RFC-compatible; as zstd's FSE_optimalTableLog).
    static func optimalLog(maxLog: Int, total: Int, maxSymbol: Int) -> Int {
        let highTotal = Int.bitWidth &- 1 &- (max(total &- 1, 1)).leadingZeroBitCount
        let highSymbol = Int.bitWidth &- 1 &- max(maxSymbol, 1).leadingZeroBitCount
        let maxBitsSource = highTotal &- 2
        let minBits = min(highTotal &+ 1, highSymbol &+ 2)
        var log = maxLog
        if maxBitsSource < log { log = maxBitsSource }
        if minBits > log { log = minBits }
        return min(max(log, 5), maxLog)
    }

    /// Normalizes `counts[0..<symbols]` (summing to `total`, at least two symbols present)
    /// to `1 << log` into `norm`, every present symbol getting at least 1.
    ///
    /// Rounds each probability, then moves the difference one unit at a time where it costs
    /// the fewest bits. Returns false (leaving `norm` unusable) when more symbols are present
    /// than the table has cells.
    static func normalize(
        counts: UnsafePointer<UInt32>, symbols: Int, total: Int, log: Int, into norm: UnsafeMutablePointer<Int16>
    ) -> Bool {
        let size = 1 &<< log
        var sum = 0
        var s = 0
        while s < symbols {
            let c = Int(counts[s])
            if c == 0 {
                norm[s] = 0
            } else {
                var n = (c &* size &* 2 &+ total) / (total &* 2)
                if n < 1 { n = 1 }
                norm[s] = Int16(truncatingIfNeeded: n)
                sum &+= n
            }
            s &+= 1
        }
        // Too many cells: take from the symbols where one cell less costs least.
        while sum > size {
            var best = -1
            var bestLoss = Int.max
            s = 0
            while s < symbols {
                let n = Int(norm[s])
                if n > 1 {
                    let loss = Int(counts[s]) &* (FixedLog2.of(n) &- FixedLog2.of(n &- 1))
                    if loss < bestLoss {
                        bestLoss = loss
                        best = s
                    }
                }
                s &+= 1
            }
            guard best >= 0 else { return false }
            norm[best] = Int16(truncatingIfNeeded: Int(norm[best]) &- 1)
            sum &-= 1
        }
        // Too few: give to the symbols where one cell more gains most.
        while sum < size {
            var best = 0
            var bestGain = -1
            s = 0
            while s < symbols {
                let n = Int(norm[s])
                if n > 0 {
                    let gain = Int(counts[s]) &* (FixedLog2.of(n &+ 1) &- FixedLog2.of(n))
                    if gain > bestGain {
                        bestGain = gain
                        best = s
                    }
                }
                s &+= 1
            }
            norm[best] = Int16(truncatingIfNeeded: Int(norm[best]) &+ 1)
            sum &+= 1
        }
        return true
    }

    // MARK: Description

    /// Writes the table description (RFC 8878 §4.1.1) of `norm[0..<symbols]` at accuracy
    /// `log` to `dst[0..<capacity]`; returns its size, or nil if it does not fit.
    static func writeDescription(
        norm: UnsafePointer<Int16>, symbols: Int, log: Int, to dst: UnsafeMutablePointer<UInt8>, capacity: Int
    ) -> Int? {
        var w = LSBBitWriter(base: dst, capacity: capacity)
        w.add(UInt64(log &- 5), 4)
        let size = 1 &<< log
        var remaining = size &+ 1
        var threshold = size
        var nbBits = log &+ 1
        var symbol = 0
        var previousZero = false
        while symbol < symbols && remaining > 1 {
            if previousZero {
                var start = symbol
                while symbol < symbols && norm[symbol] == 0 { symbol &+= 1 }
                if symbol == symbols { break }
                while symbol >= start &+ 24 {
                    start &+= 24
                    w.add(0xFFFF, 16)
                    w.flush()
                }
                while symbol >= start &+ 3 {
                    start &+= 3
                    w.add(3, 2)
                }
                w.add(UInt64(symbol &- start), 2)
                w.flush()
            }
            var count = Int(norm[symbol])
            symbol &+= 1
            let maxValue = (2 &* threshold &- 1) &- remaining
            remaining &-= count < 0 ? -count : count
            count &+= 1
            if count >= threshold { count &+= maxValue }
            w.add(UInt64(truncatingIfNeeded: count), nbBits &- (count < maxValue ? 1 : 0))
            w.flush()
            previousZero = count == 1
            guard remaining >= 1 else { return nil }
            while remaining < threshold {
                nbBits &-= 1
                threshold &>>= 1
            }
        }
        guard remaining == 1 else { return nil }
        return w.finishIfFits()
    }
}

/// The encoding state of one FSE stream over a table.
struct ZstdFSEState {
    var value: Int
    let stateTable: UnsafeMutablePointer<UInt16>
    let deltaNbBits: UnsafeMutablePointer<UInt32>
    let deltaFindState: UnsafeMutablePointer<Int32>

    /// Starts with `symbol` (the last one the decoder reads), in its cheapest state.
    @inline(__always)
    init(_ table: ZstdFSEEncoder, first symbol: Int) {
        stateTable = table.stateTable
        deltaNbBits = table.deltaNbBits
        deltaFindState = table.deltaFindState
        let delta = Int(deltaNbBits[symbol])
        let nbBitsOut = (delta &+ (1 &<< 15)) &>> 16
        let v = (nbBitsOut &<< 16) &- delta
        value = Int(stateTable[(v &>> nbBitsOut) &+ Int(deltaFindState[symbol])])
    }

    /// Encodes `symbol`: writes the state's low bits and moves to the symbol's state.
    @inline(__always)
    mutating func encode(_ symbol: Int, _ w: inout LSBBitWriter) {
        let nbBitsOut = (value &+ Int(deltaNbBits[symbol])) &>> 16
        w.addLow(UInt64(truncatingIfNeeded: value), nbBitsOut)
        value = Int(stateTable[(value &>> nbBitsOut) &+ Int(deltaFindState[symbol])])
    }

    /// Writes the final state (`log` bits), which the decoder reads first.
    @inline(__always)
    func flush(log: Int, _ w: inout LSBBitWriter) {
        w.addLow(UInt64(truncatingIfNeeded: value), log)
        w.flush()
    }
}
