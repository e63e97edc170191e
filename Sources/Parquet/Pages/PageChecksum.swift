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
        guard applies(to: header), let stored = header.crc.map({ UInt32(bitPattern: $0) }) else { return }
        let computed = CRC32.checksum(body)
        guard computed != stored else { return }
        let which = page.map { "page \($0) (\(header.type) at byte \(offset))" } ?? "the \(header.type) at byte \(offset)"
        throw ParquetError.corrupt("row group \(rowGroup), \(which): the page checksum does not match (stored CRC-32 \(hex(stored)), computed \(hex(computed)))")
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
