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
        let lit = try readBlockCategory(&tables)
        let cmd = try readBlockCategory(&tables)
        let dist = try readBlockCategory(&tables)
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

        // Table starts resolved once per meta-block: the literal tree per (block type,
        // context ID) and the distance tree per (block type, distance context), that is the
        // context maps and the trees combined; plus, per literal block type, whether all its
        // 64 contexts share one tree (then the literal loop skips the context).
        let literalContexts = literalMap.count
        let distanceContexts = distanceMap.count
        let intCount = literalContexts &+ distanceContexts &+ cmd.types &+ lit.types &* 2
        let ints = UnsafeMutablePointer<Int>.allocate(capacity: intCount)
        defer { ints.deallocate() }
        let literalTreeOf = ints
        let distanceTreeOf = ints + literalContexts
        let commandTreeOf = distanceTreeOf + distanceContexts
        let modeOf = commandTreeOf + cmd.types
        let singleTreeOf = modeOf + lit.types
        for i in 0..<literalContexts { literalTreeOf[i] = literalTrees[Int(literalMap[i])] }
        for i in 0..<distanceContexts { distanceTreeOf[i] = distanceTrees[Int(distanceMap[i])] }
        for i in 0..<cmd.types { commandTreeOf[i] = commandTrees[i] }
        for i in 0..<lit.types {
            modeOf[i] = modes[i]
            let first = literalTreeOf[i &* 64]
            var single = true
            for c in 1..<64 where literalTreeOf[i &* 64 &+ c] != first { single = false }
            singleTreeOf[i] = single ? first : -1
        }
        try tables.withUnsafeBufferPointer { t in
            try BrotliTables.contextLookup.withUnsafeBufferPointer { lookupBuffer in
            try BrotliTables.commandLengths.withUnsafeBufferPointer { lengthsBuffer in
                guard let prefix = t.baseAddress, let lookup = lookupBuffer.baseAddress,
                      let lengths = lengthsBuffer.baseAddress
                else { throw ParquetError.corrupt("brotli: empty table") }
                let k = CommandTables(
                    prefix: prefix, lookup: lookup, lengths: lengths,
                    literalTreeOf: UnsafePointer(literalTreeOf), distanceTreeOf: UnsafePointer(distanceTreeOf),
                    commandTreeOf: UnsafePointer(commandTreeOf), modeOf: UnsafePointer(modeOf),
                    singleTreeOf: UnsafePointer(singleTreeOf),
                    ndirect: ndirect, npostfix: npostfix)
                try decodeCommands(mlen, k, lit, cmd, dist)
            }
            }
        }
    }

    /// The read-only tables of one meta-block's command loop, as pointers valid for the loop.
    struct CommandTables {
        /// All prefix-code tables of the meta-block (each entry as built by ``PrefixTable``).
        let prefix: UnsafePointer<UInt32>
        /// ``BrotliTables/contextLookup``.
        let lookup: UnsafePointer<UInt8>
        /// ``BrotliTables/commandLengths``.
        let lengths: UnsafePointer<UInt64>
        /// Literal table start per literal block type × 64 + context ID.
        let literalTreeOf: UnsafePointer<Int>
        /// Distance table start per distance block type × 4 + distance context.
        let distanceTreeOf: UnsafePointer<Int>
        /// Insert-and-copy table start per command block type.
        let commandTreeOf: UnsafePointer<Int>
        /// Context mode × 512 per literal block type.
        let modeOf: UnsafePointer<Int>
        /// The one literal table start of a literal block type whose contexts all share it, else -1.
        let singleTreeOf: UnsafePointer<Int>
        let ndirect: Int
        let npostfix: Int
    }

    /// The command loop of one compressed meta-block of `mlen` bytes (section 9.3, step 2).
    ///
    /// The bit reader, output position, block-switch state and last distances are kept in
    /// locals (written back when the loop ends or throws) so that they stay in registers;
    /// the rare block switches work on copies for the same reason. Every insert and copy
    /// length is checked against what is left of the meta-block, which the caller checked
    /// against the output, and every distance against the output written so far.
    mutating func decodeCommands(
        _ mlen: Int, _ k: CommandTables,
        _ litStart: BlockCategory, _ cmdStart: BlockCategory, _ distStart: BlockCategory
    ) throws {
        var r = br
        var op = self.op
        var last0 = self.last0, last1 = self.last1, last2 = self.last2, last3 = self.last3
        defer {
            br = r
            self.op = op
            self.last0 = last0
            self.last1 = last1
            self.last2 = last2
            self.last3 = last3
        }
        var lit = litStart, cmd = cmdStart, dist = distStart
        let dst = self.dst
        let dstCount = self.dstCount
        let maxBackward = self.maxBackward
        let prefix = k.prefix, lookup = k.lookup, lengths = k.lengths
        let ndirect = k.ndirect, npostfix = k.npostfix
        let postfixMask = (1 &<< npostfix) &- 1
        var remaining = mlen
        var mode = k.modeOf[0]
        var singleTree = k.singleTreeOf[0]
        var literalTrees = k.literalTreeOf
        var distanceTrees = k.distanceTreeOf
        var commandTree = prefix + k.commandTreeOf[0]
        // Every command produces at least one byte or ends the meta-block.
        while remaining > 0 {
            if cmd.count == 0 {
                var c = cmd, rr = r
                try c.switchBlock(&rr, prefix)
                cmd = c
                r = rr
                commandTree = prefix + k.commandTreeOf[cmd.current]
            }
            cmd.count &-= 1
            let entry = lengths[try r.symbol(commandTree)]
            // Both lengths' extra bits (at most 24 + 24) in one read of up to 48 bits.
            let insertExtra = Int(truncatingIfNeeded: (entry &>> 16) & 0xFF)
            let extra = try r.bits(insertExtra &+ Int(truncatingIfNeeded: (entry &>> 40) & 0xFF))
            let insertLength = Int(truncatingIfNeeded: entry & 0xFFFF)
                &+ (extra & ((1 &<< insertExtra) &- 1))
            let copyLength = Int(truncatingIfNeeded: (entry &>> 24) & 0xFFFF) &+ (extra &>> insertExtra)
            guard insertLength <= remaining else {
                throw ParquetError.corrupt("brotli: \(insertLength) literals exceed the meta-block")
            }
            if insertLength > 0 {
                var p1 = op > 0 ? Int(dst[op &- 1]) : 0
                var p2 = op > 1 ? Int(dst[op &- 2]) : 0
                let end = op &+ insertLength
                while op < end {
                    if lit.count == 0 {
                        var c = lit, rr = r
                        try c.switchBlock(&rr, prefix)
                        lit = c
                        r = rr
                        mode = k.modeOf[lit.current]
                        singleTree = k.singleTreeOf[lit.current]
                        literalTrees = k.literalTreeOf + lit.current &* 64
                    }
                    // Literals up to the block's end or the insert's, whichever is first.
                    let stop = op &+ min(end &- op, lit.count)
                    lit.count &-= stop &- op
                    if singleTree >= 0 {
                        let tree = prefix + singleTree
                        while op < stop {
                            dst[op] = UInt8(truncatingIfNeeded: try r.symbol(tree))
                            op &+= 1
                        }
                        p1 = op > 0 ? Int(dst[op &- 1]) : 0
                        p2 = op > 1 ? Int(dst[op &- 2]) : 0
                    } else {
                        while op < stop {
                            let context = Int(lookup[mode &+ p1] | lookup[mode &+ 256 &+ p2])
                            let byte = try r.symbol(prefix + literalTrees[context])
                            dst[op] = UInt8(truncatingIfNeeded: byte)
                            op &+= 1
                            p2 = p1
                            p1 = byte
                        }
                    }
                }
                remaining &-= insertLength
                if remaining == 0 { break }
            }

            var distance: Int
            var pushDistance = true
            if entry &>> 48 != 0 {
                distance = last0
                pushDistance = false
            } else {
                if dist.count == 0 {
                    var c = dist, rr = r
                    try c.switchBlock(&rr, prefix)
                    dist = c
                    r = rr
                    distanceTrees = k.distanceTreeOf + dist.current &* 4
                }
                dist.count &-= 1
                let context = copyLength > 4 ? 3 : copyLength &- 2
                let code = try r.symbol(prefix + distanceTrees[context])
                if code < 16 {
                    pushDistance = code != 0
                    distance = try Self.specialDistance(code, last0, last1, last2, last3)
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

    /// Distance codes 0...15: the last distances (most recent first), possibly adjusted by
    /// -3...+3.
    @inline(__always)
    static func specialDistance(_ code: Int, _ last0: Int, _ last1: Int, _ last2: Int, _ last3: Int) throws -> Int {
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
