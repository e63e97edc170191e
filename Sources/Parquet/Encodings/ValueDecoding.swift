// Dispatch from a page's value encoding to the matching decoder.

/// Decodes the (non-dictionary) values section of a data page.
enum ValueDecoding {
    /// Decodes `count` values encoded with `encoding` and appends them to `values`, which must
    /// already be the case matching `type` (see ``ColumnValues/empty(for:typeLength:)``).
    ///
    /// Handles PLAIN, RLE (BOOLEAN only: a 4-byte little-endian length, then the hybrid at bit
    /// width 1), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
    /// BYTE_STREAM_SPLIT. Dictionary encodings are the caller's job.
    ///
    /// - Returns: the bytes consumed.
    /// - Throws: `ParquetError` `.unsupported` for an encoding not valid for `type`
    ///   ("encoding DELTA_BINARY_PACKED is not valid for BYTE_ARRAY") or not supported at all;
    ///   `.corrupt` for malformed data.
    static func decode(
        encoding: Encoding, bytes: UnsafeRawBufferPointer, type: PhysicalType, typeLength: Int, count: Int,
        into values: inout ColumnValues
    ) throws -> Int {
        switch encoding {
        case .plain:
            return try PlainDecoder.decode(bytes, type: type, typeLength: typeLength, count: count, into: &values)
        case .rle:
            guard type == .boolean else { throw notValid(encoding, type) }
            return try values.modify([Bool].self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                try decodeRLEBooleans(bytes, count: count, into: &$0)
            }
        case .deltaBinaryPacked:
            switch type {
            case .int32:
                return try values.modify([Int32].self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                    try DeltaBinaryPacked.decodeInt32(bytes, count: count, into: &$0)
                }
            case .int64:
                return try values.modify([Int64].self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                    try DeltaBinaryPacked.decodeInt64(bytes, count: count, into: &$0)
                }
            default:
                throw notValid(encoding, type)
            }
        case .deltaLengthByteArray:
            guard type == .byteArray else { throw notValid(encoding, type) }
            return try values.modify(ByteArrayValues.self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                try DeltaLengthByteArray.decode(bytes, count: count, into: &$0)
            }
        case .deltaByteArray:
            switch type {
            case .byteArray:
                return try values.modify(ByteArrayValues.self, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                    try DeltaByteArray.decode(bytes, count: count, into: &$0)
                }
            case .fixedLenByteArray:
                return try values.modify(FixedLenByteArrayValues.self, width: typeLength, orThrow: { PlainDecoder.mismatch(type, $0) }) {
                    try DeltaByteArray.decode(bytes, count: count, width: typeLength, into: &$0)
                }
            default:
                throw notValid(encoding, type)
            }
        case .byteStreamSplit:
            switch type {
            case .float, .double, .int32, .int64, .fixedLenByteArray:
                return try ByteStreamSplit.decode(bytes, type: type, typeLength: typeLength, count: count, into: &values)
            default:
                throw notValid(encoding, type)
            }
        case .bitPacked:
            throw notValid(encoding, type)   // levels only
        case .plainDictionary, .rleDictionary:
            throw ParquetError.unsupported("encoding \(encoding) must be decoded with the column's dictionary")
        default:
            let name = encoding.description
            throw ParquetError.unsupported("\(name.hasPrefix("encoding ") ? name : "encoding \(name)") is not supported")
        }
    }

    /// The error for an encoding that the spec does not allow for a physical type.
    static func notValid(_ encoding: Encoding, _ type: PhysicalType) -> ParquetError {
        ParquetError.unsupported("encoding \(encoding) is not valid for \(type)")
    }

    /// RLE booleans: a 4-byte little-endian length, then the hybrid at bit width 1.
    static func decodeRLEBooleans(_ bytes: UnsafeRawBufferPointer, count: Int, into a: inout [Bool]) throws -> Int {
        guard let length = EncodingBytes.loadUInt32LE(bytes, 0) else {
            throw ParquetError.corrupt("truncated RLE BOOLEAN data: missing 4-byte length prefix")
        }
        guard Int(length) <= bytes.count - 4 else {
            throw ParquetError.corrupt("RLE BOOLEAN length \(length) exceeds the \(bytes.count - 4) bytes present")
        }
        var bits: [UInt32] = []
        let body = UnsafeRawBufferPointer(rebasing: bytes[4 ..< 4 + Int(length)])
        _ = try RLEHybrid.decode(body, bitWidth: 1, count: count, into: &bits)
        a.appendBulk(bits.count, fill: false) { dst in
            for i in 0 ..< min(dst.count, bits.count) { dst[i] = bits[i] != 0 }
        }
        return 4 + Int(length)
    }
}
