/// Length-limited prefix ("Huffman") code lengths for the compressors.
///
/// Optimal lengths come from Moffat and Katajainen's in-place algorithm; when the longest
/// exceeds the limit, lengths are clamped and the code is repaired with the Kraft sum: codes
/// are lengthened (the deepest shorter ones first) until the code fits, then shortened where
/// the space left allows, so the result is always a complete code (Kraft sum exactly 1) that
/// every canonical decoder accepts.
final class HuffmanCodeLengths {
    /// The largest alphabet handled.
    let capacity: Int
    private let keys: UnsafeMutablePointer<UInt64>
    private let depths: UnsafeMutablePointer<Int>

    init(capacity: Int) {
        self.capacity = capacity
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        depths = .allocate(capacity: capacity)
        depths.initialize(repeating: 0, count: capacity)
    }

    deinit {
        keys.deallocate()
        depths.deallocate()
    }

    /// Writes the code length of each of `counts[0..<n]` (n at most ``capacity``, counts below
    /// 2^48) to `lengths` (0 for absent symbols) and returns the number of symbols present.
    /// With fewer than two symbols present, the one present (if any) gets length 0 too.
    @discardableResult
    func compute(counts: UnsafePointer<UInt32>, _ n: Int, limit: Int, into lengths: UnsafeMutablePointer<UInt8>) -> Int {
        var used = 0
        var s = 0
        while s < n {
            lengths[s] = 0
            if counts[s] > 0 {
                keys[used] = UInt64(counts[s]) &<< 16 | UInt64(s)
                used &+= 1
            }
            s &+= 1
        }
        guard used >= 2 else { return used }
        Self.heapSort(keys, used)
        var i = 0
        while i < used {
            depths[i] = Int(truncatingIfNeeded: keys[i] &>> 16)
            i &+= 1
        }
        Self.minimumRedundancy(depths, used)
        // depths[i] is the length of keys[i]; counts ascend, so lengths do not increase.
        if depths[0] > limit {
            withUnsafeTemporaryAllocation(of: Int.self, capacity: limit &+ 2) { buffer in
                guard let count = buffer.baseAddress else { return }
                count.initialize(repeating: 0, count: limit &+ 2)
                var kraft = 0
                i = 0
                while i < used {
                    let l = min(depths[i], limit)
                    count[l] &+= 1
                    kraft &+= 1 &<< (limit &- l)
                    i &+= 1
                }
                while kraft > 1 &<< limit {
                    var l = limit &- 1
                    while l >= 1 && count[l] == 0 { l &-= 1 }
                    if l < 1 { break }
                    count[l] &-= 1
                    count[l &+ 1] &+= 1
                    kraft &-= 1 &<< (limit &- l &- 1)
                }
                while kraft < 1 &<< limit {
                    let deficit = (1 &<< limit) &- kraft
                    var l = 2
                    while l <= limit && (count[l] == 0 || 1 &<< (limit &- l) > deficit) { l &+= 1 }
                    if l > limit { break }
                    count[l] &-= 1
                    count[l &- 1] &+= 1
                    kraft &+= 1 &<< (limit &- l)
                }
                // The most frequent symbols (end of `keys`) get the shortest lengths.
                var k = used &- 1
                var l = 1
                while l <= limit {
                    var m = count[l]
                    while m > 0 && k >= 0 {
                        depths[k] = l
                        k &-= 1
                        m &-= 1
                    }
                    l &+= 1
                }
            }
        }
        i = 0
        while i < used {
            lengths[Int(truncatingIfNeeded: keys[i] & 0xFFFF)] = UInt8(truncatingIfNeeded: depths[i])
            i &+= 1
        }
        return used
    }

    /// Whether `lengths[0..<n]` form a complete prefix code of at most `limit` bits.
    static func isComplete(_ lengths: UnsafePointer<UInt8>, _ n: Int, limit: Int) -> Bool {
        var kraft = 0
        var s = 0
        while s < n {
            let l = Int(lengths[s])
            if l > 0 {
                if l > limit { return false }
                kraft &+= 1 &<< (limit &- l)
            }
            s &+= 1
        }
        return kraft == 1 &<< limit
    }

    /// Canonical codes (shortest first, then by symbol) for `lengths[0..<n]`, each stored
    /// bit-reversed for LSB-first streams (DEFLATE, Brotli): `codes[s]` is written with
    /// `lengths[s]` bits.
    static func reversedCanonicalCodes(_ lengths: UnsafePointer<UInt8>, _ n: Int, into codes: UnsafeMutablePointer<UInt16>) {
        var next = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &next) { raw in
            let code = raw.bindMemory(to: Int.self)
            var s = 0
            while s < n {
                let l = Int(lengths[s])
                if l > 0 && l <= 15 { code[l] &+= 1 }
                s &+= 1
            }
            var start = 0
            var previous = 0
            var l = 1
            while l <= 15 {
                start = (start &+ previous) &<< 1
                previous = code[l]
                code[l] = start
                l &+= 1
            }
            s = 0
            while s < n {
                let len = Int(lengths[s])
                if len > 0 && len <= 15 {
                    codes[s] = UInt16(truncatingIfNeeded: PrefixTable.reverse(code[len], bits: len))
                    code[len] &+= 1
                } else {
                    codes[s] = 0
                }
                s &+= 1
            }
        }
    }

    /// In-place ascending heap sort (no allocation).
    private static func heapSort(_ a: UnsafeMutablePointer<UInt64>, _ n: Int) {
        @inline(__always) func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while true {
                var child = 2 &* root &+ 1
                if child >= end { return }
                if child &+ 1 < end && a[child] < a[child &+ 1] { child &+= 1 }
                if a[root] >= a[child] { return }
                let t = a[root]
                a[root] = a[child]
                a[child] = t
                root = child
            }
        }
        var start = n / 2 &- 1
        while start >= 0 {
            siftDown(start, n)
            start &-= 1
        }
        var end = n &- 1
        while end > 0 {
            let t = a[0]
            a[0] = a[end]
            a[end] = t
            siftDown(0, end)
            end &-= 1
        }
    }

    /// Moffat and Katajainen's in-place minimum-redundancy code lengths: `a[0..<n]` holds
    /// ascending weights (n >= 2) and receives each one's code length.
    private static func minimumRedundancy(_ a: UnsafeMutablePointer<Int>, _ n: Int) {
        a[0] &+= a[1]
        var root = 0
        var leaf = 2
        var next = 1
        while next < n &- 1 {
            if leaf >= n || a[root] < a[leaf] {
                a[next] = a[root]
                a[root] = next
                root &+= 1
            } else {
                a[next] = a[leaf]
                leaf &+= 1
            }
            if leaf >= n || (root < next && a[root] < a[leaf]) {
                a[next] &+= a[root]
                a[root] = next
                root &+= 1
            } else {
                a[next] &+= a[leaf]
                leaf &+= 1
            }
            next &+= 1
        }
        a[n &- 2] = 0
        next = n &- 3
        while next >= 0 {
            a[next] = a[a[next]] &+ 1
            next &-= 1
        }
        var available = 1
        var used = 0
        var depth = 0
        root = n &- 2
        next = n &- 1
        while available > 0 {
            while root >= 0 && a[root] == depth {
                used &+= 1
                root &-= 1
            }
            while available > used {
                a[next] = depth
                next &-= 1
                available &-= 1
            }
            available = 2 &* used
            depth &+= 1
            used = 0
        }
    }
}
