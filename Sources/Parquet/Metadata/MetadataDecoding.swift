// Decoding of the footer structs (FileMetaData and what it contains) from the Thrift
// compact protocol. Unknown fields are skipped so files from newer writers still read.

extension FileMetaData {
    /// Decodes a footer (the Thrift compact `FileMetaData` that precedes the footer length
    /// and the closing magic).
    ///
    /// - Throws: `ParquetError` of kind `.corrupt` when the bytes are malformed or truncated,
    ///   a required field is missing, or the schema is empty.
    public init(thriftCompact bytes: UnsafeRawBufferPointer) throws {
        var reader = ThriftCompactReader(bytes)
        self = try FileMetaData.decode(&reader, .structure)
    }

    /// parquet.thrift's names of `FileMetaData` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("FileMetaData", [1: "version", 2: "schema", 3: "num_rows", 4: "row_groups", 5: "key_value_metadata", 6: "created_by", 7: "column_orders"], required: [1, 2, 3, 4])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> FileMetaData {
        var m = FileMetaData()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: m.version = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: m.schema = try r.readList(f.type, Self.thrift.field(f.id)) { try SchemaElement.decode(&$0, $1) }
            case 3: m.numRows = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 4: m.rowGroups = try r.readList(f.type, Self.thrift.field(f.id)) { try RowGroup.decode(&$0, $1) }
            case 5: m.keyValueMetadata = try r.readList(f.type, Self.thrift.field(f.id)) { try KeyValue.decode(&$0, $1) }
            case 6: m.createdBy = try r.readString(f.type, Self.thrift.field(f.id))
            case 7: m.columnOrders = try r.readList(f.type, Self.thrift.field(f.id)) { try ColumnOrder.decode(&$0, $1) }
            case 8:
                m.hasEncryptionAlgorithm = true
                try r.skip(f)
            default: try r.skip(f)
            }
        }
        guard !m.schema.isEmpty else {
            throw ParquetError.corrupt("FileMetaData: schema has no elements")
        }
        return m
    }
}

extension KeyValue {
    /// parquet.thrift's names of `KeyValue` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("KeyValue", [1: "key", 2: "value"], required: [1])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> KeyValue {
        var kv = KeyValue(key: "", value: nil)
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: kv.key = try r.readString(f.type, Self.thrift.field(f.id))
            case 2: kv.value = try r.readString(f.type, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return kv
    }
}

extension Statistics {
    /// parquet.thrift's names of `Statistics` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("Statistics", [1: "max", 2: "min", 3: "null_count", 4: "distinct_count", 5: "max_value", 6: "min_value", 7: "is_max_value_exact", 8: "is_min_value_exact", 9: "nan_count"], required: [])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> Statistics {
        var s = Statistics()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: s.max = try r.readBinary(f.type, Self.thrift.field(f.id))
            case 2: s.min = try r.readBinary(f.type, Self.thrift.field(f.id))
            case 3: s.nullCount = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 4: s.distinctCount = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 5: s.maxValue = try r.readBinary(f.type, Self.thrift.field(f.id))
            case 6: s.minValue = try r.readBinary(f.type, Self.thrift.field(f.id))
            case 7: s.isMaxValueExact = try r.fieldBool(f, Self.thrift.field(f.id))
            case 8: s.isMinValueExact = try r.fieldBool(f, Self.thrift.field(f.id))
            case 9: s.nanCount = try r.lenient(f) { try $0.readInteger(f.type, Self.thrift.field(f.id)) }
            default: try r.skip(f)
            }
        }
        return s
    }
}

extension ColumnMetaData {
    /// parquet.thrift's names of `ColumnMetaData` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("ColumnMetaData", [1: "type", 2: "encodings", 3: "path_in_schema", 4: "codec", 5: "num_values", 6: "total_uncompressed_size", 7: "total_compressed_size", 8: "key_value_metadata", 9: "data_page_offset", 10: "index_page_offset", 11: "dictionary_page_offset", 13: "encoding_stats", 14: "bloom_filter_offset", 15: "bloom_filter_length"], required: [1, 2, 3, 4, 5, 6, 7, 9])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> ColumnMetaData {
        var c = ColumnMetaData()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: c.type = PhysicalType(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 2:
                c.encodings = try r.readList(f.type, Self.thrift.field(f.id)) { r, t in
                    Encoding(rawValue: try r.readInteger(t, Self.thrift.field(f.id)))
                }
            case 3:
                c.pathInSchema = try r.readList(f.type, Self.thrift.field(f.id)) { r, t in
                    try r.readString(t, Self.thrift.field(f.id))
                }
            case 4: c.codec = CompressionCodec(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 5: c.numValues = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 6: c.totalUncompressedSize = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 7: c.totalCompressedSize = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 8: c.keyValueMetadata = try r.readList(f.type, Self.thrift.field(f.id)) { try KeyValue.decode(&$0, $1) }
            case 9: c.dataPageOffset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 10: c.indexPageOffset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 11: c.dictionaryPageOffset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 12: c.statistics = try Statistics.decode(&r, f.type)
            // Fields 13-15 came late; forks of parquet-mr wrote other things under these ids
            // (Dremio: a list of structs as field 15), so a value that does not decode is skipped.
            case 13: c.encodingStats = try r.lenient(f) { try $0.readList(f.type, Self.thrift.field(f.id)) { try PageEncodingStats.decode(&$0, $1) } }
            case 14: c.bloomFilterOffset = try r.lenient(f) { try $0.readInteger(f.type, Self.thrift.field(f.id)) }
            case 15: c.bloomFilterLength = try r.lenient(f) { try $0.readInteger(f.type, Self.thrift.field(f.id)) }
            case 16: c.sizeStatistics = try r.lenient(f) { try SizeStatistics.decode(&$0, f.type) }
            case 17: c.geospatialStatistics = try r.lenient(f) { try GeospatialStatistics.decode(&$0, f.type) }
            default: try r.skip(f)
            }
        }
        return c
    }
}

extension ThriftCompactReader {
    /// A list of integers (each checked to fit `T`).
    mutating func readIntegerList<T: FixedWidthInteger & SignedInteger>(_ type: ThriftType, _ what: @autoclosure () -> String) throws -> [T] {
        try readList(type, what()) { r, t in try r.readInteger(t, what()) }
    }

    /// Decodes an optional field with `decode`; when it does not decode (a writer used the
    /// field id for something else), skips the field instead and returns nil. Only an input
    /// that cannot even be skipped throws.
    mutating func lenient<T>(_ field: ThriftFieldHeader, _ decode: (inout ThriftCompactReader) throws -> T) throws -> T? {
        let saved = self
        do {
            return try decode(&self)
        } catch let error as ParquetError where error.kind == .corrupt {
            self = saved
            try skip(field)
            return nil
        }
    }
}

extension PageEncodingStats {
    /// parquet.thrift's names of `PageEncodingStats` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("PageEncodingStats", [1: "page_type", 2: "encoding", 3: "count"], required: [1, 2, 3])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> PageEncodingStats {
        var s = PageEncodingStats(pageType: .dataPage, encoding: .plain, count: 0)
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: s.pageType = PageType(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 2: s.encoding = Encoding(rawValue: try r.readInteger(f.type, Self.thrift.field(f.id)))
            case 3: s.count = try r.readInteger(f.type, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return s
    }
}

extension SortingColumn {
    /// parquet.thrift's names of `SortingColumn` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("SortingColumn", [1: "column_idx", 2: "descending", 3: "nulls_first"], required: [1, 2, 3])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> SortingColumn {
        var s = SortingColumn(columnIndex: 0, descending: false, nullsFirst: false)
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: s.columnIndex = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: s.descending = try r.fieldBool(f, Self.thrift.field(f.id))
            case 3: s.nullsFirst = try r.fieldBool(f, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return s
    }
}

extension ColumnChunk {
    /// parquet.thrift's names of `ColumnChunk` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("ColumnChunk", [1: "file_path", 2: "file_offset", 4: "offset_index_offset", 5: "offset_index_length", 6: "column_index_offset", 7: "column_index_length"], required: [2])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> ColumnChunk {
        var c = ColumnChunk()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: c.filePath = try r.readString(f.type, Self.thrift.field(f.id))
            case 2: c.fileOffset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 3: c.metaData = try ColumnMetaData.decode(&r, f.type)
            case 4: c.offsetIndexOffset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 5: c.offsetIndexLength = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 6: c.columnIndexOffset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 7: c.columnIndexLength = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 8, 9:
                c.isEncrypted = true
                try r.skip(f)
            default: try r.skip(f)
            }
        }
        return c
    }
}

extension RowGroup {
    /// parquet.thrift's names of `RowGroup` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("RowGroup", [1: "columns", 2: "total_byte_size", 3: "num_rows", 4: "sorting_columns", 5: "file_offset", 6: "total_compressed_size", 7: "ordinal"], required: [1, 2, 3])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> RowGroup {
        var g = RowGroup()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: g.columns = try r.readList(f.type, Self.thrift.field(f.id)) { try ColumnChunk.decode(&$0, $1) }
            case 2: g.totalByteSize = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 3: g.numRows = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 4: g.sortingColumns = try r.lenient(f) { try $0.readList(f.type, Self.thrift.field(f.id)) { try SortingColumn.decode(&$0, $1) } }
            case 5: g.fileOffset = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 6: g.totalCompressedSize = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 7: g.ordinal = try r.readInteger(f.type, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return g
    }
}

extension ColumnOrder {
    /// Decodes the `ColumnOrder` union (an empty struct per member); the first member decides.
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> ColumnOrder {
        var order: ColumnOrder?
        try r.readStruct(type, "ColumnOrder") { r, f in
            if order == nil {
                switch f.id {
                case 1: order = .typeDefined
                case 2: order = .ieee754TotalOrder
                case 3: order = .int96TimestampOrder
                default: order = .undefined(fieldID: f.id)
                }
            }
            try r.skip(f)
        }
        guard let order else { throw ParquetError.corrupt("ColumnOrder: union has no member set") }
        return order
    }
}

extension SizeStatistics {
    /// parquet.thrift's names of `SizeStatistics` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("SizeStatistics", [1: "unencoded_byte_array_data_bytes", 2: "repetition_level_histogram", 3: "definition_level_histogram"], required: [])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> SizeStatistics {
        var s = SizeStatistics()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: s.unencodedByteArrayDataBytes = try r.readInteger(f.type, Self.thrift.field(f.id))
            case 2: s.repetitionLevelHistogram = try r.readIntegerList(f.type, Self.thrift.field(f.id))
            case 3: s.definitionLevelHistogram = try r.readIntegerList(f.type, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return s
    }
}

extension GeospatialStatistics {
    /// parquet.thrift's names of `GeospatialStatistics` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("GeospatialStatistics", [2: "geospatial_types"], required: [])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> GeospatialStatistics {
        var g = GeospatialStatistics()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: g.bbox = try BoundingBox.decode(&r, f.type)
            case 2: g.geospatialTypes = try r.readIntegerList(f.type, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return g
    }
}

extension BoundingBox {
    /// parquet.thrift's names of `BoundingBox` and its fields, and the fields it requires.
    static let thrift = ThriftStructNames("BoundingBox", [1: "xmin", 2: "xmax", 3: "ymin", 4: "ymax", 5: "zmin", 6: "zmax", 7: "mmin", 8: "mmax"], required: [1, 2, 3, 4])

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> BoundingBox {
        var b = BoundingBox()
        try r.readStruct(type, Self.thrift) { r, f in
            switch f.id {
            case 1: b.xmin = try r.readDouble(f.type, Self.thrift.field(f.id))
            case 2: b.xmax = try r.readDouble(f.type, Self.thrift.field(f.id))
            case 3: b.ymin = try r.readDouble(f.type, Self.thrift.field(f.id))
            case 4: b.ymax = try r.readDouble(f.type, Self.thrift.field(f.id))
            case 5: b.zmin = try r.readDouble(f.type, Self.thrift.field(f.id))
            case 6: b.zmax = try r.readDouble(f.type, Self.thrift.field(f.id))
            case 7: b.mmin = try r.readDouble(f.type, Self.thrift.field(f.id))
            case 8: b.mmax = try r.readDouble(f.type, Self.thrift.field(f.id))
            default: try r.skip(f)
            }
        }
        return b
    }
}
