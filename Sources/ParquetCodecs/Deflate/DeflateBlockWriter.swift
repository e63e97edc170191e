/// Collects the LZ77 symbols of one DEFLATE block and writes the block in the cheapest of the
/// three block types (RFC 1951 §3.2.3): dynamic Huffman codes (length-limited to 15 bits, the
/// code-length code to 7), the fixed codes, or stored (raw bytes, split at 65,535).
///
/// The costs of all three are computed exactly in bits before writing, so a block never
/// takes more room than its stored form: at most `bytes + 5 × ceil(bytes / 65535) + 1` bytes
/// (see ``Gzip/maxCompressedLength(_:)``).
struct DeflateBlockWriter {
    /// Symbols per block (zlib's default memLevel gives 16,383).
    static let maxSymbols = 16_384
    static let litCount = 286
    static let distCount = 30

    /// Symbols: a literal is its byte; a match is `distance << 16 | (length - 3)`.
    let symbols: UnsafeMutablePointer<UInt32>
    var symbolCount = 0
    let litFreq: UnsafeMutablePointer<UInt32>
    let distFreq: UnsafeMutablePointer<UInt32>
    /// Input bytes covered by the symbols of the current block.
    var blockBytes = 0

    /// Scratch for building one block: lengths and codes of both trees, the code-length
    /// code, the run-length coded lengths and a frequency copy.
    private let litLengths: UnsafeMutablePointer<UInt8>
    private let litCodes: UnsafeMutablePointer<UInt16>
    private let distLengths: UnsafeMutablePointer<UInt8>
    private let distCodes: UnsafeMutablePointer<UInt16>
    private let clFreq: UnsafeMutablePointer<UInt32>
    private let clLengths: UnsafeMutablePointer<UInt8>
    private let clCodes: UnsafeMutablePointer<UInt16>
    private let rle: UnsafeMutablePointer<UInt16>
    private let freqScratch: UnsafeMutablePointer<UInt32>
    /// Per-block match-length table: bits (code, then extra bits) and their count, by length - 3.
    private let lengthBits: UnsafeMutablePointer<UInt32>
    private let lengthBitCount: UnsafeMutablePointer<UInt8>

    init() {
        symbols = .allocate(capacity: Self.maxSymbols)
        litFreq = .allocate(capacity: Self.litCount)
        distFreq = .allocate(capacity: Self.distCount)
        // 288 entries: the fixed code is defined over 288 symbols.
        litLengths = .allocate(capacity: 288)
        litCodes = .allocate(capacity: 288)
        distLengths = .allocate(capacity: Self.distCount)
        distCodes = .allocate(capacity: Self.distCount)
        clFreq = .allocate(capacity: 19)
        clLengths = .allocate(capacity: 19)
        clCodes = .allocate(capacity: 19)
        rle = .allocate(capacity: Self.litCount + Self.distCount)
        freqScratch = .allocate(capacity: Self.litCount)
        lengthBits = .allocate(capacity: 256)
        lengthBitCount = .allocate(capacity: 256)
        litFreq.initialize(repeating: 0, count: Self.litCount)
        distFreq.initialize(repeating: 0, count: Self.distCount)
        clFreq.initialize(repeating: 0, count: 19)
        freqScratch.initialize(repeating: 0, count: Self.litCount)
    }

    func deallocate() {
        for p in [symbols, litFreq, distFreq, clFreq, freqScratch] { p.deallocate() }
        for p in [litLengths, distLengths, clLengths, lengthBitCount] { p.deallocate() }
        for p in [litCodes, distCodes, clCodes, rle] { p.deallocate() }
        lengthBits.deallocate()
    }

    var isFull: Bool { symbolCount >= Self.maxSymbols }

    @inline(__always)
    mutating func literal(_ byte: UInt8) {
        symbols[symbolCount] = UInt32(byte)
        symbolCount &+= 1
        litFreq[Int(byte)] &+= 1
        blockBytes &+= 1
    }

    /// A match of `length` 3...258 bytes at `distance` 1...32768.
    @inline(__always)
    mutating func match(length: Int, distance: Int) {
        symbols[symbolCount] = UInt32(truncatingIfNeeded: distance &<< 16 | (length &- 3))
        symbolCount &+= 1
        litFreq[257 &+ Self.lengthSlot(length &- 3)] &+= 1
        distFreq[Self.distanceSlot(distance &- 1)] &+= 1
        blockBytes &+= length
    }

    // MARK: - Code slots

    /// The length code index 0...28 (symbol 257 + index) of a match length minus 3.
    @inline(__always)
    static func lengthSlot(_ lm3: Int) -> Int {
        if lm3 < 8 { return lm3 }
        if lm3 == 255 { return 28 }
        let b = Int.bitWidth &- 1 &- lm3.leadingZeroBitCount  // 3...7
        return 4 &* (b &- 1) &+ ((lm3 &>> (b &- 2)) & 3)
    }

    /// Extra bits of length code index `slot`.
    @inline(__always)
    static func lengthExtraBits(_ slot: Int) -> Int {
        slot < 8 || slot == 28 ? 0 : (slot &>> 2) &- 1
    }

    /// The distance code 0...29 of a distance minus 1.
    @inline(__always)
    static func distanceSlot(_ d: Int) -> Int {
        if d < 4 { return d }
        let b = Int.bitWidth &- 1 &- d.leadingZeroBitCount  // 2...14
        return 2 &* b &+ ((d &>> (b &- 1)) & 1)
    }

    @inline(__always)
    static func distanceExtraBits(_ slot: Int) -> Int {
        slot < 4 ? 0 : (slot &>> 1) &- 1
    }

    // MARK: - Writing a block

    /// Writes the collected symbols as one block covering `source[0..<blockBytes]` and resets
    /// for the next block.
    mutating func writeBlock(source: UnsafeRawPointer, final: Bool, to w: inout LSBBitWriter) {
        litFreq[256] = 1
        let extraBits = self.extraBits()

        // Dynamic codes; every tree gets at least two used symbols (zlib does the same), so
        // that all codes are complete.
        buildLengths(litFreq, Self.litCount, maxLength: 15, into: litLengths)
        buildLengths(distFreq, Self.distCount, maxLength: 15, into: distLengths)
        var hlit = Self.litCount
        while hlit > 257 && litLengths[hlit &- 1] == 0 { hlit &-= 1 }
        var hdist = Self.distCount
        while hdist > 1 && distLengths[hdist &- 1] == 0 { hdist &-= 1 }
        let rleCount = runLengthEncode(hlit: hlit, hdist: hdist)
        buildLengths(clFreq, 19, maxLength: 7, into: clLengths)
        HuffmanLengths.canonicalCodes(lengths: clLengths, count: 19, into: clCodes)
        var hclen = 19
        while hclen > 4 && clLengths[DeflateTables.codeLengthOrder[hclen &- 1]] == 0 { hclen &-= 1 }

        // Exact costs in bits.
        var dynamicBits = 3 &+ 5 &+ 5 &+ 4 &+ 3 &* hclen &+ extraBits
        dynamicBits &+= Int(clFreq[16]) &* 2 &+ Int(clFreq[17]) &* 3 &+ Int(clFreq[18]) &* 7
        for s in 0..<19 { dynamicBits &+= Int(clFreq[s]) &* Int(clLengths[s]) }
        for s in 0..<hlit { dynamicBits &+= Int(litFreq[s]) &* Int(litLengths[s]) }
        for s in 0..<hdist { dynamicBits &+= Int(distFreq[s]) &* Int(distLengths[s]) }
        var fixedBits = 3 &+ extraBits
        for s in 0..<Self.litCount { fixedBits &+= Int(litFreq[s]) &* Self.fixedLength(s) }
        for s in 0..<Self.distCount { fixedBits &+= Int(distFreq[s]) &* 5 }
        let storedBits = Self.storedBits(bytes: blockBytes, pending: w.pending)

        if storedBits <= fixedBits && storedBits <= dynamicBits {
            writeStored(source: source, final: final, to: &w)
        } else if fixedBits <= dynamicBits {
            w.add(final ? 3 : 2, 3)  // BFINAL, BTYPE 01
            Self.fixedCodes(litCodes, litLengths, distCodes, distLengths)
            writeSymbols(to: &w)
        } else {
            w.add(final ? 5 : 4, 3)  // BFINAL, BTYPE 10
            w.add(UInt64(hlit &- 257), 5)
            w.add(UInt64(hdist &- 1), 5)
            w.add(UInt64(hclen &- 4), 4)
            w.flush()
            for i in 0..<hclen {
                w.add(UInt64(clLengths[DeflateTables.codeLengthOrder[i]]), 3)
                if w.pending > 48 { w.flush() }
            }
            for i in 0..<rleCount {
                let item = Int(rle[i])
                let sym = item & 0x1F
                w.add(UInt64(clCodes[sym]), Int(clLengths[sym]))
                switch sym {
                case 16: w.add(UInt64(item &>> 5), 2)
                case 17: w.add(UInt64(item &>> 5), 3)
                case 18: w.add(UInt64(item &>> 5), 7)
                default: break
                }
                if w.pending > 40 { w.flush() }
            }
            HuffmanLengths.canonicalCodes(lengths: litLengths, count: Self.litCount, into: litCodes)
            HuffmanLengths.canonicalCodes(lengths: distLengths, count: Self.distCount, into: distCodes)
            writeSymbols(to: &w)
        }
        reset()
    }

    private mutating func reset() {
        symbolCount = 0
        blockBytes = 0
        litFreq.update(repeating: 0, count: Self.litCount)
        distFreq.update(repeating: 0, count: Self.distCount)
    }

    /// Code lengths for the `n` frequencies, the first unused symbols counted once until at
    /// least two are used (so that every code is complete).
    private func buildLengths(_ frequencies: UnsafeMutablePointer<UInt32>, _ n: Int, maxLength: Int,
                              into lengths: UnsafeMutablePointer<UInt8>) {
        let f = freqScratch
        f.update(from: frequencies, count: n)
        var used = 0
        for s in 0..<n where f[s] != 0 { used &+= 1 }
        var s = 0
        while used < 2 && s < n {
            if f[s] == 0 {
                f[s] = 1
                used &+= 1
            }
            s &+= 1
        }
        HuffmanLengths.build(frequencies: f, count: n, maxLength: maxLength, into: lengths)
    }

    /// The extra bits of all match lengths and distances of the block.
    private func extraBits() -> Int {
        var bits = 0
        for slot in 0..<29 { bits &+= Int(litFreq[257 &+ slot]) &* Self.lengthExtraBits(slot) }
        for slot in 0..<Self.distCount { bits &+= Int(distFreq[slot]) &* Self.distanceExtraBits(slot) }
        return bits
    }

    /// Fixed code length of literal/length symbol `s` (RFC 1951 §3.2.6).
    @inline(__always)
    private static func fixedLength(_ s: Int) -> Int {
        s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8
    }

    private static func fixedCodes(_ litCodes: UnsafeMutablePointer<UInt16>, _ litLengths: UnsafeMutablePointer<UInt8>,
                                   _ distCodes: UnsafeMutablePointer<UInt16>, _ distLengths: UnsafeMutablePointer<UInt8>) {
        // Over all 288 symbols: 286 and 287 take 8-bit codes that precede the 9-bit ones.
        for s in 0..<288 { litLengths[s] = UInt8(fixedLength(s)) }
        for s in 0..<distCount { distLengths[s] = 5 }
        HuffmanLengths.canonicalCodes(lengths: litLengths, count: 288, into: litCodes)
        HuffmanLengths.canonicalCodes(lengths: distLengths, count: distCount, into: distCodes)
    }

    /// Bits of `bytes` written as stored blocks when `pending` bits of a byte are in use.
    static func storedBits(bytes: Int, pending: Int) -> Int {
        let pieces = max(1, (bytes &+ 65_534) / 65_535)
        // First piece: 3 header bits padded to the byte boundary; later ones start aligned.
        let firstHeader = ((pending &+ 3 &+ 7) & ~7) &- pending
        return firstHeader &+ (pieces &- 1) &* 8 &+ pieces &* 32 &+ bytes &* 8
    }

    private mutating func writeStored(source: UnsafeRawPointer, final: Bool, to w: inout LSBBitWriter) {
        var at = 0
        repeat {
            let n = min(blockBytes &- at, 65_535)
            let last = at &+ n == blockBytes
            w.add(final && last ? 1 : 0, 3)  // BFINAL, BTYPE 00
            w.alignToByte()
            w.add(UInt64(n) | UInt64(n ^ 0xFFFF) &<< 16, 32)
            w.flush()
            w.appendBytes(source + at, n)
            at &+= n
        } while at < blockBytes
    }

    /// Codes the symbols with the current codes (in `litCodes`/`distCodes`), then end of block.
    private func writeSymbols(to w: inout LSBBitWriter) {
        for lm3 in 0..<256 {
            let slot = Self.lengthSlot(lm3)
            let symbol = 257 &+ slot
            let codeLength = Int(litLengths[symbol])
            let extra = Self.lengthExtraBits(slot)
            let extraValue = slot == 28 ? 0 : lm3 & ((1 &<< extra) &- 1)
            lengthBits[lm3] = UInt32(litCodes[symbol]) | UInt32(truncatingIfNeeded: extraValue &<< codeLength)
            lengthBitCount[lm3] = UInt8(codeLength &+ extra)
        }
        let n = symbolCount
        var i = 0
        while i < n {
            let s = symbols[i]
            i &+= 1
            if s < 0x1_0000 {
                let b = Int(s)
                w.add(UInt64(litCodes[b]), Int(litLengths[b]))
                if w.pending > 48 { w.flush() }
            } else {
                w.flush()
                let lm3 = Int(s & 0xFF)
                w.add(UInt64(lengthBits[lm3]), Int(lengthBitCount[lm3]))
                let d = Int(s &>> 16) &- 1
                let slot = Self.distanceSlot(d)
                let extra = Self.distanceExtraBits(slot)
                let codeLength = Int(distLengths[slot])
                let extraValue = d & ((1 &<< extra) &- 1)
                w.add(UInt64(distCodes[slot]) | UInt64(extraValue) &<< UInt64(codeLength), codeLength &+ extra)
            }
        }
        w.flush()
        w.add(UInt64(litCodes[256]), Int(litLengths[256]))
        w.flush()
    }

    /// Run-length codes the `hlit + hdist` code lengths with symbols 16/17/18 (runs may cross
    /// from the literal/length lengths into the distance lengths, RFC 1951 §3.2.7). Each item
    /// is `symbol | extra << 5`, stored in `rle`; the symbols are counted into `clFreq`.
    /// Returns the number of items.
    private func runLengthEncode(hlit: Int, hdist: Int) -> Int {
        let out = rle
        let f = clFreq
        f.update(repeating: 0, count: 19)
        let total = hlit &+ hdist
        @inline(__always) func length(_ i: Int) -> UInt8 {
            i < hlit ? litLengths[i] : distLengths[i &- hlit]
        }
        var count = 0
        @inline(__always) func emit(_ symbol: Int, _ extra: Int) {
            out[count] = UInt16(truncatingIfNeeded: symbol | extra &<< 5)
            count &+= 1
            f[symbol] &+= 1
        }
        var i = 0
        while i < total {
            let l = length(i)
            var run = 1
            while i &+ run < total && length(i &+ run) == l { run &+= 1 }
            i &+= run
            if l == 0 {
                while run >= 11 {
                    let r = min(run, 138)
                    emit(18, r &- 11)
                    run &-= r
                }
                if run >= 3 {
                    emit(17, run &- 3)
                    run = 0
                }
            } else {
                emit(Int(l), 0)
                run &-= 1
                while run >= 3 {
                    let r = min(run, 6)
                    emit(16, r &- 3)
                    run &-= r
                }
            }
            while run > 0 {
                emit(Int(l), 0)
                run &-= 1
            }
        }
        return count
    }
}
