// BYTE_STREAM_SPLIT (= 9) decoding for FLOAT, DOUBLE, INT32, INT64 and FIXED_LEN_BYTE_ARRAY.

/// Decodes BYTE_STREAM_SPLIT data: K byte streams of N bytes each, where K is the value width
/// and N the number of values in the page; byte j of value i is at `j * N + i`.
enum ByteStreamSplit {
    /// Decodes the first `count` values from `bytes` (the whole encoded page, whose length fixes
    /// N) and appends them to `values`, which must be the case matching `type`.
    ///
    /// - Returns: the bytes consumed (all of `bytes`).
    /// - Throws: `ParquetError` `.corrupt` when the length is not a multiple of the width, holds
    ///   fewer than `count` values, or `values` has the wrong case; `.unsupported` for other types.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, type: PhysicalType, typeLength: Int, count: Int, into values: inout ColumnValues
    ) throws -> Int {
        guard count >= 0 else { throw ParquetError.corrupt("negative BYTE_STREAM_SPLIT value count \(count)") }
        switch type {
        case .float:
            guard case .float(var a) = values else { throw PlainDecoder.mismatch(type, values) }
            values = .boolean([])
            defer { values = .float(a) }
            return try decodeScalars(bytes, count: count, into: &a)
        case .double:
            guard case .double(var a) = values else { throw PlainDecoder.mismatch(type, values) }
            values = .boolean([])
            defer { values = .double(a) }
            return try decodeScalars(bytes, count: count, into: &a)
        case .int32:
            guard case .int32(var a) = values else { throw PlainDecoder.mismatch(type, values) }
            values = .boolean([])
            defer { values = .int32(a) }
            return try decodeScalars(bytes, count: count, into: &a)
        case .int64:
            guard case .int64(var a) = values else { throw PlainDecoder.mismatch(type, values) }
            values = .boolean([])
            defer { values = .int64(a) }
            return try decodeScalars(bytes, count: count, into: &a)
        case .fixedLenByteArray:
            guard typeLength >= 0 else {
                throw ParquetError.corrupt("negative FIXED_LEN_BYTE_ARRAY width \(typeLength)")
            }
            guard case .fixedLenByteArray(var a) = values, a.width == typeLength else {
                throw PlainDecoder.mismatch(type, values)
            }
            values = .boolean([])
            defer { values = .fixedLenByteArray(a) }
            if typeLength == 0 { return 0 }
            var out = a.bytes
            a.bytes = []
            defer { a.bytes = out }
            return try unsplit(bytes, width: typeLength, count: count, into: &out)
        default:
            throw ParquetError.unsupported("encoding BYTE_STREAM_SPLIT is not valid for \(type)")
        }
    }

    /// Scalars of `MemoryLayout<T>.size` bytes, reassembled in their little-endian byte order.
    static func decodeScalars<T: AdditiveArithmetic & BitwiseCopyable>(
        _ bytes: UnsafeRawBufferPointer, count: Int, into a: inout [T]
    ) throws -> Int {
        let width = MemoryLayout<T>.stride
        let n = try valuesPresent(bytes, width: width, count: count)
        a.appendBulk(count, fill: .zero) { dst in
            unsplit(bytes, streamLength: n, width: width, count: count, into: UnsafeMutableRawBufferPointer(dst))
        }
        return bytes.count
    }

    /// Raw values of `width` bytes appended to `out`.
    static func unsplit(_ bytes: UnsafeRawBufferPointer, width: Int, count: Int, into out: inout [UInt8]) throws -> Int {
        let n = try valuesPresent(bytes, width: width, count: count)
        out.appendBulk(count * width, fill: 0) { dst in
            unsplit(bytes, streamLength: n, width: width, count: count, into: UnsafeMutableRawBufferPointer(dst))
        }
        return bytes.count
    }

    /// N, the number of values in the page, after checking it against `count`.
    static func valuesPresent(_ bytes: UnsafeRawBufferPointer, width: Int, count: Int) throws -> Int {
        guard width > 0, bytes.count % width == 0 else {
            throw ParquetError.corrupt(
                "BYTE_STREAM_SPLIT data of \(bytes.count) bytes is not a whole number of \(width)-byte values")
        }
        let n = bytes.count / width
        guard count <= n else {
            throw ParquetError.corrupt("truncated BYTE_STREAM_SPLIT data: holds \(n) values, \(count) requested")
        }
        return n
    }

    /// Writes value i's byte j (`src[j * streamLength + i]`) to `dst[i * width + j]`.
    static func unsplit(
        _ src: UnsafeRawBufferPointer, streamLength: Int, width: Int, count: Int, into dst: UnsafeMutableRawBufferPointer
    ) {
        guard count > 0, count <= streamLength, streamLength * width <= src.count, count * width <= dst.count else { return }
        for j in 0 ..< width {
            let stream = UnsafeRawBufferPointer(rebasing: src[j * streamLength ..< j * streamLength + count])
            var w = j
            for i in 0 ..< count {
                dst[w] = stream[i]
                w += width
            }
        }
    }
}
