/// Writing Brotli prefix codes (RFC 7932 §3.4 simple and §3.5 complex code descriptions),
/// context maps (§7.3) and the small variable-length header integers.
enum BrotliCodeWriter {
    /// Order of the code length code lengths in a complex code description.
    static let codeLengthOrder = [1, 2, 3, 4, 0, 5, 17, 6, 16, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    /// The static code for code length code lengths 0...5: (bits, length).
    static let codeLengthCodeBits: [UInt64] = [0, 7, 3, 2, 1, 15]
    static let codeLengthCodeLengths = [2, 4, 3, 2, 2, 4]

    /// Bits per symbol in a simple code over `alphabetSize` symbols.
    static func alphabetBits(_ alphabetSize: Int) -> Int {
        var bits = 0
        while (1 &<< bits) < alphabetSize { bits &+= 1 }
        return bits
    }

    /// A value 1...256 as NBLTYPES / NTREES (§9.2).
    static func writeVarLength256(_ value: Int, _ w: inout LSBBitWriter) {
        if value <= 1 {
            w.add(0, 1)
        } else {
            let v = value &- 1
            let n = Int.bitWidth &- 1 &- v.leadingZeroBitCount
            w.add(1, 1)
            w.add(UInt64(n), 3)
            w.add(UInt64(v &- (1 &<< n)), n)
        }
        w.flush()
    }

    /// Builds the prefix code of `counts[0..<n]` (lengths at most 15) into `lengths` and
    /// `codes` (bit-reversed canonical codes, written with `lengths[s]` bits) and writes its
    /// description. A code with no or one symbol used takes zero bits per symbol.
    static func buildAndWrite(
        counts: UnsafePointer<UInt32>, _ n: Int, lengths: UnsafeMutablePointer<UInt8>,
        codes: UnsafeMutablePointer<UInt16>, _ w: inout LSBBitWriter
    ) {
        var used = 0
        var symbols = (0, 0, 0, 0)
        var s = 0
        while s < n {
            if counts[s] > 0 {
                switch used {
                case 0: symbols.0 = s
                case 1: symbols.1 = s
                case 2: symbols.2 = s
                case 3: symbols.3 = s
                default: break
                }
                used &+= 1
            }
            s &+= 1
        }
        let bits = alphabetBits(n)
        if used <= 1 {
            lengths.initialize(repeating: 0, count: n)
            codes.initialize(repeating: 0, count: n)
            w.add(1, 2)
            w.add(0, 2)
            w.add(UInt64(symbols.0), bits)
            w.flush()
            return
        }
        if used <= 4 {
            HuffmanLengths.build(frequencies: counts, count: n, maxLength: 3, into: lengths)
            HuffmanLengths.canonicalCodes(lengths: lengths, count: n, into: codes)
            // Symbols by length (then value): the order the decoder assigns lengths in.
            var list = [symbols.0, symbols.1, symbols.2, symbols.3]
            list.removeLast(4 &- used)
            list.sort { (lengths[$0], $0) < (lengths[$1], $1) }
            w.add(1, 2)
            w.add(UInt64(used &- 1), 2)
            for symbol in list {
                w.add(UInt64(symbol), bits)
                w.flush()
            }
            if used == 4 { w.add(lengths[list[0]] == 1 ? 1 : 0, 1) }
            w.flush()
            return
        }
        HuffmanLengths.build(frequencies: counts, count: n, maxLength: 15, into: lengths)
        HuffmanLengths.canonicalCodes(lengths: lengths, count: n, into: codes)
        writeComplex(lengths, n, &w)
    }

    /// The complex description of the code lengths `lengths[0..<n]` (a complete code).
    private static func writeComplex(_ lengths: UnsafePointer<UInt8>, _ n: Int, _ w: inout LSBBitWriter) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 &* n &+ 16) { buffer in
            guard let tree = buffer.baseAddress else { return }
            let extra = tree + (n &+ 8)
            let size = runLengthCode(lengths, n, tree: tree, extra: extra)
            var histogram = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                             UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                             UInt32(0), UInt32(0))
            var clLengths = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                             UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                             UInt8(0), UInt8(0))
            var clCodes = (UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0),
                           UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0), UInt16(0),
                           UInt16(0), UInt16(0))
            withUnsafeMutableBytes(of: &histogram) { hRaw in
                withUnsafeMutableBytes(of: &clLengths) { lRaw in
                    withUnsafeMutableBytes(of: &clCodes) { cRaw in
                        let h = hRaw.bindMemory(to: UInt32.self)
                        let cl = lRaw.bindMemory(to: UInt8.self)
                        let cc = cRaw.bindMemory(to: UInt16.self)
                        guard let hb = h.baseAddress, let lb = cl.baseAddress, let cb = cc.baseAddress else { return }
                        var i = 0
                        var distinct = 0
                        while i < size {
                            if h[Int(tree[i])] == 0 { distinct &+= 1 }
                            h[Int(tree[i])] &+= 1
                            i &+= 1
                        }
                        HuffmanLengths.build(frequencies: hb, count: 18, maxLength: 5, into: lb)
                        HuffmanLengths.canonicalCodes(lengths: lb, count: 18, into: cb)
                        var skip = 0
                        if cl[codeLengthOrder[0]] == 0 && cl[codeLengthOrder[1]] == 0 {
                            skip = cl[codeLengthOrder[2]] == 0 ? 3 : 2
                        }
                        var stored = 18
                        if distinct > 1 {
                            while stored > 0 && cl[codeLengthOrder[stored &- 1]] == 0 { stored &-= 1 }
                        }
                        w.add(UInt64(skip), 2)
                        i = skip
                        while i < stored {
                            let v = Int(cl[codeLengthOrder[i]])
                            w.add(codeLengthCodeBits[v], codeLengthCodeLengths[v])
                            w.flush()
                            i &+= 1
                        }
                        i = 0
                        while i < size {
                            let symbol = Int(tree[i])
                            if distinct > 1 { w.add(UInt64(cc[symbol]), Int(cl[symbol])) }
                            if symbol == 16 {
                                w.add(UInt64(extra[i]), 2)
                            } else if symbol == 17 {
                                w.add(UInt64(extra[i]), 3)
                            }
                            w.flush()
                            i &+= 1
                        }
                    }
                }
            }
        }
    }

    /// Run-length codes the lengths (codes 0...15, 16 = repeat the previous non-zero length,
    /// 17 = repeat zero, with their extra bits), dropping trailing zeros; returns the count.
    private static func runLengthCode(
        _ depth: UnsafePointer<UInt8>, _ n: Int, tree: UnsafeMutablePointer<UInt8>, extra: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var length = n
        while length > 0 && depth[length &- 1] == 0 { length &-= 1 }
        var rleNonZero = false
        var rleZero = false
        if n > 50 {
            var totalZero = 0, runsZero = 1, totalNonZero = 0, runsNonZero = 1
            var i = 0
            while i < length {
                let v = depth[i]
                var reps = 1
                while i &+ reps < length && depth[i &+ reps] == v { reps &+= 1 }
                if v == 0 && reps >= 3 {
                    totalZero &+= reps
                    runsZero &+= 1
                }
                if v != 0 && reps >= 4 {
                    totalNonZero &+= reps
                    runsNonZero &+= 1
                }
                i &+= reps
            }
            rleNonZero = totalNonZero > runsNonZero &* 2
            rleZero = totalZero > runsZero &* 2
        }
        var size = 0
        @inline(__always) func put(_ symbol: Int, _ bits: Int) {
            tree[size] = UInt8(truncatingIfNeeded: symbol)
            extra[size] = UInt8(truncatingIfNeeded: bits)
            size &+= 1
        }
        /// `reps` (at least 3) repetitions as repeat codes: digits of `reps - 3` in base
        /// 2^extraBits, most significant first (each further code multiplies the count).
        func putRepeat(_ code: Int, extraBits: Int, _ count: Int) {
            let start = size
            var reps = count &- 3
            while true {
                put(code, reps & ((1 &<< extraBits) &- 1))
                reps &>>= extraBits
                if reps == 0 { break }
                reps &-= 1
            }
            reverse(tree + start, size &- start)
            reverse(extra + start, size &- start)
        }
        var previous: UInt8 = 8
        var i = 0
        while i < length {
            let v = depth[i]
            var reps = 1
            if (v != 0 && rleNonZero) || (v == 0 && rleZero) {
                while i &+ reps < length && depth[i &+ reps] == v { reps &+= 1 }
            }
            i &+= reps
            if v == 0 {
                if reps == 11 {
                    put(0, 0)
                    reps &-= 1
                }
                if reps < 3 {
                    for _ in 0..<reps { put(0, 0) }
                } else {
                    putRepeat(17, extraBits: 3, reps)
                }
            } else {
                if previous != v {
                    put(Int(v), 0)
                    reps &-= 1
                }
                if reps == 7 {
                    put(Int(v), 0)
                    reps &-= 1
                }
                if reps < 3 {
                    for _ in 0..<reps { put(Int(v), 0) }
                } else {
                    putRepeat(16, extraBits: 2, reps)
                }
                previous = v
            }
        }
        return size
    }

    private static func reverse(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) {
        var a = 0
        var b = n &- 1
        while a < b {
            let t = p[a]
            p[a] = p[b]
            p[b] = t
            a &+= 1
            b &-= 1
        }
    }

    /// Writes NTREES and, with two or more trees, the context map `map[0..<size]` (values
    /// below `trees`): move-to-front, zero runs as run-length codes, IMTF flag set.
    static func writeContextMap(_ map: UnsafePointer<UInt8>, size: Int, trees: Int, _ w: inout LSBBitWriter) {
        writeVarLength256(trees, &w)
        guard trees >= 2 else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 &* size &+ 256) { buffer in
            guard let moved = buffer.baseAddress else { return }
            let order = moved + size
            let symbols = order + 256
            for k in 0..<256 { order[k] = UInt8(truncatingIfNeeded: k) }
            var longestRun = 0
            var run = 0
            for k in 0..<size {
                let v = map[k]
                var index = 0
                while order[index] != v { index &+= 1 }
                moved[k] = UInt8(truncatingIfNeeded: index)
                while index > 0 {
                    order[index] = order[index &- 1]
                    index &-= 1
                }
                order[0] = v
                if moved[k] == 0 {
                    run &+= 1
                    longestRun = max(longestRun, run)
                } else {
                    run = 0
                }
            }
            let rleMax = longestRun >= 2 ? min(Int.bitWidth &- 1 &- longestRun.leadingZeroBitCount, 16) : 0
            // Symbols with their run extras (value in `extras`, bit count = symbol for runs).
            var count = 0
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: size &+ 1) { extraBuffer in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: trees &+ rleMax &+ 1) { histogramBuffer in
                    guard let extras = extraBuffer.baseAddress, let histogram = histogramBuffer.baseAddress else { return }
                    histogram.initialize(repeating: 0, count: trees &+ rleMax &+ 1)
                    var k = 0
                    while k < size {
                        if moved[k] == 0 {
                            var zeros = 1
                            while k &+ zeros < size && moved[k &+ zeros] == 0 { zeros &+= 1 }
                            k &+= zeros
                            while zeros > 0 {
                                if zeros == 1 || rleMax == 0 {
                                    symbols[count] = 0
                                    extras[count] = 0
                                    zeros &-= 1
                                } else {
                                    let code = min(Int.bitWidth &- 1 &- zeros.leadingZeroBitCount, rleMax)
                                    let take = min(zeros, (1 &<< (code &+ 1)) &- 1)
                                    symbols[count] = UInt8(truncatingIfNeeded: code)
                                    extras[count] = UInt32(truncatingIfNeeded: take &- (1 &<< code))
                                    zeros &-= take
                                }
                                histogram[Int(symbols[count])] &+= 1
                                count &+= 1
                            }
                        } else {
                            symbols[count] = UInt8(truncatingIfNeeded: Int(moved[k]) &+ rleMax)
                            extras[count] = 0
                            histogram[Int(symbols[count])] &+= 1
                            count &+= 1
                            k &+= 1
                        }
                    }
                    if rleMax > 0 {
                        w.add(1, 1)
                        w.add(UInt64(rleMax &- 1), 4)
                    } else {
                        w.add(0, 1)
                    }
                    let alphabet = trees &+ rleMax
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: alphabet) { lengthBuffer in
                        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: alphabet) { codeBuffer in
                            guard let lengths = lengthBuffer.baseAddress, let codes = codeBuffer.baseAddress else { return }
                            buildAndWrite(counts: histogram, alphabet, lengths: lengths, codes: codes, &w)
                            for j in 0..<count {
                                let symbol = Int(symbols[j])
                                w.add(UInt64(codes[symbol]), Int(lengths[symbol]))
                                if symbol > 0 && symbol <= rleMax { w.add(UInt64(extras[j]), symbol) }
                                w.flush()
                            }
                        }
                    }
                    w.add(1, 1)
                    w.flush()
                }
            }
        }
    }
}
