#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A column chunk's values as a dictionary of distinct values plus one index per value.
struct DictionaryEncoded {
    /// The distinct values, in order of first appearance.
    var dictionary: ColumnValues
    /// For each value of the chunk, its position in `dictionary`.
    var indices: [UInt32]
    /// Size of the dictionary page body (PLAIN encoding).
    var dictionaryBytes: Int
}

/// Builds chunk dictionaries with open-addressing hash tables (no per-value allocation).
enum DictionaryBuilder {
    /// Most entries a dictionary may hold (indices are 32-bit, page counts Int32).
    static let maxEntries = Int(Int32.max) - 1

    /// Dictionary-encodes `range` of `values`; nil when the PLAIN dictionary would exceed
    /// `maxBytes`, or for BOOLEAN and INT96 (always written PLAIN).
    static func build(_ values: ColumnValues, range: Range<Int>, maxBytes: Int) -> DictionaryEncoded? {
        switch values {
        case .int32(let v): return fixed(v, range, maxBytes) { UInt64(UInt32(bitPattern: $0)) }.map { wrap($0, ColumnValues.int32) }
        case .int64(let v): return fixed(v, range, maxBytes) { UInt64(bitPattern: $0) }.map { wrap($0, ColumnValues.int64) }
        case .float(let v): return fixed(v, range, maxBytes) { UInt64($0.bitPattern) }.map { wrap($0, ColumnValues.float) }
        case .double(let v): return fixed(v, range, maxBytes) { $0.bitPattern }.map { wrap($0, ColumnValues.double) }
        case .byteArray(let v): return byteArrays(v, range, maxBytes)
        case .fixedLenByteArray(let v): return fixedLen(v, range, maxBytes)
        case .boolean, .int96: return nil
        }
    }

    private static func wrap<T>(_ r: (values: [T], indices: [UInt32], bytes: Int), _ make: ([T]) -> ColumnValues) -> DictionaryEncoded {
        DictionaryEncoded(dictionary: make(r.values), indices: r.indices, dictionaryBytes: r.bytes)
    }

    /// Fixed-width values keyed by their bit pattern (so NaN payloads and -0.0 survive).
    @inline(__always)
    private static func fixed<T: BitwiseCopyable>(
        _ values: [T], _ range: Range<Int>, _ maxBytes: Int, _ key: (T) -> UInt64
    ) -> (values: [T], indices: [UInt32], bytes: Int)? {
        let width = MemoryLayout<T>.size
        var table = HashSlots(expected: Swift.min(range.count, 1024))
        var keys: [UInt64] = []
        var distinct: [T] = []
        var indices = [UInt32](repeating: 0, count: range.count)
        let ok = values.withUnsafeBufferPointer { v in
            indices.withUnsafeMutableBufferPointer { out in
                for (k, i) in range.enumerated() {
                    let x = v[i]
                    let key = key(x)
                    let hash = mix(key)
                    var slot = Int(truncatingIfNeeded: hash) & table.mask
                    while true {
                        let entry = table.slots[slot]
                        if entry == 0 {
                            guard (distinct.count + 1) * width <= maxBytes, distinct.count < maxEntries else { return false }
                            distinct.append(x)
                            keys.append(key)
                            table.slots[slot] = UInt32(distinct.count)
                            out[k] = UInt32(distinct.count - 1)
                            if table.needsGrowth(distinct.count) { table.grow { mix(keys[$0]) } }
                            break
                        }
                        if keys[Int(entry) - 1] == key {
                            out[k] = entry - 1
                            break
                        }
                        slot = (slot + 1) & table.mask
                    }
                }
                return true
            }
        }
        return ok ? (distinct, indices, distinct.count * width) : nil
    }

    private static func byteArrays(_ v: ByteArrayValues, _ range: Range<Int>, _ maxBytes: Int) -> DictionaryEncoded? {
        var table = HashSlots(expected: Swift.min(range.count, 1024))
        var hashes: [UInt64] = []
        var first: [Int] = []   // value index of each entry's first appearance
        var bytes = 0
        var indices = [UInt32](repeating: 0, count: range.count)
        let ok = v.bytes.withUnsafeBytes { data in
            v.offsets.withUnsafeBufferPointer { offsets in
                indices.withUnsafeMutableBufferPointer { out in
                    for (k, i) in range.enumerated() {
                        let value = UnsafeRawBufferPointer(rebasing: data[offsets[i] ..< offsets[i + 1]])
                        let hash = hashBytes(value)
                        var slot = Int(truncatingIfNeeded: hash) & table.mask
                        while true {
                            let entry = table.slots[slot]
                            if entry == 0 {
                                bytes += 4 + value.count
                                guard bytes <= maxBytes, first.count < maxEntries else { return false }
                                first.append(i)
                                hashes.append(hash)
                                table.slots[slot] = UInt32(first.count)
                                out[k] = UInt32(first.count - 1)
                                if table.needsGrowth(first.count) { table.grow { hashes[$0] } }
                                break
                            }
                            let e = Int(entry) - 1
                            if hashes[e] == hash {
                                let j = first[e]
                                let other = UnsafeRawBufferPointer(rebasing: data[offsets[j] ..< offsets[j + 1]])
                                if equal(value, other) {
                                    out[k] = entry - 1
                                    break
                                }
                            }
                            slot = (slot + 1) & table.mask
                        }
                    }
                    return true
                }
            }
        }
        guard ok else { return nil }
        var dictionary = ByteArrayValues()
        dictionary.reserveCapacity(values: first.count, bytes: bytes - 4 * first.count)
        for i in first { dictionary.append(v.bytes[v.range(i)]) }
        return DictionaryEncoded(dictionary: .byteArray(dictionary), indices: indices, dictionaryBytes: bytes)
    }

    private static func fixedLen(_ v: FixedLenByteArrayValues, _ range: Range<Int>, _ maxBytes: Int) -> DictionaryEncoded? {
        let width = v.width
        guard width > 0 else { return nil }
        var table = HashSlots(expected: Swift.min(range.count, 1024))
        var hashes: [UInt64] = []
        var first: [Int] = []
        var indices = [UInt32](repeating: 0, count: range.count)
        let ok = v.bytes.withUnsafeBytes { data in
            indices.withUnsafeMutableBufferPointer { out in
                for (k, i) in range.enumerated() {
                    let value = UnsafeRawBufferPointer(rebasing: data[i * width ..< (i + 1) * width])
                    let hash = hashBytes(value)
                    var slot = Int(truncatingIfNeeded: hash) & table.mask
                    while true {
                        let entry = table.slots[slot]
                        if entry == 0 {
                            guard (first.count + 1) * width <= maxBytes, first.count < maxEntries else { return false }
                            first.append(i)
                            hashes.append(hash)
                            table.slots[slot] = UInt32(first.count)
                            out[k] = UInt32(first.count - 1)
                            if table.needsGrowth(first.count) { table.grow { hashes[$0] } }
                            break
                        }
                        let e = Int(entry) - 1
                        if hashes[e] == hash {
                            let j = first[e]
                            if equal(value, UnsafeRawBufferPointer(rebasing: data[j * width ..< (j + 1) * width])) {
                                out[k] = entry - 1
                                break
                            }
                        }
                        slot = (slot + 1) & table.mask
                    }
                }
                return true
            }
        }
        guard ok else { return nil }
        var dictionary = FixedLenByteArrayValues(width: width)
        dictionary.bytes.reserveCapacity(first.count * width)
        for i in first { dictionary.bytes.append(contentsOf: v.bytes[i * width ..< (i + 1) * width]) }
        return DictionaryEncoded(dictionary: .fixedLenByteArray(dictionary), indices: indices, dictionaryBytes: first.count * width)
    }

    @inline(__always)
    static func mix(_ key: UInt64) -> UInt64 {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h &>> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h &>> 32)
    }

    /// A fast 64-bit hash of a byte string, eight bytes at a time.
    @inline(__always)
    static func hashBytes(_ p: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: p.count)
        var i = 0
        let n = p.count
        while i &+ 8 <= n {
            let word = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h &>> 32
            i &+= 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) &<< shift
            shift &+= 8
            i &+= 1
        }
        return mix(h ^ tail)
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress, a.count > 0 else { return true }
        return memcmp(pa, pb, a.count) == 0
    }
}

/// Open-addressing slots holding dictionary entry numbers plus one (0 = empty), kept at most
/// half full.
struct HashSlots {
    var slots: [UInt32]
    var mask: Int

    init(expected: Int) {
        var capacity = 16
        while capacity < 2 * expected && capacity < 1 << 26 { capacity <<= 1 }
        slots = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    func needsGrowth(_ count: Int) -> Bool { 2 * count > slots.count }

    /// Doubles the table, reinserting entries by `hash(entry index)`.
    mutating func grow(_ hash: (Int) -> UInt64) {
        let capacity = slots.count * 2
        var fresh = [UInt32](repeating: 0, count: capacity)
        let newMask = capacity - 1
        for entry in slots where entry != 0 {
            var slot = Int(truncatingIfNeeded: hash(Int(entry) - 1)) & newMask
            while fresh[slot] != 0 { slot = (slot + 1) & newMask }
            fresh[slot] = entry
        }
        slots = fresh
        mask = newMask
    }
}
