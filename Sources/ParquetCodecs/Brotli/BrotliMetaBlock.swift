/// Decoding of one compressed Brotli meta-block: its header (block types and counts,
/// distance parameters, context modes and maps, prefix codes) and its commands.
extension BrotliDecoder {
    /// Block-switch state of one category (literal, insert-and-copy, distance).
    struct BlockCategory {
        var types = 1
        var typeTree = 0
        var countTree = 0
        /// Commands/literals/distances left in the current block.
        var count = Int.max
        var current = 0
        var previous = 1

        /// Reads a block-switch command (section 6): the new block type and its count.
        @inline(never)
        mutating func switchBlock(_ r: inout LSBBitReader, _ tables: UnsafePointer<UInt32>) throws {
            let code = try r.symbol(tables + typeTree)
            var next: Int
            switch code {
            case 0: next = previous
            case 1: next = current &+ 1
            default: next = code &- 2
            }
            if next >= types { next &-= types }
            previous = current
            current = next
            count = try r.blockCount(tables + countTree)
        }
    }

    mutating func readBlockCategory(_ tables: inout [UInt32]) throws -> BlockCategory {
        var c = BlockCategory()
        c.types = try br.varLength256()
        guard c.types >= 2 else { return c }
        c.typeTree = try br.readPrefixCode(alphabetSize: c.types &+ 2, into: &tables)
        c.countTree = try br.readPrefixCode(alphabetSize: 26, into: &tables)
        let countTree = c.countTree
        c.count = try tables.withUnsafeBufferPointer { t in
            guard let base = t.baseAddress else { throw ParquetError.corrupt("brotli: empty table") }
            return try br.blockCount(base + countTree)
        }
        return c
    }

    mutating func decodeCompressedMetaBlock(_ mlen: Int) throws {
        var tables: [UInt32] = []
        var lit = try readBlockCategory(&tables)
        var cmd = try readBlockCategory(&tables)
        var dist = try readBlockCategory(&tables)
        let npostfix = try br.bits(2)
        let ndirect = (try br.bits(4)) &<< npostfix
        var modes = [Int](repeating: 0, count: lit.types)
        for i in 0..<lit.types { modes[i] = (try br.bits(2)) &* 512 }
        let literalTreeCount = try br.varLength256()
        let literalMap = try br.readContextMap(size: 64 &* lit.types, trees: literalTreeCount)
        let distanceTreeCount = try br.varLength256()
        let distanceMap = try br.readContextMap(size: 4 &* dist.types, trees: distanceTreeCount)
        var literalTrees = [Int](repeating: 0, count: literalTreeCount)
        for i in 0..<literalTreeCount {
            literalTrees[i] = try br.readPrefixCode(alphabetSize: 256, into: &tables)
        }
        var commandTrees = [Int](repeating: 0, count: cmd.types)
        for i in 0..<cmd.types {
            commandTrees[i] = try br.readPrefixCode(alphabetSize: 704, into: &tables)
        }
        let distanceAlphabet = 16 &+ ndirect &+ (48 &<< npostfix)
        var distanceTrees = [Int](repeating: 0, count: distanceTreeCount)
        for i in 0..<distanceTreeCount {
            distanceTrees[i] = try br.readPrefixCode(alphabetSize: distanceAlphabet, into: &tables)
        }
        try br.checkNotOverrun()

        // Literal table start per (block type, context ID): context map and trees combined.
        var literalTreeOf = [Int](repeating: 0, count: literalMap.count)
        for i in 0..<literalMap.count { literalTreeOf[i] = literalTrees[Int(literalMap[i])] }
        let postfixMask = (1 &<< npostfix) &- 1
        // The hot loop works on local copies of the reader and output position.
        var r = br
        var op = self.op
        defer {
            br = r
            self.op = op
        }
        let dst = self.dst
        let dstCount = self.dstCount
        try tables.withUnsafeBufferPointer { t in
            try literalTreeOf.withUnsafeBufferPointer { literalTreeBuffer in
            try BrotliTables.contextLookup.withUnsafeBufferPointer { lookupBuffer in
            try BrotliTables.command.withUnsafeBufferPointer { commandBuffer in
                guard let base = t.baseAddress, let literalTree = literalTreeBuffer.baseAddress,
                      let lookup = lookupBuffer.baseAddress, let commands = commandBuffer.baseAddress
                else { throw ParquetError.corrupt("brotli: empty table") }
                var remaining = mlen
                var mode = modes[0]
                var literalMapBase = 0
                var distanceMapBase = 0
                var commandTree = commandTrees[0]
                // Every command produces at least one byte or ends the meta-block.
                while remaining > 0 {
                    if cmd.count == 0 {
                        try cmd.switchBlock(&r, base)
                        commandTree = commandTrees[cmd.current]
                    }
                    cmd.count &-= 1
                    let command = Int(commands[try r.symbol(base + commandTree)])
                    let insertCode = command &>> 8
                    let copyCode = (command &>> 1) & 0x7F
                    let insertLength = BrotliTables.insertBase[insertCode] &+ (try r.bits(BrotliTables.insertExtra[insertCode]))
                    let copyLength = BrotliTables.copyBase[copyCode] &+ (try r.bits(BrotliTables.copyExtra[copyCode]))
                    guard insertLength <= remaining else {
                        throw ParquetError.corrupt("brotli: \(insertLength) literals exceed the meta-block")
                    }
                    if insertLength > 0 {
                        var p1 = op > 0 ? Int(dst[op &- 1]) : 0
                        var p2 = op > 1 ? Int(dst[op &- 2]) : 0
                        let end = op &+ insertLength
                        while op < end {
                            if lit.count == 0 {
                                try lit.switchBlock(&r, base)
                                mode = modes[lit.current]
                                literalMapBase = lit.current &* 64
                            }
                            lit.count &-= 1
                            let context = Int(lookup[mode &+ p1] | lookup[mode &+ 256 &+ p2])
                            let byte = try r.symbol(base + literalTree[literalMapBase &+ context])
                            dst[op] = UInt8(truncatingIfNeeded: byte)
                            op &+= 1
                            p2 = p1
                            p1 = byte
                        }
                        remaining &-= insertLength
                        if remaining == 0 { break }
                    }

                    var distance: Int
                    var pushDistance = true
                    if command & 1 != 0 {
                        distance = last0
                        pushDistance = false
                    } else {
                        if dist.count == 0 {
                            try dist.switchBlock(&r, base)
                            distanceMapBase = dist.current &* 4
                        }
                        dist.count &-= 1
                        let context = copyLength > 4 ? 3 : copyLength &- 2
                        let tree = distanceTrees[Int(distanceMap[distanceMapBase &+ context])]
                        let code = try r.symbol(base + tree)
                        if code < 16 {
                            pushDistance = code != 0
                            distance = try specialDistance(code)
                        } else if code < 16 &+ ndirect {
                            distance = code &- 15
                        } else {
                            let x = code &- ndirect &- 16
                            let extraBits = 1 &+ (x &>> (npostfix &+ 1))
                            let offset = ((2 &+ ((x &>> npostfix) & 1)) &<< extraBits) &- 4
                            distance = ((offset &+ (try r.bits(extraBits))) &<< npostfix) &+ (x & postfixMask) &+ ndirect &+ 1
                        }
                    }
                    let maxDistance = min(maxBackward, op)
                    if distance > maxDistance {
                        let written = try dictionaryWord(
                            distance &- maxDistance &- 1, length: copyLength, at: op, room: remaining)
                        op &+= written
                        remaining &-= written
                        continue
                    }
                    if pushDistance {
                        last3 = last2
                        last2 = last1
                        last1 = last0
                        last0 = distance
                    }
                    guard copyLength <= remaining else {
                        throw ParquetError.corrupt("brotli: copy of \(copyLength) bytes exceeds the meta-block")
                    }
                    SnappyDecoder.copyMatch(dst: UnsafeMutableRawPointer(dst), op: op, offset: distance,
                                            length: copyLength, outLeft: dstCount &- op)
                    op &+= copyLength
                    remaining &-= copyLength
                }
            }
            }
            }
        }
    }

    /// Distance codes 0...15: the last distances, possibly adjusted by -3...+3.
    @inline(__always)
    func specialDistance(_ code: Int) throws -> Int {
        let d: Int
        switch code {
        case 0: d = last0
        case 1: d = last1
        case 2: d = last2
        case 3: d = last3
        default:
            // 4...9 adjust last0, 10...15 adjust last1, by -1, +1, -2, +2, -3, +3.
            let k = code < 10 ? code &- 4 : code &- 10
            let delta = (k &>> 1) &+ 1
            let base = code < 10 ? last0 : last1
            d = k & 1 == 0 ? base &- delta : base &+ delta
        }
        guard d > 0 else {
            throw ParquetError.corrupt("brotli: distance code \(code) resolves to \(d)")
        }
        return d
    }

    /// Writes the static dictionary word `wordID` of `length` (section 8); returns the
    /// number of bytes written, which must fit in `room`.
    func dictionaryWord(_ wordID: Int, length: Int, at op: Int, room: Int) throws -> Int {
        guard length >= 4, length <= 24 else {
            throw ParquetError.corrupt("brotli: dictionary reference with invalid length \(length)")
        }
        let bits = BrotliTables.dictionaryBits[length]
        let index = wordID & ((1 &<< bits) &- 1)
        let transform = wordID &>> bits
        guard transform < 121 else {
            throw ParquetError.corrupt("brotli: invalid dictionary transform \(transform)")
        }
        guard let dictionary = BrotliDictionary.bytes else {
            throw ParquetError.unsupported("brotli: the static dictionary is unavailable")
        }
        let offset = BrotliTables.dictionaryOffsets[length] &+ index &* length
        let roomLeft = min(room, dstCount &- op)
        let written = dictionary.withUnsafeBufferPointer { d -> Int? in
            guard let words = d.baseAddress, offset &+ length <= d.count else { return nil }
            return BrotliDictionary.transform(transform, word: words + offset, length: length,
                                              into: dst + op, room: roomLeft)
        }
        guard let written else {
            throw ParquetError.corrupt("brotli: dictionary word exceeds the meta-block")
        }
        return written
    }
}
