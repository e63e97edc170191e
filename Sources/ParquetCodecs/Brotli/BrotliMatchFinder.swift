/// One Brotli command (RFC 7932 §5): `insertLength` literals, then `copyLength` bytes from
/// the distance coded by `distanceCode` (0...15: a short code over the last distances;
/// otherwise the distance plus 15). The last command of a meta-block may have `copyLength` 0:
/// it only inserts.
struct BrotliCommand {
    var insertLength: UInt32
    var copyLength: UInt32
    var distanceCode: UInt32
    /// Filled in by the meta-block writer: the insert-and-copy symbol, the distance symbol
    /// (0xFFFF: none) and the distance's extra bits.
    var commandSymbol: UInt16 = 0
    var distanceSymbol: UInt16 = 0xFFFF
    var distanceExtra: UInt32 = 0
}

/// Commands of one meta-block, in a buffer that grows by doubling.
struct BrotliCommandBuffer {
    private(set) var base: UnsafeMutablePointer<BrotliCommand>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    mutating func append(_ command: BrotliCommand) {
        if count == capacity { grow() }
        (base + count).initialize(to: command)
        count &+= 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<BrotliCommand>.allocate(capacity: capacity &* 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity &*= 2
    }
}

/// Brotli's backward-reference search: hash buckets of the most recent positions per
/// 4-byte (5-byte for inputs of 1 MiB and more) hash, as the reference encoder's H5/H6
/// hashers, the last distances (and their ±1...3 neighbours) tried first, candidates ranked
/// by brotli's score (135 per byte copied, minus 30 per bit of distance), lazy matching that
/// moves on by a byte while that scores 175 more, and sparse searching through stretches
/// without matches.
///
/// A bucket is a ring of `1 << blockBits` positions; its candidates sit next to each other in
/// memory, so their loads overlap instead of waiting on one another as a hash chain's would.
/// Every candidate is verified against the input, and only distances within the window are
/// used.
struct BrotliMatchFinder {
    let base: UnsafePointer<UInt8>
    /// The whole input's length (loads stay below it).
    let count: Int
    /// Per bucket: how many positions were stored (the ring's write index).
    let stored: UnsafeMutablePointer<UInt32>
    /// The rings, `1 << blockBits` positions per bucket.
    let buckets: UnsafeMutablePointer<UInt32>
    let hashBits: Int
    let blockBits: Int
    /// Bytes hashed: 4, or 5 for large inputs.
    let hashLength: Int
    let lazy: Bool
    /// Last-distance candidates tried (4, 10 or 16).
    let distanceChecks: Int
    /// The largest distance the window allows.
    let maxBackward: Int
    /// Literals without a match before searching gets sparse.
    let sparseAfter: Int
    /// Levels 0-1: ``parseFast(from:to:into:)`` instead of the scored search.
    let fast: Bool

    /// The last four distances, most recent first, as the decoder keeps them.
    var cache = (4, 11, 15, 16)

    static let scoreBase = 1920
    static let minScore = scoreBase + 100

    /// The bucket of the bytes at `p` (which has 8 readable bytes, or 4 with a 4-byte hash).
    @inline(__always)
    func hash(_ p: Int) -> Int {
        if hashLength == 4 {
            let v = MatchSupport.load32(base, p)
            return Int(truncatingIfNeeded: (v &* 0x1E35_A7BD) &>> UInt32(32 &- hashBits))
        }
        let v = MatchSupport.load64(base, p)
        return Int(truncatingIfNeeded: ((v &<< 24) &* 0x1FE3_5A7B_D357_9BD3) &>> UInt64(64 &- hashBits))
    }

    /// Whether position `p` can be hashed.
    @inline(__always)
    func hashable(_ p: Int) -> Bool { p &+ (hashLength == 4 ? 4 : 8) <= count }

    /// Adds position `p` to its bucket.
    @inline(__always)
    func store(_ p: Int) {
        let key = hash(p)
        let n = stored[key]
        buckets[key &<< blockBits | Int(n) & ((1 &<< blockBits) &- 1)] = UInt32(truncatingIfNeeded: p)
        stored[key] = n &+ 1
    }

    /// Equal bytes at `a < b`, at most `limit`.
    @inline(__always)
    func matchLength(_ a: Int, _ b: Int, _ limit: Int) -> Int {
        MatchSupport.commonLength(base, a, b, limit: b &+ limit)
    }

    @inline(__always)
    static func log2Floor(_ v: Int) -> Int { Int.bitWidth &- 1 &- v.leadingZeroBitCount }

    /// The best match at `pos` of at most `maxLength` bytes: (length, distance, score); the
    /// score stays ``minScore`` when nothing is good enough. Inserts `pos` into the chains.
    @inline(__always)
    func findLongest(_ pos: Int, maxLength: Int) -> (length: Int, distance: Int, score: Int) {
        let maxDistance = min(pos, maxBackward)
        var bestScore = Self.minScore
        var bestLength = 0
        var bestDistance = 0
        let (d0, d1, d2, d3) = cache
        var i = 0
        while i < distanceChecks {
            let backward: Int
            switch i {
            case 0: backward = d0
            case 1: backward = d1
            case 2: backward = d2
            case 3: backward = d3
            case 4...9:
                let k = i &- 4
                let delta = (k &>> 1) &+ 1
                backward = k & 1 == 0 ? d0 &- delta : d0 &+ delta
            default:
                let k = i &- 10
                let delta = (k &>> 1) &+ 1
                backward = k & 1 == 0 ? d1 &- delta : d1 &+ delta
            }
            i &+= 1
            guard backward > 0, backward <= maxDistance, bestLength < maxLength else { continue }
            let from = pos &- backward
            guard base[from &+ bestLength] == base[pos &+ bestLength] else { continue }
            let length = matchLength(from, pos, maxLength)
            if length >= 3 || (length == 2 && i <= 2) {
                var score = 135 &* length &+ Self.scoreBase &+ 15
                if bestScore < score {
                    if i != 1 { score &-= 39 &+ ((0x1CA10 &>> ((i &- 1) & 0xE)) & 0xE) }
                    if bestScore < score {
                        bestScore = score
                        bestLength = length
                        bestDistance = backward
                    }
                }
            }
        }
        guard hashable(pos) else { return (bestLength, bestDistance, bestScore) }
        let key = hash(pos)
        let n = Int(stored[key])
        let ringSize = 1 &<< blockBits
        let mask = ringSize &- 1
        let ring = buckets + (key &<< blockBits)
        let down = n > ringSize ? n &- ringSize : 0
        var k = n
        while k > down && bestLength < maxLength {
            k &-= 1
            let p = Int(ring[k & mask])
            let backward = pos &- p
            if backward > maxDistance || backward <= 0 { break }
            if base[p &+ bestLength] == base[pos &+ bestLength] {
                let length = matchLength(p, pos, maxLength)
                if length >= 4 {
                    let score = Self.scoreBase &+ 135 &* length &- 30 &* Self.log2Floor(backward)
                    if bestScore < score {
                        bestScore = score
                        bestLength = length
                        bestDistance = backward
                    }
                }
            }
        }
        ring[n & mask] = UInt32(truncatingIfNeeded: pos)
        stored[key] = UInt32(truncatingIfNeeded: n &+ 1)
        return (bestLength, bestDistance, bestScore)
    }

    /// The short distance code (0...15) of `distance` under the current cache, or the
    /// distance plus 15.
    @inline(__always)
    func distanceCode(_ distance: Int) -> Int {
        let (d0, d1, d2, d3) = cache
        if distance == d0 { return 0 }
        if distance == d1 { return 1 }
        let offset0 = distance &+ 3 &- d0
        if offset0 >= 0 && offset0 < 7 { return (0x975_0468 &>> (4 &* offset0)) & 0xF }
        let offset1 = distance &+ 3 &- d1
        if offset1 >= 0 && offset1 < 7 { return (0xFDB_1ACE &>> (4 &* offset1)) & 0xF }
        if distance == d2 { return 2 }
        if distance == d3 { return 3 }
        return distance &+ 15
    }

    /// Greedy parsing for the fastest levels: the last distance, then the one most recent
    /// position with the same hash; the step grows through stretches without matches.
    mutating func parseFast(from start: Int, to end: Int, into commands: inout BrotliCommandBuffer) {
        var pos = start
        var anchor = start
        @inline(__always) func read32(_ p: Int) -> UInt32 { MatchSupport.load32(base, p) }
        while pos &+ 8 <= end && hashable(pos) {
            let maxDistance = min(pos, maxBackward)
            let last = cache.0
            var length = 0
            var distance = 0
            if last <= maxDistance && read32(pos &- last) == read32(pos) {
                distance = last
                length = 4 &+ matchLength(pos &- last &+ 4, pos &+ 4, end &- pos &- 4)
            } else {
                // A row of one (level 0) or two (level 1) positions + 1, most recent first
                // (0: empty; the rows are zeroed for this parser).
                let key = hash(pos)
                let row = buckets + (key &<< blockBits)
                var k = 0
                while k <= blockBits {
                    let entry = Int(row[k])
                    let candidate = entry &- 1
                    let backward = pos &- candidate
                    if entry == 0 || backward > maxDistance { break }
                    if read32(candidate) == read32(pos) {
                        let found = 4 &+ matchLength(candidate &+ 4, pos &+ 4, end &- pos &- 4)
                        if found > length {
                            length = found
                            distance = backward
                        }
                    }
                    k &+= 1
                }
                if blockBits == 1 { row[1] = row[0] }
                row[0] = UInt32(truncatingIfNeeded: pos &+ 1)
            }
            if length == 0 {
                pos &+= 1 &+ ((pos &- anchor) &>> 5)
                continue
            }
            let code = distanceCode(distance)
            if code != 0 { cache = (distance, cache.0, cache.1, cache.2) }
            commands.append(BrotliCommand(
                insertLength: UInt32(truncatingIfNeeded: pos &- anchor), copyLength: UInt32(truncatingIfNeeded: length),
                distanceCode: UInt32(truncatingIfNeeded: code)))
            pos &+= length
            anchor = pos
            if hashable(pos &- 2) {
                let row = buckets + (hash(pos &- 2) &<< blockBits)
                if blockBits == 1 { row[1] = row[0] }
                row[0] = UInt32(truncatingIfNeeded: pos &- 1)
            }
        }
        if end > anchor {
            commands.append(BrotliCommand(insertLength: UInt32(truncatingIfNeeded: end &- anchor), copyLength: 0, distanceCode: 0))
        }
    }

    /// Parses `start..<end` into commands; the last one holds the trailing literals (with
    /// copy length 0) when there are any.
    mutating func parse(from start: Int, to end: Int, into commands: inout BrotliCommandBuffer) {
        if fast {
            parseFast(from: start, to: end, into: &commands)
            return
        }
        var pos = start
        var insert = 0
        var sparseFrom = pos &+ sparseAfter
        while pos &+ 4 < end {
            var maxLength = end &- pos
            var best = findLongest(pos, maxLength: maxLength)
            if best.score > Self.minScore {
                if lazy {
                    var delayed = 0
                    maxLength &-= 1
                    while pos &+ 5 < end {
                        let next = findLongest(pos &+ 1, maxLength: maxLength)
                        guard next.score >= best.score &+ 175 else { break }
                        pos &+= 1
                        insert &+= 1
                        best = next
                        maxLength &-= 1
                        delayed &+= 1
                        if delayed >= 4 { break }
                    }
                }
                sparseFrom = pos &+ 2 &* best.length &+ sparseAfter
                let code = distanceCode(best.distance)
                if code != 0 {
                    cache = (best.distance, cache.0, cache.1, cache.2)
                }
                commands.append(BrotliCommand(
                    insertLength: UInt32(truncatingIfNeeded: insert), copyLength: UInt32(truncatingIfNeeded: best.length),
                    distanceCode: UInt32(truncatingIfNeeded: code)))
                insert = 0
                let stop = min(pos &+ best.length, count &- 8)
                var p = pos &+ 2
                while p < stop {
                    store(p)
                    p &+= 1
                }
                pos &+= best.length
            } else {
                insert &+= 1
                pos &+= 1
                if pos > sparseFrom {
                    // A long stretch without matches: look less often.
                    let step = pos > sparseFrom &+ 4 &* sparseAfter ? 4 : 2
                    let jump = min(pos &+ (step == 4 ? 16 : 8), end &- 5)
                    while pos < jump {
                        if hashable(pos) { store(pos) }
                        pos &+= step
                        insert &+= step
                    }
                }
            }
        }
        insert &+= end &- pos
        if insert > 0 {
            commands.append(BrotliCommand(insertLength: UInt32(truncatingIfNeeded: insert), copyLength: 0, distanceCode: 0))
        }
    }
}
