import Foundation

/// One page of a column chunk with its body decompressed.
struct Page {
    var header: PageHeader
    /// For v1 data pages and dictionary pages: the whole decompressed body.
    /// For v2 data pages: the repetition and definition level bytes (stored uncompressed)
    /// followed by the decompressed values section.
    var body: [UInt8]
}

/// A buffer for reading pages, shared by the page readers of one batch iterator (which read
/// one page at a time), so that reading a page does not allocate a buffer of its size each
/// time: allocations then alternate less between short- and long-lived blocks, which keeps
/// the heap from fragmenting when many columns hold a decoded page each.
///
/// Iterators are `Sendable`, and copies of one share its scratch: a reader that finds the
/// scratch in use (``tryLock()``) reads into a buffer of its own instead.
final class PageScratch: @unchecked Sendable {
    /// The buffer; touch it only between a successful ``tryLock()`` and ``unlock()``.
    var bytes: [UInt8] = []
    private let lock = NSLock()
    /// Takes the scratch if no one else holds it.
    func tryLock() -> Bool { lock.try() }
    func unlock() { lock.unlock() }
    /// Pages larger than this are read into a buffer of their own (freed after the page), so
    /// the scratch never grows past it.
    static let limit = 8 << 20
}

/// Walks the pages of one column chunk in file order, reading the chunk through a bounded
/// window so that memory stays at about one page whatever the chunk size.
struct PageReader {
    private let file: any RandomAccessSource
    /// `file` when its bytes are in memory: pages are then decoded in place, with no window.
    private let inPlace: (any ContiguousSource)?
    private let codec: CompressionCodec
    private var position: Int64
    private var end: Int64
    private var window: [UInt8] = []
    private var windowStart: Int64 = 0
    private let windowSize: Int
    private let scratch: PageScratch?
    /// Byte ranges still to read after the current one (``init(file:metadata:padding:ranges:)``).
    private var pendingRanges: ArraySlice<Range<Int64>> = []
    /// Whether a page's `crc` (when its header has one) is checked before the page is used.
    private let verifyChecksums: Bool
    /// For messages: the row group and the number of pages read so far (nil when only some
    /// pages are read, so that the count is not the page's position in the chunk).
    private let rowGroup: Int
    private var pageIndex: Int? = 0

    /// Default size of the read-ahead window for headers and small pages.
    static let windowSize = 1 << 20

    /// - Parameters:
    ///   - padding: extra bytes allowed past the chunk's recorded end (see
    ///     ``WriterQuirks/chunkPadding``).
    ///   - windowSize: bytes read ahead for page headers and small pages. A page larger
    ///     than half the window is read on its own and not kept, so between pages a reader
    ///     holds at most one window (readers of many columns at once pass a smaller one).
    ///   - scratch: a buffer for pages read on their own, shared with other page readers.
    ///   - verifyChecksums: check the CRC-32 of data and dictionary pages whose header has one.
    ///   - rowGroup: the chunk's row group, for messages.
    init(file: any RandomAccessSource, metadata: ColumnMetaData, padding: Int64 = 0, windowSize: Int = PageReader.windowSize,
         scratch: PageScratch? = nil, verifyChecksums: Bool = true, rowGroup: Int = 0) throws {
        self.file = file
        self.inPlace = file as? any ContiguousSource
        self.scratch = scratch
        self.windowSize = max(4096, windowSize)
        self.codec = metadata.codec
        self.verifyChecksums = verifyChecksums
        self.rowGroup = rowGroup
        let range = try Self.chunkRange(metadata, padding: padding, fileSize: file.size)
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// The bytes of a column chunk a reader reads: from its first page (the dictionary page
    /// when there is one) for its compressed size plus `padding`, cut at the file's data end.
    ///
    /// - Throws: `.corrupt` when the chunk starts outside the file's data or has a negative size.
    static func chunkRange(_ metadata: ColumnMetaData, padding: Int64, fileSize: Int64) throws -> Range<Int64> {
        var start = metadata.dataPageOffset
        if let dictionaryOffset = metadata.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < start {
            start = dictionaryOffset
        }
        let limit = fileSize - 8
        guard start >= 4, start < limit else {
            throw ParquetError.corrupt("column chunk starts at byte \(start), outside the file's data (4..<\(limit))")
        }
        guard metadata.totalCompressedSize >= 0 else {
            throw ParquetError.corrupt("column chunk has a negative compressed size \(metadata.totalCompressedSize)")
        }
        let (sum, overflow) = start.addingReportingOverflow(metadata.totalCompressedSize &+ max(0, padding))
        return start ..< (overflow ? limit : min(sum, limit))
    }

    /// A reader of only some pages of the chunk: the pages lying in `ranges` (file offsets, in
    /// increasing order, each starting at a page header), read as if they were the whole chunk.
    ///
    /// - Throws: `.corrupt` when a range is empty, out of order, or outside the chunk.
    init(file: any RandomAccessSource, metadata: ColumnMetaData, padding: Int64 = 0, ranges: [Range<Int64>],
         verifyChecksums: Bool = true, rowGroup: Int = 0) throws {
        try self.init(file: file, metadata: metadata, padding: padding, verifyChecksums: verifyChecksums, rowGroup: rowGroup)
        pageIndex = nil
        var previous = position
        for range in ranges {
            guard !range.isEmpty, range.lowerBound >= previous, range.upperBound <= end else {
                throw ParquetError.corrupt("page range \(range) lies outside the column chunk (\(position)..<\(end)) or out of order")
            }
            previous = range.upperBound
        }
        pendingRanges = ranges[...]
        position = end
    }

    /// Moves to the next of ``pendingRanges``; false when none is left.
    private mutating func nextRange() -> Bool {
        guard let range = pendingRanges.popFirst() else { return false }
        position = range.lowerBound
        end = range.upperBound
        return true
    }

    /// The next page, or nil at the end of the chunk.
    mutating func next() throws -> Page? {
        while position < end || nextRange() {
            let (header, headerLength) = try readHeader()
            let bodyStart = position + Int64(headerLength)
            let compressedSize = Int(header.compressedPageSize)
            guard compressedSize >= 0, Int64(compressedSize) <= end - bodyStart else {
                throw ParquetError.corrupt("a \(header.type) of \(header.compressedPageSize) bytes at byte \(position) runs past the end of its column chunk")
            }
            let headerStart = position
            position = bodyStart + Int64(compressedSize)
            let page = pageIndex
            pageIndex = pageIndex.map { $0 + 1 }
            let codec = self.codec
            let (verifyChecksums, rowGroup) = (self.verifyChecksums, self.rowGroup)
            // Checked on the same bytes that are then decompressed (a large page is read once).
            func verify(_ raw: UnsafeRawBufferPointer) throws {
                if verifyChecksums {
                    try PageChecksum.verify(raw, header: header, rowGroup: rowGroup, page: page, offset: headerStart)
                }
            }
            switch header.type {
            case .dataPage, .dictionaryPage:
                let body = try withBytes(at: bodyStart, count: compressedSize) { raw in
                    try verify(raw)
                    return try Decompression.decompress(raw, codec: codec, uncompressedSize: Int(header.uncompressedPageSize))
                }
                return Page(header: header, body: body)
            case .dataPageV2:
                guard let v2 = header.dataPageHeaderV2 else {
                    throw ParquetError.corrupt("DATA_PAGE_V2 at byte \(bodyStart - Int64(headerLength)) has no data_page_header_v2")
                }
                let levelsLength = Int(v2.repetitionLevelsByteLength) + Int(v2.definitionLevelsByteLength)
                guard v2.repetitionLevelsByteLength >= 0, v2.definitionLevelsByteLength >= 0, levelsLength <= compressedSize,
                      levelsLength <= Int(header.uncompressedPageSize) else {
                    throw ParquetError.corrupt("DATA_PAGE_V2 level lengths (\(v2.repetitionLevelsByteLength) + \(v2.definitionLevelsByteLength)) exceed the page size")
                }
                let body = try withBytes(at: bodyStart, count: compressedSize) { raw -> [UInt8] in
                    try verify(raw)
                    var body = Array(raw[0..<levelsLength])
                    let values = UnsafeRawBufferPointer(rebasing: raw[levelsLength...])
                    let valuesSize = Int(header.uncompressedPageSize) - levelsLength
                    if values.isEmpty && valuesSize == 0 {
                        return body
                    }
                    if v2.isCompressed && codec != .uncompressed {
                        body += try Decompression.decompress(values, codec: codec, uncompressedSize: valuesSize)
                    } else {
                        body += values
                    }
                    return body
                }
                return Page(header: header, body: body)
            default:
                continue  // index pages and page types from newer writers carry no values
            }
        }
        return nil
    }

    /// Decodes the page header at `position`, growing the window when a header is larger
    /// than what has been read so far.
    private mutating func readHeader() throws -> (PageHeader, Int) {
        var want = min(Int64(4096), end - position)
        while true {
            do {
                let decoded = try withBytes(at: position, count: Int(want)) { try PageHeader.decode(from: $0) }
                return (decoded.header, decoded.length)
            } catch let error as ParquetError where error.kind == .corrupt && want < end - position && want < (1 << 26) {
                want = min(want * 4, end - position)
            }
        }
    }

    /// Runs `body` over the file bytes `[offset, offset + count)`, served from the window.
    private mutating func withBytes<T>(at offset: Int64, count: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        if let inPlace { return try inPlace.withBytes(at: offset, count: count, body) }
        let windowEnd = windowStart + Int64(window.count)
        if offset < windowStart || offset + Int64(count) > windowEnd {
            window = []
            if count > windowSize / 2 {
                // A large page: read it alone, keep nothing of it once it is decoded.
                if let scratch, count <= PageScratch.limit, scratch.tryLock() {
                    defer { scratch.unlock() }
                    try file.read(at: offset, count: count, into: &scratch.bytes)
                    return try scratch.bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0 ..< count])) }
                }
                let bytes = try file.read(at: offset, count: count)
                return try bytes.withUnsafeBytes { try body($0) }
            }
            let size = max(Int64(count), min(Int64(windowSize), end - offset))
            window = try file.read(at: offset, count: Int(size))
            windowStart = offset
        }
        let from = Int(offset - windowStart)
        return try window.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[from ..< from + count])) }
    }
}
