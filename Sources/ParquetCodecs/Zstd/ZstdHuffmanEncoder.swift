/// A Huffman code for Zstandard literals (RFC 8878 §4.2): optimal code lengths limited to
/// ``maxBits`` bits, the canonical codes the decoder derives from the weights, the tree
/// description and 1- or 4-stream encoding.
final class ZstdHuffmanEncoder {
    /// The longest code the format allows.
    static let maxBits = 11

    /// Per symbol: `code | length << 16` (length 0: the symbol has no code).
    let codes: UnsafeMutablePointer<UInt32>
    /// The longest code length in use.
    private(set) var tableBits = 0
    /// One past the highest symbol with a code.
    private(set) var symbolCount = 0
    /// Whether the table holds a code (a previous block's table can then be repeated).
    var isValid = false

    /// Scratch: code lengths.
    private let lengths: UnsafeMutablePointer<UInt8>
    private let weights: UnsafeMutablePointer<UInt8>

    init() {
        codes = .allocate(capacity: 256)
        codes.initialize(repeating: 0, count: 256)
        lengths = .allocate(capacity: 256)
        lengths.initialize(repeating: 0, count: 256)
        weights = .allocate(capacity: 256)
        weights.initialize(repeating: 0, count: 256)
    }

    deinit {
        codes.deallocate()
        lengths.deallocate()
        weights.deallocate()
    }

    // MARK: Building

    /// Builds a length-limited Huffman code for `counts[0..<256]` (at least two symbols
    /// present; otherwise the table is left invalid).
    func build(counts: UnsafePointer<UInt32>) {
        isValid = false
        HuffmanLengths.build(frequencies: counts, count: 256, maxLength: Self.maxBits, into: lengths)
        guard Self.isComplete(lengths) else { return }
        var longest = 0
        var highest = 0
        var s = 0
        while s < 256 {
            let l = Int(lengths[s])
            codes[s] = UInt32(truncatingIfNeeded: l) &<< 16
            if l > 0 {
                highest = s
                if l > longest { longest = l }
            }
            s &+= 1
        }
        tableBits = longest
        symbolCount = highest &+ 1
        // Canonical codes as the decoder assigns them: by weight (longest codes first), then
        // by symbol.
        var rankStart = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &rankStart) { raw in
            let next = raw.bindMemory(to: Int.self)
            s = 0
            while s < symbolCount {
                let length = Int(lengths[s])
                if length > 0 { next[tableBits &+ 1 &- length] &+= 1 }
                s &+= 1
            }
            var start = 0
            var w = 1
            while w <= tableBits {
                let count = next[w]
                next[w] = start
                start &+= count &<< (w &- 1)
                w &+= 1
            }
            s = 0
            while s < symbolCount {
                let length = Int(lengths[s])
                if length > 0 {
                    let w = tableBits &+ 1 &- length
                    codes[s] |= UInt32(truncatingIfNeeded: next[w] &>> (w &- 1))
                    next[w] &+= 1 &<< (w &- 1)
                }
                s &+= 1
            }
        }
        isValid = true
    }

    /// Whether the lengths form a complete code of at least two symbols (the only codes the
    /// weights can describe).
    private static func isComplete(_ lengths: UnsafePointer<UInt8>) -> Bool {
        var kraft = 0
        var used = 0
        var s = 0
        while s < 256 {
            let l = Int(lengths[s])
            if l > 0 {
                guard l <= maxBits else { return false }
                kraft &+= 1 &<< (maxBits &- l)
                used &+= 1
            }
            s &+= 1
        }
        return used >= 2 && kraft == 1 &<< maxBits
    }

    /// Copies another table.
    func copy(from other: ZstdHuffmanEncoder) {
        codes.update(from: other.codes, count: 256)
        tableBits = other.tableBits
        symbolCount = other.symbolCount
        isValid = other.isValid
    }

    // MARK: Costs

    /// The bits needed to code the histogram with this table, or nil if a counted symbol has
    /// no code.
    func cost(counts: UnsafePointer<UInt32>) -> Int? {
        var bits = 0
        var s = 0
        while s < 256 {
            let c = Int(counts[s])
            if c > 0 {
                let length = Int(codes[s] &>> 16)
                guard length > 0 else { return nil }
                bits &+= c &* length
            }
            s &+= 1
        }
        return bits
    }

    // MARK: Description

    /// Writes the tree description to `dst[0..<capacity]`: FSE-compressed weights or 4-bit
    /// direct weights, whichever is smaller. Returns its size, or nil when neither fits.
    func writeDescription(to dst: UnsafeMutablePointer<UInt8>, capacity: Int, fse: ZstdFSEEncoder) -> Int? {
        // Weights of symbols 0..<last; the last symbol's weight is implied.
        let last = symbolCount &- 1
        guard last >= 1 else { return nil }
        var histogram = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                         UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        var maxWeight = 0
        var distinct = 0
        var s = 0
        withUnsafeMutableBytes(of: &histogram) { raw in
            let h = raw.bindMemory(to: UInt32.self)
            while s < last {
                let length = Int(codes[s] &>> 16)
                let w = length == 0 ? 0 : tableBits &+ 1 &- length
                weights[s] = UInt8(truncatingIfNeeded: w)
                if h[w] == 0 { distinct &+= 1 }
                h[w] &+= 1
                if w > maxWeight { maxWeight = w }
                s &+= 1
            }
        }
        var best: Int?
        if distinct >= 2 && last >= 2 && capacity >= 1 {
            best = withUnsafeBytes(of: &histogram) { raw -> Int? in
                guard let h = raw.baseAddress?.assumingMemoryBound(to: UInt32.self) else { return nil }
                return writeFSEWeights(last, histogram: h, maxWeight: maxWeight, to: dst, capacity: capacity, fse: fse)
            }
        }
        let directSize = 1 &+ (last &+ 1) / 2
        if let best, best <= directSize { return best }
        if last <= 128 && directSize <= capacity {
            dst[0] = UInt8(truncatingIfNeeded: 127 &+ last)
            var i = 0
            while i < last {
                let high = weights[i]
                let low: UInt8 = i &+ 1 < last ? weights[i &+ 1] : 0
                dst[1 &+ (i &>> 1)] = high &<< 4 | low
                i &+= 2
            }
            return directSize
        }
        return best
    }

    /// FSE-compressed weights: a header byte with the size, the table description, and two
    /// interleaved states over the weights (as the decoder reads them).
    private func writeFSEWeights(
        _ n: Int, histogram: UnsafePointer<UInt32>, maxWeight: Int,
        to dst: UnsafeMutablePointer<UInt8>, capacity: Int, fse: ZstdFSEEncoder
    ) -> Int? {
        let log = ZstdFSEEncoder.optimalLog(maxLog: ZstdHuffman.maxWeightLog, total: n, maxSymbol: maxWeight)
        let room = min(capacity &- 1, 127)
        guard room >= 2 else { return nil }
        return withUnsafeTemporaryAllocation(of: Int16.self, capacity: 16) { normBuffer -> Int? in
            guard let norm = normBuffer.baseAddress else { return nil }
            guard ZstdFSEEncoder.normalize(counts: histogram, symbols: maxWeight &+ 1, total: n, log: log, into: norm)
            else { return nil }
            guard let descriptionSize = ZstdFSEEncoder.writeDescription(
                norm: norm, symbols: maxWeight &+ 1, log: log, to: dst + 1, capacity: room)
            else { return nil }
            fse.build(norm: norm, symbols: maxWeight &+ 1, log: log)
            // The stream needs 8 bytes of slack for the writer; build it in a scratch area.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 160) { scratch -> Int? in
                guard let tmp = scratch.baseAddress else { return nil }
                var w = LSBBitWriter(base: tmp, capacity: 150)
                var s1: ZstdFSEState
                var s2: ZstdFSEState
                if n & 1 == 1 {
                    s1 = ZstdFSEState(fse, first: Int(weights[n &- 1]))
                    s2 = ZstdFSEState(fse, first: Int(weights[n &- 2]))
                } else {
                    s2 = ZstdFSEState(fse, first: Int(weights[n &- 1]))
                    s1 = ZstdFSEState(fse, first: Int(weights[n &- 2]))
                }
                var i = n &- 3
                while i >= 0 {
                    if i & 1 == 0 {
                        s1.encode(Int(weights[i]), &w)
                    } else {
                        s2.encode(Int(weights[i]), &w)
                    }
                    w.flush()
                    i &-= 1
                }
                s2.flush(log: log, &w)
                s1.flush(log: log, &w)
                guard let streamSize = w.closeBackwardStream() else { return nil }
                let total = descriptionSize &+ streamSize
                guard total <= room else { return nil }
                (dst + (1 &+ descriptionSize)).update(from: tmp, count: streamSize)
                dst[0] = UInt8(truncatingIfNeeded: total)
                return 1 &+ total
            }
        }
    }

    // MARK: Encoding

    /// Encodes `src[0..<n]` as one stream into `dst[0..<capacity]`; returns its size or nil.
    func encodeStream(_ src: UnsafePointer<UInt8>, _ n: Int, to dst: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int? {
        var w = LSBBitWriter(base: dst, capacity: capacity)
        let codes = self.codes
        var i = n
        // The decoder reads the first symbol first: encode backwards.
        while i & 3 != 0 {
            i &-= 1
            let e = codes[Int(src[i])]
            w.add(UInt64(e & 0xFFFF), Int(e &>> 16))
        }
        w.flush()
        while i > 0 {
            let e0 = codes[Int(src[i &- 1])]
            let e1 = codes[Int(src[i &- 2])]
            let e2 = codes[Int(src[i &- 3])]
            let e3 = codes[Int(src[i &- 4])]
            w.add(UInt64(e0 & 0xFFFF), Int(e0 &>> 16))
            w.add(UInt64(e1 & 0xFFFF), Int(e1 &>> 16))
            w.add(UInt64(e2 & 0xFFFF), Int(e2 &>> 16))
            w.add(UInt64(e3 & 0xFFFF), Int(e3 &>> 16))
            w.flush()
            i &-= 4
        }
        return w.closeBackwardStream()
    }

    /// Encodes `src[0..<n]` (n >= 6) as four streams behind their 6-byte jump table.
    func encodeFourStreams(_ src: UnsafePointer<UInt8>, _ n: Int, to dst: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int? {
        guard capacity > 6 else { return nil }
        let segment = (n &+ 3) &>> 2
        var op = 6
        var k = 0
        while k < 4 {
            let from = k &* segment
            let count = k == 3 ? n &- 3 &* segment : segment
            guard let size = encodeStream(src + from, count, to: dst + op, capacity: capacity &- op) else { return nil }
            if k < 3 {
                guard size <= 0xFFFF else { return nil }
                dst[2 &* k] = UInt8(truncatingIfNeeded: size)
                dst[2 &* k &+ 1] = UInt8(truncatingIfNeeded: size &>> 8)
            }
            op &+= size
            k &+= 1
        }
        return op
    }
}
