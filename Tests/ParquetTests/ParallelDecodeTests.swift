import Foundation
import XCTest
@testable import Parquet
import TestSupport

/// Batches whose columns are decoded on two threads (``BatchLimits/decodesInParallel``, what
/// export asks for) hold the same records as batches decoded column by column, for every
/// golden fixture and batch caps from tiny to the default (tiny caps make the parallel reads
/// stop at their share of the cap and fall back to reading in order).
final class ParallelDecodeTests: XCTestCase {
    /// Every column's values and levels over all batches of `file`, and the batches' sizes.
    func read(_ file: String, limits: BatchLimits) throws -> (columns: [ColumnData], rows: [Int]) {
        let reader = try ParquetFileReader(path: TestPaths.fixtures.appendingPathComponent(file).path)
        var iterator = try reader.batches(limits: limits)
        var columns: [ColumnData] = []
        var rows: [Int] = []
        while let batch = try iterator.next() {
            rows.append(batch.numRows)
            for (i, column) in batch.columns.enumerated() {
                if i == columns.count {
                    columns.append(column)
                    continue
                }
                try columns[i].values.append(from: column.values, range: 0 ..< column.values.count)
                columns[i].definitionLevels += column.definitionLevels
                columns[i].repetitionLevels += column.repetitionLevels
                columns[i].levelCount += column.levelCount
            }
        }
        return (columns, rows)
    }

    func testParallelBatchesHoldTheSameRecords() throws {
        var compared = 0, sameShape = 0
        for entry in try GoldenManifest.load().fixtures where entry.codecs.allSatisfy({ $0 != "LZO" }) && entry.file.hasSuffix(".parquet") {
            for caps in [BatchLimits.default, BatchLimits(maxRows: 3, maxBytes: .max), BatchLimits(maxRows: .max, maxBytes: 300)] {
                var parallel = caps
                parallel.decodesInParallel = true
                let inOrder = try read(entry.file, limits: caps), both = try read(entry.file, limits: parallel)
                XCTAssertEqual(inOrder.columns.count, both.columns.count, entry.file)
                XCTAssertEqual(inOrder.rows.reduce(0, +), both.rows.reduce(0, +), entry.file)
                for (a, b) in zip(inOrder.columns, both.columns) {
                    // Compared as text: NaN is not equal to itself.
                    XCTAssertEqual("\(a.values)", "\(b.values)", "\(entry.file) \(a.descriptor.dottedPath) \(caps)")
                    XCTAssertEqual(a.definitionLevels, b.definitionLevels, "\(entry.file) \(a.descriptor.dottedPath)")
                    XCTAssertEqual(a.repetitionLevels, b.repetitionLevels, "\(entry.file) \(a.descriptor.dottedPath)")
                    XCTAssertEqual(a.levelCount, b.levelCount)
                }
                if inOrder.rows == both.rows { sameShape += 1 }
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 100)
        // Row-count caps never make the parallel reads fall back: those batches are the same.
        XCTAssertGreaterThan(sameShape, compared * 2 / 3)
    }
}
