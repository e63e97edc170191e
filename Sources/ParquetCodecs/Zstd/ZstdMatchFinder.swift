/// One sequence of a block: `litLength` literals, then `matchLength` bytes copied from the
/// offset coded as `offBase` (1...3: a repeat offset, else offset + 3), RFC 8878 §3.1.1.3.2.
struct ZstdSequence {
    var litLength: UInt32
    var matchLength: UInt32
    var offBase: UInt32
}

/// Where the match finders put a block's sequences and literals, with the repeat-offset
/// history the decoder will have (RFC 8878 §3.1.2.5).
struct ZstdSequenceStore {
    let sequences: UnsafeMutablePointer<ZstdSequence>
    let literals: UnsafeMutablePointer<UInt8>
    /// The end of the whole input: literal copies read 16-byte chunks only below it.
    let inputEnd: UnsafePointer<UInt8>
    var count = 0
    var literalCount = 0
    var rep0: Int
    var rep1: Int
    var rep2: Int

    init(sequences: UnsafeMutablePointer<ZstdSequence>, literals: UnsafeMutablePointer<UInt8>,
         inputEnd: UnsafePointer<UInt8>, reps: (Int, Int, Int)) {
        self.sequences = sequences
        self.literals = literals
        self.inputEnd = inputEnd
        (rep0, rep1, rep2) = reps
    }

    var reps: (Int, Int, Int) { (rep0, rep1, rep2) }

    /// Appends literals `anchor[0..<litLength]` and a match of `matchLength` (>= 3) bytes at
    /// `offset`, choosing the repeat code exactly as the decoder will interpret it.
    @inline(__always)
    mutating func store(_ anchor: UnsafePointer<UInt8>, litLength: Int, offset: Int, matchLength: Int) {
        appendLiterals(anchor, litLength)
        // Repeat codes 1...3 name rep0, rep1, rep2 after literals; without literals they name
        // rep1, rep2 and rep0 - 1.
        let offBase: Int
        if litLength != 0 {
            offBase = offset == rep0 ? 1 : offset == rep1 ? 2 : offset == rep2 ? 3 : offset &+ 3
        } else {
            offBase = offset == rep1 ? 1 : offset == rep2 ? 2 : offset == rep0 &- 1 ? 3 : offset &+ 3
        }
        // The history moves the offset used to the front (the decoder's rule): rep0 again
        // changes nothing, rep1 swaps with rep0, anything else (rep2 included) is pushed.
        if offBase == 1 && litLength != 0 {
        } else if offBase <= 3 && offset == rep1 {
            rep1 = rep0
            rep0 = offset
        } else {
            rep2 = rep1
            rep1 = rep0
            rep0 = offset
        }
        sequences[count] = ZstdSequence(
            litLength: UInt32(truncatingIfNeeded: litLength), matchLength: UInt32(truncatingIfNeeded: matchLength),
            offBase: UInt32(truncatingIfNeeded: offBase))
        count &+= 1
    }

    /// Copies literals into the literal buffer (which has 32 bytes of slack).
    @inline(__always)
    mutating func appendLiterals(_ from: UnsafePointer<UInt8>, _ n: Int) {
        let to = literals + literalCount
        if n <= 16 && inputEnd - from >= 16 {
            UnsafeMutableRawPointer(to).storeBytes(
                of: UnsafeRawPointer(from).loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
        } else if n > 0 {
            to.update(from: from, count: n)
        }
        literalCount &+= n
    }
}

/// The match-finder tables of a frame and the searches of each strategy (after zstd's
/// "fast", "double fast", greedy and lazy hash-chain parsers).
///
/// Positions are `UInt32` offsets from the frame start (frames hold less than 4 GiB). Every
/// candidate is verified against the input before use and only offsets within the window
/// are taken, so stale or colliding table entries cost time, never correctness.
struct ZstdMatchFinder {
    let params: ZstdParameters
    let hashTable: UnsafeMutablePointer<UInt32>
    /// The second table: dfast's short hashes, or the hash chains of the lazy strategies.
    let chainTable: UnsafeMutablePointer<UInt32>
    let hashLog: Int
    let chainLog: Int
    /// The longest offset allowed (the window size).
    let maxDistance: Int
    /// Lazy strategies: the next position to insert into the chains or rows.
    var nextToUpdate = 0
    /// Row-based search (levels 5-12): log2 of the positions per row, 0 for hash chains.
    /// Rows live in `hashTable` (`1 << hashLog` entries), with an 8-bit tag per entry in
    /// `tags` and each row's newest entry in `heads`.
    var rowLog = 0
    var tags: UnsafeMutablePointer<UInt8>?
    var heads: UnsafeMutablePointer<UInt8>?

    /// The frame's bytes.
    let base: UnsafePointer<UInt8>

    // MARK: Reading and hashing

    @inline(__always)
    func read32(_ p: Int) -> UInt32 {
        MatchSupport.load32(base, p)
    }

    @inline(__always)
    func read64(_ p: Int) -> UInt64 {
        MatchSupport.load64(base, p)
    }

    /// Hash of the `length` (4...8) bytes at `p` into `bits` bits; needs 8 readable bytes.
    @inline(__always)
    func hash(_ p: Int, _ length: Int, _ bits: Int) -> Int {
        let prime: UInt64 = length >= 8 ? 0xCF1B_BCDC_B7A5_6463
            : length == 7 ? 58_295_818_150_454_627 : length == 6 ? 227_718_039_650_203 : 889_523_592_379
        let shifted = read64(p) &<< UInt64(truncatingIfNeeded: 64 &- 8 &* length)
        return Int(truncatingIfNeeded: (shifted &* prime) &>> UInt64(truncatingIfNeeded: 64 &- bits))
    }

    /// The number of equal bytes at `a` and `b` (`a < b`), reading below `end` only.
    @inline(__always)
    func count(_ a: Int, _ b: Int, _ end: Int) -> Int {
        MatchSupport.commonLength(base, a, b, limit: end)
    }

    /// Whether a repeat `offset` may be used at `p` and its 4 bytes match.
    @inline(__always)
    func repeatMatches(_ p: Int, _ offset: Int) -> Bool {
        offset <= p && offset <= maxDistance && read32(p &- offset) == read32(p)
    }

    /// The fast strategies' first try at `ip`: when the repeat offset `rep0` matches at
    /// `ip + 1`, stores that match (after the literals from `anchor`), moves `ip` to it and
    /// returns its length; nil otherwise.
    @inline(__always)
    func storeRepeatAfter(_ ip: inout Int, anchor: Int, _ store: inout ZstdSequenceStore, end: Int) -> Int? {
        guard repeatMatches(ip &+ 1, store.rep0) else { return nil }
        let rep = store.rep0
        let length = count(ip &+ 5 &- rep, ip &+ 5, end) &+ 4
        ip &+= 1
        store.store(base + anchor, litLength: ip &- anchor, offset: rep, matchLength: length)
        return length
    }

    // MARK: fast

    /// One hash table of `minMatch`-byte hashes; the step grows over unmatched stretches.
    /// Returns where the block's last literals start.
    mutating func compressFast(_ store: inout ZstdSequenceStore, start: Int, end: Int) -> Int {
        let mls = params.minMatch
        let hlog = hashLog
        let table = hashTable
        let stepSize = max(1, params.targetLength)
        let ilimit = end &- 8
        var anchor = start
        var ip = max(start, 1)
        while ip < ilimit {
            let cur = ip
            let h = hash(ip, mls, hlog)
            let matchIndex = Int(table[h])
            table[h] = UInt32(truncatingIfNeeded: cur)
            var ml: Int
            if let length = storeRepeatAfter(&ip, anchor: anchor, &store, end: end) {
                ml = length
            } else if cur &- matchIndex <= maxDistance && matchIndex < cur && read32(matchIndex) == read32(ip) {
                var match = matchIndex
                ml = count(match &+ 4, ip &+ 4, end) &+ 4
                while ip > anchor && match > 0 && base[ip &- 1] == base[match &- 1] {
                    ip &-= 1
                    match &-= 1
                    ml &+= 1
                }
                store.store(base + anchor, litLength: ip &- anchor, offset: ip &- match, matchLength: ml)
            } else {
                ip &+= ((ip &- anchor) &>> 8) &+ stepSize
                continue
            }
            ip &+= ml
            anchor = ip
            if ip <= ilimit {
                table[hash(cur &+ 2, mls, hlog)] = UInt32(truncatingIfNeeded: cur &+ 2)
                table[hash(ip &- 2, mls, hlog)] = UInt32(truncatingIfNeeded: ip &- 2)
                repeatLoop(&store, &ip, &anchor, ilimit: ilimit, end: end) { p in
                    table[hash(p, mls, hlog)] = UInt32(truncatingIfNeeded: p)
                }
            }
        }
        return anchor
    }

    // MARK: double fast

    /// 8-byte hashes in `hashTable` and `minMatch`-byte hashes in `chainTable`; prefers long
    /// matches, and tries a long match one byte later before settling for a short one.
    mutating func compressDoubleFast(_ store: inout ZstdSequenceStore, start: Int, end: Int) -> Int {
        let mls = params.minMatch
        let longLog = hashLog
        let shortLog = chainLog
        let longTable = hashTable
        let shortTable = chainTable
        let ilimit = end &- 8
        var anchor = start
        var ip = max(start, 1)
        while ip < ilimit {
            let cur = ip
            let hl = hash(ip, 8, longLog)
            let hs = hash(ip, mls, shortLog)
            let longIndex = Int(longTable[hl])
            let shortIndex = Int(shortTable[hs])
            longTable[hl] = UInt32(truncatingIfNeeded: cur)
            shortTable[hs] = UInt32(truncatingIfNeeded: cur)
            var ml: Int
            if let length = storeRepeatAfter(&ip, anchor: anchor, &store, end: end) {
                ml = length
            } else {
                var match: Int
                if longIndex < cur && cur &- longIndex <= maxDistance && read64(longIndex) == read64(ip) {
                    match = longIndex
                    ml = count(match &+ 8, ip &+ 8, end) &+ 8
                } else if shortIndex < cur && cur &- shortIndex <= maxDistance && read32(shortIndex) == read32(ip) {
                    let next = ip &+ 1
                    let hl3 = hash(next, 8, longLog)
                    let longIndex3 = Int(longTable[hl3])
                    longTable[hl3] = UInt32(truncatingIfNeeded: next)
                    if longIndex3 < next && next &- longIndex3 <= maxDistance && read64(longIndex3) == read64(next) {
                        ip = next
                        match = longIndex3
                        ml = count(match &+ 8, ip &+ 8, end) &+ 8
                    } else {
                        match = shortIndex
                        ml = count(match &+ 4, ip &+ 4, end) &+ 4
                    }
                } else {
                    ip &+= ((ip &- anchor) &>> 8) &+ 1
                    continue
                }
                while ip > anchor && match > 0 && base[ip &- 1] == base[match &- 1] {
                    ip &-= 1
                    match &-= 1
                    ml &+= 1
                }
                store.store(base + anchor, litLength: ip &- anchor, offset: ip &- match, matchLength: ml)
            }
            ip &+= ml
            anchor = ip
            if ip <= ilimit {
                let inserted = cur &+ 2
                longTable[hash(inserted, 8, longLog)] = UInt32(truncatingIfNeeded: inserted)
                longTable[hash(ip &- 2, 8, longLog)] = UInt32(truncatingIfNeeded: ip &- 2)
                shortTable[hash(inserted, mls, shortLog)] = UInt32(truncatingIfNeeded: inserted)
                shortTable[hash(ip &- 1, mls, shortLog)] = UInt32(truncatingIfNeeded: ip &- 1)
                repeatLoop(&store, &ip, &anchor, ilimit: ilimit, end: end) { p in
                    shortTable[hash(p, mls, shortLog)] = UInt32(truncatingIfNeeded: p)
                    longTable[hash(p, 8, longLog)] = UInt32(truncatingIfNeeded: p)
                }
            }
        }
        return anchor
    }

    // MARK: hash chains

    /// Inserts positions up to (not including) `ip` into the chains; returns the most recent
    /// earlier position with the hash of `ip`.
    @inline(__always)
    mutating func insertAndFindFirst(_ ip: Int) -> Int {
        let mls = params.minMatch
        let mask = (1 &<< chainLog) &- 1
        var idx = nextToUpdate
        while idx < ip {
            let h = hash(idx, mls, hashLog)
            chainTable[idx & mask] = hashTable[h]
            hashTable[h] = UInt32(truncatingIfNeeded: idx)
            idx &+= 1
        }
        if ip > nextToUpdate { nextToUpdate = ip }
        return Int(hashTable[hash(ip, mls, hashLog)])
    }

    /// The longest match (at least 4 bytes) at `ip` among `1 << searchLog` chain entries:
    /// (length, offset), length 0 when none.
    @inline(__always)
    mutating func searchChain(_ ip: Int, _ end: Int) -> (length: Int, offset: Int) {
        var matchIndex = insertAndFindFirst(ip)
        let chainSize = 1 &<< chainLog
        let mask = chainSize &- 1
        let minChain = ip > chainSize ? ip &- chainSize : 0
        let lowLimit = ip > maxDistance ? ip &- maxDistance : 0
        let target = params.targetLength
        var attempts = 1 &<< params.searchLog
        var best = 3
        var bestOffset = 0
        let room = end &- ip
        while matchIndex >= lowLimit && matchIndex < ip && attempts > 0 {
            if best < room && base[matchIndex &+ best] == base[ip &+ best] && read32(matchIndex) == read32(ip) {
                let length = count(matchIndex, ip, end)
                if length > best {
                    best = length
                    bestOffset = ip &- matchIndex
                    if length >= room || (target > 0 && length >= target) { break }
                }
            }
            if matchIndex <= minChain { break }
            matchIndex = Int(chainTable[matchIndex & mask])
            attempts &-= 1
        }
        return bestOffset == 0 ? (0, 0) : (best, bestOffset)
    }

    // MARK: rows

    /// Adds position `p` to its row (newest first), with its tag.
    @inline(__always)
    func insertRow(_ p: Int, _ tags: UnsafeMutablePointer<UInt8>, _ heads: UnsafeMutablePointer<UInt8>) {
        let rowBits = hashLog &- rowLog
        let h = hash(p, params.minMatch, rowBits &+ 8)
        let row = h &>> 8
        let head = (Int(heads[row]) &- 1) & ((1 &<< rowLog) &- 1)
        heads[row] = UInt8(truncatingIfNeeded: head)
        let at = row &<< rowLog | head
        hashTable[at] = UInt32(truncatingIfNeeded: p)
        tags[at] = UInt8(truncatingIfNeeded: h)
    }

    /// The longest match (at least 4 bytes) at `ip` among its row's entries with the same
    /// tag, newest first, at most `1 << searchLog` of them: (length, offset), 0 when none.
    /// Only entries whose tag matches touch the input, so most candidates cost one byte load
    /// from the row's tags, next to each other in memory.
    @inline(__always)
    mutating func searchRow(_ ip: Int, _ end: Int) -> (length: Int, offset: Int) {
        guard let tags, let heads else { return (0, 0) }
        var idx = nextToUpdate
        // After a long match, only the positions near its end are worth indexing.
        if ip &- idx > 1024 { idx = ip &- 256 }
        while idx < ip {
            insertRow(idx, tags, heads)
            idx &+= 1
        }
        if ip > nextToUpdate { nextToUpdate = ip }
        let rowBits = hashLog &- rowLog
        let h = hash(ip, params.minMatch, rowBits &+ 8)
        let rowStart = (h &>> 8) &<< rowLog
        let tag = UInt8(truncatingIfNeeded: h)
        let mask = (1 &<< rowLog) &- 1
        let head = Int(heads[h &>> 8])
        let attempts = min(1 &<< params.searchLog, mask &+ 1)
        let target = params.targetLength
        let room = end &- ip
        var best = 3
        var bestOffset = 0
        var k = 0
        while k < attempts {
            let at = rowStart | ((head &+ k) & mask)
            k &+= 1
            guard tags[at] == tag else { continue }
            let candidate = Int(hashTable[at])
            guard candidate < ip, ip &- candidate <= maxDistance else { continue }
            if best < room && base[candidate &+ best] == base[ip &+ best] && read32(candidate) == read32(ip) {
                let length = count(candidate, ip, end)
                if length > best {
                    best = length
                    bestOffset = ip &- candidate
                    if length >= room || (target > 0 && length >= target) { break }
                }
            }
        }
        return bestOffset == 0 ? (0, 0) : (best, bestOffset)
    }

    /// The best match at `ip` from the rows or the hash chains.
    @inline(__always)
    mutating func searchBest(_ ip: Int, _ end: Int) -> (length: Int, offset: Int) {
        rowLog > 0 ? searchRow(ip, end) : searchChain(ip, end)
    }

    /// Greedy (depth 0), lazy (1) and lazy2 (2) parsing over rows or hash chains, with zstd's gain
    /// estimates (4 bits per byte matched against the offset's bit cost).
    mutating func compressLazy(_ store: inout ZstdSequenceStore, start: Int, end: Int, depth: Int) -> Int {
        let ilimit = end &- 8
        var anchor = start
        var ip = max(start, 1)
        if nextToUpdate < start { nextToUpdate = start }
        @inline(__always) func highbit(_ v: Int) -> Int { Int.bitWidth &- 1 &- v.leadingZeroBitCount }
        while ip < ilimit {
            var matchLength = 0
            var offset = 0  // 0: repeat offset rep0
            var begin = ip &+ 1
            if repeatMatches(ip &+ 1, store.rep0) {
                matchLength = count(ip &+ 5 &- store.rep0, ip &+ 5, end) &+ 4
                if depth == 0 {
                    store.store(base + anchor, litLength: begin &- anchor, offset: store.rep0, matchLength: matchLength)
                    ip = begin &+ matchLength
                    anchor = ip
                    repeatLoop(&store, &ip, &anchor, ilimit: ilimit, end: end)
                    continue
                }
            }
            let found = searchBest(ip, end)
            if found.length > matchLength {
                matchLength = found.length
                offset = found.offset
                begin = ip
            }
            if matchLength < 4 {
                ip &+= ((ip &- anchor) &>> 8) &+ 1
                continue
            }
            // Look one or two bytes further for a better match.
            if depth >= 1 {
                while ip < ilimit {
                    ip &+= 1
                    if lookahead(ip, end, &store, &matchLength, &offset, &begin, repeatScale: 3, bonus: 4) { continue }
                    if depth == 2 && ip < ilimit {
                        ip &+= 1
                        if lookahead(ip, end, &store, &matchLength, &offset, &begin, repeatScale: 4, bonus: 7) { continue }
                    }
                    break
                }
            }
            let actual: Int
            if offset != 0 {
                // Extend backwards over equal bytes.
                while begin > anchor && begin > offset && base[begin &- 1] == base[begin &- 1 &- offset] {
                    begin &-= 1
                    matchLength &+= 1
                }
                actual = offset
            } else {
                actual = store.rep0
            }
            store.store(base + anchor, litLength: begin &- anchor, offset: actual, matchLength: matchLength)
            ip = begin &+ matchLength
            anchor = ip
            repeatLoop(&store, &ip, &anchor, ilimit: ilimit, end: end)
        }
        return anchor
    }

    /// One lazy step at `ip`: takes a repeat-offset match or a searched match there when its
    /// estimated gain (4 bits per byte, less the offset's bits) beats the current match's
    /// (`repeatScale` per byte for repeat matches, `bonus` in favour of the current match).
    /// Returns whether a searched match was taken.
    @inline(__always)
    mutating func lookahead(
        _ ip: Int, _ end: Int, _ store: inout ZstdSequenceStore, _ matchLength: inout Int, _ offset: inout Int,
        _ begin: inout Int, repeatScale: Int, bonus: Int
    ) -> Bool {
        @inline(__always) func highbit(_ v: Int) -> Int { Int.bitWidth &- 1 &- v.leadingZeroBitCount }
        if offset != 0 && repeatMatches(ip, store.rep0) {
            let repLength = count(ip &+ 4 &- store.rep0, ip &+ 4, end) &+ 4
            if repLength &* repeatScale > matchLength &* repeatScale &- highbit(offset &+ 3) &+ 1 {
                matchLength = repLength
                offset = 0
                begin = ip
            }
        }
        let next = searchBest(ip, end)
        guard next.length >= 4 else { return false }
        let gain2 = next.length &* 4 &- highbit(next.offset &+ 3)
        let gain1 = matchLength &* 4 &- highbit(offset == 0 ? 1 : offset &+ 3) &+ bonus
        guard gain2 > gain1 else { return false }
        matchLength = next.length
        offset = next.offset
        begin = ip
        return true
    }

    /// Immediate matches at the second repeat offset right after a match (no literals before
    /// them): each is stored, and `ip` and `anchor` move past it. `insert` is called with each
    /// match's position first (the fast strategies put it into their hash tables).
    @inline(__always)
    func repeatLoop(_ store: inout ZstdSequenceStore, _ ip: inout Int, _ anchor: inout Int, ilimit: Int, end: Int,
                    insert: (Int) -> Void = { _ in }) {
        while ip <= ilimit && repeatMatches(ip, store.rep1) {
            let rep = store.rep1
            let length = count(ip &+ 4 &- rep, ip &+ 4, end) &+ 4
            insert(ip)
            store.store(base + ip, litLength: 0, offset: rep, matchLength: length)
            ip &+= length
            anchor = ip
        }
    }
}
