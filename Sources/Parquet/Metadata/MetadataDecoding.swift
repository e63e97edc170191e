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

    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> FileMetaData {
        var m = FileMetaData()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "FileMetaData") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: m.version = try r.readInteger(f.type, "FileMetaData.version")
            case 2: m.schema = try r.readList(f.type, "FileMetaData.schema") { try SchemaElement.decode(&$0, $1) }
            case 3: m.numRows = try r.readInteger(f.type, "FileMetaData.num_rows")
            case 4: m.rowGroups = try r.readList(f.type, "FileMetaData.row_groups") { try RowGroup.decode(&$0, $1) }
            case 5: m.keyValueMetadata = try r.readList(f.type, "FileMetaData.key_value_metadata") { try KeyValue.decode(&$0, $1) }
            case 6: m.createdBy = try r.readString(f.type, "FileMetaData.created_by")
            case 7: m.columnOrders = try r.readList(f.type, "FileMetaData.column_orders") { try ColumnOrder.decode(&$0, $1) }
            case 8:
                m.hasEncryptionAlgorithm = true
                try r.skip(f)
            default: try r.skip(f)
            }
        }
        try seen.require(1, "FileMetaData", "version")
        try seen.require(2, "FileMetaData", "schema")
        try seen.require(3, "FileMetaData", "num_rows")
        try seen.require(4, "FileMetaData", "row_groups")
        guard !m.schema.isEmpty else {
            throw ParquetError.corrupt("FileMetaData: schema has no elements")
        }
        return m
    }
}

extension KeyValue {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> KeyValue {
        var kv = KeyValue(key: "", value: nil)
        var seen = ThriftFieldSet()
        try r.readStruct(type, "KeyValue") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: kv.key = try r.readString(f.type, "KeyValue.key")
            case 2: kv.value = try r.readString(f.type, "KeyValue.value")
            default: try r.skip(f)
            }
        }
        try seen.require(1, "KeyValue", "key")
        return kv
    }
}

extension Statistics {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> Statistics {
        var s = Statistics()
        try r.readStruct(type, "Statistics") { r, f in
            switch f.id {
            case 1: s.max = try r.readBinary(f.type, "Statistics.max")
            case 2: s.min = try r.readBinary(f.type, "Statistics.min")
            case 3: s.nullCount = try r.readInteger(f.type, "Statistics.null_count")
            case 4: s.distinctCount = try r.readInteger(f.type, "Statistics.distinct_count")
            case 5: s.maxValue = try r.readBinary(f.type, "Statistics.max_value")
            case 6: s.minValue = try r.readBinary(f.type, "Statistics.min_value")
            case 7: s.isMaxValueExact = try r.fieldBool(f, "Statistics.is_max_value_exact")
            case 8: s.isMinValueExact = try r.fieldBool(f, "Statistics.is_min_value_exact")
            case 9: s.nanCount = try r.lenient(f) { try $0.readInteger(f.type, "Statistics.nan_count") }
            default: try r.skip(f)
            }
        }
        return s
    }
}

extension ColumnMetaData {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> ColumnMetaData {
        var c = ColumnMetaData()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "ColumnMetaData") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: c.type = PhysicalType(rawValue: try r.readInteger(f.type, "ColumnMetaData.type"))
            case 2:
                c.encodings = try r.readList(f.type, "ColumnMetaData.encodings") { r, t in
                    Encoding(rawValue: try r.readInteger(t, "ColumnMetaData.encodings"))
                }
            case 3:
                c.pathInSchema = try r.readList(f.type, "ColumnMetaData.path_in_schema") { r, t in
                    try r.readString(t, "ColumnMetaData.path_in_schema")
                }
            case 4: c.codec = CompressionCodec(rawValue: try r.readInteger(f.type, "ColumnMetaData.codec"))
            case 5: c.numValues = try r.readInteger(f.type, "ColumnMetaData.num_values")
            case 6: c.totalUncompressedSize = try r.readInteger(f.type, "ColumnMetaData.total_uncompressed_size")
            case 7: c.totalCompressedSize = try r.readInteger(f.type, "ColumnMetaData.total_compressed_size")
            case 8: c.keyValueMetadata = try r.readList(f.type, "ColumnMetaData.key_value_metadata") { try KeyValue.decode(&$0, $1) }
            case 9: c.dataPageOffset = try r.readInteger(f.type, "ColumnMetaData.data_page_offset")
            case 10: c.indexPageOffset = try r.readInteger(f.type, "ColumnMetaData.index_page_offset")
            case 11: c.dictionaryPageOffset = try r.readInteger(f.type, "ColumnMetaData.dictionary_page_offset")
            case 12: c.statistics = try Statistics.decode(&r, f.type)
            // Fields 13-15 came late; forks of parquet-mr wrote other things under these ids
            // (Dremio: a list of structs as field 15), so a value that does not decode is skipped.
            case 13: c.encodingStats = try r.lenient(f) { try $0.readList(f.type, "ColumnMetaData.encoding_stats") { try PageEncodingStats.decode(&$0, $1) } }
            case 14: c.bloomFilterOffset = try r.lenient(f) { try $0.readInteger(f.type, "ColumnMetaData.bloom_filter_offset") }
            case 15: c.bloomFilterLength = try r.lenient(f) { try $0.readInteger(f.type, "ColumnMetaData.bloom_filter_length") }
            case 16: c.sizeStatistics = try r.lenient(f) { try SizeStatistics.decode(&$0, f.type) }
            case 17: c.geospatialStatistics = try r.lenient(f) { try GeospatialStatistics.decode(&$0, f.type) }
            default: try r.skip(f)
            }
        }
        try seen.require(1, "ColumnMetaData", "type")
        try seen.require(2, "ColumnMetaData", "encodings")
        try seen.require(3, "ColumnMetaData", "path_in_schema")
        try seen.require(4, "ColumnMetaData", "codec")
        try seen.require(5, "ColumnMetaData", "num_values")
        try seen.require(6, "ColumnMetaData", "total_uncompressed_size")
        try seen.require(7, "ColumnMetaData", "total_compressed_size")
        try seen.require(9, "ColumnMetaData", "data_page_offset")
        return c
    }
}

extension ThriftCompactReader {
    /// A list of integers (each checked to fit `T`).
    mutating func readIntegerList<T: FixedWidthInteger & SignedInteger>(_ type: ThriftType, _ what: String) throws -> [T] {
        try readList(type, what) { r, t in try r.readInteger(t, what) }
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
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> PageEncodingStats {
        var s = PageEncodingStats(pageType: .dataPage, encoding: .plain, count: 0)
        var seen = ThriftFieldSet()
        try r.readStruct(type, "PageEncodingStats") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: s.pageType = PageType(rawValue: try r.readInteger(f.type, "PageEncodingStats.page_type"))
            case 2: s.encoding = Encoding(rawValue: try r.readInteger(f.type, "PageEncodingStats.encoding"))
            case 3: s.count = try r.readInteger(f.type, "PageEncodingStats.count")
            default: try r.skip(f)
            }
        }
        try seen.require(1, "PageEncodingStats", "page_type")
        try seen.require(2, "PageEncodingStats", "encoding")
        try seen.require(3, "PageEncodingStats", "count")
        return s
    }
}

extension SortingColumn {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> SortingColumn {
        var s = SortingColumn(columnIndex: 0, descending: false, nullsFirst: false)
        var seen = ThriftFieldSet()
        try r.readStruct(type, "SortingColumn") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: s.columnIndex = try r.readInteger(f.type, "SortingColumn.column_idx")
            case 2: s.descending = try r.fieldBool(f, "SortingColumn.descending")
            case 3: s.nullsFirst = try r.fieldBool(f, "SortingColumn.nulls_first")
            default: try r.skip(f)
            }
        }
        try seen.require(1, "SortingColumn", "column_idx")
        try seen.require(2, "SortingColumn", "descending")
        try seen.require(3, "SortingColumn", "nulls_first")
        return s
    }
}

extension ColumnChunk {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> ColumnChunk {
        var c = ColumnChunk()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "ColumnChunk") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: c.filePath = try r.readString(f.type, "ColumnChunk.file_path")
            case 2: c.fileOffset = try r.readInteger(f.type, "ColumnChunk.file_offset")
            case 3: c.metaData = try ColumnMetaData.decode(&r, f.type)
            case 4: c.offsetIndexOffset = try r.readInteger(f.type, "ColumnChunk.offset_index_offset")
            case 5: c.offsetIndexLength = try r.readInteger(f.type, "ColumnChunk.offset_index_length")
            case 6: c.columnIndexOffset = try r.readInteger(f.type, "ColumnChunk.column_index_offset")
            case 7: c.columnIndexLength = try r.readInteger(f.type, "ColumnChunk.column_index_length")
            case 8, 9:
                c.isEncrypted = true
                try r.skip(f)
            default: try r.skip(f)
            }
        }
        try seen.require(2, "ColumnChunk", "file_offset")
        return c
    }
}

extension RowGroup {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> RowGroup {
        var g = RowGroup()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "RowGroup") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: g.columns = try r.readList(f.type, "RowGroup.columns") { try ColumnChunk.decode(&$0, $1) }
            case 2: g.totalByteSize = try r.readInteger(f.type, "RowGroup.total_byte_size")
            case 3: g.numRows = try r.readInteger(f.type, "RowGroup.num_rows")
            case 4: g.sortingColumns = try r.lenient(f) { try $0.readList(f.type, "RowGroup.sorting_columns") { try SortingColumn.decode(&$0, $1) } }
            case 5: g.fileOffset = try r.readInteger(f.type, "RowGroup.file_offset")
            case 6: g.totalCompressedSize = try r.readInteger(f.type, "RowGroup.total_compressed_size")
            case 7: g.ordinal = try r.readInteger(f.type, "RowGroup.ordinal")
            default: try r.skip(f)
            }
        }
        try seen.require(1, "RowGroup", "columns")
        try seen.require(2, "RowGroup", "total_byte_size")
        try seen.require(3, "RowGroup", "num_rows")
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
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> SizeStatistics {
        var s = SizeStatistics()
        try r.readStruct(type, "SizeStatistics") { r, f in
            switch f.id {
            case 1: s.unencodedByteArrayDataBytes = try r.readInteger(f.type, "SizeStatistics.unencoded_byte_array_data_bytes")
            case 2: s.repetitionLevelHistogram = try r.readIntegerList(f.type, "SizeStatistics.repetition_level_histogram")
            case 3: s.definitionLevelHistogram = try r.readIntegerList(f.type, "SizeStatistics.definition_level_histogram")
            default: try r.skip(f)
            }
        }
        return s
    }
}

extension GeospatialStatistics {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> GeospatialStatistics {
        var g = GeospatialStatistics()
        try r.readStruct(type, "GeospatialStatistics") { r, f in
            switch f.id {
            case 1: g.bbox = try BoundingBox.decode(&r, f.type)
            case 2: g.geospatialTypes = try r.readIntegerList(f.type, "GeospatialStatistics.geospatial_types")
            default: try r.skip(f)
            }
        }
        return g
    }
}

extension BoundingBox {
    static func decode(_ r: inout ThriftCompactReader, _ type: ThriftType) throws -> BoundingBox {
        var b = BoundingBox()
        var seen = ThriftFieldSet()
        try r.readStruct(type, "BoundingBox") { r, f in
            seen.insert(f.id)
            switch f.id {
            case 1: b.xmin = try r.readDouble(f.type, "BoundingBox.xmin")
            case 2: b.xmax = try r.readDouble(f.type, "BoundingBox.xmax")
            case 3: b.ymin = try r.readDouble(f.type, "BoundingBox.ymin")
            case 4: b.ymax = try r.readDouble(f.type, "BoundingBox.ymax")
            case 5: b.zmin = try r.readDouble(f.type, "BoundingBox.zmin")
            case 6: b.zmax = try r.readDouble(f.type, "BoundingBox.zmax")
            case 7: b.mmin = try r.readDouble(f.type, "BoundingBox.mmin")
            case 8: b.mmax = try r.readDouble(f.type, "BoundingBox.mmax")
            default: try r.skip(f)
            }
        }
        for id: Int16 in 1 ... 4 { try seen.require(id, "BoundingBox", ["xmin", "xmax", "ymin", "ymax"][Int(id) - 1]) }
        return b
    }
}
