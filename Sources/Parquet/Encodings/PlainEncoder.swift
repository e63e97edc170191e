// PLAIN (= 0) value encoding for the writer (data pages and dictionary pages).
//
// Multi-byte values are copied with memcpy; this assumes a little-endian host.

/// Appends PLAIN-encoded values to a byte buffer.
enum PlainEncoder {
    /// Appends the values of `values` in `range` (all of them when nil; clamped to the values
    /// present) in PLAIN encoding.
    static func append(_ values: ColumnValues, range: Range<Int>? = nil, into out: inout [UInt8]) {
        let all = 0 ..< values.count
        let r = (range ?? all).clamped(to: all)
        switch values {
        case .boolean(let v): append(v[r], into: &out)
        case .int32(let v): append(v[r], into: &out)
        case .int64(let v): append(v[r], into: &out)
        case .int96(let v): append(v[r], into: &out)
        case .float(let v): append(v[r], into: &out)
        case .double(let v): append(v[r], into: &out)
        case .byteArray(let v): append(v, range: r, into: &out)
        case .fixedLenByteArray(let v): append(v, range: r, into: &out)
        }
    }

    /// BOOLEAN: one bit per value, LSB first, the last byte padded with zeros.
    static func append(_ values: ArraySlice<Bool>, into out: inout [UInt8]) {
        var byte: UInt8 = 0
        var bit: UInt8 = 0
        out.reserveAdditional((values.count + 7) / 8)
        for v in values {
            if v { byte |= 1 << bit }
            bit += 1
            if bit == 8 {
                out.append(byte)
                byte = 0
                bit = 0
            }
        }
        if bit > 0 { out.append(byte) }
    }

    /// INT32, INT64, FLOAT or DOUBLE: the little-endian bytes of each value, back to back.
    static func append<T: BitwiseCopyable>(_ values: ArraySlice<T>, into out: inout [UInt8]) {
        values.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    /// INT96: 8 bytes of nanoseconds then 4 bytes of Julian day, little-endian.
    static func append(_ values: ArraySlice<Int96>, into out: inout [UInt8]) {
        out.reserveAdditional(values.count * 12)
        for v in values {
            withUnsafeBytes(of: v.nanosOfDay.littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: v.julianDay.littleEndian) { out.append(contentsOf: $0) }
        }
    }

    /// BYTE_ARRAY: a 4-byte little-endian length, then the bytes, for each value in `range`
    /// (all when nil; clamped). Values must be shorter than 4 GiB.
    static func append(_ values: ByteArrayValues, range: Range<Int>? = nil, into out: inout [UInt8]) {
        let all = 0 ..< values.count
        let r = (range ?? all).clamped(to: all)
        guard !r.isEmpty else { return }
        let dataBytes = values.offsets[r.upperBound] - values.offsets[r.lowerBound]
        out.reserveAdditional(4 * r.count + max(0, dataBytes))
        values.bytes.withUnsafeBytes { src in
            for i in r {
                let lo = values.offsets[i], hi = values.offsets[i + 1]
                let length = hi - lo
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian) { out.append(contentsOf: $0) }
                if length > 0, lo >= 0, hi <= src.count {
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: src[lo ..< hi]))
                }
            }
        }
    }

    /// FIXED_LEN_BYTE_ARRAY: the bytes of each value in `range` (all when nil; clamped).
    static func append(_ values: FixedLenByteArrayValues, range: Range<Int>? = nil, into out: inout [UInt8]) {
        let all = 0 ..< values.count
        let r = (range ?? all).clamped(to: all)
        guard !r.isEmpty else { return }
        out.append(contentsOf: values.bytes[r.lowerBound * values.width ..< r.upperBound * values.width])
    }
}
