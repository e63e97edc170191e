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
            return try values.modify([Float].self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                try decodeScalars(bytes, count: count, into: &$0)
            }
        case .double:
            return try values.modify([Double].self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                try decodeScalars(bytes, count: count, into: &$0)
            }
        case .int32:
            return try values.modify([Int32].self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                try decodeScalars(bytes, count: count, into: &$0)
            }
        case .int64:
            return try values.modify([Int64].self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                try decodeScalars(bytes, count: count, into: &$0)
            }
        case .fixedLenByteArray:
            guard typeLength >= 0 else {
                throw ParquetError.corrupt("negative FIXED_LEN_BYTE_ARRAY width \(typeLength)")
            }
            return try values.modify(FixedLenByteArrayValues.self, width: typeLength,
                                     orThrow: { PlainDecoder.mismatch(type, $0) }) {
                typeLength == 0 ? 0 : try unsplit(bytes, width: typeLength, count: count, into: &$0.bytes)
            }
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
