// The footer structs as JSON whose member names are parquet.thrift's field names
// (`created_by`, `row_groups`, `meta_data`, `logicalType`, ...). Enum values are their
// parquet.thrift names (`INT64`, `SNAPPY`, `RLE_DICTIONARY`), or their number when this
// reader does not know them; unions are objects with one member named after the union
// member (`{"TIMESTAMP": {"isAdjustedToUTC": true, "unit": {"MICROS": {}}}}`); binary fields
// are base64 text. Optional fields that are not set are left out.

enum ThriftJSON {
    /// An enum value: its name when `known`, else its number.
    static func enumValue(_ raw: Int32, _ name: String, known: ClosedRange<Int32>) -> JSONValue {
        known.contains(raw) ? .string(name) : .int(Int64(raw))
    }

    static func type(_ t: PhysicalType) -> JSONValue { enumValue(t.rawValue, t.description, known: 0 ... 7) }
    static func encoding(_ e: Encoding) -> JSONValue { enumValue(e.rawValue, e.description, known: 0 ... 9) }
    static func codec(_ c: CompressionCodec) -> JSONValue { enumValue(c.rawValue, c.description, known: 0 ... 7) }
    static func pageType(_ p: PageType) -> JSONValue { enumValue(p.rawValue, p.description, known: 0 ... 3) }
    static func repetition(_ r: Repetition) -> JSONValue { enumValue(r.rawValue, r.description, known: 0 ... 2) }
    static func convertedType(_ c: ConvertedType) -> JSONValue { enumValue(c.rawValue, c.description, known: 0 ... 21) }

    /// Base64 text of raw bytes.
    static func binary(_ bytes: [UInt8]) -> JSONValue {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { ValueText.appendBase64($0, to: &out) }
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// Collects object members, leaving out unset optionals.
    struct Members {
        var list: [JSONValue.Member] = []
        mutating func add(_ key: String, _ value: JSONValue) { list.append(JSONValue.Member(key, value)) }
        mutating func add(_ key: String, _ value: JSONValue?) { if let value { add(key, value) } }
        var object: JSONValue { .object(list) }
    }

    static func keyValues(_ pairs: [KeyValue]) -> JSONValue {
        .array(pairs.map { kv in
            var m = Members()
            m.add("key", .string(kv.key))
            m.add("value", kv.value.map { JSONValue.string($0) })
            return m.object
        })
    }

    static func schemaElement(_ e: SchemaElement) -> JSONValue {
        var m = Members()
        m.add("type", e.type.map(type))
        m.add("type_length", e.typeLength.map { JSONValue.int(Int64($0)) })
        m.add("repetition_type", e.repetition.map(repetition))
        m.add("name", .string(e.name))
        m.add("num_children", e.numChildren.map { JSONValue.int(Int64($0)) })
        m.add("converted_type", e.convertedType.map(convertedType))
        m.add("scale", e.scale.map { JSONValue.int(Int64($0)) })
        m.add("precision", e.precision.map { JSONValue.int(Int64($0)) })
        m.add("field_id", e.fieldID.map { JSONValue.int(Int64($0)) })
        m.add("logicalType", e.logicalType.map(logicalType))
        return m.object
    }

    static func timeUnit(_ unit: TimeUnit) -> JSONValue {
        .object([(unit.description, .emptyObject)])
    }

    static func logicalType(_ t: LogicalType) -> JSONValue {
        func member(_ name: String, _ value: JSONValue = .emptyObject) -> JSONValue { .object([(name, value)]) }
        switch t {
        case .string: return member("STRING")
        case .map: return member("MAP")
        case .list: return member("LIST")
        case .enumeration: return member("ENUM")
        case let .decimal(scale, precision):
            return member("DECIMAL", .object([("scale", .int(Int64(scale))), ("precision", .int(Int64(precision)))]))
        case .date: return member("DATE")
        case let .time(utc, unit): return member("TIME", .object([("isAdjustedToUTC", .bool(utc)), ("unit", timeUnit(unit))]))
        case let .timestamp(utc, unit): return member("TIMESTAMP", .object([("isAdjustedToUTC", .bool(utc)), ("unit", timeUnit(unit))]))
        case let .integer(width, signed): return member("INTEGER", .object([("bitWidth", .int(Int64(width))), ("isSigned", .bool(signed))]))
        case .null: return member("UNKNOWN")
        case .json: return member("JSON")
        case .bson: return member("BSON")
        case .uuid: return member("UUID")
        case .float16: return member("FLOAT16")
        case let .variant(version):
            var m = Members()
            m.add("specification_version", version.map { JSONValue.int(Int64($0)) })
            return member("VARIANT", m.object)
        case let .geometry(crs):
            var m = Members()
            m.add("crs", crs.map { JSONValue.string($0) })
            return member("GEOMETRY", m.object)
        case let .geography(crs, algorithm):
            var m = Members()
            m.add("crs", crs.map { JSONValue.string($0) })
            m.add("algorithm", algorithm.map { edgeAlgorithm($0) })
            return member("GEOGRAPHY", m.object)
        case let .undefined(id): return member(String(id))
        }
    }

    /// `EdgeInterpolationAlgorithm`.
    static func edgeAlgorithm(_ raw: Int32) -> JSONValue {
        let names = ["SPHERICAL", "VINCENTY", "THOMAS", "ANDOYER", "KARNEY"]
        return raw >= 0 && Int(raw) < names.count ? .string(names[Int(raw)]) : .int(Int64(raw))
    }

    /// `Statistics`, plus `decoded_min` / `decoded_max`: the bounds a reader uses (see
    /// ``ColumnStatistics``), as the JSON value text of the column's type (values.md), when
    /// `column` is known and the bounds decode.
    static func statistics(_ s: Statistics, column: ColumnDescriptor?, order: ColumnOrder? = nil) -> JSONValue {
        var m = Members()
        m.add("max", s.max.map(binary))
        m.add("min", s.min.map(binary))
        m.add("null_count", s.nullCount.map { JSONValue.int($0) })
        m.add("distinct_count", s.distinctCount.map { JSONValue.int($0) })
        m.add("max_value", s.maxValue.map(binary))
        m.add("min_value", s.minValue.map(binary))
        m.add("is_max_value_exact", s.isMaxValueExact.map { JSONValue.bool($0) })
        m.add("is_min_value_exact", s.isMinValueExact.map { JSONValue.bool($0) })
        m.add("nan_count", s.nanCount.map { JSONValue.int($0) })
        if let column {
            let typed = ColumnStatistics(s, column: column, order: order)
            m.add("decoded_min", typed.min.flatMap { StatisticsSummary.text($0, column) }.map { JSONValue.raw($0) })
            m.add("decoded_max", typed.max.flatMap { StatisticsSummary.text($0, column) }.map { JSONValue.raw($0) })
        }
        return m.object
    }

    static func columnMetaData(_ c: ColumnMetaData, column: ColumnDescriptor?, order: ColumnOrder? = nil) -> JSONValue {
        var m = Members()
        m.add("type", type(c.type))
        m.add("encodings", .array(c.encodings.map(encoding)))
        m.add("path_in_schema", .array(c.pathInSchema.map { .string($0) }))
        m.add("codec", codec(c.codec))
        m.add("num_values", .int(c.numValues))
        m.add("total_uncompressed_size", .int(c.totalUncompressedSize))
        m.add("total_compressed_size", .int(c.totalCompressedSize))
        if !c.keyValueMetadata.isEmpty { m.add("key_value_metadata", keyValues(c.keyValueMetadata)) }
        m.add("data_page_offset", .int(c.dataPageOffset))
        m.add("index_page_offset", c.indexPageOffset.map { JSONValue.int($0) })
        m.add("dictionary_page_offset", c.dictionaryPageOffset.map { JSONValue.int($0) })
        m.add("statistics", c.statistics.map { statistics($0, column: column, order: order) })
        m.add("encoding_stats", c.encodingStats.map { stats in
            JSONValue.array(stats.map { s in
                .object([("page_type", pageType(s.pageType)), ("encoding", encoding(s.encoding)), ("count", .int(Int64(s.count)))])
            })
        })
        m.add("bloom_filter_offset", c.bloomFilterOffset.map { JSONValue.int($0) })
        m.add("bloom_filter_length", c.bloomFilterLength.map { JSONValue.int(Int64($0)) })
        m.add("size_statistics", c.sizeStatistics.map { s in
            var size = Members()
            size.add("unencoded_byte_array_data_bytes", s.unencodedByteArrayDataBytes.map { JSONValue.int($0) })
            if !s.repetitionLevelHistogram.isEmpty { size.add("repetition_level_histogram", .array(s.repetitionLevelHistogram.map { .int($0) })) }
            if !s.definitionLevelHistogram.isEmpty { size.add("definition_level_histogram", .array(s.definitionLevelHistogram.map { .int($0) })) }
            return size.object
        })
        m.add("geospatial_statistics", c.geospatialStatistics.map { g in
            var geo = Members()
            geo.add("bbox", g.bbox.map { b in
                var box = Members()
                box.add("xmin", .double(b.xmin))
                box.add("xmax", .double(b.xmax))
                box.add("ymin", .double(b.ymin))
                box.add("ymax", .double(b.ymax))
                box.add("zmin", b.zmin.map { JSONValue.double($0) })
                box.add("zmax", b.zmax.map { JSONValue.double($0) })
                box.add("mmin", b.mmin.map { JSONValue.double($0) })
                box.add("mmax", b.mmax.map { JSONValue.double($0) })
                return box.object
            })
            geo.add("geospatial_types", g.geospatialTypes.map { JSONValue.array($0.map { .int(Int64($0)) }) })
            return geo.object
        })
        return m.object
    }

    static func columnChunk(_ c: ColumnChunk, column: ColumnDescriptor?, order: ColumnOrder? = nil) -> JSONValue {
        var m = Members()
        m.add("file_path", c.filePath.map { JSONValue.string($0) })
        m.add("file_offset", .int(c.fileOffset))
        m.add("meta_data", c.metaData.map { columnMetaData($0, column: column, order: order) })
        m.add("offset_index_offset", c.offsetIndexOffset.map { JSONValue.int($0) })
        m.add("offset_index_length", c.offsetIndexLength.map { JSONValue.int(Int64($0)) })
        m.add("column_index_offset", c.columnIndexOffset.map { JSONValue.int($0) })
        m.add("column_index_length", c.columnIndexLength.map { JSONValue.int(Int64($0)) })
        return m.object
    }

    static func rowGroup(_ g: RowGroup, schema: Schema, orders: [ColumnOrder] = []) -> JSONValue {
        var m = Members()
        m.add("columns", .array(g.columns.enumerated().map { i, chunk in
            columnChunk(chunk, column: schema.columns.indices.contains(i) ? schema.columns[i] : nil,
                        order: orders.count == schema.columns.count && orders.indices.contains(i) ? orders[i] : nil)
        }))
        m.add("total_byte_size", .int(g.totalByteSize))
        m.add("num_rows", .int(g.numRows))
        m.add("sorting_columns", g.sortingColumns.map { columns in
            JSONValue.array(columns.map {
                .object([("column_idx", .int(Int64($0.columnIndex))), ("descending", .bool($0.descending)), ("nulls_first", .bool($0.nullsFirst))])
            })
        })
        m.add("file_offset", g.fileOffset.map { JSONValue.int($0) })
        m.add("total_compressed_size", g.totalCompressedSize.map { JSONValue.int($0) })
        m.add("ordinal", g.ordinal.map { JSONValue.int(Int64($0)) })
        return m.object
    }

    static func columnOrder(_ order: ColumnOrder) -> JSONValue {
        switch order {
        case .typeDefined: return .object([("TYPE_ORDER", .emptyObject)])
        case .ieee754TotalOrder: return .object([("IEEE_754_TOTAL_ORDER", .emptyObject)])
        case .int96TimestampOrder: return .object([("INT96_TIMESTAMP_ORDER", .emptyObject)])
        case .undefined(let id): return .object([(String(id), .emptyObject)])
        }
    }

    static func fileMetaData(_ f: FileMetaData, schema: Schema) -> JSONValue {
        var m = Members()
        m.add("version", .int(Int64(f.version)))
        m.add("schema", .array(f.schema.map(schemaElement)))
        m.add("num_rows", .int(f.numRows))
        m.add("row_groups", .array(f.rowGroups.map { rowGroup($0, schema: schema, orders: f.columnOrders) }))
        if !f.keyValueMetadata.isEmpty { m.add("key_value_metadata", keyValues(f.keyValueMetadata)) }
        m.add("created_by", f.createdBy.map { JSONValue.string($0) })
        if !f.columnOrders.isEmpty { m.add("column_orders", .array(f.columnOrders.map(columnOrder))) }
        return m.object
    }
}
