/// Zstandard's bitstreams (FSE and Huffman streams, RFC 8878 §4.1, and FSE table descriptions)
/// are packed LSB-first, like DEFLATE's and Brotli's, so the encoder writes them with
/// ``LSBBitWriter``; these are the two things it needs on top.
extension LSBBitWriter {
    /// Appends the low `n` (at most 32) bits of `value`, which may have higher bits set.
    @inline(__always)
    mutating func addLow(_ value: UInt64, _ n: Int) {
        add(value & ((1 &<< UInt64(truncatingIfNeeded: n)) &- 1), n)
    }

    /// Ends a backward-read stream with its `1` marker bit (the decoder starts from the last
    /// byte) and returns the stream's size, or nil if it did not fit the writer's capacity.
    mutating func closeBackwardStream() -> Int? {
        add(1, 1)
        return finishIfFits()
    }

    /// Pads the last byte and returns the bytes written, or nil if they did not fit.
    mutating func finishIfFits() -> Int? {
        let size = finish()
        return overflowed ? nil : size
    }
}
