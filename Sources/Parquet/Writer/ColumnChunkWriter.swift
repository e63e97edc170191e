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

/// One column chunk, encoded: its dictionary page (if any) and data pages, each a page
/// header followed by the (compressed) body, and the metadata without file offsets.
struct EncodedChunk {
    var dictionaryPage: [UInt8]?
    var dataPages: [[UInt8]]
    var metaData: ColumnMetaData
}

/// Encodes one column chunk page by page as its records arrive, batch after batch: data pages
/// v1 with RLE levels and RLE_DICTIONARY values behind a PLAIN dictionary, or PLAIN values.
///
/// What it holds: the encoded (compressed) pages of the chunk so far, the dictionary, and
/// fewer than one page of records not yet encoded (copied out of the batch they came in).
/// The dictionary grows page by page; a chunk whose first page gains nothing from it, or
/// whose dictionary outgrows ``ParquetWriterOptions/maxDictionaryBytes``, goes on with PLAIN
/// pages (pages already written keep their dictionary indices, as other writers do).
struct ColumnChunkBuilder {
    let descriptor: ColumnDescriptor
    let options: ParquetWriterOptions
    private let order: StatisticsOrder
    /// Records not in a page yet.
    private var pending: ColumnData
    private var dataPages: [[UInt8]] = []
    private var dictionary: DictionaryState?
    /// Whether pages may still be dictionary-encoded.
    private var dictionaryOpen: Bool
    private var dictionaryPageCount = 0
    private var levelEntries = 0
    private var nullCount = 0
    /// Min/max (statistics bytes) of the PLAIN pages' values; nil while there is none.
    private var plainBounds: ([UInt8], [UInt8])?
    /// False once some value's bound cannot be written (a byte string over the length limit).
    private var boundsKnown = true
    private var sizes = (uncompressed: Int64(0), compressed: Int64(0))
    /// Bytes of encoded pages held.
    private(set) var encodedBytes = 0

    init(descriptor: ColumnDescriptor, options: ParquetWriterOptions) {
        self.descriptor = descriptor
        self.options = options
        self.order = StatisticsOrder(descriptor)
        let empty = ColumnValues.empty(for: descriptor.physicalType, typeLength: descriptor.typeLength)
        self.pending = ColumnData(descriptor: descriptor, definitionLevels: [], repetitionLevels: [], values: empty, levelCount: 0)
        self.dictionary = options.useDictionary ? DictionaryState(like: empty) : nil
        self.dictionaryOpen = dictionary != nil
    }

    /// Bytes of records held not yet encoded.
    var pendingBytes: Int { pending.byteCount }

    /// Adds the records of `slice`: the pages they fill are encoded now; what is left (less
    /// than a page) waits for the next slice or ``finish()``.
    mutating func append(_ slice: ColumnSlice) throws {
        if slice.levels.isEmpty { return }
        var source = slice
        if pending.levelCount > 0 {
            var merged = pending
            pending = Self.emptied(pending)  // `merged` holds the only reference: appends in place
            let d = slice.data
            if descriptor.maxDefinitionLevel > 0 { merged.definitionLevels += d.definitionLevels[slice.levels] }
            if descriptor.maxRepetitionLevel > 0 { merged.repetitionLevels += d.repetitionLevels[slice.levels] }
            try merged.values.append(from: d.values, range: slice.values)
            merged.levelCount += slice.levels.count
            source = ColumnSlice(data: merged, levels: 0 ..< merged.levelCount, values: 0 ..< merged.values.count)
        }
        try encodePages(source, keepLast: true)
    }

    /// Encodes the records held as a (short) page now, so that they no longer wait unencoded.
    mutating func flushPending() throws {
        guard pending.levelCount > 0 else { return }
        let whole = ColumnSlice(data: pending, levels: 0 ..< pending.levelCount, values: 0 ..< pending.values.count)
        pending = Self.emptied(pending)
        try encodePages(whole, keepLast: false)
    }

    /// Encodes what is left and returns the chunk (offsets are set by the file writer).
    mutating func finish() throws -> EncodedChunk {
        try flushPending()
        let d = descriptor
        var meta = ColumnMetaData()
        meta.type = d.physicalType
        meta.pathInSchema = d.path
        meta.codec = options.compression
        meta.numValues = Int64(levelEntries)
        var dictionaryPage: [UInt8]?
        var bounds = plainBounds
        if dictionaryPageCount > 0, let dictionary {
            var body: [UInt8] = []
            body.reserveCapacity(dictionary.plainBytes)
            PlainEncoder.append(dictionary.values, into: &body)
            var header = PageHeader()
            header.type = .dictionaryPage
            var dph = DictionaryPageHeader()
            dph.numValues = try Self.int32(dictionary.count, "dictionary entries")
            dph.encoding = .plain
            header.dictionaryPageHeader = dph
            dictionaryPage = try page(header: header, body: body)
            if !merge(dictionary.values, 0 ..< dictionary.count, into: &bounds) { boundsKnown = false }
        }
        var encodings: [Encoding] = [.plain, .rle]
        if dictionaryPageCount > 0 { encodings.append(.rleDictionary) }
        meta.encodings = encodings
        meta.totalUncompressedSize = sizes.uncompressed
        meta.totalCompressedSize = sizes.compressed
        meta.statistics = ChunkStatistics.make(nullCount: nullCount, bounds: boundsKnown ? bounds : nil, order: order)
        let chunk = EncodedChunk(dictionaryPage: dictionaryPage, dataPages: dataPages, metaData: meta)
        dataPages = []
        encodedBytes = 0
        return chunk
    }

    /// Encodes the pages of `slice`; with `keepLast`, the last (partial) page is copied into
    /// `pending` instead.
    private mutating func encodePages(_ slice: ColumnSlice, keepLast: Bool) throws {
        // Pages are cut at an estimated size: dictionary indices are sized as they are now,
        // but at least a byte, so a young dictionary does not make one page of everything.
        let width = dictionaryOpen ? Swift.max(8, ColumnChunkBuilder.indexWidth(dictionary?.count ?? 0)) : nil
        let pages = PageLayout.split(slice, target: options.pageSizeBytes, indexWidth: width)
        for (k, page) in pages.enumerated() {
            if keepLast && k == pages.count - 1 {
                pending = Self.copy(slice.data, levels: page.levels, values: page.values)
                return
            }
            if dictionaryOpen && !page.values.isEmpty, try encodeDictionaryPage(slice.data, page) { continue }
            if width != nil {
                // The dictionary closed on this page: cut it again at PLAIN sizes.
                let again = ColumnSlice(data: slice.data, levels: page.levels, values: page.values)
                for sub in PageLayout.split(again, target: options.pageSizeBytes, indexWidth: nil) {
                    try encodePlainPage(slice.data, sub)
                }
            } else {
                try encodePlainPage(slice.data, page)
            }
        }
    }

    /// Writes `page` with dictionary indices; false (and the dictionary closed) when the
    /// dictionary would outgrow its limit, or gains nothing on the chunk's first page.
    private mutating func encodeDictionaryPage(_ data: ColumnData, _ page: PageLayout.Page) throws -> Bool {
        guard var state = dictionary else { return false }
        dictionary = nil
        defer { dictionary = state }
        guard let indices = state.encode(data.values, range: page.values, maxBytes: options.maxDictionaryBytes) else {
            dictionaryOpen = false
            return false
        }
        let width = ColumnChunkBuilder.indexWidth(state.count)
        if dictionaryPageCount == 0 {
            let encoded = state.plainBytes + (indices.count * width + 7) / 8 + 8
            if encoded >= ColumnChunkBuilder.plainSize(data.values, page.values) {
                dictionaryOpen = false
                state = DictionaryState(like: data.values) ?? state
                return false
            }
        }
        var body = levelBytes(data, page.levels)
        body.append(UInt8(width))
        RLEHybridEncoder.encode(indices, bitWidth: width, into: &body)
        try appendDataPage(body: body, entries: page.levels.count, values: page.values.count, encoding: .rleDictionary)
        dictionaryPageCount += 1
        return true
    }

    private mutating func encodePlainPage(_ data: ColumnData, _ page: PageLayout.Page) throws {
        var body = levelBytes(data, page.levels)
        PlainEncoder.append(data.values, range: page.values, into: &body)
        try appendDataPage(body: body, entries: page.levels.count, values: page.values.count, encoding: .plain)
        var bounds = plainBounds
        if !merge(data.values, page.values, into: &bounds) { boundsKnown = false }
        plainBounds = bounds
    }

    /// Folds the min/max of `range` of `values` into `bounds`; false when a bound cannot be
    /// written (a byte string over the length limit).
    private func merge(_ values: ColumnValues, _ range: Range<Int>, into bounds: inout ([UInt8], [UInt8])?) -> Bool {
        guard !range.isEmpty, order != .none else { return true }
        guard let (lo, hi) = ChunkStatistics.minMax(values, range, order) else {
            return order != .bytes  // all NaN has no bound; a byte string may be too long for one
        }
        guard let (a, b) = bounds else {
            bounds = (lo, hi)
            return true
        }
        let type = descriptor.physicalType
        bounds = (ChunkStatistics.less(lo, a, type, order) ? lo : a, ChunkStatistics.less(b, hi, type, order) ? hi : b)
        return true
    }

    /// The RLE repetition and definition levels of a page, each behind its 4-byte length.
    private func levelBytes(_ data: ColumnData, _ levels: Range<Int>) -> [UInt8] {
        var body: [UInt8] = []
        let d = descriptor
        if d.maxRepetitionLevel > 0 {
            Self.appendLevels(data.repetitionLevels, levels, width: bitWidth(of: d.maxRepetitionLevel), into: &body)
        }
        if d.maxDefinitionLevel > 0 {
            Self.appendLevels(data.definitionLevels, levels, width: bitWidth(of: d.maxDefinitionLevel), into: &body)
        }
        return body
    }

    private mutating func appendDataPage(body: [UInt8], entries: Int, values: Int, encoding: Encoding) throws {
        var header = PageHeader()
        header.type = .dataPage
        var dph = DataPageHeader()
        dph.numValues = try Self.int32(entries, "level entries in a page")
        dph.encoding = encoding
        dph.definitionLevelEncoding = .rle
        dph.repetitionLevelEncoding = .rle
        header.dataPageHeader = dph
        let bytes = try page(header: header, body: body)
        dataPages.append(bytes)
        encodedBytes += bytes.count
        levelEntries += entries
        nullCount += entries - values
    }

    /// Compresses `body` and returns the header followed by the (compressed) body.
    private mutating func page(header: PageHeader, body: [UInt8]) throws -> [UInt8] {
        let payload = try Compression.compress(body, codec: options.compression, level: options.compressionLevel)
        var header = header
        header.uncompressedPageSize = try Self.int32(body.count, "bytes in a page")
        header.compressedPageSize = try Self.int32(payload.count, "bytes in a compressed page")
        var bytes = header.thriftCompactBytes()
        let headerCount = bytes.count
        bytes.append(contentsOf: payload)
        sizes.uncompressed += Int64(headerCount + body.count)
        sizes.compressed += Int64(bytes.count)
        return bytes
    }

    /// Levels `levels` and values `values` of `data` as a column of their own.
    private static func copy(_ data: ColumnData, levels: Range<Int>, values: Range<Int>) -> ColumnData {
        ColumnData(descriptor: data.descriptor,
                   definitionLevels: data.definitionLevels.isEmpty ? [] : Array(data.definitionLevels[levels]),
                   repetitionLevels: data.repetitionLevels.isEmpty ? [] : Array(data.repetitionLevels[levels]),
                   values: data.values.slice(values), levelCount: levels.count)
    }

    private static func emptied(_ data: ColumnData) -> ColumnData {
        ColumnData(descriptor: data.descriptor, definitionLevels: [], repetitionLevels: [],
                   values: .empty(like: data.values), levelCount: 0)
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
