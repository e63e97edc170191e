/// A destination for the bytes of a Parquet file, written strictly in order.
///
/// ``ParquetFileWriter`` calls ``write(_:)`` with page headers, page bodies and the footer as
/// they are produced; it never seeks back. An error thrown here stops the writer.
public protocol ByteWriter: AnyObject {
    /// Appends `bytes` to the destination.
    func write(_ bytes: [UInt8]) throws
}

/// A ``ByteWriter`` that keeps everything in memory (for tests and small files).
public final class MemoryByteWriter: ByteWriter {
    /// All bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends `bytes` to ``bytes``.
    public func write(_ bytes: [UInt8]) throws {
        self.bytes.append(contentsOf: bytes)
    }
}

/// Settings of a ``ParquetFileWriter``.
public struct ParquetWriterOptions: Sendable {
    /// Page compression: one of ``CompressionCodec/writable`` (`.uncompressed`, `.snappy`,
    /// `.gzip`, `.zstd`, `.lz4Raw`, `.brotli`); any other codec makes the writer's initializer
    /// throw `.unsupported`.
    public var compression: CompressionCodec = .snappy
    /// The compression level, within ``CompressionCodec/compressionLevels`` of `compression`
    /// (GZIP 1...9, ZSTD 1...19, LZ4_RAW 1...12, BROTLI 0...11); nil uses the codec's default level
    /// (``CompressionCodec/defaultCompressionLevel``). Codecs without levels take only nil.
    /// When a level is given, row groups are never copied as stored (see
    /// ``ParquetFileWriter/canCopyRowGroups(from:)``): they are compressed at that level.
    public var compressionLevel: Int? = nil
    /// Dictionary-encode column chunks (not BOOLEAN or INT96, which are always PLAIN).
    public var useDictionary = true
    /// Largest PLAIN-encoded dictionary per column chunk; a chunk whose dictionary grows past
    /// it (or gains nothing from one) is written PLAIN instead.
    public var maxDictionaryBytes = 1 << 20
    /// Target size of a data page before compression. Pages end on record boundaries, so a
    /// page holding one very large record may exceed it.
    public var pageSizeBytes = 1 << 20
    /// Split a batch into row groups of at most this many records; nil writes one row group
    /// per batch.
    public var maxRowGroupRows: Int? = nil
    /// The footer's `created_by`; `data-designer version <version>` unless set. Sinks and
    /// exports keep what the caller sets here.
    public var createdBy = ToolInfo.createdBy
    /// Key/value pairs stored in the footer.
    public var keyValueMetadata: [KeyValue] = []

    public init() {}

    /// Throws `.invalidArgument` / `.unsupported` for settings the writer cannot honour.
    func validate() throws {
        try Compression.validate(compression, level: compressionLevel)
        guard maxDictionaryBytes >= 0 else {
            throw ParquetError(.invalidArgument, "maxDictionaryBytes must not be negative (got \(maxDictionaryBytes))")
        }
        guard pageSizeBytes > 0 else {
            throw ParquetError(.invalidArgument, "pageSizeBytes must be positive (got \(pageSizeBytes))")
        }
        if let rows = maxRowGroupRows, rows <= 0 {
            throw ParquetError(.invalidArgument, "maxRowGroupRows must be positive (got \(rows))")
        }
    }
}
