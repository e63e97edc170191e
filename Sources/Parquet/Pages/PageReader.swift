import Foundation

/// One page of a column chunk with its body decompressed.
struct Page {
    var header: PageHeader
    /// For v1 data pages and dictionary pages: the whole decompressed body.
    /// For v2 data pages: the repetition and definition level bytes (stored uncompressed)
    /// followed by the decompressed values section.
    var body: [UInt8]
    /// File offset of the page header (for reading the page again, see ``PageReader/reread(at:index:)``).
    var offset: Int64 = 0
    /// The page's position in its chunk, when known (for messages).
    var index: Int?
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
    /// Pages stored in more bytes than `threshold` are read `piece` bytes at a time (see
    /// ``readInPieces(_:at:count:headerStart:page:)``); tests lower both.
    var piecewise = (threshold: PageReader.piecewisePageBytes, piece: PageReader.pieceBytes)

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
            if compressedSize > piecewise.threshold, let body = try readInPieces(header, at: bodyStart, count: compressedSize, headerStart: headerStart, page: page) {
                return Page(header: header, body: body, offset: headerStart, index: page)
            }
            switch header.type {
            case .dataPage, .dictionaryPage:
                let body = try withBytes(at: bodyStart, count: compressedSize) { raw in
                    try verify(raw)
                    return try Decompression.decompress(raw, codec: codec, uncompressedSize: Int(header.uncompressedPageSize))
                }
                return Page(header: header, body: body, offset: headerStart, index: page)
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
                return Page(header: header, body: body, offset: headerStart, index: page)
            default:
                continue  // index pages and page types from newer writers carry no values
            }
        }
        return nil
    }

    /// The page whose header is at `offset` (one this reader returned before, see
    /// ``Page/offset``), read again — checked and decompressed as the first time — without
    /// moving the reader: the next ``next()`` continues where it was.
    mutating func reread(at offset: Int64, index: Int?) throws -> Page? {
        let saved = (position, end, pendingRanges, pageIndex)
        defer { (position, end, pendingRanges, pageIndex) = saved }
        guard offset >= 0, offset < end else { return nil }
        position = offset
        pendingRanges = []
        pageIndex = index
        return try next()
    }

    /// Pages stored in more bytes than this are read in pieces of ``pieceBytes`` when their
    /// codec can be decoded that way (see ``readInPieces(_:at:count:headerStart:page:)``):
    /// the pages the scratch buffer does not take.
    static let piecewisePageBytes = PageScratch.limit
    /// Bytes read at a time from a page read in pieces.
    static let pieceBytes = 1 << 20

    /// The body of a large page read ``piecewise`` `.piece` bytes at a time — levels of a v2 page and
    /// uncompressed bodies straight into the page buffer, a Snappy body decompressed piece by
    /// piece — so that the stored page is never held beside the decompressed one. The CRC-32
    /// is worked out over the pieces; a page whose checksum does not match fails as such even
    /// when its corrupt bytes also break the decompression. Nil for codecs decoded whole.
    private func readInPieces(_ header: PageHeader, at offset: Int64, count: Int, headerStart: Int64, page: Int?) throws -> [UInt8]? {
        let size = Int(header.uncompressedPageSize)
        var plain = 0
        var compressed = codec != .uncompressed
        switch header.type {
        case .dataPage, .dictionaryPage: break
        case .dataPageV2:
            guard let v2 = header.dataPageHeaderV2, v2.repetitionLevelsByteLength >= 0, v2.definitionLevelsByteLength >= 0 else { return nil }
            plain = Int(v2.repetitionLevelsByteLength) + Int(v2.definitionLevelsByteLength)
            compressed = compressed && v2.isCompressed
        default: return nil
        }
        guard !compressed || codec == .snappy else { return nil }
        guard size >= 0, size <= Decompression.maxPageSize, plain <= count, plain <= size else {
            throw ParquetError.corrupt("a \(header.type) at byte \(headerStart) claims \(count) stored and \(size) uncompressed bytes (\(plain) of levels)")
        }
        guard compressed || count == size else {
            throw ParquetError.corrupt("uncompressed page holds \(count) bytes but its header says \(size)")
        }
        let verifying = verifyChecksums && PageChecksum.applies(to: header)
        let file = self.file
        var crc: UInt32 = 0
        var failure: Error?
        let pieceBytes = max(1, piecewise.piece)
        var piece: [UInt8] = []
        // Fills `target` from the bytes at `start`, a piece at a time through the source.
        func copy(into target: UnsafeMutableRawBufferPointer, at start: Int64) throws {
            var done = 0
            while done < target.count {
                let n = min(pieceBytes, target.count - done)
                try file.read(at: start + Int64(done), count: n, into: &piece)
                piece.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: target[done ..< done + n]).copyMemory(from: $0) }
                done += n
            }
        }
        let body = try [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            initialized = 0
            let output = UnsafeMutableRawBufferPointer(out)
            guard compressed else {
                try copy(into: output, at: offset)
                if verifying { crc = CRC32.checksum(UnsafeRawBufferPointer(output)) }
                initialized = size
                return
            }
            let levels = UnsafeMutableRawBufferPointer(rebasing: output[0 ..< plain])
            try copy(into: levels, at: offset)
            if verifying { crc = CRC32.checksum(UnsafeRawBufferPointer(levels)) }
            var decoder = SnappyStreamDecoder(output: UnsafeMutableRawBufferPointer(rebasing: output[plain...]))
            var at = plain
            while at < count {
                let n = min(pieceBytes, count - at)
                try file.read(at: offset + Int64(at), count: n, into: &piece)
                if verifying { crc = piece.withUnsafeBytes { CRC32.checksum($0, continuing: crc) } }
                if failure == nil {
                    do { try piece.withUnsafeBytes { try decoder.feed($0) } } catch {
                        failure = error
                        if !verifying { break }  // the checksum decides which error is reported
                    }
                }
                at += n
            }
            if failure == nil {
                do { try decoder.finish() } catch { failure = error }
            }
            initialized = size
        }
        if verifying {
            try PageChecksum.verify(computed: crc, header: header, rowGroup: rowGroup, page: page, offset: headerStart)
        }
        if let failure { throw failure }
        return body
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
