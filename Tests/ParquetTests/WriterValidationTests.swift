import XCTest
@testable import Parquet
import TestSupport

final class WriterValidationTests: XCTestCase {
    private final class FailingOutput: ByteWriter {
        var budget: Int
        init(budget: Int) { self.budget = budget }
        func write(_ bytes: [UInt8]) throws {
            budget -= bytes.count
            if budget < 0 { throw ParquetError(.io, "disk full") }
        }
    }

    private func assertKind(_ kind: ParquetError.Kind, _ body: () throws -> Void, _ contains: String = "",
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let e = error as? ParquetError else { return XCTFail("not a ParquetError: \(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, "\(e)", file: file, line: line)
            if !contains.isEmpty { XCTAssertTrue(e.description.contains(contains), "\(e)", file: file, line: line) }
        }
    }

    func testMismatchedBatchesAreRejectedAndLeaveTheWriterUsable() throws {
        let schema = try Schema(elements: [
            W.root(3), leaf("a", .int32, .required), leaf("s", .byteArray, .optional),
            group("l", .optional, children: 1, logical: .list), group("list", .repeated, children: 1),
            leaf("element", .fixedLenByteArray, .required, length: 2),
        ])
        var fx = FixedLenByteArrayValues(width: 2)
        fx.bytes = [1, 2, 3, 4]
        let good = [
            W.column(schema, 0, values: .int32([1, 2])),
            W.column(schema, 1, values: W.strings(["x"]), defs: [1, 0]),
            W.column(schema, 2, values: .fixedLenByteArray(fx), defs: [2, 2], reps: [0, 1], count: 2),
        ]
        // l = [[1,2],[3,4]] is one record; make it two: [[1,2]], [[3,4]].
        var columns = good
        columns[2].repetitionLevels = [0, 0]
        let out = MemoryByteWriter()
        let writer = try ParquetFileWriter(output: out, schema: schema)
        func attempt(_ mutate: (inout [ColumnData]) -> Void, rows: Int = 2, _ message: String) {
            var c = columns
            mutate(&c)
            assertKind(.invalidArgument, { try writer.write(RecordBatch(schema: schema, columns: c, numRows: rows, rowGroupIndex: 0)) }, message)
        }
        attempt({ $0.removeLast() }, "3")
        attempt({ $0.swapAt(0, 1) }, "schema has 'a'")
        attempt({ $0[0].values = .int64([1, 2]) }, "type")
        attempt({ $0[0].values = .int32([1]) }, "values")
        attempt({ $0[0].levelCount = -1 }, "negative")
        attempt({ $0[1].definitionLevels = [1] }, "definition levels")
        attempt({ $0[1].definitionLevels = [2, 0] }, "exceeds")
        attempt({ $0[1].definitionLevels = [1, 1] }, "values where")
        attempt({ $0[0].definitionLevels = [0, 0] }, "maximum definition level is 0")
        attempt({ $0[2].repetitionLevels = [1, 0] }, "first repetition level")
        attempt({ $0[2].repetitionLevels = [0, 2] }, "exceeds")
        attempt({ $0[2].repetitionLevels = [0, 1] }, "records")
        attempt({ $0[1].values = .byteArray(ByteArrayValues(offsets: [0, 5], bytes: [1])) }, "offsets")
        attempt({ $0[1].values = .byteArray(ByteArrayValues(offsets: [], bytes: [])) }, "offsets")
        attempt({ $0[1].values = .byteArray(ByteArrayValues(offsets: [1, 0], bytes: [1])) }, "decrease")
        attempt({ $0[2].values = .fixedLenByteArray(FixedLenByteArrayValues(width: 4, bytes: [1, 2, 3, 4])) }, "width")
        attempt({ _ in }, rows: 3, "batch has 3 rows")
        assertKind(.invalidArgument, { try writer.write(RecordBatch(schema: schema, columns: columns, numRows: -1, rowGroupIndex: 0)) })
        XCTAssertEqual(out.bytes.count, 4, "rejected batches write nothing")

        try writer.write(RecordBatch(schema: schema, columns: columns, numRows: 2, rowGroupIndex: 0))
        let footer = try writer.close()
        XCTAssertEqual(footer.numRows, 2)
        assertKind(.invalidArgument, { try writer.close() }, "closed")
        assertKind(.invalidArgument, { try writer.write(RecordBatch(schema: schema, columns: columns, numRows: 2, rowGroupIndex: 0)) }, "closed")
    }

    func testOptionsAndSchemasTheWriterRefuses() throws {
        let schema = try W.flatSchema([leaf("a", .int32, .required)])
        for codec in [CompressionCodec.lzo, .lz4, CompressionCodec(rawValue: 99)] {
            var o = ParquetWriterOptions()
            o.compression = codec
            assertKind(.unsupported, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: schema, options: o) })
        }
        // Levels: within the codec's range only, and none for codecs without levels.
        for (codec, level, ok) in [(CompressionCodec.gzip, 1, true), (.gzip, 9, true), (.gzip, 0, false), (.gzip, 10, false),
                                   (.lz4Raw, 1, true), (.lz4Raw, 12, true), (.lz4Raw, 13, false), (.lz4Raw, -1, false),
                                   (.zstd, 1, true), (.zstd, 19, true), (.zstd, 0, false), (.zstd, 20, false),
                                   (.brotli, 0, true), (.brotli, 11, true), (.brotli, -1, false), (.brotli, 12, false),
                                   (.snappy, 1, false), (.uncompressed, 0, false)] {
            var o = ParquetWriterOptions()
            o.compression = codec
            o.compressionLevel = level
            if ok {
                XCTAssertNoThrow(try ParquetFileWriter(output: MemoryByteWriter(), schema: schema, options: o), "\(codec) \(level)")
            } else {
                assertKind(.invalidArgument, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: schema, options: o) },
                           "\(codec)")
            }
        }
        var o = ParquetWriterOptions()
        o.pageSizeBytes = 0
        assertKind(.invalidArgument, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: schema, options: o) })
        o = ParquetWriterOptions()
        o.maxRowGroupRows = 0
        assertKind(.invalidArgument, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: schema, options: o) })
        o = ParquetWriterOptions()
        o.maxDictionaryBytes = -1
        assertKind(.invalidArgument, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: schema, options: o) })

        let noLength = try W.flatSchema([leaf("f", .fixedLenByteArray, .required)])
        assertKind(.unsupported, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: noLength) }, "type_length")
        let oddType = try W.flatSchema([leaf("f", PhysicalType(rawValue: 12), .required)])
        assertKind(.unsupported, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: oddType) })
        let emptyGroup = try Schema(elements: [W.root(1), group("g", .optional, children: 0)])
        assertKind(.unsupported, { _ = try ParquetFileWriter(output: MemoryByteWriter(), schema: emptyGroup) }, "no fields")
    }

    func testOutputErrorsStopTheWriter() throws {
        let schema = try W.flatSchema([leaf("a", .int64, .required)])
        let batch = RecordBatch(schema: schema, columns: [W.column(schema, 0, values: .int64(Array(0 ..< 1000)))], numRows: 1000, rowGroupIndex: 0)
        assertKind(.io, { _ = try ParquetFileWriter(output: FailingOutput(budget: 2), schema: schema) })
        let writer = try ParquetFileWriter(output: FailingOutput(budget: 100), schema: schema)
        assertKind(.io, { try writer.write(batch) }, "disk full")
        assertKind(.invalidArgument, { try writer.write(batch) }, "failed earlier")
        assertKind(.invalidArgument, { try writer.close() }, "failed earlier")
    }

    /// The writer's own schema (not the batch's) decides annotations: a batch read from a file
    /// without converted types writes under the writer's schema.
    func testWriterSchemaDecidesAnnotations() throws {
        let plain = try W.flatSchema([leaf("u", .int32, .required)])
        let annotated = try W.flatSchema([leaf("u", .int32, .required, logical: .integer(bitWidth: 16, isSigned: false))])
        let batch = RecordBatch(schema: plain, columns: [W.column(plain, 0, values: .int32([3, 65535]))], numRows: 2, rowGroupIndex: 0)
        let (_, _, footer) = try W.write(annotated, [batch])
        XCTAssertEqual(footer.schema[1].convertedType, .uint16)
        XCTAssertEqual(footer.rowGroups[0].columns[0].metaData?.statistics?.maxValue, [0xFF, 0xFF, 0, 0])
    }
}
