extension LZ4Raw {
    /// The compression levels of ``compress(_:level:)``, as Arrow's and the lz4 library's:
    /// 1–2 the fast compressor (`LZ4_compress_default`'s scheme), 3–12 the high-compression
    /// one with hash chains searched deeper at each level.
    public static let levels: ClosedRange<Int> = 1...12
    /// The default level, 1 (the fast compressor; pyarrow's Parquet writer uses it too).
    public static let defaultLevel = 1

    /// The largest block ``compress(_:level:)`` produces for `inputCount` bytes:
    /// `n + n / 255 + 16` (the lz4 library's `LZ4_compressBound`). A sequence's match saves at
    /// least one byte more than its token and offset cost, so only literal-length bytes (one
    /// per 255 literals) and the last literals' token can expand the input.
    public static func maxCompressedLength(_ inputCount: Int) -> Int {
        let n = max(inputCount, 0)
        return n &+ n / 255 &+ 16
    }

    /// Compresses `input` into one LZ4 block (no frame, no size prefix): Parquet's
    /// `LZ4_RAW` codec. Any LZ4 block decoder accepts it.
    ///
    /// Level 1–2: one hash table of recent positions, greedy matching with LZ4's accelerating
    /// skip over incompressible stretches. Level 3–12: hash chains over the 64 KiB window,
    /// 16 candidates per position at level 3 up to 16,384 at level 12 (with lz4hc's chain
    /// swap, which skips candidates that cannot beat the match found), a match taken only
    /// when the next position does not start a longer one, and matches extended backwards
    /// into the literals before them. Blocks follow the format's end rules: the last
    /// 5 bytes are literals and the last match starts at least 12 bytes before the end.
    ///
    /// - Parameter level: 1...12 (see ``levels``); a value outside is clamped into that range.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int = defaultLevel) -> [UInt8] {
        let count = input.count
        let capacity = maxCompressedLength(count)
        let level = EncoderOutput.clamp(level, to: levels)
        return EncoderOutput.bytes(capacity: capacity) { out in
            guard let src = input.baseAddress, count > 0 else {
                out[0] = 0  // a single token: no literals, no match
                return 1
            }
            var w = LZ4Writer(src: src, count: count, dst: out, capacity: capacity)
            if level < 3 {
                LZ4Encoder.compressFast(&w, count: count)
            } else {
                LZ4Encoder.compressChains(&w, count: count, level: level)
            }
            return w.op
        }
    }

    /// Convenience overload of ``compress(_:level:)`` for byte arrays.
    public static func compress(_ input: [UInt8], level: Int = defaultLevel) -> [UInt8] {
        input.withUnsafeBytes { compress($0, level: level) }
    }
}

/// Sequence output of the LZ4 encoders into memory sized by ``LZ4Raw/maxCompressedLength(_:)``.
struct LZ4Writer {
    let src: UnsafeRawPointer
    let count: Int
    let dst: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var op = 0

    init(src: UnsafeRawPointer, count: Int, dst: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.src = src
        self.count = count
        self.dst = dst
        self.capacity = capacity
    }

    /// Appends `value` as LZ4 length bytes (runs of 255, then the rest).
    @inline(__always)
    mutating func lengthBytes(_ value: Int) {
        var l = value
        while l >= 255 {
            dst[op] = 255
            op &+= 1
            l &-= 255
        }
        dst[op] = UInt8(truncatingIfNeeded: l)
        op &+= 1
    }

    /// Appends a sequence: the literals `src[anchor..<start]`, then a match of `length >= 4`
    /// bytes at `offset` 1...65535.
    @inline(__always)
    mutating func sequence(anchor: Int, start: Int, offset: Int, length: Int) {
        let token = op
        op &+= 1
        let literals = start &- anchor
        var t: Int
        if literals >= 15 {
            t = 15 &<< 4
            lengthBytes(literals &- 15)
        } else {
            t = literals &<< 4
        }
        if literals <= 16 && anchor &+ 16 <= count && op &+ 16 <= capacity {
            // Short literals: two 8-byte moves (both buffers have the room) instead of a call.
            let d = UnsafeMutableRawPointer(dst + op)
            d.storeBytes(of: src.loadUnaligned(fromByteOffset: anchor, as: UInt64.self), as: UInt64.self)
            d.storeBytes(of: src.loadUnaligned(fromByteOffset: anchor &+ 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        } else {
            copyBytes(dst + op, src + anchor, literals)
        }
        op &+= literals
        dst[op] = UInt8(truncatingIfNeeded: offset)
        dst[op &+ 1] = UInt8(truncatingIfNeeded: offset &>> 8)
        op &+= 2
        let m = length &- 4
        if m >= 15 {
            t |= 15
            lengthBytes(m &- 15)
        } else {
            t |= m
        }
        dst[token] = UInt8(truncatingIfNeeded: t)
    }

    /// Appends the last sequence: the literals `src[anchor..<end]` and no match.
    mutating func lastLiterals(anchor: Int, end: Int) {
        let literals = end &- anchor
        if literals >= 15 {
            dst[op] = 15 &<< 4
            op &+= 1
            lengthBytes(literals &- 15)
        } else {
            dst[op] = UInt8(truncatingIfNeeded: literals &<< 4)
            op &+= 1
        }
        copyBytes(dst + op, src + anchor, literals)
        op &+= literals
    }
}

/// The LZ4 block compressors behind ``LZ4Raw/compress(_:level:)``.
///
/// Tables hold positions modulo 2^32, so inputs of any size work: a candidate is the position
/// that distance back, and every candidate's bytes are compared before it is used, so a
/// stale entry (more than 4 GiB old) costs a comparison, never a wrong match.
enum LZ4Encoder {    /// The last match must start at least this many bytes before the end of the block.
    static let matchStartMargin = 12
    /// The last bytes of a block are always literals.
    static let lastLiterals = 5
    static let maxOffset = 65_535

    @inline(__always)
    static func load32(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 { MatchSupport.load32(p, i) }

    @inline(__always)
    static func load64(_ p: UnsafeRawPointer, _ i: Int) -> UInt64 { MatchSupport.load64(p, i) }

    @inline(__always)
    static func byte(_ p: UnsafeRawPointer, _ i: Int) -> UInt8 {
        p.load(fromByteOffset: i, as: UInt8.self)
    }

    /// Level 1–2: greedy matching against one hash table entry per hash, skipping ahead
    /// faster the longer nothing matches (step = tries / 64). Inputs under 64 KiB use a
    /// 4-byte hash in 8,192 entries, larger ones a 5-byte hash in 4,096 (as the lz4 library).
    static func compressFast(_ w: inout LZ4Writer, count n: Int) {
        if n < 65_536 {
            compressFast(&w, count: n, hash: FastHash4.self)
        } else {
            compressFast(&w, count: n, hash: FastHash5.self)
        }
    }

    /// The hash of the fast compressor (specialized per input size class).
    protocol FastHash {
        static var bits: Int { get }
        /// The hash of the bytes at `src + i` (`i + 8 <= n` holds wherever it is called).
        static func hash(_ src: UnsafeRawPointer, _ i: Int) -> Int
    }

    enum FastHash4: FastHash {
        static var bits: Int { 13 }
        @inline(__always)
        static func hash(_ src: UnsafeRawPointer, _ i: Int) -> Int {
            Int(truncatingIfNeeded: (load32(src, i) &* 2_654_435_761) &>> 19)
        }
    }

    enum FastHash5: FastHash {
        static var bits: Int { 12 }
        /// The low 5 bytes of an 8-byte load.
        @inline(__always)
        static func hash(_ src: UnsafeRawPointer, _ i: Int) -> Int {
            Int(truncatingIfNeeded: ((load64(src, i) &<< 24) &* 889_523_592_379) &>> 52)
        }
    }

    @inline(__always)
    static func compressFast<H: FastHash>(_ w: inout LZ4Writer, count n: Int, hash _: H.Type) {
        let src = w.src
        var anchor = 0
        if n > matchStartMargin {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 1 << 13) { tableBuffer in
                let table = tableBuffer.baseAddress!
                table.initialize(repeating: 0, count: 1 &<< H.bits)
                @inline(__always) func hash(_ i: Int) -> Int { H.hash(src, i) }
                let lastStart = n &- matchStartMargin  // a match may start at or before this
                let matchLimit = n &- lastLiterals
                /// The distance back to the position stored in `entry`: 1...ip (0 only for an
                /// entry exactly 4 GiB old). Entries are earlier positions (or 0, unset).
                @inline(__always) func distance(_ ip: Int, _ entry: UInt32) -> Int {
                    Int(UInt32(truncatingIfNeeded: ip) &- entry)
                }
                var ip = 1
                table[hash(0)] = 0
                var forwardHash = hash(ip)
                search: while true {
                    var d = 0
                    var forward = ip
                    var step = 1
                    var tries = 1 &<< 6
                    repeat {
                        let h = forwardHash
                        ip = forward
                        forward &+= step
                        step = tries &>> 6
                        tries &+= 1
                        if forward > lastStart &+ 1 { break search }
                        d = distance(ip, table[h])
                        forwardHash = hash(forward)
                        table[h] = UInt32(truncatingIfNeeded: ip)
                    } while d == 0 || d > maxOffset || load32(src, ip &- d) != load32(src, ip)
                    var match = ip &- d
                    // Extend backwards into the literals.
                    while ip > anchor && match > 0 && byte(src, ip &- 1) == byte(src, match &- 1) {
                        ip &-= 1
                        match &-= 1
                    }
                    while true {
                        let length = 4 &+ MatchSupport.commonLength(src, match &+ 4, ip &+ 4, limit: matchLimit)
                        w.sequence(anchor: anchor, start: ip, offset: ip &- match, length: length)
                        ip &+= length
                        anchor = ip
                        if ip > lastStart { break search }
                        table[hash(ip &- 2)] = UInt32(truncatingIfNeeded: ip &- 2)
                        // A match right away continues without literals.
                        let h = hash(ip)
                        let next = distance(ip, table[h])
                        table[h] = UInt32(truncatingIfNeeded: ip)
                        guard next != 0 && next <= maxOffset && load32(src, ip &- next) == load32(src, ip) else { break }
                        match = ip &- next
                    }
                    ip &+= 1
                    forwardHash = hash(ip)
                }
            }
        }
        w.lastLiterals(anchor: anchor, end: n)
    }

    /// Candidates examined per position at high-compression levels 3...12 (chosen so that
    /// each level's size is close to the lz4 library's at the same level).
    static func searchDepth(_ level: Int) -> Int {
        switch level {
        case ...3: 16
        case 4: 24
        case 5: 32
        case 6: 64
        case 7: 128
        case 8: 256
        case 9: 512
        case 10: 1024
        case 11: 4096
        default: 16_384
        }
    }

    /// Level 3–12: hash chains (32 Ki heads, 64 Ki 16-bit back-links covering the window),
    /// the longest match among `searchDepth` candidates, lazy by one position at a time.
    static func compressChains(_ w: inout LZ4Writer, count n: Int, level: Int) {
        let src = w.src
        var anchor = 0
        if n > matchStartMargin {
            let hashBits = 15
            let head = UnsafeMutablePointer<UInt32>.allocate(capacity: 1 << hashBits)
            defer { head.deallocate() }
            head.initialize(repeating: 0, count: 1 << hashBits)
            // Back-links (distance to the previous position with the same hash, 65535 for
            // none), one per position modulo the table size, which covers the whole window.
            let chainSize = min(1 << 16, 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount))
            let chainMask = chainSize - 1
            let chain = UnsafeMutablePointer<UInt16>.allocate(capacity: chainSize)
            defer { chain.deallocate() }
            chain.initialize(repeating: UInt16(maxOffset), count: chainSize)
            let depth = searchDepth(level)
            let lastStart = n &- matchStartMargin
            let matchLimit = n &- lastLiterals
            var inserted = 0
            @inline(__always) func hash(_ i: Int) -> Int {
                Int(truncatingIfNeeded: (load32(src, i) &* 2_654_435_761) &>> UInt32(32 &- hashBits))
            }
            /// The longest match at `ip` (`ip <= lastStart`) among earlier positions:
            /// `(length, position)`, length 0 when none reaches 4 bytes.
            @inline(__always) func best(_ ip: Int) -> (length: Int, position: Int) {
                while inserted < ip {
                    let h = hash(inserted)
                    let delta = Int(UInt32(truncatingIfNeeded: inserted) &- head[h])
                    chain[inserted & chainMask] = UInt16(truncatingIfNeeded: delta == 0 || delta > maxOffset ? maxOffset : delta)
                    head[h] = UInt32(truncatingIfNeeded: inserted)
                    inserted &+= 1
                }
                let maxLength = matchLimit &- ip
                let lowest = max(0, ip &- maxOffset)
                let d = Int(UInt32(truncatingIfNeeded: ip) &- head[hash(ip)])
                guard d > 0 && d <= maxOffset else { return (0, 0) }
                var candidate = ip &- d
                var bestLength = 3
                var bestPosition = 0
                var left = depth
                let first = load32(src, ip)
                // Candidates are followed along the chain of position candidate + offset
                // (offset 0: the chain of `ip`'s own hash).
                var offset = 0
                while candidate >= lowest && left > 0 {
                    if byte(src, candidate &+ bestLength) == byte(src, ip &+ bestLength)
                        && load32(src, candidate) == first {
                        let length = 4 &+ MatchSupport.commonLength(src, candidate &+ 4, ip &+ 4, limit: matchLimit)
                        if length > bestLength {
                            bestLength = length
                            bestPosition = candidate
                            if length >= maxLength { break }
                            // Chain swap (as lz4hc): an earlier candidate can only beat this
                            // match if it matches at every offset k < length - 3, so it lies
                            // on the chain of candidate + k for each such k (shifted by k).
                            // Follow the chain whose next link reaches back the furthest.
                            let last = min(length &- 4, inserted &- 1 &- candidate)
                            var longest = 0
                            offset = 0
                            var k = 0
                            while k <= last {
                                let d = Int(chain[(candidate &+ k) & chainMask])
                                if d > longest {
                                    longest = d
                                    offset = k
                                }
                                k &+= 1
                            }
                        }
                    }
                    left &-= 1
                    candidate &-= Int(chain[(candidate &+ offset) & chainMask])
                }
                return bestLength >= 4 ? (bestLength, bestPosition) : (0, 0)
            }
            var ip = 0
            while ip <= lastStart {
                var (length, position) = best(ip)
                if length == 0 {
                    ip &+= 1
                    continue
                }
                // Lazy: move on while the next position starts a longer match.
                while ip &+ 1 <= lastStart {
                    let next = best(ip &+ 1)
                    guard next.length > length else { break }
                    ip &+= 1
                    (length, position) = next
                }
                while ip > anchor && position > 0 && byte(src, ip &- 1) == byte(src, position &- 1) {
                    ip &-= 1
                    position &-= 1
                    length &+= 1
                }
                w.sequence(anchor: anchor, start: ip, offset: ip &- position, length: length)
                ip &+= length
                anchor = ip
            }
        }
        w.lastLiterals(anchor: anchor, end: n)
    }
}
