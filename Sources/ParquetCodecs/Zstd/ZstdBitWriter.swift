/// LSB-first bit output into a bounded buffer, for the Zstandard encoder: the backward-read
/// FSE and Huffman streams (closed with a `1` marker bit, RFC 8878 §4.1) and the forward-read
/// FSE table descriptions.
///
/// Bits gather in a 64-bit container; ``flush()`` stores all eight container bytes at the
/// write position and advances by the whole bytes filled. The writer is given `capacity`
/// usable bytes and may store up to 8 bytes past them (callers provide that slack). The
/// position never passes the end of the usable bytes: a stream that would is marked
/// ``overflowed`` and its bytes are garbage, which callers treat as "does not fit".
struct ZstdBitWriter {
    let start: UnsafeMutablePointer<UInt8>
    var ptr: UnsafeMutablePointer<UInt8>
    let limit: UnsafeMutablePointer<UInt8>
    var container: UInt64 = 0
    /// Bits held in the container (at most 63 between flushes; callers keep to that).
    var count = 0
    var overflowed: Bool

    /// The usable size.
    let capacity: Int

    /// A writer over `start[0..<capacity]`, which may also store to `start[capacity..<capacity + 8]`.
    init(_ start: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.start = start
        ptr = start
        self.capacity = max(capacity, 0)
        limit = start + self.capacity
        overflowed = false
    }

    /// Appends the low `n` bits of `value` (`n` at most 32, and room left in the container).
    @inline(__always)
    mutating func add(_ value: UInt64, _ n: Int) {
        container |= (value & ((1 &<< UInt64(truncatingIfNeeded: n)) &- 1)) &<< UInt64(truncatingIfNeeded: count)
        count &+= n
    }

    /// Appends `n` bits of `value`, which has no bits set at or above `n`.
    @inline(__always)
    mutating func addClean(_ value: UInt64, _ n: Int) {
        container |= value &<< UInt64(truncatingIfNeeded: count)
        count &+= n
    }

    /// Moves the container's whole bytes to the buffer.
    @inline(__always)
    mutating func flush() {
        guard !overflowed else {
            count &= 7
            container = 0
            return
        }
        UnsafeMutableRawPointer(ptr).storeBytes(of: container.littleEndian, as: UInt64.self)
        let bytes = count &>> 3
        ptr += bytes
        container = container &>> UInt64(truncatingIfNeeded: bytes &<< 3)
        count &= 7
        if ptr > limit {
            ptr = limit
            overflowed = true
        }
    }

    /// Ends a backward-read stream with its marker bit; returns its size in bytes, or nil if
    /// it did not fit.
    mutating func closeStream() -> Int? {
        add(1, 1)
        return finish()
    }

    /// Flushes what is left (padding the last byte with zeros); returns the bytes written, or
    /// nil if they did not fit.
    mutating func finish() -> Int? {
        flush()
        guard !overflowed else { return nil }
        let size = (ptr - start) &+ (count > 0 ? 1 : 0)
        return size <= capacity ? size : nil
    }
}
