import Foundation
import XCTest
@testable import Parquet
@testable import ParquetExport
import TestSupport

/// `Dataset.sample` and the row selection under it
/// (`ParquetFileReader.batches(columns:rowIndices:maxRowsPerBatch:)`).
final class SamplingTests: XCTestCase {
    func testPositionsAreDistinctSortedAndInRange() {
        var g = SplitMix64(seed: 1)
        for (count, total) in [(0, 10), (1, 1), (3, 10), (10, 10), (12, 10), (100, 1_000_000), (999, 1000), (5, 0)] {
            let p = Dataset.samplePositions(count: count, total: Int64(total), using: &g)
            XCTAssertEqual(p.count, max(0, min(count, total)), "\(count) of \(total)")
            XCTAssertEqual(p, p.sorted())
            XCTAssertEqual(Set(p).count, p.count)
            XCTAssertTrue(p.allSatisfy { $0 >= 0 && $0 < Int64(total) })
        }
    }

    func testPositionsAreUniform() {
        // 3 of 10, 20,000 times: each position is chosen with probability 0.3 and each of the
        // 120 subsets with probability 1/120 (the generator is seeded: the counts are fixed).
        var g = SplitMix64(seed: 42)
        var perPosition = [Int](repeating: 0, count: 10)
        var perSubset: [[Int64]: Int] = [:]
        let runs = 20_000
        for _ in 0 ..< runs {
            let p = Dataset.samplePositions(count: 3, total: 10, using: &g)
            for i in p { perPosition[Int(i)] += 1 }
            perSubset[p, default: 0] += 1
        }
        for count in perPosition { XCTAssertEqual(Double(count) / Double(runs), 0.3, accuracy: 0.015) }
        XCTAssertEqual(perSubset.count, 120)
        // Chi-square over the 120 subsets: 119 degrees of freedom, the 99.9% quantile is about 172.
        let expected = Double(runs) / 120
        let chi2 = perSubset.values.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        XCTAssertLessThan(chi2, 172, "chi-square \(chi2)")
    }

    func testLemireBoundIsUnbiasedAtTheEdges() {
        var g = SplitMix64(seed: 7)
        for bound: UInt64 in [1, 2, 3, 1 << 63, UInt64.max] {
            for _ in 0 ..< 100 { XCTAssertLessThan(Dataset.uniform(below: bound, using: &g), bound) }
        }
    }

    /// The sampled records of `inputs` equal the golden's lines at the chosen positions.
    func assertSample(_ inputs: [String], golden: Data, count: Int, seed: UInt64, in folder: URL, _ what: String) throws {
        let lines = golden.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        var g = SplitMix64(seed: seed)
        let positions = Dataset.samplePositions(count: count, total: Int64(lines.count), using: &g)
        var expected = Data()
        for p in positions { expected += lines[lines.startIndex + Int(p)] + [UInt8(ascii: "\n")] }
        let output = folder.appendingPathComponent("sample-\(UUID().uuidString).jsonl")
        var g2 = SplitMix64(seed: seed)
        let written = try Dataset(inputs: inputs).sample(count: count, using: &g2, to: output.path)
        let actual = try Data(contentsOf: output)
        try? FileManager.default.removeItem(at: output)
        XCTAssertEqual(written, Int64(positions.count), what)
        XCTAssertTrue(actual == expected, "\(what) -n \(count) seed \(seed): \(firstDifference(actual, expected))")
    }

    func testSampleEqualsGoldenLinesOnFixtures() throws {
        let folder = try TestPaths.temporaryFolder(self)
        let fixtures = TestPaths.fixtures
        var files: [(String, URL)] = []
        for sub in ["flat", "nested"] {
            let dir = fixtures.appendingPathComponent(sub)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".parquet") {
                files.append((dir.appendingPathComponent(name).path, dir.appendingPathComponent(String(name.dropLast(8)) + ".jsonl")))
            }
        }
        XCTAssertGreaterThan(files.count, 40)
        for (path, golden) in files {
            let data = try Data(contentsOf: golden)
            for (count, seed) in [(1, 1), (7, 2), (50, 3)] as [(Int, UInt64)] {
                try assertSample([path], golden: data, count: count, seed: seed, in: folder, path)
            }
        }
        // Several files (schemas unified as by export).
        let dataset = fixtures.appendingPathComponent("example-dataset")
        let golden = try Data(contentsOf: dataset.appendingPathComponent("example-dataset.jsonl"))
        for (count, seed) in [(1, 5), (10, 6), (149, 7), (150, 8), (500, 9)] as [(Int, UInt64)] {
            try assertSample([dataset.path], golden: golden, count: count, seed: seed, in: folder, "example-dataset")
        }
    }

    func testSampleEqualsGoldenLinesOnTheCorpus() throws {
        let corpus = try TestPaths.requireParquetTesting()
        let folder = try TestPaths.temporaryFolder(self)
        var checked = 0
        for (rel, expectation) in ConformanceTests.data.sorted(by: { $0.key < $1.key }) {
            guard case .golden = expectation else { continue }
            let golden = TestPaths.fixtures.appendingPathComponent("conformance/\(rel.replacingOccurrences(of: "/", with: "__")).jsonl")
            guard let data = try? Data(contentsOf: golden) else { continue }  // a .sha256 golden
            let path = corpus.appendingPathComponent("data/\(rel)").path
            for (count, seed) in [(1, 11), (5, 12), (200, 13)] as [(Int, UInt64)] {
                try assertSample([path], golden: data, count: count, seed: seed, in: folder, rel)
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 60)
    }

    func testRowSelectionReadsOnlyThePagesThatHoldTheRows() throws {
        let corpus = try TestPaths.requireParquetTesting()
        let reader = try ParquetFileReader(path: corpus.appendingPathComponent("data/alltypes_tiny_pages.parquet").path)
        var batches = try reader.batches(rowIndices: [3, 4, 5000, 7299])
        let batch = try XCTUnwrap(try batches.next())
        XCTAssertEqual(batch.numRows, 4)
        XCTAssertNil(try batches.next())
        guard case .int32(let ids) = try XCTUnwrap(batch.column(at: 0)).values else { return XCTFail("id is INT32") }
        // The file's id column is not in row order; compare with a full read.
        var all = try reader.batches(columns: ["id"])
        guard case .int32(let allIDs) = try XCTUnwrap(try all.next()).columns[0].values else { return XCTFail() }
        XCTAssertEqual(ids, [allIDs[3], allIDs[4], allIDs[5000], allIDs[7299]])
        // Flat columns with an offset index read their dictionary and a few data pages, not the chunk.
        for (column, ranges) in zip(reader.schema.columns, batches.pageRanges) {
            let chunk = try XCTUnwrap(reader.metadata.rowGroups[0].columns[column.index].metaData)
            let ranges = try XCTUnwrap(ranges, column.dottedPath)
            // (This writer leaves dictionary_page_offset out: data_page_offset is the dictionary's.)
            let firstDataPage = try XCTUnwrap(try reader.offsetIndex(rowGroup: 0, column: column.index)?.pageLocations.first).offset
            let dataBytes = ranges.filter { $0.lowerBound >= firstDataPage }.reduce(Int64(0)) { $0 + Int64($1.count) }
            let dataPages = chunk.totalCompressedSize - (firstDataPage - chunk.dataPageOffset)
            XCTAssertGreaterThan(dataBytes, 0, column.dottedPath)
            XCTAssertLessThan(dataBytes * 5, dataPages, "\(column.dottedPath): \(dataBytes) of \(dataPages) data page bytes")
        }
    }

    /// Nested columns with an offset index select pages too (pages begin on record boundaries).
    func testNestedColumnsSelectPages() throws {
        let path = TestPaths.fixtures.appendingPathComponent("inspect/pyarrow_index_v1.parquet").path
        let reader = try ParquetFileReader(path: path)
        var batches = try reader.batches(rowIndices: [0, 399, 400, 1199], maxRowsPerBatch: 1)
        var rows = 0
        var groups: [Int] = []
        while let batch = try batches.next() {
            rows += batch.numRows
            groups.append(batch.rowGroupIndex)
            for (column, ranges) in zip(reader.schema.columns, batches.pageRanges) {
                XCTAssertNotNil(ranges, column.dottedPath)
            }
        }
        XCTAssertEqual(rows, 4)
        XCTAssertEqual(groups, [0, 0, 1, 2])
        // Bad positions are refused before anything is read.
        for bad: [Int64] in [[5, 5], [7, 3], [-1], [1200]] {
            XCTAssertThrowsError(try reader.batches(rowIndices: bad)) { error in
                XCTAssertEqual((error as? ParquetError)?.kind, .invalidArgument, "\(bad)")
            }
        }
    }

    /// Offset indexes and page headers with random bytes changed never trap: the reader
    /// returns records (from a fallback or a plausible index) or throws a `ParquetError`.
    func testMutatedPageIndexesAndHeadersNeverTrap() throws {
        let source = TestPaths.fixtures.appendingPathComponent("inspect/pyarrow_index_v1.parquet")
        let original = try [UInt8](Data(contentsOf: source))
        let reader = try ParquetFileReader(path: source.path)
        var targets: [Range<Int>] = []
        for group in reader.metadata.rowGroups {
            for chunk in group.columns {
                if let offset = chunk.offsetIndexOffset, let length = chunk.offsetIndexLength {
                    targets.append(Int(offset) ..< Int(offset) + Int(length))
                }
                if let md = chunk.metaData { targets.append(Int(md.dataPageOffset) ..< Int(md.dataPageOffset) + 24) }
            }
        }
        let folder = try TestPaths.temporaryFolder(self)
        let mutated = folder.appendingPathComponent("mutated.parquet")
        var g = SplitMix64(seed: 99)
        var outcomes = [0, 0]
        for _ in 0 ..< 300 {
            var bytes = original
            for _ in 0 ..< 1 + Int(g.next() % 4) {
                let range = targets[Int(g.next() % UInt64(targets.count))]
                let at = range.lowerBound + Int(g.next() % UInt64(range.count))
                bytes[at] = UInt8(truncatingIfNeeded: g.next())
            }
            try Data(bytes).write(to: mutated)
            do {
                let r = try ParquetFileReader(path: mutated.path)
                let rows = Dataset.samplePositions(count: 20, total: 1200, using: &g)
                var batches = try r.batches(rowIndices: rows)
                while try batches.next() != nil {}
                try LayoutReport(reader: r).writeJSON { _ in }
                outcomes[0] += 1
            } catch let error as ParquetError {
                XCTAssertNotNil(error.file, "\(error)")
                outcomes[1] += 1
            }
        }
        XCTAssertGreaterThan(outcomes[1], 0, "some mutations must be detected")
    }
}
