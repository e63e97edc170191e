import Foundation
import XCTest
@testable import Parquet

/// A synchronous ``MultiRangeSource`` is read with the async reader's plan: `next()` over it
/// makes exactly the reads (ranges and count) `for try await` makes over an async source, and
/// gives the same batches as a plain read of the file.
final class MultiRangeSourceTests: XCTestCase {
    /// Memory as a ``MultiRangeSource`` whose `read(ranges:)` reads range by range.
    struct MultiRangeMemory: MultiRangeSource {
        let base: MemorySource
        var name: String { base.name }
        var size: Int64 { base.size }
        func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
            try base.read(at: offset, count: count, into: &buffer)
        }
        func read(ranges: [Range<Int64>]) throws -> [[UInt8]] {
            try ranges.map { try base.read(at: $0.lowerBound, count: Int($0.count)) }
        }
    }

    typealias Snapshot = ReaderSourceTests.BatchSnapshot

    private func plain(_ bytes: [UInt8], columns: [String]?, rows: Range<Int64>?, filter: RowGroupFilter?) throws -> [Snapshot] {
        var batches = try ParquetFileReader(bytes: bytes).batches(columns: columns, rows: rows, filter: filter)
        var out: [Snapshot] = []
        while let batch = try batches.next() { out.append(Snapshot(batch)) }
        return out
    }

    func testSyncMultiRangeReadsAsTheAsyncReaderDoes() async throws {
        let dir = ReaderSourceTests.fixtures.appendingPathComponent("filter")
        for file in ["random-2.parquet", "remote.parquet", "bloom.parquet"] {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(file)))
            let first = try ParquetFileReader(bytes: bytes).schema.columns[0].dottedPath
            let cases: [([String]?, Range<Int64>?, RowGroupFilter?)] = [
                (nil, 700 ..< 705, nil), (nil, 90 ..< 1000, nil), ([first], 5 ..< 6, nil),
                (nil, nil, .column(first) >= .int(300) && .column(first) < .int(420)), (nil, 50 ..< 2000, .column(first) != .int(60)),
            ]
            for (columns, rows, filter) in cases {
                let label = "\(file) \(columns ?? ["*"]) \(rows.map { "\($0)" } ?? "all") \(filter.map { "\($0)" } ?? "")"
                let expected = try plain(bytes, columns: columns, rows: rows, filter: filter)
                XCTAssertFalse(expected.isEmpty, label)

                let sync = CountingSource(MultiRangeMemory(base: MemorySource(bytes)))
                var batches = try ParquetFileReader(source: sync).batches(columns: columns, rows: rows, filter: filter)
                var got: [Snapshot] = []
                while let batch = try batches.next() { got.append(Snapshot(batch)) }
                XCTAssertTrue(got == expected, label)

                let async = CountingSource(AsyncSourceAdapter(MemorySource(bytes)))
                var gotAsync: [Snapshot] = []
                for try await batch in try await ParquetFileReader.open(source: async).batches(columns: columns, rows: rows, filter: filter) {
                    gotAsync.append(Snapshot(batch))
                }
                XCTAssertTrue(gotAsync == expected, label)
                XCTAssertEqual(sync.ranges, async.ranges, label)
                XCTAssertEqual(sync.reads, async.reads, label)
                XCTAssertEqual(sync.bytesRead, async.bytesRead, label)
            }
        }
    }

    /// Whole row groups: one `read(ranges:)` per row group, as the async reader.
    func testSyncMultiRangeWholeReadTakesOneReadPerRowGroup() async throws {
        let bytes = [UInt8](try Data(contentsOf: ReaderSourceTests.fixtures.appendingPathComponent("filter/remote.parquet")))
        let sync = CountingSource(MultiRangeMemory(base: MemorySource(bytes)))
        let reader = try ParquetFileReader(source: sync)
        XCTAssertEqual(sync.reads, 1, "the tail only (no head read): \(sync.ranges)")
        sync.reset()
        var batches = try reader.batches(columns: ["id", "text"])
        var ids: [Int64] = []
        while let batch = try batches.next() {
            if case .int64(let v) = batch.columns[0].values { ids += v }
        }
        XCTAssertEqual(ids, Array(0 ..< 18_000))
        XCTAssertEqual(sync.reads, 2, "\(sync.ranges)")
        let async = CountingSource(AsyncSourceAdapter(MemorySource(bytes)))
        for try await _ in try await ParquetFileReader.open(source: async).batches(columns: ["id", "text"]) {}
        XCTAssertEqual(sync.ranges, Array(async.ranges.dropFirst()))
    }
}
