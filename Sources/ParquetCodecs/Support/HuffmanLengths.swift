/// Length-limited prefix ("Huffman") code construction for the encoders (DEFLATE; usable by
/// any format whose codes are canonical and at most 15 bits long).
///
/// ``build(frequencies:count:maxLength:into:)`` computes optimal code lengths with the in-place
/// algorithm of Moffat and Katajainen (1995) on the symbols sorted by frequency, then limits
/// them to `maxLength` the way zlib and miniz do: over-long codes are shortened to `maxLength`
/// and the Kraft sum is restored by lengthening the deepest shorter codes; the lengths are then
/// handed out again in frequency order, so frequent symbols keep the shortest codes.
/// ``canonicalCodes(lengths:count:into:)`` assigns the canonical codes of RFC 1951 §3.2.2,
/// bit-reversed for an LSB-first writer.
enum HuffmanLengths {
    /// Computes code lengths for `count` symbols with the given frequencies: 0 for an unused
    /// symbol, otherwise 1...`maxLength`. With a single used symbol its length is 1 (an
    /// incomplete code; callers that need complete codes give at least two symbols a
    /// frequency). The lengths of used symbols satisfy Kraft's equality when at least two are
    /// used.
    ///
    /// Requires `count <= 1 << maxLength` and `maxLength` in 1...15; symbols beyond what the
    /// lengths can hold are never produced by the encoders that call this.
    static func build(frequencies: UnsafePointer<UInt32>, count: Int, maxLength: Int,
                      into lengths: UnsafeMutablePointer<UInt8>) {
        lengths.initialize(repeating: 0, count: count)
        let limit = min(max(maxLength, 1), 15)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(count, 1)) { keys in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: max(count, 1)) { depths in
                // Used symbols as frequency << 16 | symbol, sorted ascending (ties by symbol).
                var used = 0
                for s in 0..<count where frequencies[s] != 0 {
                    keys[used] = UInt64(frequencies[s]) &<< 16 | UInt64(s)
                    used &+= 1
                }
                if used == 0 { return }
                if used == 1 {
                    lengths[Int(keys[0] & 0xFFFF)] = 1
                    return
                }
                heapSort(keys.baseAddress!, used)
                for i in 0..<used { depths[i] = Int(keys[i] &>> 16) }
                minimumRedundancy(depths.baseAddress!, used)
                // Code counts per length, over-long codes counted at the limit.
                var perLength = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                withUnsafeMutableBytes(of: &perLength) { raw in
                    let counts = raw.bindMemory(to: Int.self)
                    for i in 0..<used { counts[min(depths[i], limit)] &+= 1 }
                    // Kraft sum in units of 2^-limit; shortening codes can only raise it.
                    var total = 0
                    for l in 1...limit { total &+= counts[l] &<< (limit &- l) }
                    while total > 1 &<< limit {
                        counts[limit] &-= 1
                        var l = limit &- 1
                        while l > 0 && counts[l] == 0 { l &-= 1 }
                        if l == 0 { break }  // cannot happen when count <= 1 << limit
                        counts[l] &-= 1
                        counts[l &+ 1] &+= 2
                        total &-= 1
                    }
                    // Most frequent symbols (the end of the sorted keys) get the shortest codes.
                    var next = used
                    for l in 1...limit {
                        var k = counts[l]
                        while k > 0 && next > 0 {
                            next &-= 1
                            lengths[Int(keys[next] & 0xFFFF)] = UInt8(l)
                            k &-= 1
                        }
                    }
                }
            }
        }
    }

    /// Assigns canonical codes (RFC 1951 §3.2.2) to `count` symbols of the given lengths,
    /// storing each code bit-reversed (ready for an LSB-first writer); unused symbols get 0.
    static func canonicalCodes(lengths: UnsafePointer<UInt8>, count: Int, into codes: UnsafeMutablePointer<UInt16>) {
        var perLength = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &perLength) { raw in
            let next = raw.bindMemory(to: Int.self)
            for s in 0..<count where lengths[s] > 0 && lengths[s] <= 15 { next[Int(lengths[s])] &+= 1 }
            var code = 0
            var previous = 0
            next[0] = 0
            for l in 1...15 {
                let n = next[l]
                code = (code &+ previous) &<< 1
                next[l] = code
                previous = n
            }
            for s in 0..<count {
                let l = Int(lengths[s])
                guard l > 0 && l <= 15 else {
                    codes[s] = 0
                    continue
                }
                codes[s] = UInt16(truncatingIfNeeded: PrefixTable.reverse(next[l], bits: l))
                next[l] &+= 1
            }
        }
    }

    /// In-place heap sort of `n` keys, ascending.
    static func heapSort(_ a: UnsafeMutablePointer<UInt64>, _ n: Int) {
        func siftDown(_ start: Int, _ end: Int) {
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
        var start = n / 2
        while start > 0 {
            start &-= 1
            siftDown(start, n)
        }
        var end = n
        while end > 1 {
            end &-= 1
            let t = a[0]
            a[0] = a[end]
            a[end] = t
            siftDown(0, end)
        }
    }

    /// Moffat–Katajainen: replaces the `n >= 2` ascending weights in `a` by the depths of an
    /// optimal prefix code (leaf `i` of the sorted order gets depth `a[i]`), in place and in
    /// linear time. Pass 1 builds the tree, leaving parent links; pass 2 turns them into
    /// internal-node depths; pass 3 hands out leaf depths from the root down.
    static func minimumRedundancy(_ a: UnsafeMutablePointer<Int>, _ n: Int) {
        a[0] &+= a[1]
        var root = 0
        var leaf = 2
        var next = 1
        while next < n &- 1 {
            // First child: the lighter of the next internal node and the next leaf.
            if leaf >= n || a[root] < a[leaf] {
                a[next] = a[root]
                a[root] = next
                root &+= 1
            } else {
                a[next] = a[leaf]
                leaf &+= 1
            }
            // Second child.
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
        var i = n &- 3
        while i >= 0 {
            a[i] = a[a[i]] &+ 1
            i &-= 1
        }
        var available = 1
        var usedNodes = 0
        var depth = 0
        root = n &- 2
        next = n &- 1
        while available > 0 {
            while root >= 0 && a[root] == depth {
                usedNodes &+= 1
                root &-= 1
            }
            while available > usedNodes {
                a[next] = depth
                next &-= 1
                available &-= 1
            }
            available = 2 &* usedNodes
            depth &+= 1
            usedNodes = 0
        }
    }
}
