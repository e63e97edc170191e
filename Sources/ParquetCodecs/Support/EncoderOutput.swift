/// What the one-shot compressors share: clamping a level into the codec's range, and the
/// output array they fill in place.
enum EncoderOutput {
    /// `level` moved into `levels` (the codec's ``Gzip/levels``, ``Zstd/levels``, ...): a
    /// value below is the lowest level, one above the highest.
    @inline(__always)
    static func clamp(_ level: Int, to levels: ClosedRange<Int>) -> Int {
        min(max(level, levels.lowerBound), levels.upperBound)
    }

    /// An array of at most `capacity` bytes (the codec's `maxCompressedLength`) that `body`
    /// writes from the start of, without an intermediate buffer; `body` returns how many
    /// bytes it wrote (at most `capacity`). Empty when `capacity` is 0 (`body` is not called).
    @inline(__always)
    static func bytes(capacity: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            guard let out = buffer.baseAddress else {
                initialized = 0
                return
            }
            initialized = body(out)
        }
    }
}
