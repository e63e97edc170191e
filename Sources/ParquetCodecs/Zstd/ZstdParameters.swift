/// The match-finding strategy of a compression level.
enum ZstdStrategy: Int, Sendable {
    /// One hash table, no lookahead.
    case fast
    /// A long (8-byte) and a short hash table.
    case doubleFast
    /// Hash chains, the first good match is taken.
    case greedy
    /// Hash chains, one position of lookahead.
    case lazy
    /// Hash chains, two positions of lookahead.
    case lazy2
}

/// Compression parameters of a level, in zstd's terms.
struct ZstdParameters: Sendable {
    var strategy: ZstdStrategy
    /// log2 of the window (the largest match offset).
    var windowLog: Int
    /// log2 of the hash table entries (dfast: the long table).
    var hashLog: Int
    /// log2 of the chain table (dfast: the short hash table).
    var chainLog: Int
    /// log2 of the chain entries searched per position.
    var searchLog: Int
    /// Bytes hashed (the shortest match looked up by hash).
    var minMatch: Int
    /// Fast: the search step; chains: a match this long ends the search.
    var targetLength: Int
    /// Lazy strategies up to level 12: log2 of the positions per row of the row-based
    /// search (4...6); 0 for hash chains.
    var rowLog = 0

    /// The parameters of `level` (clamped to 1...19) for an input of `size` bytes: zstd's
    /// level table, with the binary-tree and optimal-parsing levels (13 and up) mapped to
    /// deeper lazy2 searches, and tables shrunk to what the input can use.
    static func forLevel(_ level: Int, inputSize size: Int) -> ZstdParameters {
        let clamped = EncoderOutput.clamp(level, to: Zstd.levels)
        var p: ZstdParameters
        switch clamped {
        case 1: p = .init(strategy: .fast, windowLog: 19, hashLog: 14, chainLog: 13, searchLog: 1, minMatch: 6, targetLength: 1)
        case 2: p = .init(strategy: .fast, windowLog: 20, hashLog: 16, chainLog: 15, searchLog: 1, minMatch: 6, targetLength: 1)
        case 3: p = .init(strategy: .doubleFast, windowLog: 21, hashLog: 17, chainLog: 16, searchLog: 1, minMatch: 5, targetLength: 0)
        case 4: p = .init(strategy: .doubleFast, windowLog: 21, hashLog: 18, chainLog: 18, searchLog: 1, minMatch: 5, targetLength: 0)
        case 5: p = .init(strategy: .greedy, windowLog: 21, hashLog: 19, chainLog: 18, searchLog: 3, minMatch: 5, targetLength: 2)
        case 6: p = .init(strategy: .lazy, windowLog: 21, hashLog: 19, chainLog: 18, searchLog: 3, minMatch: 5, targetLength: 4)
        case 7: p = .init(strategy: .lazy, windowLog: 21, hashLog: 20, chainLog: 19, searchLog: 4, minMatch: 5, targetLength: 8)
        case 8: p = .init(strategy: .lazy2, windowLog: 21, hashLog: 20, chainLog: 19, searchLog: 4, minMatch: 5, targetLength: 16)
        case 9: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 21, chainLog: 20, searchLog: 4, minMatch: 5, targetLength: 16)
        case 10: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 22, chainLog: 21, searchLog: 5, minMatch: 5, targetLength: 16)
        case 11: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 22, chainLog: 21, searchLog: 6, minMatch: 5, targetLength: 16)
        case 12: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 23, chainLog: 22, searchLog: 6, minMatch: 5, targetLength: 32)
        case 13: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 22, chainLog: 22, searchLog: 6, minMatch: 5, targetLength: 48)
        case 14: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 23, chainLog: 22, searchLog: 7, minMatch: 5, targetLength: 64)
        case 15: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 23, chainLog: 23, searchLog: 7, minMatch: 4, targetLength: 96)
        case 16: p = .init(strategy: .lazy2, windowLog: 22, hashLog: 22, chainLog: 22, searchLog: 8, minMatch: 4, targetLength: 128)
        case 17: p = .init(strategy: .lazy2, windowLog: 23, hashLog: 22, chainLog: 23, searchLog: 8, minMatch: 4, targetLength: 192)
        case 18: p = .init(strategy: .lazy2, windowLog: 23, hashLog: 22, chainLog: 23, searchLog: 9, minMatch: 4, targetLength: 256)
        default: p = .init(strategy: .lazy2, windowLog: 23, hashLog: 22, chainLog: 24, searchLog: 9, minMatch: 4, targetLength: 512)
        }
        if p.strategy == .fast && size > 256 * 1024 && clamped == 1 { p.minMatch = 7 }
        // Small inputs: no larger window or tables than the input can use.
        if size < 1 << p.windowLog {
            let sourceLog = max(Int.bitWidth &- max(size &- 1, 1).leadingZeroBitCount, 6)
            p.windowLog = max(min(p.windowLog, sourceLog), 10)
        }
        p.hashLog = min(p.hashLog, p.windowLog &+ 1)
        p.chainLog = min(p.chainLog, p.strategy == .doubleFast ? p.windowLog &+ 1 : p.windowLog)
        if clamped >= 5 && clamped <= 12 {
            // Rows of 16-64 positions: about one entry per input byte at most.
            p.rowLog = min(max(p.searchLog, 4), 6)
            p.hashLog = max(min(p.hashLog, p.windowLog), p.rowLog &+ 4)
        }
        return p
    }
}
