/// Compression of page bodies by codec: the writer's side of ``Decompression``.
enum Compression {
    /// Compresses a page body with `codec` at `level` (nil: the codec's default level).
    /// UNCOMPRESSED returns `input` itself.
    ///
    /// - Throws: `.unsupported` for a codec the writer cannot produce, `.invalidArgument` for
    ///   a level outside the codec's ``CompressionCodec/compressionLevels`` (or any level for
    ///   a codec without levels).
    static func compress(_ input: [UInt8], codec: CompressionCodec, level: Int?) throws -> [UInt8] {
        try validate(codec, level: level)
        switch codec {
        case .uncompressed:
            return input
        case .snappy:
            return Snappy.compress(input)
        case .gzip:
            return Gzip.compress(input, level: level ?? Gzip.defaultLevel)
        case .lz4Raw:
            return LZ4Raw.compress(input, level: level ?? LZ4Raw.defaultLevel)
        default:
            throw unsupported(codec)
        }
    }

    /// Throws unless the writer can produce `codec` at `level`.
    static func validate(_ codec: CompressionCodec, level: Int?) throws {
        guard codec.isWritable else { throw unsupported(codec) }
        guard let level else { return }
        guard let range = codec.compressionLevels else {
            throw ParquetError(.invalidArgument, "\(codec) has no compression levels (got level \(level))")
        }
        guard range.contains(level) else {
            throw ParquetError(.invalidArgument,
                               "\(codec) compression level must be \(range.lowerBound) to \(range.upperBound) (got \(level))")
        }
    }

    static func unsupported(_ codec: CompressionCodec) -> ParquetError {
        switch codec {
        case .zstd, .brotli:
            return ParquetError.unsupported("\(codec) output is not supported yet; the writer supports UNCOMPRESSED, SNAPPY, GZIP and LZ4_RAW")
        default:
            return ParquetError.unsupported("the writer cannot write \(codec); it supports UNCOMPRESSED, SNAPPY, GZIP and LZ4_RAW")
        }
    }
}

extension CompressionCodec {
    /// The codecs ``ParquetFileWriter`` can write.
    public static let writable: [CompressionCodec] = [.uncompressed, .snappy, .gzip, .lz4Raw]

    /// Whether ``ParquetFileWriter`` can write pages with this codec.
    public var isWritable: Bool { Self.writable.contains(self) }

    /// The compression levels the writer accepts for this codec (GZIP 1...9, LZ4_RAW 1...12);
    /// nil for codecs without levels (UNCOMPRESSED, SNAPPY) or that the writer cannot write.
    public var compressionLevels: ClosedRange<Int>? {
        switch self {
        case .gzip: Gzip.levels
        case .lz4Raw: LZ4Raw.levels
        default: nil
        }
    }

    /// The level used when none is given (GZIP 6, LZ4_RAW 1); nil for codecs without levels.
    public var defaultCompressionLevel: Int? {
        switch self {
        case .gzip: Gzip.defaultLevel
        case .lz4Raw: LZ4Raw.defaultLevel
        default: nil
        }
    }

    /// The codec named `name`, case-insensitively, as the command line spells codecs:
    /// `none` (or `uncompressed`), `snappy`, `gzip`, `zstd`, `lz4_raw` (or `lz4`, which
    /// means LZ4_RAW here as in DuckDB, polars and pyarrow), `brotli`. Nil for anything else.
    public init?(name: String) {
        switch name.lowercased() {
        case "none", "uncompressed": self = .uncompressed
        case "snappy": self = .snappy
        case "gzip": self = .gzip
        case "zstd": self = .zstd
        case "lz4_raw", "lz4": self = .lz4Raw
        case "brotli": self = .brotli
        default: return nil
        }
    }
}
