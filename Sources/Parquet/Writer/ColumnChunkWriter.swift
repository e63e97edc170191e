/// A ``ByteWriter`` wrapper that knows how many bytes have been written (the file offset).
final class CountingOutput {
    let sink: ByteWriter
    private(set) var offset: Int64 = 0

    init(_ sink: ByteWriter) { self.sink = sink }

    func write(_ bytes: [UInt8]) throws {
        try sink.write(bytes)
        offset += Int64(bytes.count)
    }
}

/// Encodes one column chunk (dictionary page, data pages v1) straight to the output and
/// returns its metadata. Only one page body is held at a time besides the chunk's
/// dictionary indices.
struct ColumnChunkWriter {
    let descriptor: ColumnDescriptor
    let options: ParquetWriterOptions
    let order: StatisticsOrder

    init(descriptor: ColumnDescriptor, options: ParquetWriterOptions) {
        self.descriptor = descriptor
        self.options = options
        self.order = StatisticsOrder(descriptor)
    }

    /// Writes the pages of `slice` at the output's current offset.
    func write(_ slice: ColumnSlice, to out: CountingOutput) throws -> ColumnChunk {
        let d = descriptor
        let values = slice.data.values
        let start = out.offset
        var meta = ColumnMetaData()
        meta.type = d.physicalType
        meta.pathInSchema = d.path
        meta.codec = options.compression
        meta.numValues = Int64(slice.levels.count)

        var dictionary: DictionaryEncoded?
        if options.useDictionary, !slice.values.isEmpty,
           let built = DictionaryBuilder.build(values, range: slice.values, maxBytes: options.maxDictionaryBytes) {
            let width = Self.indexWidth(built.dictionary.count)
            let encoded = built.dictionaryBytes + (built.indices.count * width + 7) / 8 + 8
            if encoded < Self.plainSize(values, slice.values) { dictionary = built }
        }

        var sizes = (uncompressed: Int64(0), compressed: Int64(0))
        var body: [UInt8] = []
        if let dictionary {
            meta.dictionaryPageOffset = start
            body.reserveCapacity(dictionary.dictionaryBytes)
            PlainEncoder.append(dictionary.dictionary, into: &body)
            var header = PageHeader()
            header.type = .dictionaryPage
            var dph = DictionaryPageHeader()
            dph.numValues = try Self.int32(dictionary.dictionary.count, "dictionary entries")
            dph.encoding = .plain
            header.dictionaryPageHeader = dph
            try writePage(header: header, body: body, to: out, sizes: &sizes)
        }

        meta.dataPageOffset = out.offset
        let indexWidth = dictionary.map { Self.indexWidth($0.dictionary.count) } ?? 0
        let pages = PageLayout.split(slice, target: options.pageSizeBytes, indexWidth: dictionary == nil ? nil : indexWidth)
        let repWidth = bitWidth(of: d.maxRepetitionLevel)
        let defWidth = bitWidth(of: d.maxDefinitionLevel)
        for page in pages {
            body.removeAll(keepingCapacity: true)
            if d.maxRepetitionLevel > 0 {
                Self.appendLevels(slice.data.repetitionLevels, page.levels, width: repWidth, into: &body)
            }
            if d.maxDefinitionLevel > 0 {
                Self.appendLevels(slice.data.definitionLevels, page.levels, width: defWidth, into: &body)
            }
            if let dictionary {
                body.append(UInt8(indexWidth))
                let base = slice.values.lowerBound
                let indices = Array(dictionary.indices[(page.values.lowerBound - base) ..< (page.values.upperBound - base)])
                RLEHybridEncoder.encode(indices, bitWidth: indexWidth, into: &body)
            } else {
                PlainEncoder.append(values, range: page.values, into: &body)
            }
            var header = PageHeader()
            header.type = .dataPage
            var dph = DataPageHeader()
            dph.numValues = try Self.int32(page.levels.count, "level entries in a page")
            dph.encoding = dictionary == nil ? .plain : .rleDictionary
            dph.definitionLevelEncoding = .rle
            dph.repetitionLevelEncoding = .rle
            header.dataPageHeader = dph
            try writePage(header: header, body: body, to: out, sizes: &sizes)
        }

        meta.encodings = dictionary == nil ? [.plain, .rle] : [.plain, .rle, .rleDictionary]
        meta.totalUncompressedSize = sizes.uncompressed
        meta.totalCompressedSize = sizes.compressed
        let nulls = slice.levels.count - slice.values.count
        if let dictionary {
            meta.statistics = ChunkStatistics.make(nullCount: nulls, values: dictionary.dictionary,
                                                   range: 0 ..< dictionary.dictionary.count, order: order)
        } else {
            meta.statistics = ChunkStatistics.make(nullCount: nulls, values: values, range: slice.values, order: order)
        }
        var chunk = ColumnChunk()
        chunk.fileOffset = start
        chunk.metaData = meta
        return chunk
    }

    /// Compresses `body`, then writes the header and the (compressed) body.
    private func writePage(header: PageHeader, body: [UInt8], to out: CountingOutput,
                           sizes: inout (uncompressed: Int64, compressed: Int64)) throws {
        let payload = try Compression.compress(body, codec: options.compression, level: options.compressionLevel)
        var header = header
        header.uncompressedPageSize = try Self.int32(body.count, "bytes in a page")
        header.compressedPageSize = try Self.int32(payload.count, "bytes in a compressed page")
        let headerBytes = header.thriftCompactBytes()
        try out.write(headerBytes)
        try out.write(payload)
        sizes.uncompressed += Int64(headerBytes.count + body.count)
        sizes.compressed += Int64(headerBytes.count + payload.count)
    }

    /// Appends levels `range` RLE-encoded behind their 4-byte little-endian length.
    private static func appendLevels(_ levels: [UInt32], _ range: Range<Int>, width: Int, into body: inout [UInt8]) {
        let at = body.count
        body.append(contentsOf: [0, 0, 0, 0])
        RLEHybridEncoder.encode(Array(levels[range]), bitWidth: width, into: &body)
        let length = UInt32(truncatingIfNeeded: body.count - at - 4)
        body[at] = UInt8(truncatingIfNeeded: length)
        body[at + 1] = UInt8(truncatingIfNeeded: length >> 8)
        body[at + 2] = UInt8(truncatingIfNeeded: length >> 16)
        body[at + 3] = UInt8(truncatingIfNeeded: length >> 24)
    }

    /// Bit width of dictionary indices (at least 1, which every reader handles).
    static func indexWidth(_ entries: Int) -> Int {
        Swift.max(1, RLEHybridEncoder.bitWidth(UInt32(clamping: Swift.max(entries - 1, 0))))
    }

    /// Size of `range` of `values` in PLAIN encoding.
    static func plainSize(_ values: ColumnValues, _ r: Range<Int>) -> Int {
        switch values {
        case .boolean: (r.count + 7) / 8
        case .int32, .float: 4 * r.count
        case .int64, .double: 8 * r.count
        case .int96: 12 * r.count
        case .byteArray(let v): r.isEmpty ? 0 : 4 * r.count + v.offsets[r.upperBound] - v.offsets[r.lowerBound]
        case .fixedLenByteArray(let v): v.width * r.count
        }
    }

    private static func int32(_ value: Int, _ what: String) throws -> Int32 {
        guard let v = Int32(exactly: value) else {
            throw ParquetError.unsupported("too many \(what) (\(value)) for a Parquet page")
        }
        return v
    }
}

/// Cuts a chunk into data pages of about the target size, on record boundaries.
enum PageLayout {
    struct Page {
        var levels: Range<Int>
        var values: Range<Int>
    }

    /// Most level entries in one page (keeps pages modest for readers even when values are tiny).
    static let maxEntriesPerPage = 1 << 20

    /// Page ranges of `slice`: each page ends at the first record boundary after its estimated
    /// encoded size reaches `target` bytes (or it holds ``maxEntriesPerPage`` entries).
    /// `indexWidth` is the dictionary index width, nil for PLAIN values.
    static func split(_ slice: ColumnSlice, target: Int, indexWidth: Int?) -> [Page] {
        let d = slice.data.descriptor
        let targetBits = Swift.min(target, 1 << 40) * 8
        let levelBits = bitWidth(of: d.maxRepetitionLevel) + bitWidth(of: d.maxDefinitionLevel)
        var fixedBits: Int?
        var byteArrayOffsets: [Int]?
        if let indexWidth {
            fixedBits = indexWidth
        } else {
            switch slice.data.values {
            case .boolean: fixedBits = 1
            case .int32, .float: fixedBits = 32
            case .int64, .double: fixedBits = 64
            case .int96: fixedBits = 96
            case .fixedLenByteArray(let v): fixedBits = 8 * v.width
            case .byteArray(let v): byteArrayOffsets = v.offsets
            }
        }
        let lo = slice.levels.lowerBound, hi = slice.levels.upperBound
        if lo == hi { return [Page(levels: slice.levels, values: slice.values)] }
        // Flat required column with fixed-size values: pages of a fixed number of entries.
        if d.maxRepetitionLevel == 0, d.maxDefinitionLevel == 0, let bits = fixedBits {
            let perPage = Swift.max(1, Swift.min(maxEntriesPerPage, targetBits / Swift.max(bits, 1)))
            var pages: [Page] = []
            var start = lo
            while start < hi {
                let end = Swift.min(hi, start + perPage)
                let v = slice.values.lowerBound + (start - lo)
                pages.append(Page(levels: start ..< end, values: v ..< v + (end - start)))
                start = end
            }
            return pages
        }
        var pages: [Page] = []
        let maxDef = UInt32(d.maxDefinitionLevel)
        let hasDef = d.maxDefinitionLevel > 0, hasRep = d.maxRepetitionLevel > 0
        slice.data.definitionLevels.withUnsafeBufferPointer { defs in
            slice.data.repetitionLevels.withUnsafeBufferPointer { reps in
                var pageLevel = lo, pageValue = slice.values.lowerBound
                var v = pageValue
                var bits = 0
                for i in lo ..< hi {
                    if i > pageLevel, bits >= targetBits || i - pageLevel >= maxEntriesPerPage, !hasRep || reps[i] == 0 {
                        pages.append(Page(levels: pageLevel ..< i, values: pageValue ..< v))
                        pageLevel = i
                        pageValue = v
                        bits = 0
                    }
                    bits &+= levelBits
                    if !hasDef || defs[i] == maxDef {
                        if let fixedBits {
                            bits &+= fixedBits
                        } else if let offsets = byteArrayOffsets {
                            bits &+= 8 &* (4 &+ offsets[v + 1] &- offsets[v])
                        }
                        v += 1
                    }
                }
                pages.append(Page(levels: pageLevel ..< hi, values: pageValue ..< v))
            }
        }
        return pages
    }
}
