import Foundation
import XCTest
@testable import Parquet
import TestSupport

// Helpers shared by the writer tests: schema building, writing to a temp file, reading back
// and comparing ColumnData by value.

enum W {
    static func root(_ children: Int) -> SchemaElement { group("schema", nil, children: children) }

    /// A schema of flat columns under the root.
    static func flatSchema(_ leaves: [SchemaElement]) throws -> Schema {
        try Schema(elements: [root(leaves.count)] + leaves)
    }

    static func column(_ schema: Schema, _ index: Int, values: ColumnValues,
                       defs: [UInt32] = [], reps: [UInt32] = [], count: Int? = nil) -> ColumnData {
        ColumnData(descriptor: schema.columns[index], definitionLevels: defs, repetitionLevels: reps,
                   values: values, levelCount: count ?? (defs.isEmpty ? values.count : defs.count))
    }

    static func strings(_ s: [String]) -> ColumnValues {
        var v = ByteArrayValues()
        for x in s { v.append(Array(x.utf8)) }
        return .byteArray(v)
    }

    static func temporaryPath(_ name: String = "w") -> String {
        NSTemporaryDirectory() + "writer-test-\(name)-\(UUID().uuidString).parquet"
    }

    /// Writes `batches` to a temp file and returns its path and bytes.
    @discardableResult
    static func write(_ schema: Schema, _ batches: [RecordBatch], options: ParquetWriterOptions = .init(),
                      path: String? = nil) throws -> (path: String, bytes: [UInt8], footer: FileMetaData) {
        let out = MemoryByteWriter()
        let writer = try ParquetFileWriter(output: out, schema: schema, options: options)
        for b in batches { try writer.write(b) }
        let footer = try writer.close()
        let p = path ?? temporaryPath()
        try Data(out.bytes).write(to: URL(fileURLWithPath: p))
        return (p, out.bytes, footer)
    }

    /// Reads every batch of a file (one per row group).
    static func readAll(_ path: String) throws -> (ParquetFileReader, [RecordBatch]) {
        let reader = try ParquetFileReader(path: path)
        var it = try reader.batches()
        var out: [RecordBatch] = []
        while let b = try it.next() { out.append(b) }
        return (reader, out)
    }

    /// Concatenates the batches' columns (levels and values).
    static func merged(_ batches: [RecordBatch], column: Int) throws -> ColumnData? {
        guard var c = batches.first?.columns[column] else { return nil }
        for b in batches.dropFirst() {
            let o = b.columns[column]
            c.definitionLevels += o.definitionLevels
            c.repetitionLevels += o.repetitionLevels
            try c.values.append(from: o.values, range: 0 ..< o.values.count)
            c.levelCount += o.levelCount
        }
        return c
    }

    /// A comparable image of values (floats by bit pattern, byte arrays as arrays).
    static func image(_ v: ColumnValues) -> [AnyHashable] {
        switch v {
        case .boolean(let a): a
        case .int32(let a): a
        case .int64(let a): a
        case .int96(let a): a
        case .float(let a): a.map(\.bitPattern)
        case .double(let a): a.map(\.bitPattern)
        case .byteArray(let a): (0 ..< a.count).map { Array(a[$0]) }
        case .fixedLenByteArray(let a): (0 ..< a.count).map { Array(a[$0]) }
        }
    }

    static func assertSame(_ a: ColumnData, _ b: ColumnData, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.descriptor.path, b.descriptor.path, file: file, line: line)
        XCTAssertEqual(a.levelCount, b.levelCount, "levelCount of \(a.descriptor.dottedPath)", file: file, line: line)
        XCTAssertEqual(a.definitionLevels, b.definitionLevels, "def levels of \(a.descriptor.dottedPath)", file: file, line: line)
        XCTAssertEqual(a.repetitionLevels, b.repetitionLevels, "rep levels of \(a.descriptor.dottedPath)", file: file, line: line)
        XCTAssertEqual(image(a.values), image(b.values), "values of \(a.descriptor.dottedPath)", file: file, line: line)
    }

    /// Writes one batch, reads the file back, and checks every column is unchanged.
    @discardableResult
    static func roundTrip(_ schema: Schema, _ columns: [ColumnData], rows: Int, options: ParquetWriterOptions = .init(),
                          file: StaticString = #filePath, line: UInt = #line) throws -> (path: String, footer: FileMetaData) {
        let batch = RecordBatch(schema: schema, columns: columns, numRows: rows, rowGroupIndex: 0)
        let (path, _, footer) = try write(schema, [batch], options: options)
        let (reader, batches) = try readAll(path)
        XCTAssertEqual(try reader.numRows, Int64(rows), file: file, line: line)
        for i in columns.indices {
            guard let back = try merged(batches, column: i) else {
                XCTFail("no data read back", file: file, line: line)
                continue
            }
            assertSame(columns[i], back, file: file, line: line)
        }
        return (path, footer)
    }

    /// The page headers of a column chunk, parsed from the file bytes.
    static func pageHeaders(_ bytes: [UInt8], _ chunk: ColumnChunk) throws -> [PageHeader] {
        guard let m = chunk.metaData else { return [] }
        var pos = Int(m.dictionaryPageOffset ?? m.dataPageOffset)
        let end = pos + Int(m.totalCompressedSize)
        var headers: [PageHeader] = []
        while pos < end {
            let decoded = try Array(bytes[pos ..< end]).withUnsafeBytes { try PageHeader.decode(from: $0) }
            let (h, n) = (decoded.header, decoded.length)
            headers.append(h)
            pos += n + Int(h.compressedPageSize)
        }
        XCTAssertEqual(pos, end)
        return headers
    }

    /// The distinct value encodings of the data pages among `headers` (dictionary pages excluded).
    static func dataEncodings<C: Collection>(_ headers: C) -> Set<Encoding> where C.Element == PageHeader {
        var out = Set<Encoding>()
        for h in headers {
            if let d = h.dataPageHeader { out.insert(d.encoding) }
        }
        return out
    }

    static func options(dictionary: Bool = true, codec: CompressionCodec = .snappy) -> ParquetWriterOptions {
        var o = ParquetWriterOptions()
        o.useDictionary = dictionary
        o.compression = codec
        return o
    }
}
