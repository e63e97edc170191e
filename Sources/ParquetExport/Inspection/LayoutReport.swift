/// Every page of every column chunk of one Parquet file, for `data-designer layout`: page
/// type, offset, header and body sizes, value counts, encoding, compression ratio and whether
/// the header carries a CRC. Read from the page headers alone (no page body is read) and
/// written a line at a time, so memory does not grow with the number of pages.
///
/// ```swift
/// let layout = try LayoutReport(path: "batch_00000.parquet")
/// try layout.writeJSON { print($0) }
/// ```
///
/// The JSON shape follows arrow-rs `parquet-layout`: `{"row_groups": [{"num_rows", "columns":
/// [{"path", ..., "pages": [{...}, ...]}]}]}`, with one page object per line.
public struct LayoutReport: Sendable {
    public let reader: ParquetFileReader

    /// Opens `path` and reads its footer.
    public init(path: String) throws {
        self.reader = try ParquetFileReader(path: path)
    }

    /// A report on an open file.
    public init(reader: ParquetFileReader) {
        self.reader = reader
    }

    /// One page as reported.
    public struct Page: Sendable, Hashable {
        public var location: PageHeaderLocation
        /// The page's first row in its row group, from the chunk's offset index (data pages
        /// listed there only).
        public var firstRowIndex: Int64?

        public var header: PageHeader { location.header }
        /// The value encoding (dictionary pages: the dictionary's), nil for other page types.
        public var encoding: Encoding? {
            header.dataPageHeader?.encoding ?? header.dataPageHeaderV2?.encoding ?? header.dictionaryPageHeader?.encoding
        }
        /// Entries of the page (values and nulls; dictionary pages: dictionary entries).
        public var numValues: Int32? {
            header.dataPageHeader?.numValues ?? header.dataPageHeaderV2?.numValues ?? header.dictionaryPageHeader?.numValues
        }
        /// Uncompressed over compressed body size; nil for an empty body.
        public var compressionRatio: Double? {
            header.compressedPageSize > 0 ? Double(header.uncompressedPageSize) / Double(header.compressedPageSize) : nil
        }
    }

    /// The chunk's offset index as page offset → first row, or why it could not be read.
    private func firstRows(_ group: Int, _ column: Int) -> (rows: [Int64: Int64], error: String?) {
        do {
            guard let index = try reader.offsetIndex(rowGroup: group, column: column) else { return ([:], nil) }
            var rows: [Int64: Int64] = [:]
            for location in index.pageLocations { rows[location.offset] = location.firstRowIndex }
            return (rows, nil)
        } catch let error as ParquetError {
            return ([:], error.message)
        } catch {
            return ([:], "\(error)")
        }
    }

    /// Calls `body` with each page of chunk (`group`, `column`) in file order.
    ///
    /// - Throws: `ParquetError` naming the file, column and row group when a header does not
    ///   decode or a page runs past its chunk.
    public func forEachPage(group: Int, column: Int, _ body: (Page) throws -> Void) throws {
        try forEachPage(group: group, column: column, offsetRows: firstRows(group, column).rows, body)
    }

    private func forEachPage(group: Int, column: Int, offsetRows: [Int64: Int64], _ body: (Page) throws -> Void) throws {
        var pages = try reader.pageHeaders(rowGroup: group, column: column)
        let name = reader.schema.columns[column].dottedPath
        while true {
            let next: PageHeaderLocation? = try withContext(file: reader.path, column: name) {
                do {
                    return try pages.next()
                } catch let error as ParquetError {
                    throw ParquetError(error.kind, "row group \(group): \(error.message)")
                }
            }
            guard let location = next else { return }
            try body(Page(location: location, firstRowIndex: offsetRows[location.offset]))
        }
    }

    // MARK: - JSON

    /// Writes the layout as JSON, a line at a time, to `emit` (each call one line, without
    /// its newline).
    public func writeJSON(_ emit: (String) throws -> Void) throws {
        let groups = reader.metadata.rowGroups
        try emit("{")
        try emit("  \"row_groups\": [")
        for (g, group) in groups.enumerated() {
            try emit("    {")
            try emit("      \"num_rows\": \(group.numRows),")
            try emit("      \"columns\": [")
            for (c, column) in reader.schema.columns.enumerated() {
                let chunk = group.columns[c]
                let (offsetRows, indexError) = firstRows(g, c)
                var head: [(String, JSONValue)] = [("path", .string(column.dottedPath))]
                if let md = chunk.metaData {
                    head += [("codec", ThriftJSON.codec(md.codec)), ("num_values", .int(md.numValues)),
                             ("total_compressed_size", .int(md.totalCompressedSize)),
                             ("total_uncompressed_size", .int(md.totalUncompressedSize))]
                }
                head += [("has_offset_index", .bool(chunk.offsetIndexOffset != nil)),
                         ("has_column_index", .bool(chunk.columnIndexOffset != nil)),
                         ("has_bloom_filter", .bool(chunk.metaData?.bloomFilterOffset != nil))]
                if let indexError { head.append(("offset_index_error", .string(indexError))) }
                try emit("        {")
                for (key, value) in head {
                    try emit("          \(JSONValue.string(key).compactText): \(value.compactText),")
                }
                var first = true
                var pending: String?
                try forEachPage(group: g, column: c, offsetRows: offsetRows) { page in
                    if let line = pending { try emit(line + ",") }
                    if first { try emit("          \"pages\": [") }
                    first = false
                    pending = "            " + Self.json(page).compactText
                }
                if let line = pending {
                    try emit(line)
                    try emit("          ]")
                } else {
                    try emit("          \"pages\": []")
                }
                try emit(c + 1 < reader.schema.columns.count ? "        }," : "        }")
            }
            try emit("      ]")
            try emit(g + 1 < groups.count ? "    }," : "    }")
        }
        try emit("  ]")
        try emit("}")
    }

    /// One page as a JSON object (members as in arrow-rs `parquet-layout`, plus v2 and CRC facts).
    static func json(_ page: Page) -> JSONValue {
        let h = page.header
        var m = ThriftJSON.Members()
        m.add("page_type", ThriftJSON.pageType(h.type))
        m.add("offset", .int(page.location.offset))
        m.add("header_bytes", .int(Int64(page.location.headerLength)))
        m.add("compressed_bytes", .int(Int64(h.compressedPageSize)))
        m.add("uncompressed_bytes", .int(Int64(h.uncompressedPageSize)))
        m.add("num_values", page.numValues.map { JSONValue.int(Int64($0)) })
        if let v2 = h.dataPageHeaderV2 {
            m.add("num_nulls", .int(Int64(v2.numNulls)))
            m.add("num_rows", .int(Int64(v2.numRows)))
            m.add("is_compressed", .bool(v2.isCompressed))
        }
        m.add("first_row_index", page.firstRowIndex.map { JSONValue.int($0) })
        m.add("encoding", page.encoding.map(ThriftJSON.encoding))
        if let sorted = h.dictionaryPageHeader?.isSorted { m.add("is_sorted", .bool(sorted)) }
        m.add("compression_ratio", page.compressionRatio.map { JSONValue.double(Self.rounded($0)) } ?? .null)
        m.add("has_crc", .bool(h.crc != nil))
        return m.object
    }

    /// `value` rounded to 3 decimals.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    // MARK: - Text

    /// Writes the layout as text tables, one per column chunk, a line at a time.
    ///
    /// Column widths are fixed per chunk from the file size and the chunk's value count, so
    /// lines are written as pages are read.
    public func writeText(_ emit: (String) throws -> Void) throws {
        let groups = reader.metadata.rowGroups
        try emit("file \(reader.path): \(groups.count) row group(s), \(reader.schema.columns.count) column(s), \(reader.fileSize) bytes")
        let offsetWidth = max(6, String(reader.fileSize).count)
        for (g, group) in groups.enumerated() {
            try emit("")
            try emit("row group \(g): \(group.numRows) rows")
            for (c, column) in reader.schema.columns.enumerated() {
                let chunk = group.columns[c]
                var facts: [String] = []
                if let md = chunk.metaData {
                    facts += [md.type.description, md.codec.description, "\(md.numValues) values",
                              "\(md.totalCompressedSize) bytes compressed, \(md.totalUncompressedSize) uncompressed"]
                }
                var indexes: [String] = []
                if chunk.offsetIndexOffset != nil { indexes.append("offset index") }
                if chunk.columnIndexOffset != nil { indexes.append("column index") }
                if chunk.metaData?.bloomFilterOffset != nil { indexes.append("bloom filter") }
                if !indexes.isEmpty { facts.append(indexes.joined(separator: ", ")) }
                let (offsetRows, indexError) = firstRows(g, c)
                if let indexError { facts.append("offset index unreadable: \(indexError)") }
                try emit("  column \(column.dottedPath): " + facts.joined(separator: "; "))
                let valuesWidth = max(6, String(chunk.metaData?.numValues ?? 0).count)
                let widths = [5, 15, offsetWidth, 6, max(10, offsetWidth), max(12, offsetWidth), 6, valuesWidth, valuesWidth,
                              valuesWidth, max(9, valuesWidth), 3, 23]
                let headers = ["page", "type", "offset", "header", "compressed", "uncompressed", "ratio", "values", "nulls",
                               "rows", "first_row", "crc", "encoding"]
                let right: Set<Int> = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                func line(_ cells: [String]) -> String {
                    var text = "    "
                    for (i, cell) in cells.enumerated() {
                        let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                        if i > 0 { text += "  " }
                        text += right.contains(i) ? pad + cell : (i == cells.count - 1 ? cell : cell + pad)
                    }
                    return text
                }
                try emit(line(headers))
                var number = 0
                try forEachPage(group: g, column: c, offsetRows: offsetRows) { page in
                    let h = page.header
                    let v2 = h.dataPageHeaderV2
                    try emit(line([
                        "\(number)", h.type.description, "\(page.location.offset)", "\(page.location.headerLength)",
                        "\(h.compressedPageSize)", "\(h.uncompressedPageSize)",
                        page.compressionRatio.map { Self.fixed($0) } ?? "-",
                        page.numValues.map(String.init) ?? "-", v2.map { String($0.numNulls) } ?? "-",
                        v2.map { String($0.numRows) } ?? "-", page.firstRowIndex.map(String.init) ?? "-",
                        h.crc != nil ? "yes" : "no", page.encoding?.description ?? "-",
                    ]))
                    number += 1
                }
            }
        }
    }

    /// `value` with two decimals (`3.14`).
    static func fixed(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        guard hundredths.isFinite, abs(hundredths) < 1e15 else { return "-" }
        let n = Int64(hundredths)
        let fraction = abs(n % 100)
        return "\(n / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
