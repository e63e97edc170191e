/// One state of an FSE decoding table: the symbol it emits and how to reach the next state
/// (`baseline` plus `nbBits` bits read from the stream).
struct ZstdFSECell {
    var symbol: UInt8 = 0
    var nbBits: UInt8 = 0
    var baseline: UInt16 = 0
}

/// Finite State Entropy tables (RFC 8878 §4.1): parsing a table description into a
/// normalized distribution, and spreading a distribution into a decoding table.
enum ZstdFSE {
    /// The largest accuracy log any Zstandard FSE table may use (literal and match lengths).
    static let maxAccuracyLog = 9

    /// Parses an FSE table description from `src[0..<count]`.
    ///
    /// Writes the normalized counts of symbols `0..<symbols` to `norm` (which must hold
    /// `maxSymbol + 1` entries; `-1` marks a "less than 1" probability) and returns the
    /// accuracy log, the number of symbols described and the bytes the description used.
    ///
    /// - Throws: `.corrupt` when the accuracy log exceeds `maxLog`, a symbol beyond
    ///   `maxSymbol` is described, the probabilities do not add up exactly to
    ///   `1 << accuracyLog`, or the description runs past `count` bytes.
    static func readDistribution(
        _ src: UnsafeRawPointer, count: Int, maxSymbol: Int, maxLog: Int,
        norm: UnsafeMutablePointer<Int16>, what: String
    ) throws -> (log: Int, symbols: Int, size: Int) {
        guard count >= 1 else {
            throw ParquetError.corrupt("zstd: missing \(what) FSE table description")
        }
        var i = 0
        while i <= maxSymbol {
            norm[i] = 0
            i &+= 1
        }
        var reader = ZstdForwardBitReader(src, count: count)
        let log = reader.peek(4) &+ 5
        reader.skip(4)
        guard log <= maxLog else {
            throw ParquetError.corrupt("zstd: \(what) FSE accuracy log \(log) exceeds \(maxLog)")
        }
        // `remaining` is the probability still to distribute, plus one.
        var remaining = (1 &<< log) &+ 1
        var threshold = 1 &<< log
        var nbBits = log &+ 1
        var symbol = 0
        var previousZero = false
        while remaining > 1 {
            if previousZero {
                // 2-bit repeat flags: that many more zero-probability symbols; 3 means more follow.
                var repeatCount = reader.peek(2)
                reader.skip(2)
                symbol &+= repeatCount
                while repeatCount == 3 && symbol <= maxSymbol {
                    repeatCount = reader.peek(2)
                    reader.skip(2)
                    symbol &+= repeatCount
                }
                previousZero = false
            }
            guard symbol <= maxSymbol else {
                throw ParquetError.corrupt("zstd: \(what) FSE table describes symbols beyond \(maxSymbol)")
            }
            // Values below `small` take nbBits - 1 bits; the others take nbBits.
            let small = (2 &* threshold &- 1) &- remaining
            let bits = reader.peek(nbBits)
            var value: Int
            if bits & (threshold &- 1) < small {
                value = bits & (threshold &- 1)
                reader.skip(nbBits &- 1)
            } else {
                value = bits & (2 &* threshold &- 1)
                if value >= threshold { value &-= small }
                reader.skip(nbBits)
            }
            let probability = value &- 1
            let weight = probability < 0 ? 1 : probability
            guard weight < remaining else {
                throw ParquetError.corrupt("zstd: \(what) FSE probabilities exceed the table size")
            }
            remaining &-= weight
            norm[symbol] = Int16(truncatingIfNeeded: probability)
            symbol &+= 1
            previousZero = probability == 0
            while remaining < threshold {
                nbBits &-= 1
                threshold &>>= 1
            }
            guard reader.bytesUsed <= count else {
                throw ParquetError.corrupt("zstd: truncated \(what) FSE table description")
            }
        }
        guard reader.bytesUsed <= count else {
            throw ParquetError.corrupt("zstd: truncated \(what) FSE table description")
        }
        return (log, symbol, reader.bytesUsed)
    }

    /// Spreads a normalized distribution (summing to `1 << log`) into `1 << log` cells.
    ///
    /// - Throws: `.corrupt` if the distribution does not fill the table exactly.
    static func buildTable(
        norm: UnsafePointer<Int16>, symbols: Int, log: Int,
        into cells: UnsafeMutablePointer<ZstdFSECell>
    ) throws {
        let size = 1 &<< log
        let mask = size &- 1
        try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 256) { nextBuffer in
            guard let next = nextBuffer.baseAddress, symbols <= 256 else {
                throw ParquetError.corrupt("zstd: FSE table with \(symbols) symbols")
            }
            var total = 0
            var high = mask
            var s = 0
            while s < symbols {
                let n = Int(norm[s])
                if n == -1 {
                    guard high >= 0 else { throw overfull() }
                    cells[high] = ZstdFSECell(symbol: UInt8(truncatingIfNeeded: s), nbBits: 0, baseline: 0)
                    high &-= 1
                    next[s] = 1
                    total &+= 1
                } else {
                    guard n >= 0 else { throw overfull() }
                    next[s] = UInt16(truncatingIfNeeded: n)
                    total &+= n
                }
                s &+= 1
            }
            guard total == size else { throw overfull() }
            let position = spread(norm: norm, symbols: symbols, log: log, high: high) { cell, symbol in
                cells[cell].symbol = UInt8(truncatingIfNeeded: symbol)
            }
            guard position == 0 else { throw overfull() }
            var u = 0
            while u < size {
                let symbol = Int(cells[u].symbol)
                let state = Int(next[symbol])
                next[symbol] = UInt16(truncatingIfNeeded: state &+ 1)
                let bits = log &- (Int.bitWidth &- 1 &- state.leadingZeroBitCount)
                cells[u].nbBits = UInt8(truncatingIfNeeded: bits)
                cells[u].baseline = UInt16(truncatingIfNeeded: (state &<< bits) &- size)
                u &+= 1
            }
        }
    }

    /// Spreads the symbols with a positive count over cells `0...high` in the format's order
    /// (step `size / 2 + size / 8 + 3`, skipping the cells above `high` that "less than 1"
    /// symbols hold), calling `place(cell, symbol)`; returns the final position, 0 when the
    /// counts fill the table exactly. Shared by the decoder's and the encoder's tables.
    @inline(__always)
    static func spread(
        norm: UnsafePointer<Int16>, symbols: Int, log: Int, high: Int, _ place: (Int, Int) -> Void
    ) -> Int {
        let size = 1 &<< log
        let mask = size &- 1
        let step = (size &>> 1) &+ (size &>> 3) &+ 3
        var position = 0
        var s = 0
        while s < symbols {
            let n = Int(norm[s])
            var k = 0
            while k < n {
                place(position, s)
                repeat {
                    position = (position &+ step) & mask
                } while position > high
                k &+= 1
            }
            s &+= 1
        }
        return position
    }

    private static func overfull() -> ParquetError {
        ParquetError.corrupt("zstd: FSE distribution does not fill its table")
    }
}
