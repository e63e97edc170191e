// Decoding of PageHeader and its per-kind headers from the Thrift compact protocol.

/// A page header decoded from the start of a byte range, with the bytes it occupies (the
/// page data starts `length` bytes in).
public struct DecodedPageHeader: Sendable, Hashable {
    /// The header.
    public var header: PageHeader
    /// Its encoded length in bytes.
    public var length: Int

    /// A header `header` of `length` encoded bytes.
    public init(header: PageHeader, length: Int) {
        self.header = header
        self.length = length
    }
}

extension PageHeader {
    /// Decodes the page header at the start of `bytes` (the page data follows it).
    ///
    /// - Returns: the header and the number of bytes it occupies.
    /// - Throws: `ParquetError` of kind `.corrupt` when the header is malformed, truncated
    ///   or misses a required field.
    public static func decode(from bytes: UnsafeRawBufferPointer) throws -> DecodedPageHeader {
        var reader = ThriftCompactReader(bytes)
        let header = try decode(&reader, .structure)
        return DecodedPageHeader(header: header, length: reader.position)
    }

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> PageHeader {
        var h = PageHeader()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "PageHeader") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: h.type = PageType(rawValue: try r.readInteger(f.type, "PageHeader.type"))
            case 2: h.uncompressedPageSize = try r.readInteger(f.type, "PageHeader.uncompressed_page_size")
            case 3: h.compressedPageSize = try r.readInteger(f.type, "PageHeader.compressed_page_size")
            case 4: h.crc = try r.readInteger(f.type, "PageHeader.crc")
            case 5: h.dataPageHeader = try DataPageHeader.decode(&r, f.type)
            case 7: h.dictionaryPageHeader = try DictionaryPageHeader.decode(&r, f.type)
            case 8: h.dataPageHeaderV2 = try DataPageHeaderV2.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        try seen.require(1, "PageHeader", "type")
        try seen.require(2, "PageHeader", "uncompressed_page_size")
        try seen.require(3, "PageHeader", "compressed_page_size")
        return h
    }
}

extension DataPageHeader {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> DataPageHeader {
        var h = DataPageHeader()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "DataPageHeader") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: h.numValues = try r.readInteger(f.type, "DataPageHeader.num_values")
            case 2: h.encoding = Encoding(rawValue: try r.readInteger(f.type, "DataPageHeader.encoding"))
            case 3: h.definitionLevelEncoding = Encoding(rawValue: try r.readInteger(f.type, "DataPageHeader.definition_level_encoding"))
            case 4: h.repetitionLevelEncoding = Encoding(rawValue: try r.readInteger(f.type, "DataPageHeader.repetition_level_encoding"))
            case 5: h.statistics = try Statistics.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        try seen.require(1, "DataPageHeader", "num_values")
        try seen.require(2, "DataPageHeader", "encoding")
        try seen.require(3, "DataPageHeader", "definition_level_encoding")
        try seen.require(4, "DataPageHeader", "repetition_level_encoding")
        return h
    }
}

extension DataPageHeaderV2 {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> DataPageHeaderV2 {
        var h = DataPageHeaderV2()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "DataPageHeaderV2") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: h.numValues = try r.readInteger(f.type, "DataPageHeaderV2.num_values")
            case 2: h.numNulls = try r.readInteger(f.type, "DataPageHeaderV2.num_nulls")
            case 3: h.numRows = try r.readInteger(f.type, "DataPageHeaderV2.num_rows")
            case 4: h.encoding = Encoding(rawValue: try r.readInteger(f.type, "DataPageHeaderV2.encoding"))
            case 5: h.definitionLevelsByteLength = try r.readInteger(f.type, "DataPageHeaderV2.definition_levels_byte_length")
            case 6: h.repetitionLevelsByteLength = try r.readInteger(f.type, "DataPageHeaderV2.repetition_levels_byte_length")
            case 7: h.isCompressed = try r.fieldBool(f, "DataPageHeaderV2.is_compressed")
            case 8: h.statistics = try Statistics.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        try seen.require(1, "DataPageHeaderV2", "num_values")
        try seen.require(2, "DataPageHeaderV2", "num_nulls")
        try seen.require(3, "DataPageHeaderV2", "num_rows")
        try seen.require(4, "DataPageHeaderV2", "encoding")
        try seen.require(5, "DataPageHeaderV2", "definition_levels_byte_length")
        try seen.require(6, "DataPageHeaderV2", "repetition_levels_byte_length")
        return h
    }
}

extension DictionaryPageHeader {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> DictionaryPageHeader {
        var h = DictionaryPageHeader()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "DictionaryPageHeader") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: h.numValues = try r.readInteger(f.type, "DictionaryPageHeader.num_values")
            case 2: h.encoding = Encoding(rawValue: try r.readInteger(f.type, "DictionaryPageHeader.encoding"))
            case 3: h.isSorted = try r.fieldBool(f, "DictionaryPageHeader.is_sorted")
            default: try r.skip(f)
            }
        }
        try seen.require(1, "DictionaryPageHeader", "num_values")
        try seen.require(2, "DictionaryPageHeader", "encoding")
        return h
    }
}
