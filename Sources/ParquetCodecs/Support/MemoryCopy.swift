/// Byte copies and fills for the decoders, in the standard library only (they lower to
/// `memmove` / `memset`). Callers check every range against their buffers first.
@inline(__always)
func copyBytes(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ count: Int) {
    destination.copyMemory(from: source, byteCount: count)
}

/// Sets `count` bytes at `destination` to `value`.
@inline(__always)
func fillBytes(_ destination: UnsafeMutableRawPointer, _ value: UInt8, _ count: Int) {
    destination.initializeMemory(as: UInt8.self, repeating: value, count: count)
}
