import Foundation
import XCTest
@testable import Parquet
@testable import ParquetExport
import TestSupport

/// Dictionary-encoded strings that export writes once per batch (each entry escaped and
/// quoted once, then copied for every row that uses it) come out as the general JSON and CSV
/// writers write them value by value: quotes, commas, line breaks, controls, non-ASCII text,
/// invalid UTF-8, empty strings and nulls.
final class DictionaryTextTests: XCTestCase {
    let entries: [[UInt8]] = ["", "plain", "with \"quotes\"", "comma,inside", "line\nbreak", "cr\rlf", "tab\there", "\u{1}control",
                              "caf\u{E9}", "emoji \u{1F389}", "back\\slash", String(repeating: "sixteen+ bytes ", count: 5),
                              "</script>", "\u{7F}del"].map { Array($0.utf8) } + [[0x61, 0xFF, 0x62]]

    func testFormattedDictionaryEntriesMatchTheGeneralWriters() throws {
        let rows = 3000
        let schema = try Schema(elements: [group("schema", nil, children: 2), leaf("s", .byteArray, .optional, logical: .string),
                                           leaf("n", .int64, .required)])
        // Every 7th row null; the others cycle through the entries (which the writer keeps in
        // a dictionary of 15 entries).
        var levels: [UInt32] = [], values = ByteArrayValues(), numbers: [Int64] = []
        for r in 0 ..< rows {
            numbers.append(Int64(r))
            if r % 7 == 3 {
                levels.append(0)
                continue
            }
            levels.append(1)
            values.append(entries[(r * 4) % entries.count])
        }
        let batch = RecordBatch(schema: schema, columns: [
            ColumnData(descriptor: schema.columns[0], definitionLevels: levels, repetitionLevels: [], values: .byteArray(values), levelCount: rows),
            ColumnData(descriptor: schema.columns[1], definitionLevels: [], repetitionLevels: [], values: .int64(numbers), levelCount: rows),
        ], numRows: rows, rowGroupIndex: 0)
        let folder = try TestPaths.temporaryFolder(self)
        let path = folder.appendingPathComponent("dictionary.parquet").path
        try writeParquetFile([batch], schema: schema, to: path)

        // The read export makes keeps the strings as indices into a small dictionary, which
        // is what makes the rows copy pre-written entries.
        var keeping = BatchLimits.default
        keeping.keepsDictionaryIndices = true
        var iterator = try ParquetFileReader(path: path).batches(limits: keeping)
        let read = try XCTUnwrap(try iterator.next())
        let prefix = try XCTUnwrap(read.columns[0].dictionaryPrefix)
        XCTAssertEqual(prefix.dictionary.count, entries.count)
        XCTAssertLessThanOrEqual(prefix.dictionary.count * BatchTexts.formattedEntryReads, prefix.count)

        var jsonl: [UInt8] = [], csv: [UInt8] = Array("s,n\n".utf8)
        var next = 0
        for r in 0 ..< rows {
            jsonl += Array("{\"s\":".utf8)
            if levels[r] == 0 {
                jsonl += Array("null".utf8)
            } else {
                let value = values.bytes[values.range(next)]
                next += 1
                value.withUnsafeBytes { JSONText.appendString($0, to: &jsonl) }
                value.withUnsafeBytes { CSVText.appendField($0, to: &csv) }
            }
            jsonl += Array(",\"n\":\(r)}\n".utf8)
            csv += Array(",\(r)\n".utf8)
        }
        let dataset = try Dataset(inputs: [path])
        for (format, expected) in [(ExportFormat.jsonl, jsonl), (.csv, csv)] {
            let out = folder.appendingPathComponent("out.\(format)").path
            XCTAssertEqual(try dataset.export(to: out, format: format), Int64(rows))
            let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
            XCTAssertEqual(written.count, expected.count, "\(format)")
            XCTAssertTrue(written == expected, "\(format): \(String(decoding: written.prefix(300), as: UTF8.self))")
        }
    }
}
