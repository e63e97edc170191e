// Materializing dictionary-encoded values: looking decoded indices up in the dictionary page.

/// Appends dictionary entries selected by indices to a value buffer.
enum DictionaryGather {
    /// Appends `dictionary[i]` for every index `i` in `indices` to `values`.
    ///
    /// - Throws: `ParquetError` `.corrupt` when an index is out of range ("dictionary index 7 out
    ///   of range (dictionary has 5 values)") or `values` is not the dictionary's case.
    static func append(from dictionary: ColumnValues, indices: UnsafeBufferPointer<UInt32>, into values: inout ColumnValues) throws {
        switch dictionary {
        case .boolean(let d):
            try values.modify([Bool].self, orThrow: { mismatch(dictionary, $0) }) {
                try gather(d, indices, into: &$0, fill: false)
            }
        case .int32(let d):
            try values.modify([Int32].self, orThrow: { mismatch(dictionary, $0) }) {
                try gather(d, indices, into: &$0, fill: 0)
            }
        case .int64(let d):
            try values.modify([Int64].self, orThrow: { mismatch(dictionary, $0) }) {
                try gather(d, indices, into: &$0, fill: 0)
            }
        case .int96(let d):
            try values.modify([Int96].self, orThrow: { mismatch(dictionary, $0) }) {
                try gather(d, indices, into: &$0, fill: Int96(nanosOfDay: 0, julianDay: 0))
            }
        case .float(let d):
            try values.modify([Float].self, orThrow: { mismatch(dictionary, $0) }) {
                try gather(d, indices, into: &$0, fill: 0)
            }
        case .double(let d):
            try values.modify([Double].self, orThrow: { mismatch(dictionary, $0) }) {
                try gather(d, indices, into: &$0, fill: 0)
            }
        case .byteArray(let d):
            try values.modify(ByteArrayValues.self, orThrow: { mismatch(dictionary, $0) }) {
                try gatherByteArrays(d, indices, into: &$0)
            }
        case .fixedLenByteArray(let d):
            try values.modify(FixedLenByteArrayValues.self, width: d.width, orThrow: { mismatch(dictionary, $0) }) {
                try gatherFixedLen(d, indices, into: &$0)
            }
        }
    }

    /// ``append(from:indices:into:)`` for an index array.
    static func append(from dictionary: ColumnValues, indices: [UInt32], into values: inout ColumnValues) throws {
        try indices.withUnsafeBufferPointer { try append(from: dictionary, indices: $0, into: &values) }
    }

    static func mismatch(_ dictionary: ColumnValues, _ values: ColumnValues) -> ParquetError {
        ParquetError.corrupt(
            "dictionary of \(PlainDecoder.bufferName(dictionary)) values does not match the column's \(PlainDecoder.bufferName(values)) buffer")
    }

    /// Throws for the first index that is not below `count`.
    static func checkRange(_ indices: UnsafeBufferPointer<UInt32>, count: Int) throws {
        var maxIndex: UInt32 = 0
        for i in indices { maxIndex = max(maxIndex, i) }
        guard indices.isEmpty || Int(maxIndex) < count else {
            let bad = indices.first { Int($0) >= count } ?? maxIndex
            throw ParquetError.corrupt("dictionary index \(bad) out of range (dictionary has \(count) values)")
        }
    }

    static func gather<T>(_ dictionary: [T], _ indices: UnsafeBufferPointer<UInt32>, into a: inout [T], fill: T) throws {
        try checkRange(indices, count: dictionary.count)
        dictionary.withUnsafeBufferPointer { d in
            a.appendBulk(indices.count, fill: fill) { dst in
                for i in 0 ..< min(dst.count, indices.count) { dst[i] = d[Int(indices[i])] }
            }
        }
    }

    static func gatherByteArrays(_ d: ByteArrayValues, _ indices: UnsafeBufferPointer<UInt32>, into a: inout ByteArrayValues) throws {
        try checkRange(indices, count: d.count)
        var total = 0
        for i in indices {
            let lo = d.offsets[Int(i)], hi = d.offsets[Int(i) + 1]
            guard lo <= hi, hi <= d.bytes.count else {
                throw ParquetError.corrupt("dictionary byte array offsets are inconsistent")
            }
            total += hi - lo
            guard total <= DeltaByteArray.maxDecodedBytes else {
                throw ParquetError.unsupported(
                    "dictionary-encoded values expand to more than \(DeltaByteArray.maxDecodedBytes) bytes")
            }
        }
        var out = a.bytes
        var offsets = a.offsets
        a = ByteArrayValues(offsets: [], bytes: [])
        defer { a = ByteArrayValues(offsets: offsets, bytes: out) }
        offsets.reserveAdditional(indices.count)
        var end = out.count
        for i in indices {
            end += d.offsets[Int(i) + 1] - d.offsets[Int(i)]
            offsets.append(end)
        }
        d.bytes.withUnsafeBytes { src in
            out.appendBulk(total, fill: 0) { dst in
                var w = 0
                for i in indices {
                    let lo = d.offsets[Int(i)], length = d.offsets[Int(i) + 1] - lo
                    PlainDecoder.copyBytes(from: src, lo, to: dst, w, length)
                    w += length
                }
            }
        }
    }

    static func gatherFixedLen(
        _ d: FixedLenByteArrayValues, _ indices: UnsafeBufferPointer<UInt32>, into a: inout FixedLenByteArrayValues
    ) throws {
        let width = d.width
        guard width > 0 else { return }   // width-0 values carry no bytes
        try checkRange(indices, count: d.count)
        guard let total = EncodingBytes.product(indices.count, width), total <= DeltaByteArray.maxDecodedBytes else {
            throw ParquetError.unsupported(
                "dictionary-encoded values expand to more than \(DeltaByteArray.maxDecodedBytes) bytes")
        }
        var out = a.bytes
        a.bytes = []
        defer { a.bytes = out }
        d.bytes.withUnsafeBytes { src in
            out.appendBulk(total, fill: 0) { dst in
                var w = 0
                for i in indices {
                    PlainDecoder.copyBytes(from: src, Int(i) * width, to: dst, w, width)
                    w += width
                }
            }
        }
    }
}
