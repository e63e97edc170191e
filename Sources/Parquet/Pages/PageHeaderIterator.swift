/// A page header of a column chunk and where it sits in the file.
public struct PageHeaderLocation: Sendable, Hashable {
    /// File offset of the header (the page starts here).
    public var offset: Int64
    /// Bytes the Thrift-encoded header occupies; the page body follows it.
    public var headerLength: Int
    /// The decoded header.
    public var header: PageHeader

    /// File offset just past the page body.
    public var end: Int64 { offset + Int64(headerLength) + Int64(header.compressedPageSize) }
}

/// Walks the page headers of one column chunk in file order without decoding page bodies:
/// headers are decoded from a read window of ``windowSize`` bytes that moves with them, so
/// small pages cost one read per window and a large page's body is jumped over.
///
/// Memory is constant (one window) whatever the chunk size or page count.
/// Every header is checked against the chunk's bytes: a header that does not decode, or a
/// body that runs past the end of the chunk, throws `ParquetError` of kind `.corrupt`.
public struct PageHeaderIterator {
    private let file: any RandomAccessSource
    private var position: Int64
    /// Where the chunk ends according to the footer: no header starts at or after it.
    private let end: Int64
    /// `end` plus the padding allowed for writers that under-report chunk sizes.
    private let limit: Int64

    /// Bytes the window must hold at a header's offset before it is decoded from the window;
    /// a header that needs more is read again, four times larger each time, up to
    /// ``maxHeaderLength``.
    static let minimumHeaderBytes: Int64 = 4096
    /// Bytes read at once from a header's offset (never past the chunk).
    static let windowSize: Int64 = 64 << 10
    private var window: [UInt8] = []
    private var windowStart: Int64 = 0
    /// Largest header accepted.
    static let maxHeaderLength: Int64 = 1 << 26

    init(file: any RandomAccessSource, metadata: ColumnMetaData, padding: Int64) throws {
        self.file = file
        let fileLimit = try file.size - 8
        guard metadata.totalCompressedSize != 0 else {
            // No pages (an empty row group), whatever the offsets say.
            (position, end, limit) = (0, 0, 0)
            return
        }
        // The chunk starts at its first page: the dictionary page or the first data page,
        // whichever of the offsets that can be a page (at or after the magic) is smaller. Some
        // writers leave one of them 0 (no dictionary; a chunk holding only a dictionary page).
        let start = [metadata.dataPageOffset, metadata.dictionaryPageOffset].compactMap { $0 }.filter { $0 >= 4 }.min()
            ?? metadata.dataPageOffset
        guard start >= 4, start < fileLimit else {
            throw ParquetError.corrupt("column chunk starts at byte \(start), outside the file's data (4..<\(fileLimit))")
        }
        guard metadata.totalCompressedSize >= 0 else {
            throw ParquetError.corrupt("column chunk has a negative compressed size \(metadata.totalCompressedSize)")
        }
        let (recorded, overflow) = start.addingReportingOverflow(metadata.totalCompressedSize)
        self.position = start
        self.end = overflow ? fileLimit : min(recorded, fileLimit)
        let (padded, paddedOverflow) = end.addingReportingOverflow(max(0, padding))
        self.limit = paddedOverflow ? fileLimit : min(padded, fileLimit)
    }

    /// The next page header, or nil after the last page of the chunk.
    public mutating func next() throws -> PageHeaderLocation? {
        guard position < end else { return nil }
        // Bytes the window must hold from `position` on (more after a failed attempt).
        var want = min(Self.minimumHeaderBytes, limit - position)
        var decoded: DecodedPageHeader?
        while decoded == nil {
            if position < windowStart || position + want > windowStart + Int64(window.count) {
                window = []
                window = try file.read(at: position, count: Int(min(max(want, Self.windowSize), limit - position)))
                windowStart = position
            }
            let from = Int(position - windowStart)
            let available = Int64(window.count - from)
            do {
                decoded = try window.withUnsafeBytes { try PageHeader.decode(from: UnsafeRawBufferPointer(rebasing: $0[from...])) }
            } catch let error as ParquetError where error.kind == .corrupt {
                // The header may just be longer than the bytes at hand: read more and retry.
                guard available < limit - position, available < Self.maxHeaderLength else {
                    throw ParquetError.corrupt("page header at byte \(position): \(error.message)")
                }
                want = min(available * 4, limit - position)
            }
        }
        guard let header = decoded?.header, let length = decoded?.length else { return nil }
        let page = PageHeaderLocation(offset: position, headerLength: length, header: header)
        guard header.compressedPageSize >= 0, Int64(header.compressedPageSize) <= limit - position - Int64(length) else {
            throw ParquetError.corrupt("a \(header.type) of \(header.compressedPageSize) bytes at byte \(position) runs past the end of its column chunk")
        }
        position = page.end
        return page
    }
}

extension ParquetFileReader {
    /// The page headers of one column chunk, read without the page bodies.
    ///
    /// - Parameters:
    ///   - rowGroup: the row group index.
    ///   - column: the leaf column index (``ColumnDescriptor/index``).
    /// - Throws: `ParquetError` naming the file and column when the chunk has no metadata,
    ///   lives in another file, or lies outside this one. Errors from the iterator's
    ///   ``PageHeaderIterator/next()`` carry no context; wrap them with `withContext`.
    public func pageHeaders(rowGroup: Int, column: Int) throws -> PageHeaderIterator {
        guard metadata.rowGroups.indices.contains(rowGroup), schema.columns.indices.contains(column),
              metadata.rowGroups[rowGroup].columns.indices.contains(column) else {
            throw ParquetError(.invalidArgument, "no column chunk \(column) in row group \(rowGroup)", file: path)
        }
        let chunk = metadata.rowGroups[rowGroup].columns[column]
        return try withContext(file: path, column: schema.columns[column].dottedPath) {
            guard !chunk.isEncrypted else { throw ParquetError(.encrypted, "encrypted Parquet files are not supported") }
            guard chunk.filePath == nil else {
                throw ParquetError.unsupported("column chunks stored in another file (\(chunk.filePath ?? "")) are not supported")
            }
            guard let metadata = chunk.metaData else { throw ParquetError.corrupt("row group \(rowGroup): column chunk has no metadata") }
            return try PageHeaderIterator(file: file, metadata: metadata, padding: quirks.chunkPadding)
        }
    }
}
