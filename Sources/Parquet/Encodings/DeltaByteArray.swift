// DELTA_LENGTH_BYTE_ARRAY (= 6) and DELTA_BYTE_ARRAY (= 7) decoding.

/// Decodes DELTA_LENGTH_BYTE_ARRAY: DELTA_BINARY_PACKED lengths, then the values' bytes back to back.
enum DeltaLengthByteArray {
    /// Decodes `count` values from `bytes` and appends them to `output`.
    ///
    /// - Returns: the bytes consumed: the whole length stream plus the data of the values read.
    /// - Throws: `ParquetError` `.corrupt` on truncation, a negative length, or lengths that
    ///   run past the end of the data.
    static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into output: inout ByteArrayValues) throws -> Int {
        var lengths: [Int32] = []
        let dataStart = try DeltaBinaryPacked.decode(bytes, count: count, into: &lengths, toEnd: true)
        let data = UnsafeRawBufferPointer(rebasing: bytes[dataStart...])
        var total = 0
        for (i, length) in lengths.enumerated() {
            guard length >= 0 else {
                throw ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY value \(i) has negative length \(length)")
            }
            total += Int(length)
            guard total <= data.count else {
                throw ParquetError.corrupt(
                    "truncated DELTA_LENGTH_BYTE_ARRAY data: the first \(i + 1) values need \(total) bytes, \(data.count) present")
            }
        }
        var out = output.bytes
        var offsets = output.offsets
        output = ByteArrayValues(offsets: [], bytes: [])
        defer { output = ByteArrayValues(offsets: offsets, bytes: out) }
        offsets.reserveAdditional(lengths.count)
        var end = out.count
        for length in lengths {
            end += Int(length)
            offsets.append(end)
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[0 ..< total]))
        return dataStart + total
    }
}

/// Decodes DELTA_BYTE_ARRAY (incremental / front coding): DELTA_BINARY_PACKED prefix lengths,
/// then the suffixes as DELTA_LENGTH_BYTE_ARRAY. Each value is the first `prefix` bytes of the
/// previous value (empty before the first) followed by its suffix.
enum DeltaByteArray {
    /// Decoded output above this many bytes per call is rejected as unsupported (front coding
    /// lets a few input bytes expand without bound).
    static let maxDecodedBytes = Int(Int32.max)

    /// Decodes `count` BYTE_ARRAY values and appends them to `output`.
    ///
    /// - Returns: the bytes consumed.
    /// - Throws: `ParquetError` `.corrupt` on truncation, a negative length, or a prefix longer
    ///   than the previous value.
    static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into output: inout ByteArrayValues) throws -> Int {
        let parts = try lengths(bytes, count: count, fixedWidth: nil)
        var out = output.bytes
        var offsets = output.offsets
        output = ByteArrayValues(offsets: [], bytes: [])
        defer { output = ByteArrayValues(offsets: offsets, bytes: out) }
        offsets.reserveAdditional(count)
        var end = out.count
        for i in 0 ..< count {
            end += Int(parts.prefixes[i]) + Int(parts.suffixes[i])
            offsets.append(end)
        }
        assemble(bytes, parts, count: count, into: &out)
        return parts.consumed
    }

    /// Decodes `count` FIXED_LEN_BYTE_ARRAY values of `width` bytes and appends them to `output`
    /// (whose width must equal `width`).
    ///
    /// - Throws: `ParquetError` `.corrupt` as for byte arrays, and when a value's length is not `width`.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, count: Int, width: Int, into output: inout FixedLenByteArrayValues
    ) throws -> Int {
        guard width >= 0, output.width == width else {
            throw ParquetError.corrupt(
                "cannot decode FIXED_LEN_BYTE_ARRAY(\(width)) values into a buffer of width \(output.width)")
        }
        let parts = try lengths(bytes, count: count, fixedWidth: width)
        var out = output.bytes
        output.bytes = []
        defer { output.bytes = out }
        assemble(bytes, parts, count: count, into: &out)
        return parts.consumed
    }

    /// The validated prefix and suffix lengths of a DELTA_BYTE_ARRAY stream.
    struct Parts {
        var prefixes: [Int32]
        var suffixes: [Int32]
        /// Where the suffix bytes start in the input.
        var dataStart: Int
        /// Bytes consumed, through the last suffix byte of the values read.
        var consumed: Int
        /// Total bytes of the decoded values.
        var decodedBytes: Int
    }

    /// Decodes both length streams and checks them against each other and the suffix data.
    static func lengths(_ bytes: UnsafeRawBufferPointer, count: Int, fixedWidth: Int?) throws -> Parts {
        var prefixes: [Int32] = []
        let suffixStart = try DeltaBinaryPacked.decode(bytes, count: count, into: &prefixes, toEnd: true)
        var suffixes: [Int32] = []
        let rest = UnsafeRawBufferPointer(rebasing: bytes[suffixStart...])
        let dataStart = suffixStart + (try DeltaBinaryPacked.decode(rest, count: count, into: &suffixes, toEnd: true))
        let available = bytes.count - dataStart
        var previous = 0
        var suffixTotal = 0
        var decoded = 0
        for i in 0 ..< count {
            let prefix = Int(prefixes[i])
            let suffix = Int(suffixes[i])
            guard prefix >= 0, suffix >= 0 else {
                throw ParquetError.corrupt("DELTA_BYTE_ARRAY value \(i) has a negative prefix or suffix length")
            }
            guard prefix <= previous else {
                throw ParquetError.corrupt(
                    "DELTA_BYTE_ARRAY value \(i) has prefix length \(prefix) but the previous value has only \(previous) bytes")
            }
            suffixTotal += suffix
            guard suffixTotal <= available else {
                throw ParquetError.corrupt(
                    "truncated DELTA_BYTE_ARRAY data: the first \(i + 1) suffixes need \(suffixTotal) bytes, \(available) present")
            }
            previous = prefix + suffix
            if let width = fixedWidth, previous != width {
                throw ParquetError.corrupt(
                    "DELTA_BYTE_ARRAY value \(i) has \(previous) bytes, expected FIXED_LEN_BYTE_ARRAY width \(width)")
            }
            decoded += previous
            guard decoded <= maxDecodedBytes else {
                throw ParquetError.unsupported("DELTA_BYTE_ARRAY data expands to more than \(maxDecodedBytes) bytes")
            }
        }
        return Parts(prefixes: prefixes, suffixes: suffixes, dataStart: dataStart,
                     consumed: dataStart + suffixTotal, decodedBytes: decoded)
    }

    /// Appends the values described by validated `parts` to `out`.
    static func assemble(_ bytes: UnsafeRawBufferPointer, _ parts: Parts, count: Int, into out: inout [UInt8]) {
        let base = out.count
        out.appendBulk(parts.decodedBytes, fill: 0) { dst in
            var src = parts.dataStart
            var write = 0
            var previousStart = -base   // never read: the first prefix is 0
            for i in 0 ..< count {
                let prefix = Int(parts.prefixes[i])
                let suffix = Int(parts.suffixes[i])
                copyWithin(dst, from: previousStart, to: write, prefix)
                PlainDecoder.copyBytes(from: bytes, src, to: dst, write + prefix, suffix)
                previousStart = write
                write += prefix + suffix
                src += suffix
            }
        }
    }

    /// Copies `length` bytes inside `buffer` from `from` to `to` (the ranges do not overlap).
    @inline(__always)
    static func copyWithin(_ buffer: UnsafeMutableBufferPointer<UInt8>, from: Int, to: Int, _ length: Int) {
        guard length > 0, from >= 0, to >= 0, from <= buffer.count - length, to <= buffer.count - length,
              let base = buffer.baseAddress
        else { return }
        UnsafeMutableRawPointer(base + to).copyMemory(from: base + from, byteCount: length)
    }
}
