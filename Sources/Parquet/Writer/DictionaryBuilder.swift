#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The dictionary of one column chunk as it is written page by page: the distinct values
/// in order of first appearance, found through an open-addressing hash table (no per-value
/// allocation). Each page's values are looked up and added with ``encode(_:range:maxBytes:)``.
struct DictionaryState {
    /// The distinct values, in order of first appearance (the dictionary page's entries).
    private(set) var values: ColumnValues
    /// Size of the dictionary page body (PLAIN encoding).
    private(set) var plainBytes = 0
    private var table = HashSlots(expected: 64)
    /// The 64-bit key (fixed-width values: their bit pattern) or hash (byte strings) of each entry.
    private var keys: [UInt64] = []

    /// Most entries a dictionary may hold (indices are 32-bit, page counts Int32).
    static let maxEntries = Int(Int32.max) - 1

    /// An empty dictionary for values like `values`; nil for BOOLEAN and INT96 (always
    /// written PLAIN) and zero-width FIXED_LEN_BYTE_ARRAY.
    init?(like values: ColumnValues) {
        switch values {
        case .boolean, .int96: return nil
        case .fixedLenByteArray(let v) where v.width <= 0: return nil
        default: self.values = .empty(like: values)
        }
    }

    /// Number of entries.
    var count: Int { keys.count }

    /// The dictionary index of each value of `range` of `values` (which must be this
    /// dictionary's case), adding the values not seen yet. Nil when the dictionary would grow
    /// past `maxBytes` (PLAIN size) or ``maxEntries``; the entries this call added are then
    /// dropped again, but the hash table is left stale: the caller must stop using the
    /// dictionary (a chunk falls back to PLAIN for good).
    mutating func encode(_ source: ColumnValues, range: Range<Int>, maxBytes: Int) -> [UInt32]? {
        let before = (count: keys.count, bytes: plainBytes)
        var indices = [UInt32](repeating: 0, count: range.count)
        let ok: Bool
        switch source {
        case .int32(let v): ok = fixed(v, range, maxBytes, &indices) { UInt64(UInt32(bitPattern: $0)) }
        case .int64(let v): ok = fixed(v, range, maxBytes, &indices) { UInt64(bitPattern: $0) }
        case .float(let v): ok = fixed(v, range, maxBytes, &indices) { UInt64($0.bitPattern) }
        case .double(let v): ok = fixed(v, range, maxBytes, &indices) { $0.bitPattern }
        case .byteArray(let v): ok = byteStrings(v, width: nil, range, maxBytes, &indices)
        case .fixedLenByteArray(let v): ok = v.width > 0 && byteStrings(v, width: v.width, range, maxBytes, &indices)
        case .boolean, .int96: ok = false
        }
        guard ok else {
            keys.removeSubrange(before.count...)
            values.truncate(to: before.count)
            plainBytes = before.bytes
            return nil
        }
        return indices
    }

    /// Fixed-width values keyed by their bit pattern (so NaN payloads and -0.0 survive).
    @inline(__always)
    private mutating func fixed<T: BitwiseCopyable & ColumnValueElement>(
        _ source: [T], _ range: Range<Int>, _ maxBytes: Int, _ indices: inout [UInt32], _ key: (T) -> UInt64
    ) -> Bool {
        let width = MemoryLayout<T>.size
        guard var distinct = values.take([T].self) else { return false }  // the only reference while it grows
        defer { values = [T].values(distinct) }
        var table = self.table, keys = self.keys
        self.table = HashSlots(expected: 0)
        self.keys = []
        defer { self.table = table; self.keys = keys }
        let ok = source.withUnsafeBufferPointer { v in
            indices.withUnsafeMutableBufferPointer { out in
                for (k, i) in range.enumerated() {
                    let x = v[i]
                    let key = key(x)
                    let (found, slot) = table.probe(DictionaryState.mix(key)) { keys[$0] == key }
                    if let found { out[k] = UInt32(found); continue }
                    guard (distinct.count + 1) * width <= maxBytes, distinct.count < Self.maxEntries else { return false }
                    distinct.append(x)
                    keys.append(key)
                    out[k] = UInt32(distinct.count - 1)
                    table.insert(distinct.count, at: slot) { DictionaryState.mix(keys[$0]) }
                }
                return true
            }
        }
        plainBytes = distinct.count * width
        return ok
    }

    /// Byte strings (BYTE_ARRAY, or FIXED_LEN_BYTE_ARRAY of `width` bytes) keyed by a hash of
    /// their bytes and compared in full when the hashes match.
    @inline(__always)
    private mutating func byteStrings<S: DictionaryByteStrings>(
        _ source: S, width: Int?, _ range: Range<Int>, _ maxBytes: Int, _ indices: inout [UInt32]
    ) -> Bool {
        guard var distinct = values.take(S.self, width: width) else { return false }
        defer { values = S.values(distinct) }
        var table = self.table, hashes = self.keys, bytes = plainBytes
        self.table = HashSlots(expected: 0)
        self.keys = []
        defer { self.table = table; self.keys = hashes; self.plainBytes = bytes }
        return source.withValueBytes { value in
            indices.withUnsafeMutableBufferPointer { out in
                for (k, i) in range.enumerated() {
                    let v = value(i)
                    let hash = DictionaryState.hashBytes(v)
                    let (found, slot) = table.probe(hash) { e in
                        hashes[e] == hash && distinct.withEntryBytes(e) { DictionaryState.equal(v, $0) }
                    }
                    if let found { out[k] = UInt32(found); continue }
                    let size = S.plainSize(of: v)
                    guard bytes + size <= maxBytes, hashes.count < Self.maxEntries else { return false }
                    bytes += size
                    distinct.append(v)
                    hashes.append(hash)
                    out[k] = UInt32(hashes.count - 1)
                    table.insert(hashes.count, at: slot) { hashes[$0] }
                }
                return true
            }
        }
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

    /// The linear probe from `hash`'s slot to the first slot that is empty or holds an entry
    /// `matches` accepts: that entry's index (nil when the slot is empty) and the slot.
    @inline(__always)
    func probe(_ hash: UInt64, _ matches: (Int) -> Bool) -> (entry: Int?, slot: Int) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            if matches(Int(entry) - 1) { return (Int(entry) - 1, slot) }
            slot = (slot + 1) & mask
        }
    }

    /// Stores entry number `count` (the entry count after adding it) in the empty `slot`
    /// ``probe(_:_:)`` returned, growing the table (reinserting by `hash`) when it gets half full.
    @inline(__always)
    mutating func insert(_ count: Int, at slot: Int, _ hash: (Int) -> UInt64) {
        slots[slot] = UInt32(count)
        if needsGrowth(count) { grow(hash) }
    }

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

/// The byte-string buffers a dictionary holds (BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY), for
/// ``DictionaryState``'s one hash probe over both.
protocol DictionaryByteStrings: ColumnValueBuffer {
    /// Runs `body` with an accessor of value `i`'s bytes (valid only inside `body`).
    func withValueBytes<R>(_ body: ((Int) -> UnsafeRawBufferPointer) -> R) -> R
    /// Runs `body` on the bytes of entry `e`.
    func withEntryBytes<R>(_ e: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R
    /// Appends one value.
    mutating func append(_ value: UnsafeRawBufferPointer)
    /// The PLAIN-encoded size of `value` in the dictionary page.
    static func plainSize(of value: UnsafeRawBufferPointer) -> Int
}

extension ByteArrayValues: DictionaryByteStrings {
    @inline(__always)
    func withValueBytes<R>(_ body: ((Int) -> UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { data in
            offsets.withUnsafeBufferPointer { offsets in
                body { i in UnsafeRawBufferPointer(rebasing: data[offsets[i] ..< offsets[i + 1]]) }
            }
        }
    }
    @inline(__always)
    func withEntryBytes<R>(_ e: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offsets[e] ..< offsets[e + 1]])) }
    }
    @inline(__always)
    static func plainSize(of value: UnsafeRawBufferPointer) -> Int { 4 + value.count }
}

extension FixedLenByteArrayValues: DictionaryByteStrings {
    @inline(__always)
    func withValueBytes<R>(_ body: ((Int) -> UnsafeRawBufferPointer) -> R) -> R {
        let width = width
        return bytes.withUnsafeBytes { data in body { i in UnsafeRawBufferPointer(rebasing: data[i * width ..< (i + 1) * width]) } }
    }
    @inline(__always)
    func withEntryBytes<R>(_ e: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range(e)])) }
    }
    @inline(__always)
    mutating func append(_ value: UnsafeRawBufferPointer) { bytes.append(contentsOf: value) }
    @inline(__always)
    static func plainSize(of value: UnsafeRawBufferPointer) -> Int { value.count }
}
