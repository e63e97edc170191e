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

    /// parquet.thrift's names of `PageHeader` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("PageHeader", [1: "type", 2: "uncompressed_page_size", 3: "compressed_page_size", 4: "crc"], required: [1, 2, 3])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> PageHeader {
        var h = PageHeader()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: h.type = PageType(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 2: h.uncompressedPageSize = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 3: h.compressedPageSize = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 4: h.crc = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 5: h.dataPageHeader = try DataPageHeader.decode(&r, f.type)
            case 7: h.dictionaryPageHeader = try DictionaryPageHeader.decode(&r, f.type)
            case 8: h.dataPageHeaderV2 = try DataPageHeaderV2.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        return h
    }
}

extension DataPageHeader {
    /// parquet.thrift's names of `DataPageHeader` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("DataPageHeader", [1: "num_values", 2: "encoding", 3: "definition_level_encoding", 4: "repetition_level_encoding"], required: [1, 2, 3, 4])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> DataPageHeader {
        var h = DataPageHeader()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: h.numValues = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: h.encoding = Encoding(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 3: h.definitionLevelEncoding = Encoding(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 4: h.repetitionLevelEncoding = Encoding(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 5: h.statistics = try Statistics.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        return h
    }
}

extension DataPageHeaderV2 {
    /// parquet.thrift's names of `DataPageHeaderV2` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("DataPageHeaderV2", [1: "num_values", 2: "num_nulls", 3: "num_rows", 4: "encoding", 5: "definition_levels_byte_length", 6: "repetition_levels_byte_length", 7: "is_compressed"], required: [1, 2, 3, 4, 5, 6])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> DataPageHeaderV2 {
        var h = DataPageHeaderV2()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: h.numValues = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: h.numNulls = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 3: h.numRows = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 4: h.encoding = Encoding(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 5: h.definitionLevelsByteLength = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 6: h.repetitionLevelsByteLength = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 7: h.isCompressed = try r.fieldBool(f, Self.thrift.field(f.id))
            case 8: h.statistics = try Statistics.decode(&r, f.type)
            default: try r.skip(f)
            }
        }
        return h
    }
}

extension DictionaryPageHeader {
    /// parquet.thrift's names of `DictionaryPageHeader` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("DictionaryPageHeader", [1: "num_values", 2: "encoding", 3: "is_sorted"], required: [1, 2])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> DictionaryPageHeader {
        var h = DictionaryPageHeader()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: h.numValues = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: h.encoding = Encoding(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 3: h.isSorted = try r.fieldBool(f, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return h
    }
}
