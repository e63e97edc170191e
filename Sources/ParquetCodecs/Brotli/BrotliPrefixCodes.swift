/// Reading Brotli prefix codes (simple and complex, RFC 7932 sections 3.4 and 3.5), context
/// maps (section 7.3) and the small variable-length integers of the meta-block header.
extension LSBBitReader {
    /// The 1...256 "NBLTYPES"-style value of section 9.2.
    mutating func varLength256() throws -> Int {
        guard try bits(1) == 1 else { return 1 }
        let n = try bits(3)
        if n == 0 { return 2 }
        return (1 &<< n) &+ (try bits(n)) &+ 1
    }

    /// A block count (section 6): a symbol of the 26-symbol code at `table`, plus extra bits.
    mutating func blockCount(_ table: UnsafePointer<UInt32>) throws -> Int {
        let code = try symbol(table)
        return BrotliTables.blockCountBase[code] &+ (try bits(BrotliTables.blockCountExtra[code]))
    }

    /// Reads one prefix code over `alphabetSize` symbols and appends its table (root 8 bits)
    /// to `table`; returns the table's start index.
    mutating func readPrefixCode(alphabetSize: Int, into table: inout [UInt32]) throws -> Int {
        let hskip = try bits(2)
        if hskip == 1 {
            return try readSimpleCode(alphabetSize: alphabetSize, into: &table)
        }
        // Complex code: code length code lengths in the fixed order, HSKIP of them skipped.
        var clLengths = [UInt8](repeating: 0, count: 18)
        var space = 32
        var numCodes = 0
        var i = hskip
        while i < 18 {
            if bitCount < 4 { try refill() }
            let ix = Int(truncatingIfNeeded: bitBuf & 0xF)
            let v = BrotliTables.codeLengthCodeValue[ix]
            let n = BrotliTables.codeLengthCodeBits[ix]
            bitBuf &>>= UInt64(n)
            bitCount &-= n
            clLengths[BrotliTables.codeLengthOrder[i]] = UInt8(v)
            i &+= 1
            if v != 0 {
                space &-= 32 &>> v
                numCodes &+= 1
                if space <= 0 { break }
            }
        }
        guard numCodes == 1 || space == 0 else {
            throw ParquetError.corrupt("brotli: invalid code length code (space \(space))")
        }
        var clTable: [UInt32] = []
        if numCodes == 1, let only = clLengths.firstIndex(where: { $0 != 0 }) {
            _ = PrefixTable.buildSingle(payload: UInt32(only) &<< 16, rootBits: 5, into: &clTable)
        } else {
            _ = try clLengths.withUnsafeBufferPointer {
                try PrefixTable.build(lengths: $0, rootBits: 5, into: &clTable, what: "brotli code length code")
            }
        }
        // Symbol code lengths, with repeat codes 16 (previous non-zero length) and 17 (zeros).
        var lengths = [UInt8](repeating: 0, count: alphabetSize)
        var symbol = 0
        var prevLength = 8
        var repeatCount = 0
        var repeatLength = 0
        var codeSpace = 32768
        try clTable.withUnsafeBufferPointer { t in
            while symbol < alphabetSize && codeSpace > 0 {
                if bitCount < 8 { try refill() }
                let e = t[Int(truncatingIfNeeded: bitBuf & 0x1F)]
                let n = Int(e & PrefixTable.lengthMask)
                guard e & PrefixTable.invalid == 0 else {
                    throw ParquetError.corrupt("brotli: invalid code length symbol")
                }
                bitBuf &>>= UInt64(n)
                bitCount &-= n
                let code = Int(e &>> 16)
                if code < 16 {
                    repeatCount = 0
                    lengths[symbol] = UInt8(code)
                    symbol &+= 1
                    if code != 0 {
                        prevLength = code
                        codeSpace &-= 32768 &>> code
                    }
                    continue
                }
                let extraBits = code == 16 ? 2 : 3
                let newLength = code == 16 ? prevLength : 0
                if repeatLength != newLength {
                    repeatCount = 0
                    repeatLength = newLength
                }
                let oldRepeat = repeatCount
                if repeatCount > 0 {
                    repeatCount = (repeatCount &- 2) &<< extraBits
                }
                repeatCount &+= (try bits(extraBits)) &+ 3
                let delta = repeatCount &- oldRepeat
                guard delta <= alphabetSize &- symbol else {
                    throw ParquetError.corrupt("brotli: code length repeat runs past \(alphabetSize) symbols")
                }
                for k in symbol..<(symbol &+ delta) { lengths[k] = UInt8(repeatLength) }
                symbol &+= delta
                if repeatLength != 0 {
                    codeSpace &-= delta &* (32768 &>> repeatLength)
                }
            }
        }
        guard codeSpace == 0 else {
            throw ParquetError.corrupt("brotli: incomplete or over-subscribed prefix code")
        }
        try checkNotOverrun()
        return try lengths.withUnsafeBufferPointer {
            try PrefixTable.build(lengths: $0, rootBits: 8, into: &table, what: "brotli prefix code").start
        }
    }

    /// Simple prefix code: 1...4 symbols with implied lengths.
    mutating func readSimpleCode(alphabetSize: Int, into table: inout [UInt32]) throws -> Int {
        let nsym = (try bits(2)) &+ 1
        var alphabetBits = 0
        while (1 &<< alphabetBits) < alphabetSize { alphabetBits &+= 1 }
        var symbols = [Int](repeating: 0, count: nsym)
        for k in 0..<nsym {
            let s = try bits(alphabetBits)
            guard s < alphabetSize else {
                throw ParquetError.corrupt("brotli: simple code symbol \(s) outside alphabet of \(alphabetSize)")
            }
            guard !symbols[0..<k].contains(s) else {
                throw ParquetError.corrupt("brotli: simple code repeats symbol \(s)")
            }
            symbols[k] = s
        }
        if nsym == 1 {
            return PrefixTable.buildSingle(payload: UInt32(symbols[0]) &<< 16, rootBits: 8, into: &table)
        }
        let codeLengths: [UInt8]
        switch nsym {
        case 2: codeLengths = [1, 1]
        case 3: codeLengths = [1, 2, 2]
        default: codeLengths = try bits(1) == 0 ? [2, 2, 2, 2] : [1, 2, 3, 3]
        }
        var lengths = [UInt8](repeating: 0, count: alphabetSize)
        for k in 0..<nsym { lengths[symbols[k]] = codeLengths[k] }
        return try lengths.withUnsafeBufferPointer {
            try PrefixTable.build(lengths: $0, rootBits: 8, into: &table, what: "brotli simple prefix code").start
        }
    }

    /// Reads a context map of `size` entries with values below `trees` (section 7.3).
    mutating func readContextMap(size: Int, trees: Int) throws -> [UInt8] {
        var map = [UInt8](repeating: 0, count: size)
        if trees < 2 { return map }
        let rleMax = try bits(1) == 1 ? (try bits(4)) &+ 1 : 0
        var table: [UInt32] = []
        let start = try readPrefixCode(alphabetSize: trees &+ rleMax, into: &table)
        try table.withUnsafeBufferPointer { t in
            guard let base = t.baseAddress else { throw ParquetError.corrupt("brotli: empty table") }
            var i = 0
            while i < size {
                let code = try symbol(base + start)
                if code == 0 {
                    i &+= 1
                } else if code <= rleMax {
                    let run = (1 &<< code) &+ (try bits(code))
                    guard run <= size &- i else {
                        throw ParquetError.corrupt("brotli: context map run of \(run) exceeds \(size) entries")
                    }
                    i &+= run
                } else {
                    map[i] = UInt8(truncatingIfNeeded: code &- rleMax)
                    i &+= 1
                }
            }
        }
        if try bits(1) == 1 {
            // Inverse move-to-front.
            var mtf = [UInt8](repeating: 0, count: 256)
            for k in 0..<256 { mtf[k] = UInt8(k) }
            for k in 0..<size {
                let index = Int(map[k])
                let value = mtf[index]
                map[k] = value
                var j = index
                while j > 0 { mtf[j] = mtf[j &- 1]; j &-= 1 }
                mtf[0] = value
            }
        }
        for v in map where Int(v) >= trees {
            throw ParquetError.corrupt("brotli: context map value \(v) not below \(trees) trees")
        }
        try checkNotOverrun()
        return map
    }
}
