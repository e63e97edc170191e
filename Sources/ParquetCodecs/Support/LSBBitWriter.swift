/// An LSB-first bit packer (the bit order of DEFLATE and Brotli) over caller-provided memory.
///
/// Bits collect in a 64-bit accumulator; ``flush()`` stores the accumulator's whole bytes with
/// one 8-byte store and keeps fewer than 8 bits. Callers add at most 56 bits between flushes
/// (each ``add(_:_:)`` takes at most 56 bits, and ``pending`` must stay at most 63).
///
/// The encoders size their output with a proven bound that includes 8 bytes of slack for the
/// last wide store, so the fast path never reaches the end. Should a flush come within 8
/// bytes of the end anyway, it stores byte by byte and, past the end, drops the bytes and sets
/// ``overflowed`` instead of writing out of bounds: the caller then knows its output is invalid.
struct LSBBitWriter {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// Bytes stored so far.
    private(set) var count: Int
    private var accumulator: UInt64 = 0
    /// Bits in the accumulator, not yet stored.
    private(set) var pending: Int = 0
    /// Set when a byte did not fit in `capacity` (a bug in the caller's bound, never expected).
    private(set) var overflowed = false

    /// A writer storing at `base[start...]`, never at or past `base[capacity]`.
    init(base: UnsafeMutablePointer<UInt8>, capacity: Int, start: Int = 0) {
        self.base = base
        self.capacity = capacity
        self.count = min(max(0, start), capacity)
    }

    /// Appends the low `bits` bits of `value` (which must have no higher bits set).
    @inline(__always)
    mutating func add(_ value: UInt64, _ bits: Int) {
        accumulator |= value &<< UInt64(truncatingIfNeeded: pending)
        pending &+= bits
    }

    /// Stores the accumulator's whole bytes; fewer than 8 bits stay pending.
    @inline(__always)
    mutating func flush() {
        if capacity &- count >= 8 {
            (UnsafeMutableRawPointer(base) + count).storeBytes(of: accumulator.littleEndian, as: UInt64.self)
            let bytes = pending &>> 3
            count &+= bytes
            accumulator = bytes == 8 ? 0 : accumulator &>> UInt64(truncatingIfNeeded: bytes &<< 3)
            pending &= 7
        } else {
            flushSlow()
        }
    }

    private mutating func flushSlow() {
        while pending >= 8 {
            if count < capacity {
                base[count] = UInt8(truncatingIfNeeded: accumulator)
                count &+= 1
            } else {
                overflowed = true
            }
            accumulator &>>= 8
            pending &-= 8
        }
    }

    /// Pads with zero bits to the next byte boundary and stores everything pending.
    mutating func alignToByte() {
        flush()
        if pending > 0 {
            pending = 8
            flush()
        }
    }

    /// Appends `bytes` raw bytes from `source`; the writer must be byte-aligned
    /// (call ``alignToByte()`` first).
    mutating func appendBytes(_ source: UnsafeRawPointer, _ bytes: Int) {
        alignToByte()
        let fits = min(bytes, capacity &- count)
        if fits > 0 { copyBytes(base + count, source, fits) }
        if fits < bytes { overflowed = true }
        count &+= max(0, fits)
    }

    /// Appends one byte at a byte boundary (pads first when needed).
    mutating func appendByte(_ byte: UInt8) {
        alignToByte()
        if count < capacity {
            base[count] = byte
            count &+= 1
        } else {
            overflowed = true
        }
    }

    /// Stores the pending bits (the last byte zero-padded) and returns the bytes written.
    mutating func finish() -> Int {
        alignToByte()
        return count
    }

    /// The number of bits written so far, pending ones included.
    var bitPosition: Int { count &* 8 &+ pending }
}
