extension ParquetFileReader {
    /// The file's size in bytes (when it was opened).
    public var fileSize: Int64 { source.size }

    /// The length of the Thrift-encoded footer, read from the 4 bytes before the closing magic.
    public func footerLength() throws -> Int64 {
        let tail = try file.read(at: file.size - 8, count: 4)
        return tail.reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}
