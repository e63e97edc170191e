/// Reading and validating the footer of a Parquet file.
enum Footer {
    static let magic: [UInt8] = Array("PAR1".utf8)
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    /// Reads the footer of `file`: checks the magic numbers and decodes `FileMetaData`.
    static func read(_ file: RandomAccessFile) throws -> FileMetaData {
        let path = file.path
        guard file.size >= 12 else {
            throw ParquetError(.notParquet, "not a Parquet file (only \(file.size) bytes)", file: path)
        }
        let tail = try file.read(at: file.size - 8, count: 8)
        let tailMagic = Array(tail[4..<8])
        if tailMagic == encryptedMagic {
            throw ParquetError(.encrypted, "encrypted Parquet files are not supported", file: path)
        }
        guard tailMagic == magic else {
            throw ParquetError(.notParquet, "not a Parquet file (missing PAR1 magic at the end)", file: path)
        }
        let head = try file.read(at: 0, count: 4)
        guard head == magic else {
            throw ParquetError(.notParquet, "not a Parquet file (missing PAR1 magic at the start)", file: path)
        }
        let length = Int64(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard length > 0, length <= file.size - 12 else {
            throw ParquetError(.corrupt, "footer length \(length) does not fit in a file of \(file.size) bytes", file: path)
        }
        let bytes = try file.read(at: file.size - 8 - length, count: Int(length))
        let metadata = try withContext(file: path, column: nil) {
            try bytes.withUnsafeBytes { try FileMetaData(thriftCompact: $0) }
        }
        if metadata.hasEncryptionAlgorithm {
            throw ParquetError(.encrypted, "encrypted Parquet files are not supported", file: path)
        }
        return metadata
    }
}
