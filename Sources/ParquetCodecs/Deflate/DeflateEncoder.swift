/// The search parameters of a DEFLATE compression level, as in zlib's configuration table:
/// `good` (a previous match this long cuts the chain search to a quarter), `lazy` (lazy
/// levels: no search when the previous match is this long; greedy levels: insert the
/// positions inside matches up to this length), `nice` (stop searching at a match this
/// long) and `chain` (candidates examined per search).
struct DeflateLevel {
    let good: Int
    let lazy: Int
    let nice: Int
    let chain: Int
    /// Lazy matching (levels 4...9) or greedy (1...3).
    let isLazy: Bool

    static func of(_ level: Int) -> DeflateLevel {
        switch EncoderOutput.clamp(level, to: Gzip.levels) {
        case 1: DeflateLevel(good: 4, lazy: 4, nice: 8, chain: 4, isLazy: false)
        case 2: DeflateLevel(good: 4, lazy: 5, nice: 16, chain: 8, isLazy: false)
        case 3: DeflateLevel(good: 4, lazy: 6, nice: 32, chain: 32, isLazy: false)
        case 4: DeflateLevel(good: 4, lazy: 4, nice: 16, chain: 16, isLazy: true)
        case 5: DeflateLevel(good: 8, lazy: 16, nice: 32, chain: 32, isLazy: true)
        case 6: DeflateLevel(good: 8, lazy: 16, nice: 128, chain: 128, isLazy: true)
        case 7: DeflateLevel(good: 8, lazy: 32, nice: 128, chain: 256, isLazy: true)
        case 8: DeflateLevel(good: 32, lazy: 128, nice: 258, chain: 1024, isLazy: true)
        default: DeflateLevel(good: 32, lazy: 258, nice: 258, chain: 4096, isLazy: true)
        }
    }
}

/// Hash chains over one segment of the input: `head` holds the newest position of each hash
/// of 4 bytes, `prev[p & mask]` the position before `p` with the same hash. Positions are
/// relative to the segment start, so they fit in `Int32`; matches reach back at most
/// ``maxDistance`` bytes, which keeps every `prev` entry on a live chain unoverwritten.
struct DeflateMatcher {
    /// 32 KiB window minus one: a candidate exactly 32 KiB back would share its `prev` slot
    /// with the position being searched.
    static let maxDistance = 32_767
    static let maxMatch = 258
    static let none = Int32.min

    let src: UnsafeRawPointer
    let count: Int
    let head: UnsafeMutablePointer<Int32>
    let prev: UnsafeMutablePointer<Int32>
    let hashShift: UInt32
    let mask: Int

    /// Allocates tables sized for `count` bytes (small inputs get small tables).
    init(src: UnsafeRawPointer, count: Int) {
        self.src = src
        self.count = count
        let bits = min(15, max(8, Int.bitWidth &- max(count &- 1, 1).leadingZeroBitCount))
        hashShift = UInt32(32 &- bits)
        head = .allocate(capacity: 1 &<< bits)
        head.initialize(repeating: Self.none, count: 1 &<< bits)
        let window = min(32_768, 1 &<< (Int.bitWidth &- max(count &- 1, 1).leadingZeroBitCount))
        mask = window &- 1
        // `prev` is only read at positions inserted before (each insertion writes its entry).
        prev = .allocate(capacity: window)
    }

    func deallocate() {
        head.deallocate()
        prev.deallocate()
    }

    @inline(__always)
    func load32(_ i: Int) -> UInt32 { MatchSupport.load32(src, i) }

    /// Inserts position `pos` (`pos + 4 <= count`) and returns the previous head of its chain.
    @inline(__always)
    func insert(_ pos: Int) -> Int32 {
        let h = Int(truncatingIfNeeded: (load32(pos) &* 0x9E37_79B1) &>> hashShift)
        let old = head[h]
        prev[pos & mask] = old
        head[h] = Int32(truncatingIfNeeded: pos)
        return old
    }

    /// The longest match for position `cur` (`cur + 4 <= count`) longer than `better`
    /// (at least 3) along the chain starting at `candidate`: `(length, distance)`, or
    /// `(0, 0)` when there is none. Examines at most `chain` candidates and stops at `nice`.
    @inline(__always)
    func longestMatch(_ cur: Int, candidate: Int32, better: Int, chain: Int, nice: Int) -> (length: Int, distance: Int) {
        let maxLength = min(Self.maxMatch, count &- cur)
        var bestLength = better
        guard bestLength < maxLength else { return (0, 0) }
        let niceLength = min(nice, maxLength)
        let lowest = cur &- Self.maxDistance
        var cand = Int(candidate)
        guard cand >= lowest else { return (0, 0) }
        var bestDistance = 0
        var left = chain
        let first = load32(cur)
        var tail = load32(cur &+ bestLength &- 3)
        while true {
            // Only a candidate that also matches the 4 bytes ending one past the best length
            // can beat it.
            if load32(cand &+ bestLength &- 3) == tail && load32(cand) == first {
                let length = 4 &+ MatchSupport.commonLength(src, cand &+ 4, cur &+ 4, limit: cur &+ maxLength)
                if length > bestLength {
                    bestLength = length
                    bestDistance = cur &- cand
                    if length >= niceLength { break }
                    tail = load32(cur &+ bestLength &- 3)
                }
            }
            left &-= 1
            if left == 0 { break }
            cand = Int(prev[cand & mask])
            if cand < lowest { break }
        }
        return bestDistance == 0 ? (0, 0) : (bestLength, bestDistance)
    }
}

/// The LZ77 parse of the DEFLATE encoder: greedy (levels 1...3, as zlib's `deflate_fast`)
/// or lazy (levels 4...9, as `deflate_slow`: a match is only taken when the next position
/// does not start a longer one), over hash chains of 4-byte sequences. Symbols go to a
/// ``DeflateBlockWriter``, which writes a block each time its symbol buffer fills.
enum DeflateEncoder {
    /// Inputs are parsed in independent segments of this size, so positions fit in `Int32`.
    static let segmentSize = 1 << 30

    /// Writes `source[0..<count]` as a complete raw DEFLATE stream (ending with a final block).
    static func encode(_ source: UnsafeRawPointer?, count: Int, level: Int, to w: inout LSBBitWriter) {
        var blocks = DeflateBlockWriter()
        defer { blocks.deallocate() }
        let parameters = DeflateLevel.of(level)
        var blockStart = 0
        if let source, count > 0 {
            var segment = 0
            while segment < count {
                let n = min(segmentSize, count &- segment)
                let matcher = DeflateMatcher(src: source + segment, count: n)
                defer { matcher.deallocate() }
                var parse = Parse(matcher: matcher, source: source, base: segment, blockStart: blockStart)
                if parameters.isLazy {
                    parse.lazy(parameters, &blocks, &w)
                } else {
                    parse.greedy(parameters, &blocks, &w)
                }
                blockStart = parse.blockStart
                segment &+= n
            }
        }
        blocks.writeBlock(source: (source ?? UnsafeRawPointer(w.base)) + blockStart, final: true, to: &w)
    }

    /// The parse of one segment; `blockStart` is the absolute input offset of the block
    /// being collected.
    struct Parse {
        let m: DeflateMatcher
        let source: UnsafeRawPointer
        let base: Int
        var blockStart: Int

        init(matcher: DeflateMatcher, source: UnsafeRawPointer, base: Int, blockStart: Int) {
            self.m = matcher
            self.source = source
            self.base = base
            self.blockStart = blockStart
        }

        @inline(__always)
        mutating func flushIfFull(_ blocks: inout DeflateBlockWriter, _ w: inout LSBBitWriter) {
            if blocks.isFull {
                let bytes = blocks.blockBytes
                blocks.writeBlock(source: source + blockStart, final: false, to: &w)
                blockStart &+= bytes
            }
        }

        @inline(__always)
        func byte(_ pos: Int) -> UInt8 {
            m.src.load(fromByteOffset: pos, as: UInt8.self)
        }

        mutating func greedy(_ p: DeflateLevel, _ blocks: inout DeflateBlockWriter, _ w: inout LSBBitWriter) {
            let n = m.count
            let lastHashable = n &- 4
            var pos = 0
            while pos < n {
                if pos <= lastHashable {
                    let candidate = m.insert(pos)
                    let (length, distance) = m.longestMatch(pos, candidate: candidate, better: 3, chain: p.chain, nice: p.nice)
                    if length >= 4 {
                        blocks.match(length: length, distance: distance)
                        if length <= p.lazy {
                            let stop = min(pos &+ length, lastHashable &+ 1)
                            var q = pos &+ 1
                            while q < stop {
                                _ = m.insert(q)
                                q &+= 1
                            }
                        }
                        pos &+= length
                        flushIfFull(&blocks, &w)
                        continue
                    }
                }
                blocks.literal(byte(pos))
                pos &+= 1
                flushIfFull(&blocks, &w)
            }
        }

        mutating func lazy(_ p: DeflateLevel, _ blocks: inout DeflateBlockWriter, _ w: inout LSBBitWriter) {
            let n = m.count
            let lastHashable = n &- 4
            var pos = 0
            var previousLength = 0
            var previousDistance = 0
            var literalPending = false
            while pos < n {
                var length = 0
                var distance = 0
                if pos <= lastHashable {
                    let candidate = m.insert(pos)
                    if previousLength < p.lazy {
                        let chain = previousLength >= p.good ? p.chain &>> 2 : p.chain
                        (length, distance) = m.longestMatch(
                            pos, candidate: candidate, better: max(previousLength, 3), chain: max(chain, 1), nice: p.nice)
                    }
                }
                if previousLength >= 4 && length <= previousLength {
                    // The match found at pos - 1 is at least as long: take it.
                    blocks.match(length: previousLength, distance: previousDistance)
                    let end = pos &- 1 &+ previousLength
                    let stop = min(end, lastHashable &+ 1)
                    var q = pos &+ 1
                    while q < stop {
                        _ = m.insert(q)
                        q &+= 1
                    }
                    pos = end
                    literalPending = false
                    previousLength = 0
                    flushIfFull(&blocks, &w)
                } else {
                    if literalPending {
                        blocks.literal(byte(pos &- 1))
                        flushIfFull(&blocks, &w)
                    }
                    literalPending = true
                    previousLength = length
                    previousDistance = distance
                    pos &+= 1
                }
            }
            if literalPending {
                blocks.literal(byte(pos &- 1))
                flushIfFull(&blocks, &w)
            }
        }
    }
}
