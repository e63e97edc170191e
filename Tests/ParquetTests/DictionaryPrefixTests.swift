import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// Reads that keep dictionary-encoded strings as indices (``BatchLimits/keepsDictionaryIndices``,
/// what export's text sinks ask for) hand out the same values as reads that gather them: in
/// batches of every size, where a chunk falls back from dictionary to PLAIN pages inside a
/// batch, and where a batch is cut inside the indices.
final class DictionaryPrefixTests: XCTestCase {
    /// Tiny pages whose dictionaries overflow 256 bytes and fall back to PLAIN.
    let fallback = "flat/types_tiny_pages_dict_v1_snappy.parquet"

    func read(_ file: String, limits: BatchLimits) throws -> [RecordBatch] {
        let reader = try ParquetFileReader(path: TestPaths.fixtures.appendingPathComponent(file).path)
        var iterator = try reader.batches(limits: limits)
        var batches: [RecordBatch] = []
        while let batch = try iterator.next() { batches.append(batch) }
        return batches
    }

    func testKeptIndicesGiveTheGatheredValues() throws {
        var mixed = 0, kept = 0
        for file in [fallback, "flat/types_dict_v1_snappy.parquet", "split/flat_dict_v2_snappy.parquet"] {
            for caps in [BatchLimits(maxRows: 7, maxBytes: .max), BatchLimits(maxRows: .max, maxBytes: 300), BatchLimits.default] {
                var keeping = caps
                keeping.keepsDictionaryIndices = true
                let gathered = try read(file, limits: caps), indexed = try read(file, limits: keeping)
                XCTAssertEqual(gathered.map(\.numRows), indexed.map(\.numRows), "\(file) \(caps)")
                for (a, b) in zip(gathered, indexed) {
                    XCTAssertEqual(a.columns.count, b.columns.count)
                    for (plain, column) in zip(a.columns, b.columns) {
                        XCTAssertNil(plain.dictionaryPrefix)
                        if let prefix = column.dictionaryPrefix {
                            XCTAssertEqual(column.descriptor.physicalType, .byteArray)
                            XCTAssertEqual(column.descriptor.maxRepetitionLevel, 0)
                            kept += prefix.count
                            if prefix.count > 0 && column.values.count > 0 { mixed += 1 }
                        }
                        let whole = try column.materialized()
                        XCTAssertEqual(whole.values, plain.values, "\(file) \(column.descriptor.dottedPath) \(caps)")
                        XCTAssertEqual(whole.definitionLevels, plain.definitionLevels)
                        XCTAssertEqual(column.byteCount, plain.byteCount, "\(file) \(column.descriptor.dottedPath)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(kept, 1000, "no values were kept as indices")
        XCTAssertGreaterThan(mixed, 0, "no batch had indices followed by PLAIN values")
    }

    /// Splitting a column inside its indices, at its end, and among its plain values keeps
    /// every value once, in order.
    func testSplitOffInsideAndAfterTheIndices() throws {
        var keeping = BatchLimits(maxRows: 50, maxBytes: .max)
        keeping.keepsDictionaryIndices = true
        var checked = 0
        for batch in try read(fallback, limits: keeping) {
            for column in batch.columns {
                guard let prefix = column.dictionaryPrefix, prefix.count > 1 else { continue }
                let expected = try column.materialized()
                for records in [1, column.levelCount / 2, column.levelCount - 1] where records > 0 && records < column.levelCount {
                    var head = column
                    let rest = head.splitOff(records: records)
                    XCTAssertEqual(head.levelCount + rest.levelCount, column.levelCount)
                    var joined = try head.materialized()
                    let tail = try rest.materialized()
                    try joined.values.append(from: tail.values, range: 0 ..< tail.values.count)
                    XCTAssertEqual(joined.values, expected.values, "\(column.descriptor.dottedPath) split at \(records)")
                    XCTAssertEqual(head.definitionLevels + rest.definitionLevels, column.definitionLevels)
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 10)
    }

    /// An index past the dictionary's end is reported, not read.
    func testAnIndexOutsideTheDictionaryThrows() throws {
        var prefix = DictionaryPrefix(dictionary: ByteArrayValues(offsets: [0, 1, 2], bytes: Array("ab".utf8)))
        // RLE run (header 2 << 1 = 4: two repeats) of the value 5, bit width 3: one byte of value.
        var cursor = try RLEHybridCursor(bytes: [4, 5], bitWidth: 3)
        XCTAssertThrowsError(try prefix.append(2, from: &cursor)) { error in
            XCTAssertTrue("\(error)".contains("dictionary index 5 out of range (dictionary has 2 values)"), "\(error)")
        }
    }
}
