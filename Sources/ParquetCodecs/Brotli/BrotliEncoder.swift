extension Brotli {
    /// The compression levels ("qualities") of ``compress(_:level:)``: 0 (fastest) to 11, as
    /// the brotli library's.
    public static let levels: ClosedRange<Int> = 0...11
    /// The default level: 8, the quality Arrow's Parquet writer uses ("the best trade-off for
    /// Parquet workload"); the brotli library's own default is 11.
    public static let defaultLevel = 8

    /// Input bytes per meta-block.
    static let metaBlockSize = 1 << 20

    /// Compresses `input` into a Brotli stream (RFC 7932) that any decoder reads.
    ///
    /// Levels 0...11 (``levels``; values outside are clamped) set how hard the LZ77 search works: hash
    /// chains over 4-byte hashes visited to a depth of 1 (level 0) doubling up to 1024 (level
    /// 11), the last distances and their neighbours tried first (4 of them below level 6, 10
    /// up to level 8, 16 above), lazy matching from level 2, and literal context modelling from
    /// level 5 (the UTF8 or signed context mode, per-context histograms clustered into up to 16
    /// prefix codes). Each meta-block (1 MiB of input) has its own prefix codes, simple or
    /// complex, for literals, insert-and-copy lengths and distances (with the last-distance
    /// cache); a meta-block that would not shrink is stored uncompressed. The window is 4 MiB
    /// (less for smaller inputs). The static dictionary is not used.
    ///
    /// Never traps: any bytes are accepted, and the output is at most
    /// ``maxCompressedLength(_:)`` bytes.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int = defaultLevel) -> [UInt8] {
        let count = input.count
        let capacity = maxCompressedLength(count)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { out.deallocate() }
        var dummy: UInt8 = 0
        let size = withUnsafeMutablePointer(to: &dummy) { dummyPointer -> Int in
            let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(dummyPointer)
            let params = BrotliParameters.forLevel(level, inputSize: count)
            let context = BrotliEncoderContext(params: params, input: src, count: count)
            var w = LSBBitWriter(base: out, capacity: capacity)
            context.compress(into: &w)
            return w.finish()
        }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// Convenience overload of ``compress(_:level:)`` for byte arrays.
    public static func compress(_ input: [UInt8], level: Int = defaultLevel) -> [UInt8] {
        input.withUnsafeBytes { compress($0, level: level) }
    }

    /// The largest output ``compress(_:level:)`` produces for `count` input bytes: every
    /// meta-block stored uncompressed (at most 5 header bytes each) plus the stream header and
    /// the closing empty meta-block.
    public static func maxCompressedLength(_ count: Int) -> Int {
        let n = max(count, 0)
        return n &+ 5 &* (n / metaBlockSize &+ 1) &+ 4
    }
}

/// Search and modelling settings of a Brotli level.
struct BrotliParameters: Sendable {
    /// log2 of the positions kept per hash bucket.
    var blockBits: Int
    var lazy: Bool
    var distanceChecks: Int
    var hashBits: Int
    var contextModeling: Bool
    var maxClusters: Int
    var sparseAfter: Int
    /// log2 of the window.
    var windowBits: Int
    /// Greedy parsing with skipping (levels 0 and 1).
    var fast = false

    static func forLevel(_ level: Int, inputSize: Int) -> BrotliParameters {
        let q = EncoderOutput.clamp(level, to: Brotli.levels)
        // Buckets: 2^14-2^15 of 1...128 positions (up to 16 MiB), deeper but fewer above.
        var p = BrotliParameters(
            blockBits: max(q - 1, 0), lazy: q >= 2, distanceChecks: q < 6 ? 4 : q < 9 ? 10 : 16,
            hashBits: q < 7 ? 14 : 15,
            contextModeling: q >= 5, maxClusters: q < 7 ? 8 : 16, sparseAfter: q < 9 ? 64 : 512, windowBits: 22)
        switch q {
        case 0: p.fast = true
        case 1: (p.fast, p.blockBits) = (true, 1)
        case 9: (p.blockBits, p.hashBits) = (8, 15)
        case 10: (p.blockBits, p.hashBits) = (9, 14)
        case 11: (p.blockBits, p.hashBits) = (10, 13)
        default: break
        }
        // The smallest window that holds the input (the decoder needs no more).
        while p.windowBits > 10 && (1 << (p.windowBits - 1)) - 16 >= inputSize { p.windowBits -= 1 }
        // No more bucket entries than about four per input byte.
        let inputBits = Int.bitWidth - max(inputSize, 1).leadingZeroBitCount
        let entryBits = min(p.hashBits + p.blockBits, max(inputBits + 2, 10))
        p.hashBits = max(6, entryBits - p.blockBits)
        p.blockBits = entryBits - p.hashBits
        return p
    }
}

/// The buffers of one compression call and the meta-block writer.
final class BrotliEncoderContext {
    let params: BrotliParameters
    let input: UnsafePointer<UInt8>
    let count: Int
    var finder: BrotliMatchFinder
    var commands: BrotliCommandBuffer
    private let stored: UnsafeMutablePointer<UInt32>
    private let buckets: UnsafeMutablePointer<UInt32>

    /// Literal histograms: the UTF8 and signed context modes x 64 x 256 (without context
    /// modelling, one 256-entry histogram).
    let literalHistograms: UnsafeMutablePointer<UInt32>
    let commandHistogram: UnsafeMutablePointer<UInt32>
    let distanceHistogram: UnsafeMutablePointer<UInt32>
    /// Prefix codes: up to 16 literal trees, then commands, then distances.
    let lengths: UnsafeMutablePointer<UInt8>
    let codes: UnsafeMutablePointer<UInt16>
    /// Scratch for the meta-block header and prefix codes before they are copied.
    let headerBuffer: UnsafeMutablePointer<UInt8>
    static let headerCapacity = 1 << 16
    let clustering = BrotliContextClustering()
    /// The literal context mode of the meta-block being written.
    var literalMode = 0

    static let literalTrees = 16
    static let commandCodes = 16 * 256
    static let distanceCodes = commandCodes + 704
    static let codeCount = distanceCodes + 64

    init(params: BrotliParameters, input: UnsafePointer<UInt8>, count: Int) {
        self.params = params
        self.input = input
        self.count = count
        let hashCount = 1 << params.hashBits
        stored = .allocate(capacity: hashCount)
        stored.initialize(repeating: 0, count: hashCount)
        // Ring entries are only read below a bucket's stored count, so they need no zeroing.
        buckets = .allocate(capacity: hashCount << params.blockBits)
        if params.fast { buckets.initialize(repeating: 0, count: hashCount << params.blockBits) }
        finder = BrotliMatchFinder(
            base: input, count: count, stored: stored, buckets: buckets, hashBits: params.hashBits,
            blockBits: params.blockBits, hashLength: count >= 1 << 20 && params.windowBits >= 19 ? 5 : 4,
            lazy: params.lazy, distanceChecks: params.distanceChecks,
            maxBackward: (1 << params.windowBits) - 16, sparseAfter: params.sparseAfter, fast: params.fast)
        commands = BrotliCommandBuffer(capacity: min(count, Brotli.metaBlockSize) / 16)
        literalHistograms = .allocate(capacity: 2 * 64 * 256)
        commandHistogram = .allocate(capacity: 704)
        distanceHistogram = .allocate(capacity: 64)
        lengths = .allocate(capacity: Self.codeCount)
        lengths.initialize(repeating: 0, count: Self.codeCount)
        codes = .allocate(capacity: Self.codeCount)
        codes.initialize(repeating: 0, count: Self.codeCount)
        headerBuffer = .allocate(capacity: Self.headerCapacity)
    }

    deinit {
        stored.deallocate()
        buckets.deallocate()
        commands.deallocate()
        literalHistograms.deallocate()
        commandHistogram.deallocate()
        distanceHistogram.deallocate()
        lengths.deallocate()
        codes.deallocate()
        headerBuffer.deallocate()
    }

    /// Writes the whole stream.
    func compress(into w: inout LSBBitWriter) {
        // WBITS (§9.1).
        let wbits = params.windowBits
        if wbits == 16 {
            w.add(0, 1)
        } else if wbits == 17 {
            w.add(1, 7)
        } else if wbits > 17 {
            w.add(1, 1)
            w.add(UInt64(wbits &- 17), 3)
        } else {
            w.add(1, 1)
            w.add(0, 3)
            w.add(UInt64(wbits &- 8), 3)
        }
        w.flush()
        var start = 0
        var endedLast = false
        while start < count {
            let end = min(start &+ Brotli.metaBlockSize, count)
            let last = end == count
            commands.count = 0
            finder.parse(from: start, to: end, into: &commands)
            endedLast = writeMetaBlock(from: start, to: end, last: last, &w)
            start = end
        }
        if !endedLast {
            // ISLAST, ISLASTEMPTY.
            w.add(3, 2)
        }
        w.flush()
    }

    /// Writes the meta-block header fields up to ISUNCOMPRESSED.
    private func writeLengthHeader(_ mlen: Int, last: Bool, uncompressed: Bool, _ w: inout LSBBitWriter) {
        w.add(last ? 1 : 0, 1)
        if last { w.add(0, 1) }
        let v = mlen &- 1
        var nibbles = 4
        while nibbles < 6 && v >= 1 &<< (4 &* nibbles) { nibbles &+= 1 }
        w.add(UInt64(nibbles &- 4), 2)
        w.add(UInt64(v), 4 &* nibbles)
        if !last { w.add(uncompressed ? 1 : 0, 1) }
        w.flush()
    }

    /// Writes one meta-block, compressed or (when that is not smaller) uncompressed. Returns
    /// whether it carried ISLAST.
    private func writeMetaBlock(from start: Int, to end: Int, last: Bool, _ w: inout LSBBitWriter) -> Bool {
        let mlen = end &- start
        var header = LSBBitWriter(base: headerBuffer, capacity: Self.headerCapacity)
        writeLengthHeader(mlen, last: last, uncompressed: false, &header)
        let dataBits = prepareCodes(from: start, &header)
        let headerBits = header.bitPosition
        let compressedEnd = w.bitPosition &+ headerBits &+ dataBits
        // Uncompressed: header, padding, the bytes (and the empty last meta-block after it),
        // so the output never exceeds the all-uncompressed bound.
        let v = mlen &- 1
        let nibbles = v < 1 &<< 16 ? 4 : v < 1 &<< 20 ? 5 : 6
        let rawEnd = ((w.bitPosition &+ 4 &+ 4 &* nibbles &+ 7) & ~7) &+ 8 &* mlen &+ (last ? 2 : 0)
        guard compressedEnd < rawEnd, !header.overflowed else {
            writeLengthHeader(mlen, last: false, uncompressed: true, &w)
            w.appendBytes(input + start, mlen)
            return false
        }
        _ = header.finish()
        var k = 0
        while k &+ 6 <= headerBits &>> 3 {
            var v: UInt64 = 0
            for j in 0..<6 { v |= UInt64(headerBuffer[k &+ j]) &<< UInt64(8 &* j) }
            w.add(v, 48)
            w.flush()
            k &+= 6
        }
        while k < headerBits &>> 3 {
            w.add(UInt64(headerBuffer[k]), 8)
            k &+= 1
        }
        let rest = headerBits & 7
        if rest > 0 { w.add(UInt64(headerBuffer[k]) & ((1 &<< UInt64(rest)) &- 1), rest) }
        w.flush()
        writeCommands(from: start, &w)
        return last
    }
}
