import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// Writes files whose contents follow formulas that scripts/verify_writer.py repeats, and
/// checks they read back with the expected row counts. When WRITER_OUT names a folder the files
/// are kept there, so pyarrow, DuckDB and polars can be checked against them (dev-time).
final class WriterExportTests: XCTestCase {
    func testWriteFilesForExternalReaders() throws {
        let folder: String
        if let kept = ProcessInfo.processInfo.environment["WRITER_OUT"], !kept.isEmpty {
            folder = kept
        } else {
            let temp = FileManager.default.temporaryDirectory.appendingPathComponent("dd-writer-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
            addTeardownBlock { try? FileManager.default.removeItem(at: temp) }
            folder = temp.path
        }
        let flat = try Self.flatSchema()
        let rows = 10_000
        let flatBatch = Self.flatBatch(flat, rows: rows)
        var grouped = ParquetWriterOptions()
        grouped.maxRowGroupRows = 3000
        grouped.pageSizeBytes = 4096
        try W.write(flat, [flatBatch], options: grouped, path: folder + "/flat.parquet")
        var plain = W.options(dictionary: false, codec: .uncompressed)
        plain.pageSizeBytes = 4096
        try W.write(flat, [flatBatch], options: plain, path: folder + "/flat_plain.parquet")

        let nested = try Self.nestedSchema()
        var nestedOptions = ParquetWriterOptions()
        nestedOptions.maxRowGroupRows = 700
        nestedOptions.pageSizeBytes = 1024
        try W.write(nested, [Self.nestedBatch(nested, rows: 2000)], options: nestedOptions, path: folder + "/nested.parquet")
        try W.write(nested, [Self.nestedBatch(nested, rows: 2000)], options: W.options(dictionary: false),
                    path: folder + "/nested_plain.parquet")

        let empty = RecordBatch(schema: flat, columns: Self.flatBatch(flat, rows: 0).columns, numRows: 0, rowGroupIndex: 0)
        try W.write(flat, [empty], path: folder + "/empty.parquet")

        // The same files in every other codec the writer writes, at a non-default level.
        var expected = ["flat": 10_000, "flat_plain": 10_000, "nested": 2000, "nested_plain": 2000, "empty": 0]
        for (codec, level) in [(CompressionCodec.gzip, 9), (.zstd, 1), (.lz4Raw, 9), (.brotli, 5)] {
            let name = codec.description.lowercased()
            var flatCodec = grouped
            flatCodec.compression = codec
            flatCodec.compressionLevel = level
            try W.write(flat, [flatBatch], options: flatCodec, path: folder + "/flat_\(name).parquet")
            var nestedCodec = nestedOptions
            nestedCodec.compression = codec
            nestedCodec.compressionLevel = level
            try W.write(nested, [Self.nestedBatch(nested, rows: 2000)], options: nestedCodec,
                        path: folder + "/nested_\(name).parquet")
            expected["flat_\(name)"] = 10_000
            expected["nested_\(name)"] = 2000
            // Every chunk is in the codec, and the values are those of the SNAPPY file written
            // with the same options.
            for kind in ["flat", "nested"] {
                let (reader, batches) = try W.readAll(folder + "/\(kind)_\(name).parquet")
                let codecs = try reader.metadata.rowGroups.flatMap { try $0.columns.map { try XCTUnwrap($0.metaData).codec } }
                XCTAssertEqual(Set(codecs), [codec], "\(kind)_\(name)")
                let (_, reference) = try W.readAll(folder + "/\(kind).parquet")
                for column in 0 ..< reader.schema.columns.count {
                    W.assertSame(try XCTUnwrap(W.merged(batches, column: column)),
                                 try XCTUnwrap(W.merged(reference, column: column)))
                }
            }
        }
        for (name, rows) in expected {
            let reader = try ParquetFileReader(path: folder + "/\(name).parquet")
            XCTAssertEqual(try reader.numRows, Int64(rows), name)
            var batches = try reader.batches()
            var read = 0
            while let batch = try batches.next() { read += batch.numRows }
            XCTAssertEqual(read, rows, name)
        }
        XCTAssertEqual(try ParquetFileReader(path: folder + "/flat.parquet").metadata.rowGroups.count, 4)
    }

    static func flatSchema() throws -> Schema {
        try W.flatSchema([
            leaf("id", .int64, .required),
            leaf("i32", .int32, .optional),
            leaf("f", .float, .required),
            leaf("d", .double, .optional),
            leaf("b", .boolean, .required),
            leaf("s", .byteArray, .optional, logical: .string),
            leaf("u8", .int32, .required, logical: .integer(bitWidth: 8, isSigned: false)),
            leaf("date", .int32, .required, logical: .date),
            leaf("ts", .int64, .required, logical: .timestamp(isAdjustedToUTC: true, unit: .micros)),
            leaf("dec", .int32, .required, logical: .decimal(scale: 2, precision: 9)),
            leaf("fx", .fixedLenByteArray, .required, length: 4),
            leaf("uuid", .fixedLenByteArray, .required, logical: .uuid, length: 16),
            leaf("bin", .byteArray, .optional),
            leaf("i96", .int96, .required),
        ])
    }

    static func flatBatch(_ schema: Schema, rows n: Int) -> RecordBatch {
        let ids = 0 ..< n
        let i32Defs: [UInt32] = ids.map { $0 % 5 == 0 ? 0 : 1 }
        let dDefs: [UInt32] = ids.map { $0 % 7 == 0 ? 0 : 1 }
        let sDefs: [UInt32] = ids.map { $0 % 4 == 3 ? 0 : 1 }
        let binDefs: [UInt32] = ids.map { $0 % 3 == 2 ? 0 : 1 }
        var fx = FixedLenByteArrayValues(width: 4)
        var uuid = FixedLenByteArrayValues(width: 16)
        var bin = ByteArrayValues()
        for i in ids {
            fx.bytes += [UInt8(i % 256), UInt8((i / 256) % 256), 0xAB, UInt8(i % 3)]
            uuid.bytes += (0 ..< 16).map { UInt8(($0 * 31 + i) % 256) }
            if i % 3 != 2 { bin.append((0 ..< i % 6).map { UInt8(($0 + i) % 256) }) }
        }
        let columns = [
            W.column(schema, 0, values: .int64(ids.map { Int64($0) })),
            W.column(schema, 1, values: .int32(ids.filter { $0 % 5 != 0 }.map { Int32($0 * 3 - 100) }), defs: i32Defs),
            W.column(schema, 2, values: .float(ids.map { Float($0 % 1000) * 0.5 })),
            W.column(schema, 3, values: .double(ids.filter { $0 % 7 != 0 }.map { Double($0) / 4 }), defs: dDefs),
            W.column(schema, 4, values: .boolean(ids.map { $0 % 3 == 0 })),
            W.column(schema, 5, values: W.strings(ids.filter { $0 % 4 != 3 }.map { "s\($0 % 50)-ü" }), defs: sDefs),
            W.column(schema, 6, values: .int32(ids.map { Int32($0 % 256) })),
            W.column(schema, 7, values: .int32(ids.map { Int32(18000 + $0) })),
            W.column(schema, 8, values: .int64(ids.map { 1_700_000_000_000_000 + Int64($0) * 1_000_001 })),
            W.column(schema, 9, values: .int32(ids.map { Int32($0 * 7 - 500) })),
            W.column(schema, 10, values: .fixedLenByteArray(fx)),
            W.column(schema, 11, values: .fixedLenByteArray(uuid)),
            W.column(schema, 12, values: .byteArray(bin), defs: binDefs),
            W.column(schema, 13, values: .int96(ids.map { Int96(nanosOfDay: UInt64($0) * 1_000_000, julianDay: 2_440_588 + UInt32($0 % 10)) })),
        ]
        return RecordBatch(schema: schema, columns: columns, numRows: n, rowGroupIndex: 0)
    }

    static func nestedSchema() throws -> Schema {
        try Schema(elements: [
            W.root(4),
            leaf("id", .int64, .required),
            group("tags", .optional, children: 1, logical: .list),
            group("list", .repeated, children: 1),
            leaf("element", .int32, .optional),
            group("attrs", .optional, children: 1, logical: .map),
            group("key_value", .repeated, children: 2),
            leaf("key", .byteArray, .required, logical: .string),
            leaf("value", .int64, .optional),
            group("s", .optional, children: 2),
            leaf("x", .int32, .optional),
            group("y", .optional, children: 1, logical: .list),
            group("list", .repeated, children: 1),
            leaf("element", .byteArray, .optional, logical: .string),
        ])
    }

    /// Record i: tags null when i%6==5, else i%4 elements (element k null when (i+k)%5==0,
    /// else i*10+k); attrs null when i%7==6, else i%3 entries "k<k>" → (null when k==1, else
    /// i+k); s null when i%9==8, else x = (null when i odd, else i) and y = (null when i%5==4,
    /// else i%3 strings "y<i>-<k>").
    static func nestedBatch(_ schema: Schema, rows n: Int) -> RecordBatch {
        var tagD: [UInt32] = [], tagR: [UInt32] = [], tagV: [Int32] = []
        var keyD: [UInt32] = [], keyR: [UInt32] = [], keys: [String] = []
        var valD: [UInt32] = [], valR: [UInt32] = [], vals: [Int64] = []
        var xD: [UInt32] = [], xV: [Int32] = []
        var yD: [UInt32] = [], yR: [UInt32] = [], yV: [String] = []
        for i in 0 ..< n {
            if i % 6 == 5 { tagD.append(0); tagR.append(0) } else if i % 4 == 0 { tagD.append(1); tagR.append(0) } else {
                for k in 0 ..< i % 4 {
                    tagR.append(k == 0 ? 0 : 1)
                    if (i + k) % 5 == 0 { tagD.append(2) } else { tagD.append(3); tagV.append(Int32(i * 10 + k)) }
                }
            }
            if i % 7 == 6 {
                keyD.append(0); keyR.append(0); valD.append(0); valR.append(0)
            } else if i % 3 == 0 {
                keyD.append(1); keyR.append(0); valD.append(1); valR.append(0)
            } else {
                for k in 0 ..< i % 3 {
                    keyR.append(k == 0 ? 0 : 1); valR.append(k == 0 ? 0 : 1)
                    keyD.append(2); keys.append("k\(k)")
                    if k == 1 { valD.append(2) } else { valD.append(3); vals.append(Int64(i + k)) }
                }
            }
            if i % 9 == 8 {
                xD.append(0); yD.append(0); yR.append(0)
            } else {
                if i % 2 == 1 { xD.append(1) } else { xD.append(2); xV.append(Int32(i)) }
                if i % 5 == 4 { yD.append(1); yR.append(0) } else if i % 3 == 0 { yD.append(2); yR.append(0) } else {
                    for k in 0 ..< i % 3 { yR.append(k == 0 ? 0 : 1); yD.append(4); yV.append("y\(i)-\(k)") }
                }
            }
        }
        let columns = [
            W.column(schema, 0, values: .int64((0 ..< n).map { Int64($0) })),
            W.column(schema, 1, values: .int32(tagV), defs: tagD, reps: tagR),
            W.column(schema, 2, values: W.strings(keys), defs: keyD, reps: keyR),
            W.column(schema, 3, values: .int64(vals), defs: valD, reps: valR),
            W.column(schema, 4, values: .int32(xV), defs: xD),
            W.column(schema, 5, values: W.strings(yV), defs: yD, reps: yR),
        ]
        return RecordBatch(schema: schema, columns: columns, numRows: n, rowGroupIndex: 0)
    }
}
