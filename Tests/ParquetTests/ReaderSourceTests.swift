import Foundation
import XCTest
@testable import Parquet
import ParquetCodecs
import TestSupport

/// The reader over every kind of source, sync and async iteration, and column projection.
final class ReaderSourceTests: XCTestCase {
    static let fixtures = TestPaths.fixtures

    /// Every `*.parquet` file under `dir`, sorted.
    static func parquetFiles(in dir: URL) -> [URL] {
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return e.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".parquet") }.sorted { $0.path < $1.path }
    }

    /// What reading a file gave: its batches, or the error it stopped with.
    struct Outcome: Equatable {
        var batches: [BatchSnapshot] = []
        var error: String?
    }

    /// A batch with everything a comparison looks at.
    struct BatchSnapshot: Equatable {
        var numRows, rowGroupIndex, rowGroupOffset: Int
        var endsRowGroup: Bool
        var columns: [ColumnSnapshot]

        init(_ batch: RecordBatch) {
            (numRows, rowGroupIndex, rowGroupOffset, endsRowGroup) = (batch.numRows, batch.rowGroupIndex, batch.rowGroupOffset, batch.endsRowGroup)
            columns = batch.columns.map(ColumnSnapshot.init)
        }
    }

    struct ColumnSnapshot: Equatable {
        var path: String
        var definitionLevels, repetitionLevels: [UInt32]
        var values: ColumnValues
        var levelCount: Int

        init(_ c: ColumnData) {
            (path, definitionLevels, repetitionLevels, values, levelCount) =
                (c.descriptor.dottedPath, c.definitionLevels, c.repetitionLevels, c.values, c.levelCount)
            // Floats compare by bit pattern, so that NaNs (and their payloads) compare equal.
            switch c.values {
            case .float(let v): values = .int32(v.map { Int32(bitPattern: $0.bitPattern) })
            case .double(let v): values = .int64(v.map { Int64(bitPattern: $0.bitPattern) })
            default: break
            }
        }
    }

    private static let limits = BatchLimits(maxRows: 700, maxBytes: 1 << 20)

    private func describe(_ error: Error) -> String {
        guard let e = error as? ParquetError else { return "\(error)" }
        return "\(e.kind) \(e.column ?? "-") \(e.message)"
    }

    private func syncOutcome(_ open: () throws -> ParquetFileReader, columns: [String]? = nil) -> Outcome {
        var outcome = Outcome()
        do {
            var batches = try open().batches(columns: columns, limits: Self.limits)
            while let batch = try batches.next() { outcome.batches.append(BatchSnapshot(batch)) }
        } catch {
            outcome.error = describe(error)
        }
        return outcome
    }

    private func asyncOutcome(_ open: () async throws -> ParquetFileReader, columns: [String]? = nil) async -> Outcome {
        var outcome = Outcome()
        do {
            for try await batch in try await open().batches(columns: columns, limits: Self.limits) {
                outcome.batches.append(BatchSnapshot(batch))
            }
        } catch {
            outcome.error = describe(error)
        }
        return outcome
    }

    /// Sync and async iteration, over a file, memory and an async source, give the same
    /// batches (or the same error) for `files`.
    private func checkSourcesAgree(_ files: [URL]) async throws {
        XCTAssertFalse(files.isEmpty)
        var read = 0
        for url in files {
            let path = url.path
            let started = Date()
            defer {
                let seconds = Date().timeIntervalSince(started)
                if seconds > 2 { print("slow: \(path) \(seconds) s") }
            }
            let bytes = try Data(contentsOf: url)
            let file = syncOutcome { try ParquetFileReader(path: path) }
            if file.error == nil { read += 1 }
            XCTAssertTrue(syncOutcome { try ParquetFileReader(url: url) } == file, "url: \(path)")
            XCTAssertTrue(syncOutcome { try ParquetFileReader(data: bytes, name: path) } == file, "memory: \(path)")
            let viaAsyncIteration = await asyncOutcome { try ParquetFileReader(path: path) }
            XCTAssertTrue(viaAsyncIteration == file, "async iteration: \(path) \(viaAsyncIteration.error ?? "")")
            let viaAsyncSource = await asyncOutcome { try await ParquetFileReader.open(source: AsyncSourceAdapter(FileSource(path: path))) }
            if file.error?.contains("magic at the start") == true {
                continue  // an async open reads no head magic of a file larger than the tail read
            }
            XCTAssertTrue(viaAsyncSource == file, "async source: \(path): \(viaAsyncSource.error ?? "") vs \(file.error ?? "")")
        }
        XCTAssertGreaterThan(read, files.count / 2, "most files read")
    }

    func testSourcesAgreeOnFixtures() async throws {
        try await checkSourcesAgree(Self.parquetFiles(in: Self.fixtures))
    }

    func testSourcesAgreeOnParquetTesting() async throws {
        let root = try TestPaths.requireParquetTesting()
        // Files that decode to more than 16 MiB (large_string_map: about 2 GiB of text) are
        // left to the conformance tests: five reads of each would take minutes in debug builds.
        let files = Self.parquetFiles(in: root.appendingPathComponent("data")).filter { url in
            guard let reader = try? ParquetFileReader(url: url) else { return true }
            return reader.metadata.rowGroups.reduce(Int64(0)) { $0 &+ max(0, $1.totalByteSize) } <= 16 << 20
        }
        try await checkSourcesAgree(files)
    }

    private var structs: URL { Self.fixtures.appendingPathComponent("nested/structs_v1_lz4.parquet") }

    func testDottedProjection() throws {
        let reader = try ParquetFileReader(url: structs)
        XCTAssertEqual(try reader.columns(named: ["s.c.d"]).map(\.dottedPath), ["s.c.d"])
        XCTAssertEqual(try reader.columns(named: ["s.c"]).map(\.dottedPath), ["s.c.d", "s.c.e.list.element"])
        XCTAssertEqual(try reader.columns(named: ["id", "s"]).map(\.dottedPath), ["s.a", "s.b", "s.c.d", "s.c.e.list.element", "id"])
        var batches = try reader.batches(columns: ["s.c.d", "id"])
        let batch = try XCTUnwrap(try batches.next())
        XCTAssertEqual(batch.columns.map(\.descriptor.dottedPath), ["s.c.d", "id"])
        XCTAssertEqual(batch.numRows, 150)
        // The projected leaf decodes as it does in a full read.
        var all = try reader.batches()
        let full = try XCTUnwrap(try all.next())
        let d = try XCTUnwrap(full.columns.first { $0.descriptor.dottedPath == "s.c.d" })
        XCTAssertEqual(ColumnSnapshot(batch.columns[0]), ColumnSnapshot(d))
        XCTAssertNil(try batches.next())
        for unknown in ["nope", "s.c.x", "s.", "s.c.d.e"] {
            XCTAssertThrowsError(try reader.batches(columns: [unknown]), unknown) { error in
                let e = error as? ParquetError
                XCTAssertEqual(e?.kind, .invalidArgument)
                XCTAssertEqual(e?.message, "no column named '\(unknown)'")
                XCTAssertEqual(e?.file, self.structs.path)
            }
        }
    }

    func testAsyncOpenReadsTheFooterInOneReadAndOnlyProjectedChunks() async throws {
        let path = Self.fixtures.appendingPathComponent("split/flat_dict_v1_zstd.parquet").path
        let counting = CountingSource(AsyncSourceAdapter(try FileSource(path: path)))
        let reader = try await ParquetFileReader.open(source: counting)
        XCTAssertEqual(counting.reads, 1, "\(counting.ranges)")
        XCTAssertTrue(reader.isAsync)
        let groups = reader.metadata.rowGroups
        let column = try XCTUnwrap(reader.schema.columns.last)
        counting.reset()
        var rows = 0
        for try await batch in try reader.batches(columns: [column.dottedPath]) { rows += batch.numRows }
        XCTAssertEqual(Int64(rows), try reader.numRows)
        // One read per row group, of exactly that column's chunk.
        let expected = try groups.map { group -> Range<Int64> in
            let metadata = try XCTUnwrap(group.columns[column.index].metaData)
            return try PageReader.chunkRange(metadata, padding: 0, fileSize: reader.fileSize)
        }
        XCTAssertEqual(counting.ranges, expected)
        XCTAssertLessThan(counting.bytesRead, reader.fileSize / 2)
    }

    func testAsyncOpenOfALongFooterTakesTwoReads() async throws {
        // 300 columns with long names: a footer longer than the 16 KiB tail read.
        let names = (0 ..< 300).map { "a_rather_long_column_name_to_grow_the_footer_\($0)" }
        let file = HostileFile(schema: HostileFile.flat(names.map { ($0, .int32, .required) }),
                               chunks: names.indices.map { [HostileFile.dataPage(2, HostileFile.plain([Int32($0), 7]))] }, numRows: 2)
        let bytes = file.bytes()
        let counting = CountingSource(AsyncSourceAdapter(MemorySource(bytes)))
        let reader = try await ParquetFileReader.open(source: counting)
        XCTAssertGreaterThan(try reader.footerLength() + 8, Footer.tailReadSize)
        XCTAssertEqual(counting.reads, 2, "\(counting.ranges)")
        XCTAssertEqual(reader.metadata, try ParquetFileReader(bytes: bytes).metadata)
        var values: [Int32] = []
        for try await batch in try reader.batches(columns: [names[299]]) {
            if case .int32(let v) = batch.columns[0].values { values += v }
        }
        XCTAssertEqual(values, [299, 7])
    }

    func testAdjacentChunksAreFetchedInOneRead() async throws {
        let path = Self.fixtures.appendingPathComponent("split/flat_dict_v1_zstd.parquet").path
        let counting = CountingSource(AsyncSourceAdapter(try FileSource(path: path)))
        let reader = try await ParquetFileReader.open(source: counting)
        counting.reset()
        for try await _ in try reader.batches() {}
        // All columns of a row group lie side by side: one read per row group.
        XCTAssertEqual(counting.reads, reader.metadata.rowGroups.count, "\(counting.ranges)")
        XCTAssertEqual(FetchedRanges.coalesce([10 ..< 20, 0 ..< 5, 20 ..< 30, 100_000 ..< 100_001, 25 ..< 27], gap: 4),
                       [0 ..< 5, 10 ..< 30, 100_000 ..< 100_001])
        XCTAssertEqual(FetchedRanges.coalesce([0 ..< 5, 9 ..< 10], gap: 4), [0 ..< 10])
    }

    func testFetchedRangesServeOnlyWhatWasFetched() throws {
        let fetched = FetchedRanges(name: "remote", size: 100, pieces: [(10, [1, 2, 3, 4]), (50, [5, 6])])
        XCTAssertEqual(fetched.size, 100)
        XCTAssertEqual(try fetched.read(at: 11, count: 3), [2, 3, 4])
        XCTAssertEqual(try fetched.read(at: 50, count: 2), [5, 6])
        XCTAssertEqual(try fetched.read(at: 14, count: 0), [])
        for (offset, count) in [(Int64(12), 3), (0, 1), (49, 2), (51, 2), (-1, 1), (10, -1), (99, 2), (Int64.max, Int.max)] {
            XCTAssertThrowsError(try fetched.read(at: offset, count: count), "\(offset)+\(count)") { error in
                XCTAssertEqual((error as? ParquetError)?.kind, .corrupt)
                XCTAssertEqual((error as? ParquetError)?.file, "remote")
            }
        }
    }

    func testSeparateIteratorsOnSeparateTasks() async throws {
        let url = Self.fixtures.appendingPathComponent("split/lists_dict_v2_snappy.parquet")
        let reader = try ParquetFileReader(url: url)
        let small = BatchLimits(maxRows: 50, maxBytes: 1 << 20)
        var expected: [BatchSnapshot] = []
        var iterator = try reader.batches(limits: small)
        while let batch = try iterator.next() { expected.append(BatchSnapshot(batch)) }
        XCTAssertEqual(expected.count, 8)
        let asyncReader = try await ParquetFileReader.open(source: AsyncSourceAdapter(MemorySource(try Data(contentsOf: url))))
        let results = try await withThrowingTaskGroup(of: [BatchSnapshot].self) { group in
            for r in [reader, reader, asyncReader, asyncReader] {
                group.addTask {
                    var out: [BatchSnapshot] = []
                    for try await batch in try r.batches(limits: small) { out.append(BatchSnapshot(batch)) }
                    return out
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.count, 4)
        for result in results { XCTAssertTrue(result == expected) }
    }

    func testAsyncReaderRefusesSyncReads() async throws {
        let bytes = try Data(contentsOf: structs)
        let reader = try await ParquetFileReader.open(source: AsyncSourceAdapter(MemorySource(bytes, name: "remote.parquet")))
        var batches = try reader.batches()
        XCTAssertThrowsError(try batches.next()) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .invalidArgument)
            XCTAssertEqual((error as? ParquetError)?.file, "remote.parquet")
        }
        XCTAssertThrowsError(try reader.pageHeaders(rowGroup: 0, column: 0)) { error in
            XCTAssertEqual((error as? ParquetError)?.file, "remote.parquet")
        }
    }

    func testErrorsNameTheSource() async throws {
        let garbage = [UInt8](repeating: 7, count: 100)
        XCTAssertThrowsError(try ParquetFileReader(bytes: garbage, name: "upload #3")) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .notParquet)
            XCTAssertEqual((error as? ParquetError)?.file, "upload #3")
        }
        do {
            _ = try await ParquetFileReader.open(source: AsyncSourceAdapter(MemorySource(garbage, name: "s3://b/k")))
            XCTFail("opened garbage")
        } catch let error as ParquetError {
            XCTAssertEqual(error.kind, .notParquet)
            XCTAssertEqual(error.file, "s3://b/k")
        }
        // A footer pointing a chunk past the end: the async fetch names the source and column.
        var bytes = [UInt8](try Data(contentsOf: structs))
        let reader = try ParquetFileReader(bytes: bytes)
        let cut = try XCTUnwrap(reader.metadata.rowGroups.first?.columns.first?.metaData?.dataPageOffset)
        bytes.removeSubrange(Int(cut) + 2 ..< Int(cut) + 40)  // pages shift; the footer stays intact
        let shifted = try await ParquetFileReader.open(source: AsyncSourceAdapter(MemorySource(bytes, name: "cut.parquet")))
        do {
            for try await _ in try shifted.batches() {}
            XCTFail("read a cut file")
        } catch let error as ParquetError {
            XCTAssertEqual(error.file, "cut.parquet")
            XCTAssertNotNil(error.column, "\(error)")
        }
        XCTAssertThrowsError(try ParquetFileReader(url: try XCTUnwrap(URL(string: "https://example.com/x.parquet")))) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .invalidArgument)
        }
    }

    func testCloseFileWhileIteratingKeepsTheIteratorsFile() throws {
        let url = Self.fixtures.appendingPathComponent("split/flat_plain_v1_none.parquet")
        let reader = try ParquetFileReader(url: url)
        let expected = syncOutcome { reader }
        var batches = try reader.batches(limits: Self.limits)
        var got: [BatchSnapshot] = []
        while let batch = try batches.next() {
            got.append(BatchSnapshot(batch))
            reader.closeFile()
        }
        XCTAssertEqual(got, expected.batches)
        XCTAssertGreaterThan(got.count, 1)
    }
}
