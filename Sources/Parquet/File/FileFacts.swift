extension ParquetFileReader {
    /// The file's size in bytes (when it was opened).
    public var fileSize: Int64 { size }

    /// The length of the Thrift-encoded footer, read from the 4 bytes before the closing magic.
    /// (Read when the reader was opened; kept `throws` for source compatibility.)
    public func footerLength() throws -> Int64 { footerSize }
}
