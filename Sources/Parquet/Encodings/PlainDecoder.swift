// PLAIN (= 0) value decoding for all eight physical types.
//
// Multi-byte values are copied with memcpy; this assumes a little-endian host (every platform
// Swift on Linux targets), matching Parquet's little-endian layout.

/// Decodes PLAIN-encoded values.
enum PlainDecoder {
    /// Decodes `count` PLAIN values of `type` from `bytes`, appending them to `values`.
    ///
    /// - Parameters:
    ///   - typeLength: the FIXED_LEN_BYTE_ARRAY width (≥ 0; width 0 yields empty values);
    ///     ignored for other types.
    ///   - values: must already be the case matching `type` (and width, for FLBA).
    /// - Returns: the bytes consumed.
    /// - Throws: `ParquetError` `.corrupt` on truncation, a length prefix past the end, or a
    ///   buffer of the wrong case; `.unsupported` for an unknown physical type.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, type: PhysicalType, typeLength: Int, count: Int, into values: inout ColumnValues
    ) throws -> Int {
        guard count >= 0 else { throw ParquetError.corrupt("negative PLAIN value count \(count)") }
        switch type {
        case .boolean:
            return try values.modify([Bool].self, orThrow: { mismatch(type, $0) }) {
                try decodeBooleans(bytes, count: count, into: &$0)
            }
        case .int32:
            return try values.modify([Int32].self, orThrow: { mismatch(type, $0) }) {
                try copyFixed(bytes, count: count, name: "INT32", into: &$0)
            }
        case .int64:
            return try values.modify([Int64].self, orThrow: { mismatch(type, $0) }) {
                try copyFixed(bytes, count: count, name: "INT64", into: &$0)
            }
        case .float:
            return try values.modify([Float].self, orThrow: { mismatch(type, $0) }) {
                try copyFixed(bytes, count: count, name: "FLOAT", into: &$0)
            }
        case .double:
            return try values.modify([Double].self, orThrow: { mismatch(type, $0) }) {
                try copyFixed(bytes, count: count, name: "DOUBLE", into: &$0)
            }
        case .int96:
            return try values.modify([Int96].self, orThrow: { mismatch(type, $0) }) {
                try decodeInt96(bytes, count: count, into: &$0)
            }
        case .byteArray:
            return try values.modify(ByteArrayValues.self, orThrow: { mismatch(type, $0) }) {
                try decodeByteArrays(bytes, count: count, into: &$0)
            }
        case .fixedLenByteArray:
            return try values.modify(FixedLenByteArrayValues.self, width: typeLength, orThrow: { mismatch(type, $0) }) {
                try decodeFixedLen(bytes, width: typeLength, count: count, into: &$0)
            }
        default:
            throw ParquetError.unsupported("PLAIN decoding of \(type) is not supported")
        }
    }

    /// The error for a `values` buffer that does not match the column's physical type.
    static func mismatch(_ type: PhysicalType, _ values: ColumnValues) -> ParquetError {
        ParquetError.corrupt("cannot decode \(type) values into a \(bufferName(values)) buffer")
    }

    /// A short name for the case of a value buffer, for error messages.
    static func bufferName(_ values: ColumnValues) -> String {
        switch values {
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .int96: "INT96"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .byteArray: "BYTE_ARRAY"
        case .fixedLenByteArray(let v): "FIXED_LEN_BYTE_ARRAY(\(v.width))"
        }
    }

    /// Booleans: one bit each, LSB first; consumes ceil(count / 8) bytes.
    static func decodeBooleans(_ bytes: UnsafeRawBufferPointer, count: Int, into a: inout [Bool]) throws -> Int {
        let needed = count / 8 + (count % 8 == 0 ? 0 : 1)
        guard needed <= bytes.count else {
            throw ParquetError.corrupt("truncated PLAIN BOOLEAN data: \(count) values need \(needed) bytes, \(bytes.count) present")
        }
        a.appendBulk(count, fill: false) { dst in
            for i in 0 ..< dst.count {
                dst[i] = (EncodingBytes.byte(bytes, i >> 3) >> UInt8(i & 7)) & 1 != 0
            }
        }
        return needed
    }

    /// Fixed-width little-endian scalars (INT32, INT64, FLOAT, DOUBLE), copied in one block.
    static func copyFixed<T: AdditiveArithmetic & BitwiseCopyable>(
        _ bytes: UnsafeRawBufferPointer, count: Int, name: StaticString, into a: inout [T]
    ) throws -> Int {
        let size = MemoryLayout<T>.stride
        guard let needed = EncodingBytes.product(count, size), needed <= bytes.count else {
            throw ParquetError.corrupt(
                "truncated PLAIN \(name) data: \(count) values of \(size) bytes exceed the \(bytes.count) bytes present")
        }
        a.appendRaw(count: count, from: UnsafeRawBufferPointer(rebasing: bytes[0 ..< needed]))
        return needed
    }

    /// INT96: 8 bytes of nanoseconds, then 4 bytes of Julian day, little-endian.
    static func decodeInt96(_ bytes: UnsafeRawBufferPointer, count: Int, into a: inout [Int96]) throws -> Int {
        guard let needed = EncodingBytes.product(count, 12), needed <= bytes.count else {
            throw ParquetError.corrupt(
                "truncated PLAIN INT96 data: \(count) values of 12 bytes exceed the \(bytes.count) bytes present")
        }
        a.appendBulk(count, fill: Int96(nanosOfDay: 0, julianDay: 0)) { dst in
            for i in 0 ..< dst.count {
                let o = i * 12
                let nanos = EncodingBytes.word64LE(bytes, o)
                let day = UInt32(truncatingIfNeeded: EncodingBytes.word64LE(bytes, o + 8))
                dst[i] = Int96(nanosOfDay: nanos, julianDay: day)
            }
        }
        return needed
    }

    /// BYTE_ARRAY: a 4-byte little-endian length before each value.
    static func decodeByteArrays(_ bytes: UnsafeRawBufferPointer, count: Int, into a: inout ByteArrayValues) throws -> Int {
        // Pass 1: validate every length and total the data.
        let total = try byteArrayTotal(bytes, count: count)
        var pos = 0
        // Pass 2: copy the data in place and record offsets.
        var out = a.bytes
        var offsets = a.offsets
        a = ByteArrayValues(offsets: [], bytes: [])
        defer { a = ByteArrayValues(offsets: offsets, bytes: out) }
        offsets.reserveAdditional(count)
        var end = out.count
        out.appendBulk(total, fill: 0) { dst in
            var src = 0
            var w = 0
            for _ in 0 ..< count {
                let length = Int(EncodingBytes.loadUInt32LE(bytes, src) ?? 0)
                src += 4
                copyBytes(from: bytes, src, to: dst, w, length)
                src += length
                w += length
            }
        }
        pos = 0
        for _ in 0 ..< count {
            let length = Int(EncodingBytes.loadUInt32LE(bytes, pos) ?? 0)
            pos += 4 + length
            end += length
            offsets.append(end)
        }
        return pos
    }

    /// Checks the `count` length-prefixed BYTE_ARRAY values at the start of `bytes` and
    /// returns their total length (prefixes excluded).
    private static func byteArrayTotal(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> Int {
        guard count <= bytes.count / 4 else {
            throw ParquetError.corrupt(
                "truncated PLAIN BYTE_ARRAY data: \(count) values need at least \(count) length prefixes, \(bytes.count) bytes present")
        }
        var pos = 0, total = 0
        for i in 0 ..< count {
            guard let length = EncodingBytes.loadUInt32LE(bytes, pos) else {
                throw ParquetError.corrupt("truncated PLAIN BYTE_ARRAY data: length prefix of value \(i) is cut off")
            }
            pos += 4
            guard Int(length) <= bytes.count - pos else {
                throw ParquetError.corrupt(
                    "PLAIN BYTE_ARRAY value \(i) has length \(length) but only \(bytes.count - pos) bytes remain")
            }
            pos += Int(length)
            total += Int(length)
        }
        return total
    }

    /// BYTE_ARRAY values of a whole buffer (a dictionary page body), decoded in place: the
    /// values are moved over their length prefixes, so the buffer becomes the values' bytes
    /// and no second buffer of the page's size is needed (dictionary pages can be hundreds of
    /// megabytes).
    static func decodeByteArraysInPlace(_ body: inout [UInt8], count: Int) throws -> ByteArrayValues {
        // Pass 1 validates every length and totals the data.
        let total = try body.withUnsafeBytes { try byteArrayTotal($0, count: count) }
        // Pass 2 moves each value left over the prefixes read so far (the write position
        // never passes the read position) and records the offsets.
        var offsets: [Int] = []
        offsets.reserveCapacity(count + 1)
        offsets.append(0)
        body.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            var src = 0, dst = 0
            for _ in 0 ..< count {
                let length = Int(EncodingBytes.loadUInt32LE(UnsafeRawBufferPointer(raw), src) ?? 0)
                src += 4
                if length > 0 { (base + dst).copyMemory(from: base + src, byteCount: length) }
                src += length
                dst += length
                offsets.append(dst)
            }
        }
        body.removeSubrange(total...)
        return ByteArrayValues(offsets: offsets, bytes: body)
    }

    /// FIXED_LEN_BYTE_ARRAY: `width` bytes each, back to back.
    static func decodeFixedLen(
        _ bytes: UnsafeRawBufferPointer, width: Int, count: Int, into a: inout FixedLenByteArrayValues
    ) throws -> Int {
        guard width >= 0 else { throw ParquetError.corrupt("negative FIXED_LEN_BYTE_ARRAY width \(width)") }
        guard let needed = EncodingBytes.product(count, width), needed <= bytes.count else {
            throw ParquetError.corrupt(
                "truncated PLAIN FIXED_LEN_BYTE_ARRAY data: \(count) values of \(width) bytes exceed the \(bytes.count) bytes present")
        }
        a.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0 ..< needed]))
        return needed
    }

    /// Copies `length` bytes from `src[from...]` to `dst[to...]`, clamped to both buffers.
    @inline(__always)
    static func copyBytes(
        from src: UnsafeRawBufferPointer, _ from: Int, to dst: UnsafeMutableBufferPointer<UInt8>, _ to: Int, _ length: Int
    ) {
        guard length > 0, from >= 0, to >= 0, from <= src.count - length, to <= dst.count - length,
              let s = src.baseAddress, let d = dst.baseAddress
        else { return }
        UnsafeMutableRawPointer(d + to).copyMemory(from: s + from, byteCount: length)
    }
}

extension Array where Element: AdditiveArithmetic & BitwiseCopyable {
    /// Appends `count` elements whose raw (little-endian) bytes are `src`, which must hold
    /// exactly `count * stride` bytes (nothing is appended otherwise).
    @inline(__always)
    mutating func appendRaw(count: Int, from src: UnsafeRawBufferPointer) {
        guard count > 0, EncodingBytes.product(count, MemoryLayout<Element>.stride) == src.count else { return }
        if isEmpty {
            self = Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: src)
                initialized = count
            }
        } else {
            appendBulk(count, fill: .zero) { dst in
                UnsafeMutableRawBufferPointer(dst).copyMemory(from: src)
            }
        }
    }
}
