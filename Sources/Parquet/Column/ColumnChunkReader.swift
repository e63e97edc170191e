/// Reads one column chunk page by page and hands out its data a number of records at a time.
///
/// Only the current page is held decoded, so a chunk with thousands of pages costs one page
/// of memory beyond the records handed out.
/// What one ``ColumnChunkReader/read(records:maxBytes:)`` returned.
struct ColumnRead {
    var data: ColumnData
    /// Records in `data`.
    var records: Int
    /// Whether the read stopped early for its byte limit (not at the end of the chunk).
    var limited: Bool
}

struct ColumnChunkReader {
    let descriptor: ColumnDescriptor
    private var pages: PageReader
    private var dictionary: ColumnValues?
    /// Where the dictionary page lies, once read: after ``releaseDictionary()`` it is read
    /// again when a page needs it.
    private var dictionaryPage: (offset: Int64, index: Int?)?
    private var page: DecodedPage?
    /// Records given back by ``unread(_:)``, served before the pages.
    private var pending: ColumnData?
    private var exhausted = false
    /// With a padded chunk end (see ``WriterQuirks``), the metadata's value count is where the
    /// chunk really ends; nil when the recorded size is trusted.
    private let valueLimit: Int64?
    private var valuesSeen: Int64 = 0
    /// The chunk's `num_values` (level entries, nulls included): no page may claim more
    /// entries than are left of it. Nil when the metadata gives no positive count.
    private let chunkValues: Int64?
    /// Reads the chunk's dictionary page on demand (when the pages read are a subset that
    /// leaves it out, and a dictionary-encoded page turns up); nil when not needed.
    private var dictionaryLoader: (@Sendable () throws -> PageReader)?

    /// Most level entries one page may claim; a header above it is treated as corrupt.
    static let maxPageEntries = 1 << 26

    /// - Parameters:
    ///   - pageRanges: read only the pages in these byte ranges (see
    ///     ``PageReader/init(file:metadata:padding:ranges:verifyChecksums:rowGroup:)``), as if they
    ///     were the whole chunk; nil reads every page.
    ///   - windowSize, scratch: the page reader's read-ahead and large-page buffer (see
    ///     ``PageReader/init(file:metadata:padding:windowSize:scratch:verifyChecksums:rowGroup:)``).
    ///   - lazyDictionary: with `pageRanges`, the byte range of the dictionary page, read only
    ///     when a dictionary-encoded data page comes before any dictionary page (pages after a
    ///     writer's fallback to PLAIN do not need it).
    ///   - verifyChecksums: check the CRC-32 of pages whose header has one.
    ///   - rowGroup: the chunk's row group, for messages.
    init(file: any RandomAccessSource, descriptor: ColumnDescriptor, chunk: ColumnChunk, quirks: WriterQuirks = WriterQuirks(createdBy: nil),
         pageRanges: [Range<Int64>]? = nil, windowSize: Int = PageReader.windowSize, scratch: PageScratch? = nil,
         lazyDictionary: Range<Int64>? = nil, verifyChecksums: Bool = true, rowGroup: Int = 0) throws {
        guard !chunk.isEncrypted else {
            throw ParquetError(.encrypted, "encrypted Parquet files are not supported")
        }
        guard chunk.filePath == nil else {
            throw ParquetError.unsupported("column chunks stored in another file (\(chunk.filePath ?? "")) are not supported")
        }
        guard let metadata = chunk.metaData else {
            throw ParquetError.corrupt("column chunk has no metadata")
        }
        guard metadata.type == descriptor.physicalType else {
            throw ParquetError.corrupt("column chunk type \(metadata.type) differs from the schema's \(descriptor.physicalType)")
        }
        guard Decompression.isSupported(metadata.codec) else {
            throw ParquetError.unsupported("compression codec \(metadata.codec) is not supported")
        }
        self.descriptor = descriptor
        if let pageRanges {
            self.pages = try PageReader(file: file, metadata: metadata, padding: quirks.chunkPadding, ranges: pageRanges,
                                        verifyChecksums: verifyChecksums, rowGroup: rowGroup)
        } else {
            self.pages = try PageReader(file: file, metadata: metadata, padding: quirks.chunkPadding, windowSize: windowSize, scratch: scratch,
                                        verifyChecksums: verifyChecksums, rowGroup: rowGroup)
        }
        if let lazyDictionary {
            let padding = quirks.chunkPadding
            dictionaryLoader = {
                try PageReader(file: file, metadata: metadata, padding: padding, ranges: [lazyDictionary],
                               verifyChecksums: verifyChecksums, rowGroup: rowGroup)
            }
        }
        self.valueLimit = pageRanges == nil && quirks.chunkPadding > 0 && metadata.numValues > 0 ? metadata.numValues : nil
        self.chunkValues = metadata.numValues > 0 ? metadata.numValues : nil
    }

    /// Reads the next `records` records (fewer at the end of the chunk), stopping early —
    /// on a record boundary, after at least one record — once the values and levels read
    /// reach about `maxBytes` bytes (see ``ColumnData/byteCount``). Within a page the cut
    /// follows the page's decoded bytes per level entry, so a read overshoots the limit by
    /// at most one record. A nested record that crosses into later pages is read whole.
    ///
    /// `expectedBytes` (an estimate of the read's decoded bytes, 0 for none) sizes the output
    /// buffers when they are filled by copying. Records given back with ``unread(_:)`` come first. Every buffer grows in place
    /// (geometrically), so a read costs time linear in what it returns whatever the number
    /// of pages.
    ///
    /// With `keepingIndices`, a flat top-level BYTE_ARRAY column's dictionary-encoded values
    /// that come before any plain one are handed out as indices (``ColumnData/dictionaryPrefix``).
    mutating func read(records: Int, maxBytes: Int = .max, expectedBytes: Int = 0, keepingIndices: Bool = false) throws -> ColumnRead {
        let d = descriptor
        var output: ColumnData
        var taken = 0
        if var head = pending {
            pending = nil
            let have = head.recordCount
            if have > records {
                pending = head.splitOff(records: records)
                return ColumnRead(data: head, records: records, limited: false)
            }
            output = head
            taken = have
            if taken == records { return ColumnRead(data: output, records: taken, limited: false) }
            if taken > 0 && output.byteCount >= maxBytes { return ColumnRead(data: output, records: taken, limited: true) }
        } else {
            output = ColumnData(descriptor: d, definitionLevels: [], repetitionLevels: [],
                                values: .empty(for: d.physicalType, typeLength: d.typeLength), levelCount: 0)
        }
        var remaining = records - taken
        var limited = false
        let keepsIndices = keepingIndices && d.maxRepetitionLevel == 0 && d.path.count == 1 && d.physicalType == .byteArray
        while true {
            if page == nil || page?.isConsumed == true {
                guard try loadNextDataPage() else { break }
            }
            guard var current = page else { break }
            page = nil
            if current.needsDictionary {
                try loadDictionary()
                current.attach(dictionary)
            }
            // Level entries the byte limit leaves room for in this page (at least the first
            // record's, when nothing has been read yet).
            let room = maxBytes == .max ? Int.max : maxBytes - output.byteCount
            let allowed = room <= 0 ? 0 : room / current.bytesPerEntry
            // Find how many level entries of this page belong to the records still wanted.
            // A nested record ends where the next repetition level 0 begins, which may lie in
            // a later page, so nested columns look one entry past the last wanted record.
            let from = current.levelPosition
            var to = from
            if d.maxRepetitionLevel == 0 {
                let wanted = min(remaining, current.levelCount - from)
                let n = taken == 0 ? max(min(wanted, 1), min(wanted, allowed)) : min(wanted, allowed)
                if n < wanted { limited = true }
                to = from + n
                remaining -= n
                taken += n
            } else {
                current.repetitionLevels.withUnsafeBufferPointer { reps in
                    while to < current.levelCount {
                        if reps[to] == 0 {
                            if remaining == 0 { break }
                            if taken > 0 && to - from >= allowed {
                                limited = true
                                break
                            }
                            remaining -= 1
                            taken += 1
                        }
                        to += 1
                    }
                }
            }
            let valueCount = d.maxDefinitionLevel == 0
                ? to - from
                : current.countValues(in: from ..< to, maxDefinitionLevel: d.maxDefinitionLevel)
            let wholePage = from == 0 && to == current.levelCount && output.levelCount == 0
            if d.maxDefinitionLevel > 0 {
                if current.allDefined {
                    output.definitionLevels.appendRepeating(UInt32(d.maxDefinitionLevel), count: to - from)
                } else if wholePage {
                    output.definitionLevels = current.definitionLevels  // no copy
                } else {
                    output.definitionLevels += current.definitionLevels[from ..< to]
                }
            }
            if d.maxRepetitionLevel > 0 {
                if wholePage { output.repetitionLevels = current.repetitionLevels }
                else { output.repetitionLevels += current.repetitionLevels[from ..< to] }
            }
            if output.values.count == 0 && current.isWholeBuffer(valueCount) {
                output.values = current.values  // the common case: a whole page, no copy
                current.valuePosition += valueCount
            } else if keepsIndices && output.values.count == 0, try current.appendIndices(valueCount, into: &output.dictionaryPrefix) {
                // Dictionary-encoded values before any plain one: kept as indices.
            } else {
                if output.values.count == 0 && expectedBytes > 0 {
                    // Copying starts: make room for the whole read once (the caller's
                    // estimate), instead of doubling through it.
                    output.values.reserve(bytes: expectedBytes, values: records, descriptor: d)
                }
                try current.appendValues(valueCount, into: &output.values)
            }
            output.levelCount += to - from
            current.levelPosition = to
            page = current
            if limited || to < current.levelCount { break }  // the page holds the start of the next record
            if remaining == 0 && d.maxRepetitionLevel == 0 { break }
        }
        return ColumnRead(data: output, records: taken, limited: limited)
    }

    /// Decoded bytes the reader holds between reads: its current page and any records given back.
    var heldBytes: Int {
        (page?.heldBytes ?? 0)
            + (pending?.byteCount ?? 0) + (dictionary?.byteCount ?? 0)
    }

    /// Bytes of the dictionary held, 0 when there is none (or it was released).
    var dictionaryBytes: Int { dictionary?.byteCount ?? 0 }

    /// Drops the decoded dictionary (here and in the current page); the next read that needs
    /// it reads the dictionary page again. For row groups of many dictionary-encoded columns,
    /// whose dictionaries together would not fit the batch caps (docs/architecture.md).
    mutating func releaseDictionary() {
        guard dictionaryPage != nil, dictionary != nil else { return }
        dictionary = nil
        page?.attach(nil)
    }

    /// Makes sure a dictionary-encoded data page finds its dictionary: reads the dictionary
    /// page again after ``releaseDictionary()``, or (once) through the lazy loader when the
    /// pages read left it out. Does nothing when a dictionary is held or none is known.
    private mutating func loadDictionary() throws {
        guard dictionary == nil else { return }
        if let dictionaryPage {
            guard var raw = try pages.reread(at: dictionaryPage.offset, index: dictionaryPage.index), raw.header.type == .dictionaryPage else {
                throw ParquetError.corrupt("the dictionary page at byte \(dictionaryPage.offset) cannot be read again")
            }
            dictionary = try decodeDictionary(raw.header, body: &raw.body)
        } else if let loader = dictionaryLoader {
            dictionaryLoader = nil
            var dictionaryPages = try loader()
            if var page = try dictionaryPages.next(), page.header.type == .dictionaryPage {
                dictionary = try decodeDictionary(page.header, body: &page.body)
            }
        }
    }

    /// Gives back records read by the last ``read(records:maxBytes:)`` (its tail, split off on
    /// a record boundary): the next read returns them first.
    mutating func unread(_ data: ColumnData) {
        guard data.levelCount > 0 else { return }
        if var rest = pending {
            // The tail of a later read goes after this one (callers give back one per read).
            var head = data
            if head.dictionaryPrefix != nil || rest.dictionaryPrefix != nil {
                head = (try? head.materialized()) ?? head
                rest = (try? rest.materialized()) ?? rest
            }
            try? head.values.append(from: rest.values, range: 0 ..< rest.values.count)
            head.definitionLevels += rest.definitionLevels
            head.repetitionLevels += rest.repetitionLevels
            head.levelCount += rest.levelCount
            pending = head
        } else {
            pending = data
        }
    }

    /// Decodes pages until a data page is loaded; false at the end of the chunk.
    private mutating func loadNextDataPage() throws -> Bool {
        while !exhausted {
            if let valueLimit, valuesSeen >= valueLimit {
                exhausted = true
                return false
            }
            guard var raw = try pages.next() else {
                exhausted = true
                return false
            }
            if raw.header.type == .dictionaryPage {
                dictionary = nil  // the old one goes before the new one is decoded
                dictionaryPage = (raw.offset, raw.index)
                dictionary = try decodeDictionary(raw.header, body: &raw.body)
                continue
            }
            let encoding = raw.header.dataPageHeader?.encoding ?? raw.header.dataPageHeaderV2?.encoding
            if let chunkValues {
                let claimed = Int64(raw.header.dataPageHeader?.numValues ?? raw.header.dataPageHeaderV2?.numValues ?? 0)
                guard claimed <= chunkValues &- valuesSeen else {
                    throw ParquetError.corrupt("a data page claims \(claimed) values but only \(max(0, chunkValues &- valuesSeen)) of the column chunk's \(chunkValues) are left")
                }
            }
            if encoding == .plainDictionary || encoding == .rleDictionary { try loadDictionary() }
            let decoded = try DecodedPage(raw, descriptor: descriptor, dictionary: dictionary)
            valuesSeen += Int64(decoded.levelCount)
            if decoded.levelCount > 0 {
                page = decoded
                return true
            }
        }
        return false
    }

    /// The values of the chunk's dictionary page, or nil when its first page is not one
    /// (for filters, which read only that page: see `FilterPushdown`).
    mutating func readDictionaryPage() throws -> ColumnValues? {
        guard var raw = try pages.next(), raw.header.type == .dictionaryPage else { return nil }
        return try decodeDictionary(raw.header, body: &raw.body)
    }

    /// Decodes a dictionary page; `body` is taken (emptied), so BYTE_ARRAY entries are decoded in place.
    private func decodeDictionary(_ pageHeader: PageHeader, body pageBody: inout [UInt8]) throws -> ColumnValues {
        guard let header = pageHeader.dictionaryPageHeader else {
            throw ParquetError.corrupt("DICTIONARY_PAGE has no dictionary_page_header")
        }
        guard header.encoding == .plain || header.encoding == .plainDictionary else {
            throw ParquetError.unsupported("dictionary page encoding \(header.encoding) is not supported")
        }
        let count = Int(header.numValues)
        guard count >= 0, count <= Self.maxPageEntries else {
            throw ParquetError.corrupt("dictionary page claims \(header.numValues) values")
        }
        if descriptor.physicalType == .byteArray {
            var body = pageBody
            pageBody = []  // `body` is the only reference: decoded in place
            return .byteArray(try PlainDecoder.decodeByteArraysInPlace(&body, count: count))
        }
        var values = ColumnValues.empty(for: descriptor.physicalType, typeLength: descriptor.typeLength)
        _ = try pageBody.withUnsafeBytes {
            try PlainDecoder.decode($0, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count, into: &values)
        }
        return values
    }
}
