// codablebench MODE FILE...: reads every record of the files, either columnar (`columnar`:
// batches decoded into column buffers, every value touched once) or as Codable structs
// (`codable`: ParquetFileReader.records(as:)), and prints the record count and a checksum.
// Time whole runs of both modes from outside (e.g. /usr/bin/time -v) to compare them.
// Writing: `encode` decodes each file's records as above and writes them again with
// ParquetEncoder; `rewrite` decodes each file's batches columnar and writes them again with
// ParquetFileWriter (both into memory, Snappy, one row group per file); subtract the read-only
// modes' times to compare the writers.
import Foundation
import Parquet

struct Record: Codable {
    var id: String
    var category: String
    var age: Int
    var quantity: Int
    var score: Double
    var active: Bool
    var signup: String
    var created_at: Date
    var review: String
    var tags: [String]
    var note: String?
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first, ["columnar", "codable", "encode", "rewrite"].contains(mode), arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: codablebench columnar|codable|encode|rewrite FILE...\n".utf8))
    exit(2)
}
var records = 0, checksum = 0
do {
    for path in arguments.dropFirst() {
        let reader = try ParquetFileReader(path: path)
        if mode == "encode" {
            let values = try reader.decode(Record.self)
            let output = MemoryByteWriter()
            try ParquetEncoder().encode(values, to: output)
            records += values.count
            checksum &+= output.bytes.count
        } else if mode == "rewrite" {
            var batches = try reader.batches()
            let output = MemoryByteWriter()
            let writer = try ParquetFileWriter(output: output, schema: reader.schema)
            while let batch = try batches.next() {
                records += batch.numRows
                try writer.append(batch)
            }
            try writer.close()
            checksum &+= output.bytes.count
        } else if mode == "columnar" {
            var batches = try reader.batches()
            while let batch = try batches.next() {
                records += batch.numRows
                for column in batch.columns {
                    switch column.values {
                    case .int64(let a): checksum &+= Int(truncatingIfNeeded: a.reduce(0, &+))
                    case .double(let a): checksum &+= a.count
                    case .boolean(let a): checksum &+= a.count
                    case .byteArray(let a): checksum &+= a.bytes.count
                    default: checksum &+= column.values.count
                    }
                }
            }
        } else {
            var iterator = try reader.records(as: Record.self)
            while let record = try iterator.next() {
                records += 1
                checksum &+= record.age &+ record.quantity &+ record.id.utf8.count &+ record.review.utf8.count &+ record.tags.count
            }
        }
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
print(records, checksum)
