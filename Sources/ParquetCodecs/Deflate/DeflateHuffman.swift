/// Table-driven canonical prefix ("Huffman") decoding, shared by DEFLATE and Brotli.
///
/// Both formats send prefix codes most-significant bit first inside an LSB-first bit stream,
/// so a table is indexed by the next `rootBits` stream bits, i.e. by the bit-reversed code.
/// Codes longer than `rootBits` continue in a second-level subtable.
///
/// Entry layout (`UInt32`):
/// - bits 0...4: number of bits the entry consumes (for a subtable pointer: `rootBits`);
/// - bit 6: ``invalid`` — no code maps here (incomplete code); decoding must throw;
/// - bit 7: ``subtable`` — bits 8...15 hold the subtable's index width and bits 16...31 its
///   offset from the start of the table;
/// - bits 8...31 otherwise: the caller's payload for the symbol (by default `symbol << 16`).
enum PrefixTable {
    static let lengthMask: UInt32 = 0x1F
    static let invalid: UInt32 = 0x40
    static let subtable: UInt32 = 0x80
    /// Longest code either format allows.
    static let maxCodeLength = 15

    /// Builds the decoding table for the code lengths in `lengths` (0 = symbol unused) and
    /// appends it to `table`. Returns the table's start index in `table` and whether the code
    /// is complete (an incomplete code leaves ``invalid`` entries).
    ///
    /// - Parameter payloads: per-symbol payload (already shifted into bits 8...31); when nil
    ///   the payload is `symbol << 16`.
    /// - Throws: `.corrupt` when a length exceeds 15 or the lengths over-subscribe the code
    ///   space (the Kraft sum exceeds 1).
    static func build(
        lengths: UnsafeBufferPointer<UInt8>, rootBits: Int,
        payloads: UnsafeBufferPointer<UInt32>? = nil,
        into table: inout [UInt32], what: StaticString
    ) throws -> (start: Int, complete: Bool) {
        let n = lengths.count
        var count = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return try withUnsafeMutableBytes(of: &count) { countRaw in
            let counts = countRaw.bindMemory(to: Int.self)
            for len in lengths {
                guard len <= 15 else {
                    throw ParquetError.corrupt("\(what): code length \(len) exceeds 15")
                }
                counts[Int(len)] &+= 1
            }
            counts[0] = 0
            // Kraft check, in units of 2^-15.
            var left = 1
            for len in 1...15 {
                left = (left &<< 1) &- counts[len]
                guard left >= 0 else {
                    throw ParquetError.corrupt("\(what): over-subscribed prefix code")
                }
            }
            let complete = left == 0
            let rootSize = 1 &<< rootBits
            let start = table.count
            return try withUnsafeTemporaryAllocation(of: Int.self, capacity: 16 &+ rootSize) { scratch in
                // scratch[0..<16]: next canonical code per length; scratch[16...]: longest code
                // under each root prefix (0 = none longer than rootBits).
                var code = 0
                scratch[0] = 0
                for len in 1...15 {
                    code = (code &+ counts[len &- 1]) &<< 1
                    scratch[len] = code
                }
                for i in 0..<rootSize { scratch[16 &+ i] = 0 }
                // Pass 1: longest code per root prefix among codes longer than rootBits.
                var nextCode = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                withUnsafeMutableBytes(of: &nextCode) { raw in
                    let next = raw.bindMemory(to: Int.self)
                    for len in 0..<16 { next[len] = scratch[len] }
                    for s in 0..<n {
                        let len = Int(lengths[s])
                        guard len > rootBits else {
                            if len > 0 { next[len] &+= 1 }
                            continue
                        }
                        let reversed = reverse(next[len], bits: len)
                        next[len] &+= 1
                        let prefix = reversed & (rootSize &- 1)
                        if scratch[16 &+ prefix] < len { scratch[16 &+ prefix] = len }
                    }
                }
                // Lay out subtables after the root table.
                var size = rootSize
                for p in 0..<rootSize where scratch[16 &+ p] > 0 {
                    let bits = scratch[16 &+ p] &- rootBits
                    // Store offset<<5 | bits to recover both below.
                    scratch[16 &+ p] = (size &<< 5) | bits
                    size &+= 1 &<< bits
                }
                table.append(contentsOf: repeatElement(PrefixTable.invalid, count: size))
                try table.withUnsafeMutableBufferPointer { all in
                    guard let base = all.baseAddress else {
                        throw ParquetError.corrupt("\(what): empty table")
                    }
                    let t = base + start
                    for p in 0..<rootSize where scratch[16 &+ p] > 0 {
                        let offset = scratch[16 &+ p] &>> 5
                        let bits = scratch[16 &+ p] & 31
                        t[p] = UInt32(offset) &<< 16 | UInt32(bits) &<< 8 | PrefixTable.subtable | UInt32(rootBits)
                    }
                    for s in 0..<n {
                        let len = Int(lengths[s])
                        guard len > 0 else { continue }
                        let payload = payloads.map { $0[s] } ?? (UInt32(truncatingIfNeeded: s) &<< 16)
                        let reversed = reverse(scratch[len], bits: len)
                        scratch[len] &+= 1
                        if len <= rootBits {
                            let entry = payload | UInt32(len)
                            var i = reversed
                            while i < rootSize {
                                t[i] = entry
                                i &+= 1 &<< len
                            }
                        } else {
                            let pointer = t[reversed & (rootSize &- 1)]
                            let offset = Int(pointer &>> 16)
                            let subBits = Int((pointer &>> 8) & 0xFF)
                            let subLen = len &- rootBits
                            let entry = payload | UInt32(subLen)
                            var i = reversed &>> rootBits
                            while i < (1 &<< subBits) {
                                t[offset &+ i] = entry
                                i &+= 1 &<< subLen
                            }
                        }
                    }
                }
                return (start, complete)
            }
        }
    }

    /// Appends a table of `1 << rootBits` entries that all decode to `payload` using zero
    /// bits (a code with a single symbol, as Brotli's one-symbol simple codes).
    static func buildSingle(payload: UInt32, rootBits: Int, into table: inout [UInt32]) -> Int {
        let start = table.count
        table.append(contentsOf: repeatElement(payload, count: 1 &<< rootBits))
        return start
    }

    /// The low `bits` bits of `code`, reversed.
    @inline(__always)
    static func reverse(_ code: Int, bits: Int) -> Int {
        var v = UInt16(truncatingIfNeeded: code)
        v = (v & 0x5555) &<< 1 | (v &>> 1) & 0x5555
        v = (v & 0x3333) &<< 2 | (v &>> 2) & 0x3333
        v = (v & 0x0F0F) &<< 4 | (v &>> 4) & 0x0F0F
        v = v.byteSwapped
        return Int(v &>> UInt16(16 &- bits))
    }
}
