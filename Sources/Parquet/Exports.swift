// `import Parquet` also brings in the codecs target: `ParquetError`, `withContext` and the
// codecs themselves (Snappy, Gzip, Zstd, LZ4, Brotli, CRC32, XXHash64).
@_exported import ParquetCodecs
