import Parquet

/// The memory of a ``TextBlock``, kept from batch to batch (freed with it).
final class TextBlockStorage: @unchecked Sendable {
    fileprivate(set) var pointer: UnsafeMutablePointer<UInt8>
    fileprivate(set) var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = Swift.max(1, capacity)
        pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { pointer.deallocate() }
}

/// A block of output text written through a raw pointer: the text sinks format rows straight
/// into it, without the uniqueness and capacity checks of appending to an array byte by byte.
/// Grows geometrically (the storage keeps the larger size for the next batch).
struct TextBlock {
    let storage: TextBlockStorage
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written.
    private(set) var count = 0

    /// An empty block over `storage` (whose earlier contents are dropped).
    init(_ storage: TextBlockStorage) {
        self.storage = storage
        base = storage.pointer
        capacity = storage.capacity
    }

    /// The bytes written (valid until the next write to the storage).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if n > capacity &- count { grow(n) }
    }

    @inline(never)
    private mutating func grow(_ n: Int) {
        let needed = count + n
        let size = Swift.max(needed, capacity > Int.max / 2 ? needed : 2 * capacity)
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        pointer.update(from: base, count: count)
        storage.pointer.deallocate()
        storage.pointer = pointer
        storage.capacity = size
        base = pointer
        capacity = size
    }

    /// Appends `bytes`. Up to 16 bytes (the keys and separators between fields, short values)
    /// are copied inline by two overlapping loads and stores that stay inside `bytes`; longer
    /// runs by `memmove`.
    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        reserve(n)
        if let source = bytes.baseAddress, n > 0 {
            let target = UnsafeMutableRawPointer(base + count)
            if n >= 8 && n <= 16 {
                let a = source.loadUnaligned(as: UInt64.self), b = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                target.storeBytes(of: a, as: UInt64.self)
                target.storeBytes(of: b, toByteOffset: n &- 8, as: UInt64.self)
            } else if n >= 4 && n < 8 {
                let a = source.loadUnaligned(as: UInt32.self), b = source.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
                target.storeBytes(of: a, as: UInt32.self)
                target.storeBytes(of: b, toByteOffset: n &- 4, as: UInt32.self)
            } else if n < 4 {
                var i = 0
                repeat {
                    target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
                    i &+= 1
                } while i < n
            } else {
                target.copyMemory(from: source, byteCount: n)
            }
        }
        count &+= n
    }

    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    /// Appends the text of `v` as ``ValueText/appendDouble(_:to:)`` spells it, written in
    /// place; false (nothing appended) for NaN and ±infinity.
    @inline(__always)
    mutating func appendDouble(_ v: Double) -> Bool {
        reserve(ValueText.maxDoubleBytes)
        guard let n = ValueText.writeDouble(v, to: base + count) else { return false }
        count &+= Swift.min(n, ValueText.maxDoubleBytes)
        return true
    }

    /// Appends the text of a timestamp as ``ValueText/appendTimestamp(_:unit:adjustedToUTC:to:)``
    /// spells it, written in place; between `"` when `quoted`.
    @inline(__always)
    mutating func appendTimestamp(_ v: Int64, unit: TimeUnit, adjustedToUTC: Bool, quoted: Bool) {
        reserve(ValueText.maxDateTimeBytes &+ 2)
        if quoted { base[count] = 0x22; count &+= 1 }
        let n = ValueText.writeTimestamp(v, unit: unit, adjustedToUTC: adjustedToUTC, to: base + count)
        count &+= Swift.min(n, ValueText.maxDateTimeBytes)
        if quoted { base[count] = 0x22; count &+= 1 }
    }

    /// Appends `null`.
    @inline(__always)
    mutating func appendNull() {
        reserve(4)
        base[count] = UInt8(ascii: "n")
        base[count &+ 1] = UInt8(ascii: "u")
        base[count &+ 2] = UInt8(ascii: "l")
        base[count &+ 3] = UInt8(ascii: "l")
        count &+= 4
    }

    /// Drops the bytes written, keeping the memory.
    @inline(__always)
    mutating func clear() { count = 0 }

    /// Appends `v` in decimal, as ``ValueText/appendInt(_:to:)`` does.
    @inline(__always)
    mutating func appendInt(_ v: Int64) {
        reserve(21)
        if v < 0 {
            base[count] = UInt8(ascii: "-")
            count &+= 1
        }
        count &+= ValueText.writeDigits(v.magnitude, minWidth: 1, to: base + count)
    }

    /// True when none of the 16 bytes of `a` and `b` is `>= 0x80`, `< 0x20`, `"` or `\`
    /// (here, beside its one caller, so that it is inlined into the string loop).
    @inline(__always)
    static func isPlainJSON16(_ a: UInt64, _ b: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func flags(_ x: UInt64) -> UInt64 {
            let q = x ^ (ones &* 0x22), s = x ^ (ones &* 0x5C)
            return ((x &- ones &* 0x20) & ~x) | ((q &- ones) & ~q) | ((s &- ones) & ~s) | x
        }
        return (flags(a) | flags(b)) & highs == 0
    }

    /// Appends `utf8` as a quoted JSON string, exactly as ``JSONText/appendString(_:to:)``
    /// does: plain runs are copied 16 bytes at a time; from the first byte that needs a
    /// change (an escape or UTF-8 validation) on, the rest goes through that function
    /// (into `scratch`).
    mutating func appendJSONString(_ utf8: UnsafeRawBufferPointer, scratch: inout [UInt8]) {
        let n = utf8.count
        reserve(n &+ 2)
        let out = base + count
        out[0] = 0x22
        var i = 0
        if let source = utf8.baseAddress {
            let target = UnsafeMutableRawPointer(out + 1)
            while i &+ 16 <= n {
                let a = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let b = source.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                guard TextBlock.isPlainJSON16(a, b) else { break }
                target.storeBytes(of: a, toByteOffset: i, as: UInt64.self)
                target.storeBytes(of: b, toByteOffset: i &+ 8, as: UInt64.self)
                i &+= 16
            }
            if i < n && i &+ 16 > n && n >= 16 {
                // The last 16 bytes, overlapping those already copied: one more check
                // instead of a byte loop over the tail.
                let a = source.loadUnaligned(fromByteOffset: n &- 16, as: UInt64.self)
                let b = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                if TextBlock.isPlainJSON16(a, b) {
                    target.storeBytes(of: a, toByteOffset: n &- 16, as: UInt64.self)
                    target.storeBytes(of: b, toByteOffset: n &- 8, as: UInt64.self)
                    i = n
                }
            }
            while i < n {
                let c = utf8[i]
                guard c >= 0x20 && c < 0x80 && c != 0x22 && c != 0x5C else { break }
                out[1 &+ i] = c
                i &+= 1
            }
        }
        if i == n {
            out[1 &+ n] = 0x22
            count &+= n &+ 2
            return
        }
        count &+= 1 &+ i
        scratch.removeAll(keepingCapacity: true)
        JSONText.appendString(UnsafeRawBufferPointer(rebasing: utf8[i...]), to: &scratch)
        scratch.withUnsafeBytes { append(UnsafeRawBufferPointer(rebasing: $0.dropFirst())) }
    }

    /// Appends one CSV field holding the JSON text `json` (a nested value's), exactly as
    /// ``appendCSVField(_:scratch:)`` does. Text of printable ASCII only (as JSON text of
    /// ASCII values is) is quoted here in one pass when it holds `,` or `"`; anything else
    /// goes through that function.
    mutating func appendCSVJSONField(_ json: UnsafeRawBufferPointer, scratch: inout [UInt8]) {
        let n = json.count
        guard n > 0, let source = json.baseAddress else {
            appendCSVField(json, scratch: &scratch)
            return
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // One scan, eight bytes at a time: any byte outside printable ASCII sends the text
        // through the general field writer; a `,` or `"` means quoting.
        var special: UInt64 = 0
        var i = 0
        while i &+ 8 <= n {
            let x = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if ((x &- ones &* 0x20) & ~x | x) & highs != 0 {
                appendCSVField(json, scratch: &scratch)
                return
            }
            special |= CSVText.matches(x, 0x2C) | CSVText.matches(x, 0x22)
            i &+= 8
        }
        while i < n {
            let c = json[i]
            if c < 0x20 || c >= 0x80 {
                appendCSVField(json, scratch: &scratch)
                return
            }
            if c == 0x2C || c == 0x22 { special = 1 }
            i &+= 1
        }
        if special == 0 {
            append(json)  // printable ASCII without `,` or `"`: written as it is
            return
        }
        reserve(2 &* n &+ 2)
        var at = count
        base[at] = 0x22
        at &+= 1
        i = 0
        let target = UnsafeMutableRawPointer(base)
        while i < n {
            // Eight bytes without a quote at once; otherwise one byte, its quote doubled.
            if i &+ 8 <= n {
                let x = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if CSVText.matches(x, 0x22) == 0 {
                    target.storeBytes(of: x, toByteOffset: at, as: UInt64.self)
                    at &+= 8
                    i &+= 8
                    continue
                }
            }
            let c = json[i]
            base[at] = c
            at &+= 1
            if c == 0x22 {
                base[at] = 0x22
                at &+= 1
            }
            i &+= 1
        }
        base[at] = 0x22
        count = at &+ 1
    }

    /// Appends one CSV field holding `bare`, exactly as ``CSVText/appendField(_:to:)`` does
    /// (a field that needs quoting or UTF-8 repair goes through it, into `scratch`).
    mutating func appendCSVField(_ bare: UnsafeRawBufferPointer, scratch: inout [UInt8]) {
        let n = bare.count
        if n >= 16, let source = bare.baseAddress {
            // Checked and copied 16 bytes at a time in one pass (the last 16 overlapping);
            // bytes copied past `count` before a byte that needs quoting are simply overwritten.
            reserve(n)
            let target = UnsafeMutableRawPointer(base + count)
            var i = 0
            var plain = true
            while i &+ 16 <= n {
                let a = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let b = source.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                guard CSVText.isPlain16(a, b) else { plain = false; break }
                target.storeBytes(of: a, toByteOffset: i, as: UInt64.self)
                target.storeBytes(of: b, toByteOffset: i &+ 8, as: UInt64.self)
                i &+= 16
            }
            if plain && i < n {
                let a = source.loadUnaligned(fromByteOffset: n &- 16, as: UInt64.self)
                let b = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                plain = CSVText.isPlain16(a, b)
                if plain {
                    target.storeBytes(of: a, toByteOffset: n &- 16, as: UInt64.self)
                    target.storeBytes(of: b, toByteOffset: n &- 8, as: UInt64.self)
                }
            }
            if plain {
                count &+= n
                return
            }
        } else if n > 0 && CSVText.isPlain(bare) {
            append(bare)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        CSVText.appendField(bare, to: &scratch)
        append(scratch)
    }
}
