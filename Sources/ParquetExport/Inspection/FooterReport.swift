/// The whole footer of one Parquet file, for `data-designer meta`: as JSON whose member
/// names are parquet.thrift's, or as aligned text tables.
///
/// ```swift
/// let report = try FooterReport(path: "batch_00000.parquet")
/// print(report.json.prettyText)
/// report.textLines().forEach { print($0) }
/// ```
/// Only the footer is read (and the 8 bytes after it, for its length).
public struct FooterReport: Sendable {
    public let reader: ParquetFileReader
    /// Bytes of the Thrift-encoded footer.
    public let footerLength: Int64

    /// Opens `path` and reads its footer.
    public init(path: String) throws {
        try self.init(reader: ParquetFileReader(path: path))
    }

    /// A report on an open file.
    public init(reader: ParquetFileReader) throws {
        self.reader = reader
        footerLength = try reader.footerLength()
    }

    /// `FileMetaData` as JSON (see ``ThriftJSON``): every field the footer sets, binary values
    /// in base64, and in each `statistics` the decoded bounds as `decoded_min` / `decoded_max`.
    public var json: JSONValue {
        ThriftJSON.fileMetaData(reader.metadata, schema: reader.schema)
    }

    /// The footer as text: file facts, key-value metadata, the schema elements, then per row
    /// group its facts and tables of column chunks, statistics, size and geospatial statistics
    /// and encoding statistics.
    ///
    /// - Parameter valueWidth: longest metadata value or statistics bound shown in full;
    ///   longer ones are cut and end in `…` (the JSON output is never cut).
    public func textLines(valueWidth: Int = 60) -> [String] {
        let m = reader.metadata
        var lines: [String] = []
        var facts = TextTable(headers: ["file", reader.path])
        facts.append(["size", "\(reader.fileSize) bytes (footer \(footerLength) bytes)"])
        facts.append(["created_by", m.createdBy ?? "-"])
        facts.append(["version", "\(m.version)"])
        facts.append(["num_rows", "\(m.numRows)"])
        facts.append(["row_groups", "\(m.rowGroups.count)"])
        facts.append(["columns", "\(reader.schema.columns.count)"])
        facts.append(["column_orders", Self.columnOrders(m.columnOrders)])
        lines += facts.lines()

        if !m.keyValueMetadata.isEmpty {
            lines += ["", "key_value_metadata:"]
            lines += Self.keyValueTable(m.keyValueMetadata, valueWidth).lines(indent: "  ")
        }

        lines += ["", "schema:"]
        lines += schemaTable().lines(indent: "  ")

        for (index, group) in m.rowGroups.enumerated() {
            lines += [""] + rowGroupLines(index, group, valueWidth)
        }
        return lines
    }

    private static func columnOrders(_ orders: [ColumnOrder]) -> String {
        guard !orders.isEmpty else { return "-" }
        var counts: [(String, Int)] = []
        for order in orders {
            let name: String
            switch order {
            case .typeDefined: name = "TYPE_ORDER"
            case .ieee754TotalOrder: name = "IEEE_754_TOTAL_ORDER"
            case .int96TimestampOrder: name = "INT96_TIMESTAMP_ORDER"
            case .undefined(let id): name = "column order \(id)"
            }
            if let last = counts.last, last.0 == name { counts[counts.count - 1].1 += 1 } else { counts.append((name, 1)) }
        }
        return counts.map { "\($0.0) ×\($0.1)" }.joined(separator: ", ")
    }

    private static func keyValueTable(_ pairs: [KeyValue], _ width: Int) -> TextTable {
        var table = TextTable(headers: ["key", "value"])
        for kv in pairs {
            guard let value = kv.value else { table.append([kv.key, "(no value)"]); continue }
            let flat = value.replacingOccurrences(of: "\n", with: "\\n")
            let shown = TextTable.truncate(flat, width)
            table.append([kv.key, shown == flat ? shown : "\(shown) (\(value.utf8.count) bytes)"])
        }
        return table
    }

    /// The flattened schema elements, names indented by depth.
    private func schemaTable() -> TextTable {
        var table = TextTable(headers: ["element", "type", "repetition", "converted_type", "logicalType", "field_id"])
        var remaining: [Int] = []  // children left per open group
        for element in reader.metadata.schema {
            let depth = remaining.count
            let type = element.type.map { $0 == .fixedLenByteArray ? "\($0)(\(element.typeLength ?? 0))" : $0.description }
            let converted = element.convertedType.map { c in
                c == .decimal ? "DECIMAL(\(element.precision ?? 0), \(element.scale ?? 0))" : c.description
            }
            table.append([String(repeating: "  ", count: depth) + element.name,
                          type ?? ((element.numChildren ?? 0) > 0 || depth == 0 ? "group" : "-"),
                          element.repetition?.description ?? "-", converted ?? "-",
                          element.logicalType?.description ?? "-", element.fieldID.map(String.init) ?? "-"])
            if let last = remaining.indices.last { remaining[last] -= 1 }
            if let children = element.numChildren, children > 0 { remaining.append(Int(children)) }
            while let last = remaining.last, last <= 0 { remaining.removeLast() }
        }
        return table
    }

    private func rowGroupLines(_ index: Int, _ group: RowGroup, _ width: Int) -> [String] {
        var head = "row group \(index): num_rows \(group.numRows), total_byte_size \(group.totalByteSize)"
        if let size = group.totalCompressedSize { head += ", total_compressed_size \(size)" }
        if let offset = group.fileOffset { head += ", file_offset \(offset)" }
        if let ordinal = group.ordinal { head += ", ordinal \(ordinal)" }
        var lines = [head]
        let columns = reader.schema.columns
        func name(_ i: Int) -> String { columns.indices.contains(i) ? columns[i].dottedPath : "column \(i)" }
        if let sorting = group.sortingColumns, !sorting.isEmpty {
            let text = sorting.map { s in
                "\(name(Int(s.columnIndex))) \(s.descending ? "DESC" : "ASC") NULLS \(s.nullsFirst ? "FIRST" : "LAST")"
            }
            lines.append("  sorting_columns: " + text.joined(separator: ", "))
        }

        var chunks = TextTable(headers: ["column", "type", "codec", "encodings", "values", "compressed", "uncompressed",
                                         "dictionary_page", "data_page", "column_index", "offset_index", "bloom_filter"],
                               rightAligned: [4, 5, 6, 7, 8])
        var stats = TextTable(headers: ["column", "nulls", "nans", "distinct", "min", "max", "exact"], rightAligned: [1, 2, 3])
        var sizes = TextTable(headers: ["column", "unencoded_bytes", "repetition_levels", "definition_levels"], rightAligned: [1])
        var geo = TextTable(headers: ["column", "bbox", "geospatial_types"])
        let orders = reader.metadata.columnOrders
        var encodingStats = TextTable(headers: ["column", "encoding_stats"])
        var chunkMetadata = TextTable(headers: ["column", "key", "value"])
        func span(_ offset: Int64?, _ length: Int32?) -> String {
            guard let offset else { return "-" }
            return length.map { "\(offset)+\($0)" } ?? "\(offset)"
        }
        for (i, chunk) in group.columns.enumerated() {
            let column = columns.indices.contains(i) ? columns[i] : nil
            guard let md = chunk.metaData else {
                chunks.append([name(i), "(no metadata)"])
                continue
            }
            chunks.append([name(i), md.type.description, md.codec.description, md.encodings.map(\.description).joined(separator: ","),
                           "\(md.numValues)", "\(md.totalCompressedSize)", "\(md.totalUncompressedSize)",
                           md.dictionaryPageOffset.map(String.init) ?? "-", "\(md.dataPageOffset)",
                           span(chunk.columnIndexOffset, chunk.columnIndexLength),
                           span(chunk.offsetIndexOffset, chunk.offsetIndexLength),
                           span(md.bloomFilterOffset, md.bloomFilterLength)])
            if let raw = md.statistics {
                var low = "-", high = "-"
                if let column {
                    let typed = ColumnStatistics(raw, column: column,
                                                 order: orders.count == columns.count && orders.indices.contains(i) ? orders[i] : nil)
                    low = typed.min.flatMap { StatisticsSummary.text($0, column) }.map { TextTable.truncate($0, width) } ?? "-"
                    high = typed.max.flatMap { StatisticsSummary.text($0, column) }.map { TextTable.truncate($0, width) } ?? "-"
                }
                let exact = [raw.isMinValueExact.map { "min \($0 ? "yes" : "no")" }, raw.isMaxValueExact.map { "max \($0 ? "yes" : "no")" }]
                    .compactMap { $0 }.joined(separator: ", ")
                stats.append([name(i), raw.nullCount.map(String.init) ?? "-", raw.nanCount.map(String.init) ?? "-",
                              raw.distinctCount.map(String.init) ?? "-",
                              low, high, exact.isEmpty ? "-" : exact])
            }
            if let size = md.sizeStatistics {
                func histogram(_ h: [Int64]) -> String { h.isEmpty ? "-" : h.map(String.init).joined(separator: ",") }
                sizes.append([name(i), size.unencodedByteArrayDataBytes.map(String.init) ?? "-",
                              histogram(size.repetitionLevelHistogram), histogram(size.definitionLevelHistogram)])
            }
            if let g = md.geospatialStatistics {
                func number(_ v: Double) -> String {
                    var out: [UInt8] = []
                    return ValueText.appendDouble(v, to: &out) ? String(decoding: out, as: UTF8.self) : "\(v)"
                }
                var box = "-"
                if let b = g.bbox {
                    box = "x \(number(b.xmin))..\(number(b.xmax)), y \(number(b.ymin))..\(number(b.ymax))"
                    if let lo = b.zmin, let hi = b.zmax { box += ", z \(number(lo))..\(number(hi))" }
                    if let lo = b.mmin, let hi = b.mmax { box += ", m \(number(lo))..\(number(hi))" }
                }
                geo.append([name(i), box, g.geospatialTypes.map { $0.map(String.init).joined(separator: ",") } ?? "-"])
            }
            if let es = md.encodingStats, !es.isEmpty {
                encodingStats.append([name(i), es.map { "\($0.pageType) \($0.encoding) ×\($0.count)" }.joined(separator: ", ")])
            }
            for kv in md.keyValueMetadata {
                chunkMetadata.append([name(i), kv.key, kv.value.map { TextTable.truncate($0, width) } ?? "(no value)"])
            }
        }
        lines += chunks.lines(indent: "  ")
        if !stats.rows.isEmpty { lines += ["  statistics:"] + stats.lines(indent: "    ") }
        if !sizes.rows.isEmpty { lines += ["  size_statistics:"] + sizes.lines(indent: "    ") }
        if !geo.rows.isEmpty { lines += ["  geospatial_statistics:"] + geo.lines(indent: "    ") }
        if !encodingStats.rows.isEmpty { lines += ["  encoding_stats:"] + encodingStats.lines(indent: "    ") }
        if !chunkMetadata.rows.isEmpty { lines += ["  key_value_metadata:"] + chunkMetadata.lines(indent: "    ") }
        return lines
    }
}
