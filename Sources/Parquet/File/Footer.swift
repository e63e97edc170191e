/// Reading and validating the footer of a Parquet file.
enum Footer {
    static let magic: [UInt8] = Array("PAR1".utf8)
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)
    /// Bytes read from the end of a file at once: enough for most footers.
    static let tailReadSize: Int64 = 16 << 10

    /// Reads the footer of `file`: checks the magic numbers and decodes `FileMetaData`.
    static func read(_ file: RandomAccessFile) throws -> FileMetaData {
        let path = file.path
        guard file.size >= 12 else {
            throw ParquetError(.notParquet, "not a Parquet file (only \(file.size) bytes)", file: path)
        }
        // One read of the file's tail usually holds the footer, its length and the magic.
        let tailSize = Int(min(file.size, Self.tailReadSize))
        let tailBytes = try file.read(at: file.size - Int64(tailSize), count: tailSize)
        let tail = tailBytes[(tailSize - 8)...]
        let tailMagic = Array(tail.suffix(4))
        if tailMagic == encryptedMagic {
            throw ParquetError(.encrypted, "encrypted Parquet files are not supported", file: path)
        }
        guard tailMagic == magic else {
            throw ParquetError(.notParquet, "not a Parquet file (missing PAR1 magic at the end)", file: path)
        }
        let head = tailSize == Int(file.size) ? Array(tailBytes.prefix(4)) : try file.read(at: 0, count: 4)
        guard head == magic else {
            throw ParquetError(.notParquet, "not a Parquet file (missing PAR1 magic at the start)", file: path)
        }
        let l = Array(tail.prefix(4))
        let length = Int64(UInt32(l[0]) | UInt32(l[1]) << 8 | UInt32(l[2]) << 16 | UInt32(l[3]) << 24)
        guard length > 0, length <= file.size - 12 else {
            throw ParquetError(.corrupt, "footer length \(length) does not fit in a file of \(file.size) bytes", file: path)
        }
        let bytes = length + 8 <= Int64(tailSize)
            ? Array(tailBytes[(tailSize - 8 - Int(length)) ..< (tailSize - 8)])
            : try file.read(at: file.size - 8 - length, count: Int(length))
        let metadata = try withContext(file: path, column: nil) {
            try bytes.withUnsafeBytes { try FileMetaData(thriftCompact: $0) }
        }
        if metadata.hasEncryptionAlgorithm {
            throw ParquetError(.encrypted, "encrypted Parquet files are not supported", file: path)
        }
        return metadata
    }
}
