/// The page CRC-32 check (parquet.thrift `PageHeader.crc`): the checksum of the page as
/// stored (compressed, without its header), for data pages (v1 and v2) and dictionary pages.
enum PageChecksum {
    /// Whether `header` carries a checksum this reader checks.
    static func applies(to header: PageHeader) -> Bool {
        header.crc != nil && (header.type == .dataPage || header.type == .dataPageV2 || header.type == .dictionaryPage)
    }

    /// Throws when `body` does not match the header's checksum (nothing to check: returns).
    ///
    /// - Parameters:
    ///   - rowGroup: the chunk's row group, for the message.
    ///   - page: the page's position in its chunk (nil when only some pages are read).
    ///   - offset: the file offset of the page header, for the message.
    static func verify(_ body: UnsafeRawBufferPointer, header: PageHeader, rowGroup: Int, page: Int?, offset: Int64) throws {
        guard applies(to: header) else { return }
        try verify(computed: CRC32.checksum(body), header: header, rowGroup: rowGroup, page: page, offset: offset)
    }

    /// Throws when `computed` (the CRC-32 of the page as stored, worked out piece by piece
    /// for a page read in pieces) does not match the header's checksum.
    static func verify(computed: UInt32, header: PageHeader, rowGroup: Int, page: Int?, offset: Int64) throws {
        guard applies(to: header), let stored = header.crc.map({ UInt32(bitPattern: $0) }) else { return }
        guard computed != stored else { return }
        let which = page.map { "page \($0) (\(header.type) at byte \(offset))" } ?? "the \(header.type) at byte \(offset)"
        throw ParquetError.corrupt("row group \(rowGroup), \(which): the page checksum does not match (stored CRC-32 \(hex(stored)), computed \(hex(computed)))")
    }

    /// Checks every page of a column chunk held in memory (`chunk`, the chunk's bytes from
    /// its first page on, which starts at file offset `offset`).
    ///
    /// - Throws: `.corrupt` on a mismatch, and for a header that does not decode or a page
    ///   that runs past the end of the chunk.
    static func verifyPages(in chunk: UnsafeRawBufferPointer, at offset: Int64, rowGroup: Int) throws {
        var position = 0
        var index = 0
        while position < chunk.count {
            let decoded = try PageHeader.decode(from: UnsafeRawBufferPointer(rebasing: chunk[position...]))
            let (header, length) = (decoded.header, decoded.length)
            let size = Int(header.compressedPageSize)
            guard size >= 0, size <= chunk.count - position - length else {
                throw ParquetError.corrupt("a \(header.type) of \(header.compressedPageSize) bytes at byte \(offset + Int64(position)) runs past the end of its column chunk")
            }
            let body = UnsafeRawBufferPointer(rebasing: chunk[(position + length) ..< (position + length + size)])
            try verify(body, header: header, rowGroup: rowGroup, page: index, offset: offset + Int64(position))
            position += length + size
            index += 1
        }
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

extension ParquetFileReader {
    /// Checks the CRC-32 of every data and dictionary page of one column chunk whose header
    /// has one, without decompressing or decoding anything (pages without a checksum are
    /// jumped over). Used before a row group is copied as stored, so that a copy never
    /// carries a page that a decoding read would refuse.
    ///
    /// - Throws: `ParquetError` naming the file, column, row group and page on a mismatch,
    ///   and the errors of ``pageHeaders(rowGroup:column:)``.
    public func verifyPageChecksums(rowGroup: Int, column: Int) throws {
        var pages = try pageHeaders(rowGroup: rowGroup, column: column)
        try withContext(file: path, column: schema.columns[column].dottedPath) {
            let file = try self.file
            var index = 0
            while let page = try pages.next() {
                defer { index += 1 }
                guard PageChecksum.applies(to: page.header) else { continue }
                let body = try file.read(at: page.offset + Int64(page.headerLength), count: Int(page.header.compressedPageSize))
                try body.withUnsafeBytes {
                    try PageChecksum.verify($0, header: page.header, rowGroup: rowGroup, page: index, offset: page.offset)
                }
            }
        }
    }
}
