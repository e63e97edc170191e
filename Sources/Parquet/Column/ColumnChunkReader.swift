/// Reads one column chunk page by page and hands out its data a number of records at a time.
///
/// Only the current page is held decoded, so a chunk with thousands of pages costs one page
/// of memory beyond the records handed out.
struct ColumnChunkReader {
    let descriptor: ColumnDescriptor
    private var pages: PageReader
    private var dictionary: ColumnValues?
    private var page: DecodedPage?
    private var exhausted = false
    /// With a padded chunk end (see ``WriterQuirks``), the metadata's value count is where the
    /// chunk really ends; nil when the recorded size is trusted.
    private let valueLimit: Int64?
    private var valuesSeen: Int64 = 0
    /// The chunk's `num_values` (level entries, nulls included): no page may claim more
    /// entries than are left of it. Nil when the metadata gives no positive count.
    private let chunkValues: Int64?

    /// Most level entries one page may claim; a header above it is treated as corrupt.
    static let maxPageEntries = 1 << 26

    /// - Parameters:
    ///   - pageRanges: read only the pages in these byte ranges (see
    ///     ``PageReader/init(file:metadata:padding:ranges:verifyChecksums:rowGroup:)``), as if they
    ///     were the whole chunk; nil reads every page.
    ///   - verifyChecksums: check the CRC-32 of pages whose header has one.
    ///   - rowGroup: the chunk's row group, for messages.
    init(file: RandomAccessFile, descriptor: ColumnDescriptor, chunk: ColumnChunk, quirks: WriterQuirks = WriterQuirks(createdBy: nil),
         pageRanges: [Range<Int64>]? = nil, verifyChecksums: Bool = true, rowGroup: Int = 0) throws {
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
            self.pages = try PageReader(file: file, metadata: metadata, padding: quirks.chunkPadding,
                                        verifyChecksums: verifyChecksums, rowGroup: rowGroup)
        }
        self.valueLimit = pageRanges == nil && quirks.chunkPadding > 0 && metadata.numValues > 0 ? metadata.numValues : nil
        self.chunkValues = metadata.numValues > 0 ? metadata.numValues : nil
    }

    /// Reads the next `records` records (fewer at the end of the chunk).
    mutating func read(records: Int) throws -> ColumnData {
        let d = descriptor
        var output = ColumnData(descriptor: d, definitionLevels: [], repetitionLevels: [],
                                values: .empty(for: d.physicalType, typeLength: d.typeLength), levelCount: 0)
        var remaining = records
        while true {
            if page == nil || page?.isConsumed == true {
                guard try loadNextDataPage() else { break }
            }
            guard var current = page else { break }
            page = nil
            // Find how many level entries of this page belong to the records still wanted.
            // A nested record ends where the next repetition level 0 begins, which may lie in
            // a later page, so nested columns look one entry past the last wanted record.
            let from = current.levelPosition
            var to = from
            if d.maxRepetitionLevel == 0 {
                to = from + min(remaining, current.levelCount - from)
                remaining -= to - from
            } else {
                while to < current.levelCount {
                    if current.repetitionLevels[to] == 0 {
                        if remaining == 0 { break }
                        remaining -= 1
                    }
                    to += 1
                }
            }
            let valueCount = d.maxDefinitionLevel == 0
                ? to - from
                : current.countValues(in: from ..< to, maxDefinitionLevel: d.maxDefinitionLevel)
            if d.maxDefinitionLevel > 0 { output.definitionLevels += current.definitionLevels[from ..< to] }
            if d.maxRepetitionLevel > 0 { output.repetitionLevels += current.repetitionLevels[from ..< to] }
            if output.values.count == 0 && current.valuePosition == 0 && valueCount == current.values.count {
                output.values = current.values  // the common case: a whole page, no copy
            } else {
                try output.values.append(from: current.values, range: current.valuePosition ..< current.valuePosition + valueCount)
            }
            output.levelCount += to - from
            current.levelPosition = to
            current.valuePosition += valueCount
            page = current
            if to < current.levelCount { break }  // the page holds the start of the next record
            if remaining == 0 && d.maxRepetitionLevel == 0 { break }
        }
        return output
    }

    /// Decodes pages until a data page is loaded; false at the end of the chunk.
    private mutating func loadNextDataPage() throws -> Bool {
        while !exhausted {
            if let valueLimit, valuesSeen >= valueLimit {
                exhausted = true
                return false
            }
            guard let raw = try pages.next() else {
                exhausted = true
                return false
            }
            if raw.header.type == .dictionaryPage {
                dictionary = try decodeDictionary(raw)
                continue
            }
            if let chunkValues {
                let claimed = Int64(raw.header.dataPageHeader?.numValues ?? raw.header.dataPageHeaderV2?.numValues ?? 0)
                guard claimed <= chunkValues &- valuesSeen else {
                    throw ParquetError.corrupt("a data page claims \(claimed) values but only \(max(0, chunkValues &- valuesSeen)) of the column chunk's \(chunkValues) are left")
                }
            }
            let decoded = try DecodedPage(raw, descriptor: descriptor, dictionary: dictionary)
            valuesSeen += Int64(decoded.levelCount)
            if decoded.levelCount > 0 {
                page = decoded
                return true
            }
        }
        return false
    }

    private func decodeDictionary(_ page: Page) throws -> ColumnValues {
        guard let header = page.header.dictionaryPageHeader else {
            throw ParquetError.corrupt("DICTIONARY_PAGE has no dictionary_page_header")
        }
        guard header.encoding == .plain || header.encoding == .plainDictionary else {
            throw ParquetError.unsupported("dictionary page encoding \(header.encoding) is not supported")
        }
        let count = Int(header.numValues)
        guard count >= 0, count <= Self.maxPageEntries else {
            throw ParquetError.corrupt("dictionary page claims \(header.numValues) values")
        }
        var values = ColumnValues.empty(for: descriptor.physicalType, typeLength: descriptor.typeLength)
        _ = try page.body.withUnsafeBytes {
            try PlainDecoder.decode($0, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count, into: &values)
        }
        return values
    }
}
