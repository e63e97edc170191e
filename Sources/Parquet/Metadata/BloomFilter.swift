// Split-block bloom filters (parquet-format BloomFilter.md): a `BloomFilterHeader` (Thrift
// compact) followed by a bitset of 256-bit blocks; values are hashed with xxHash64 (seed 0)
// over their PLAIN encoding without a length prefix.

/// A split-block bloom filter of one column chunk: answers "may this value be in the chunk?"
/// with no false negatives.
public struct BloomFilter: Sendable, Hashable {
    /// The bitset: a whole number of 32-byte blocks of eight little-endian 32-bit words.
    public let bitset: [UInt8]

    /// Bytes per block.
    public static let blockBytes = 32
    /// Largest bitset accepted (parquet-mr and parquet-cpp cap theirs at 128 MiB).
    public static let maxBytes = 128 << 20
    private static let salt: [UInt32] = [0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d,
                                         0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31]

    /// A filter over `bitset`.
    /// - Throws: `.corrupt` when the size is not a positive multiple of 32 bytes or above ``maxBytes``.
    public init(bitset: [UInt8]) throws {
        guard !bitset.isEmpty, bitset.count % Self.blockBytes == 0, bitset.count <= Self.maxBytes else {
            throw ParquetError.corrupt("bloom filter bitset of \(bitset.count) bytes is not a positive multiple of 32 (at most \(Self.maxBytes))")
        }
        self.bitset = bitset
    }

    /// Decodes a header and bitset (`bytes` from the header on; trailing bytes are ignored).
    /// - Throws: `.corrupt` for a malformed or truncated header or bitset, `.unsupported` for
    ///   an algorithm, hash or compression other than SPLIT_BLOCK, XXHASH and UNCOMPRESSED.
    public init(thriftCompact bytes: [UInt8]) throws {
        let (header, headerLength) = try bytes.withUnsafeBytes { try BloomFilterHeader.decode($0) }
        guard header.numBytes > 0, Int(header.numBytes) <= bytes.count - headerLength else {
            throw ParquetError.corrupt("bloom filter claims \(header.numBytes) bytes but \(bytes.count - headerLength) follow its header")
        }
        try self.init(bitset: Array(bytes[headerLength ..< headerLength + Int(header.numBytes)]))
    }

    /// Whether a value with xxHash64 `hash` may have been inserted (false: it certainly was not).
    public func mayContain(hash: UInt64) -> Bool {
        let blocks = UInt64(bitset.count / Self.blockBytes)
        let block = Int(((hash >> 32) &* blocks) >> 32)
        let key = UInt32(truncatingIfNeeded: hash)
        return bitset.withUnsafeBytes { raw in
            let base = block * Self.blockBytes
            for i in 0 ..< 8 {
                let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * i, as: UInt32.self))
                let bit = (key &* Self.salt[i]) >> 27
                if word & (1 << bit) == 0 { return false }
            }
            return true
        }
    }

    /// Whether a value whose PLAIN encoding (no length prefix) is `bytes` may be in the chunk.
    public func mayContain<C: Collection>(plain bytes: C) -> Bool where C.Element == UInt8 {
        mayContain(hash: XXHash64.hash(Array(bytes)))
    }

    /// The filter holding the hashes of `values` in `bytes` bytes (rounded up to whole blocks;
    /// for tests and writers).
    public static func make(hashes: [UInt64], bytes: Int) throws -> BloomFilter {
        var words = [UInt32](repeating: 0, count: max(1, (bytes + blockBytes - 1) / blockBytes) * 8)
        let blocks = UInt64(words.count / 8)
        for hash in hashes {
            let block = Int(((hash >> 32) &* blocks) >> 32)
            let key = UInt32(truncatingIfNeeded: hash)
            for i in 0 ..< 8 { words[block * 8 + i] |= 1 << ((key &* salt[i]) >> 27) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(words.count * 4)
        for word in words { for k in 0 ..< 4 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(k)))) } }
        return try BloomFilter(bitset: out)
    }
}

/// `BloomFilterHeader`: the bitset size and the (only defined) algorithm, hash and compression.
struct BloomFilterHeader {
    var numBytes: Int32 = 0

    /// parquet.thrift's names of `BloomFilterHeader` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("BloomFilterHeader", [1: "numBytes", 2: "algorithm", 3: "hash", 4: "compression"], required: [1, 2, 3, 4])

    /// Decodes the header at the start of `bytes`; returns it and its length in bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (BloomFilterHeader, Int) {
        var r = ThriftCompactReader(bytes)
        var header = BloomFilterHeader()
        // Each union must name its one known member (field 1, an empty struct).
        func union(_ r: inout ThriftCompactReader, _ type: ThriftType, _ what: String, _ member: String) throws {
            var found = false
            try r.readStruct(type, what) { r, f in
                if f.id == 1 { found = true }
                try r.skip(f)
            }
            guard found else { throw ParquetError.unsupported("bloom filter \(what) is not \(member)") }
        }
        try r.readStruct(Self.thrift) { r, f in
            switch f.id {
            case 1: header.numBytes = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: try union(&r, f.type, "algorithm", "SPLIT_BLOCK")
            case 3: try union(&r, f.type, "hash", "XXHASH")
            case 4: try union(&r, f.type, "compression", "UNCOMPRESSED")
            default: try r.skip(f)
            }
        }
        return (header, r.position)
    }
}

extension ParquetFileReader {
    /// Bytes read at first for a bloom filter whose length the footer does not give (the
    /// header; the bitset is then read on its own).
    static let bloomHeaderProbe = 256

    /// The bloom filter of a column chunk, or nil when the chunk has none.
    ///
    /// - Parameters:
    ///   - rowGroup: the row group index.
    ///   - column: the leaf column index (``ColumnDescriptor/index``).
    /// - Throws: `ParquetError` naming the file and column when the filter lies outside the
    ///   file, is larger than ``BloomFilter/maxBytes``, does not decode, or uses an algorithm,
    ///   hash or compression the format does not define.
    public func bloomFilter(rowGroup: Int, column: Int) throws -> BloomFilter? {
        guard metadata.rowGroups.indices.contains(rowGroup), schema.columns.indices.contains(column) else {
            throw ParquetError(.invalidArgument, "no column chunk \(column) in row group \(rowGroup)", file: path)
        }
        let chunks = metadata.rowGroups[rowGroup].columns
        guard chunks.indices.contains(column), let md = chunks[column].metaData, let offset = md.bloomFilterOffset else { return nil }
        return try withContext(file: path, column: schema.columns[column].dottedPath) {
            let what = "row group \(rowGroup): bloom filter"
            let limit = BloomFilter.maxBytes + Self.bloomHeaderProbe
            do {
                if let length = md.bloomFilterLength {
                    return try BloomFilter(thriftCompact: try readMetadataRegion(offset: offset, length: Int64(length), limit: limit, what: what))
                }
                let size = try file.size
                guard offset >= 0, offset < size else {
                    throw ParquetError.corrupt("\(what) at byte \(offset) lies outside the file (\(size) bytes)")
                }
                let probe = try readMetadataRegion(offset: offset, length: min(Int64(Self.bloomHeaderProbe), size - offset), limit: limit, what: what)
                let (header, headerLength) = try probe.withUnsafeBytes { try BloomFilterHeader.decode($0) }
                guard header.numBytes > 0, Int(header.numBytes) <= BloomFilter.maxBytes else {
                    throw ParquetError.corrupt("\(what) claims \(header.numBytes) bytes")
                }
                let bitset = try readMetadataRegion(offset: offset + Int64(headerLength), length: Int64(header.numBytes), limit: limit, what: what)
                return try BloomFilter(bitset: bitset)
            } catch let error as ParquetError where !error.message.hasPrefix("row group ") {
                throw ParquetError(error.kind, "\(what): \(error.message)")
            }
        }
    }
}
