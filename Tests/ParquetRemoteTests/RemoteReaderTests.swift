import Foundation
import XCTest
import Parquet
import ParquetRemote

/// `ParquetFileReader.open(source:)` over `HTTPRangeSource` and the loopback server: the same
/// records as a local read, the footer in the one tail request, only the chunks asked for.
final class RemoteReaderTests: XCTestCase {
    static let fixture = HTTPRangeSourceTests.fixture

    private func serve(_ path: String) throws -> (LoopbackHTTPServer, [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let server = try LoopbackHTTPServer(content: bytes)
        addTeardownBlock { server.stop() }
        return (server, bytes)
    }

    private func remoteRows(_ reader: ParquetFileReader, columns: [String]? = nil) async throws -> [ParquetRow] {
        var rows: [ParquetRow] = []
        for try await batch in try reader.batches(columns: columns) { rows += try batch.rows() }
        return rows
    }

    private func localRows(_ path: String, columns: [String]? = nil, rows range: Range<Int64>? = nil) throws -> [ParquetRow] {
        let reader = try ParquetFileReader(path: path)
        var rows: [ParquetRow] = []
        if let range {
            var batches = try reader.batches(columns: columns, rows: range)
            while let batch = try batches.next() { rows += try batch.rows() }
        } else {
            var batches = try reader.batches(columns: columns)
            while let batch = try batches.next() { rows += try batch.rows() }
        }
        return rows
    }

    /// Per row group, the byte range spanned by the chunks of `columns` (all when nil).
    private func chunkSpans(_ reader: ParquetFileReader, columns: Set<String>? = nil) -> [Range<Int64>] {
        reader.metadata.rowGroups.compactMap { group in
            let spans = group.columns.enumerated().compactMap { index, chunk -> Range<Int64>? in
                guard columns?.contains(reader.schema.columns[index].dottedPath) ?? true, let meta = chunk.metaData else { return nil }
                let start = meta.dictionaryPageOffset.map { min($0, meta.dataPageOffset) } ?? meta.dataPageOffset
                return start ..< start + meta.totalCompressedSize
            }
            guard let first = spans.map(\.lowerBound).min(), let last = spans.map(\.upperBound).max() else { return nil }
            return first ..< last
        }
    }

    /// What the server must send: the tail, then each span's bytes before the tail.
    private func expectedBytes(tail: Int, size: Int, spans: [Range<Int64>]) -> Int {
        let tailStart = Int64(size - tail)
        return tail + spans.reduce(0) { $0 + Int(max(0, min($1.upperBound, tailStart) - $1.lowerBound)) }
    }

    /// A whole file read remotely equals the local read: one request opens it (the footer
    /// lies in the tail), then one per row group (its adjacent chunks coalesced), and no byte
    /// is fetched twice.
    func testRemoteReadEqualsLocalRead() async throws {
        let (server, bytes) = try serve(Self.fixture.path)
        let local = try ParquetFileReader(path: Self.fixture.path)
        let tail = 20_000  // the footer is 16,376 bytes
        let source = try HTTPRangeSource(url: server.url(), tailSize: tail)
        let remote = try await ParquetFileReader.open(source: source)
        XCTAssertEqual(try remote.numRows, 120)
        XCTAssertEqual(remote.metadata, local.metadata)
        XCTAssertEqual(server.requests.map(\.range), ["bytes=-\(tail)"])

        let rows = try await remoteRows(remote)
        XCTAssertEqual(rows.count, 120)
        XCTAssertEqual(rows, try localRows(Self.fixture.path))
        let spans = chunkSpans(remote)
        XCTAssertEqual(spans.count, 3)
        XCTAssertEqual(server.requests.count, 1 + spans.filter { $0.lowerBound < Int64(bytes.count - tail) }.count)
        XCTAssertEqual(Set(server.requests.map(\.status)), [206])
        XCTAssertEqual(server.bytesSent, expectedBytes(tail: tail, size: bytes.count, spans: spans))
        XCTAssertLessThan(server.bytesSent, bytes.count)
    }

    /// A footer longer than the tail costs a second request, for the part before the tail.
    func testLongFooterTakesTwoRequests() async throws {
        let (server, bytes) = try serve(Self.fixture.path)
        _ = try await ParquetFileReader.open(source: try HTTPRangeSource(url: server.url(), tailSize: 8192))
        let footerStart = bytes.count - 8 - 16_376
        XCTAssertEqual(server.requests.map(\.range), ["bytes=-8192", "bytes=\(footerStart)-\(bytes.count - 8192 - 1)"])
        XCTAssertEqual(server.bytesSent, 16_376 + 8)
    }

    /// A projection fetches only the chunks of the columns asked for.
    func testRemoteProjectionFetchesOnlyItsChunks() async throws {
        let (server, bytes) = try serve(Self.fixture.path)
        let tail = 20_000
        let remote = try await ParquetFileReader.open(source: try HTTPRangeSource(url: server.url(), tailSize: tail))
        let column = try XCTUnwrap(remote.schema.columns.first { $0.physicalType == .int64 }?.dottedPath)
        let rows = try await remoteRows(remote, columns: [column])
        XCTAssertEqual(rows.count, 120)
        XCTAssertEqual(rows, try localRows(Self.fixture.path, columns: [column]))
        let spans = chunkSpans(remote, columns: [column])
        XCTAssertEqual(server.requests.count, 1 + spans.filter { $0.lowerBound < Int64(bytes.count - tail) }.count)
        XCTAssertEqual(server.bytesSent, expectedBytes(tail: tail, size: bytes.count, spans: spans))
        XCTAssertLessThan(server.bytesSent, tail + 3000)
    }

    /// The records of `rows` / `filter` read remotely with `for try await`.
    private func remoteSelection(_ reader: ParquetFileReader, columns: [String]? = nil, rows range: Range<Int64>?,
                                 filter: RowGroupFilter? = nil) async throws -> [ParquetRow] {
        var rows: [ParquetRow] = []
        for try await batch in try reader.batches(columns: columns, rows: range, filter: filter) { rows += try batch.rows() }
        return rows
    }

    private func localSelection(_ path: String, columns: [String]? = nil, rows range: Range<Int64>?, filter: RowGroupFilter?) throws -> [ParquetRow] {
        var rows: [ParquetRow] = []
        var batches = try ParquetFileReader(path: path).batches(columns: columns, rows: range, filter: filter)
        while let batch = try batches.next() { rows += try batch.rows() }
        return rows
    }

    static let filterFile = HTTPRangeSourceTests.repositoryRoot.appendingPathComponent("Fixtures/filter/random-2.parquet").path

    /// A row range read with the async reader over HTTP: the local read's records in at most
    /// 4 requests when it lies in one row group — the tail, the offset indexes (one request,
    /// or none when the tail holds them), the pages of every column with the dictionaries they
    /// need (one request: here they lie within 64 KiB of each other; farther apart they go in
    /// one multi-range request, see HTTPRangeSourceTests) — and one more per further row group.
    func testAsyncRowRangeOverHTTPTakesAtMostFourRequests() async throws {
        let (server, bytes) = try serve(Self.filterFile)
        let local = try ParquetFileReader(path: Self.filterFile)
        let tail = 16384  // holds the footer (12,384 bytes), not the page index before it
        for (range, columns) in [(Int64(700) ..< 705, nil), (0 ..< 3, ["idx", "s"]), (1400 ..< 1437, ["st"]), (90 ..< 1000, nil)] as [(Range<Int64>, [String]?)] {
            server.resetLog()
            let remote = try await ParquetFileReader.open(source: try HTTPRangeSource(url: server.url(), tailSize: tail))
            XCTAssertEqual(server.requests.count, 1)
            let rows = try await remoteSelection(remote, columns: columns, rows: range)
            XCTAssertEqual(rows.count, range.count)
            XCTAssertEqual(rows, try localSelection(Self.filterFile, columns: columns, rows: range, filter: nil), "\(range)")
            let log = server.requests
            var groupsTouched = 0, start: Int64 = 0
            for group in local.metadata.rowGroups {
                if start < range.upperBound && start + group.numRows > range.lowerBound { groupsTouched += 1 }
                start += group.numRows
            }
            XCTAssertLessThanOrEqual(log.count, 3 + groupsTouched, "\(range): \(log.map { $0.range ?? "-" })")
            if groupsTouched == 1 { XCTAssertLessThanOrEqual(log.count, 4) }
            XCTAssertEqual(log.first?.range, "bytes=-\(tail)")
            XCTAssertEqual(Set(log.map(\.status)), [206])
            if range == 700 ..< 705 {
                // The tail, then the offset indexes, then the pages: past the tail, a tenth of the file.
                XCTAssertEqual(log.count, 3, "\(log.map { $0.range ?? "-" })")
                XCTAssertLessThan((server.bytesSent - tail) * 10, bytes.count, "\(log.map { "\($0.range ?? "-"): \($0.bytesSent)" })")
            }
        }
    }

    static let pagedFile = HTTPRangeSourceTests.repositoryRoot.appendingPathComponent("Fixtures/filter/remote.parquet").path

    /// The records of `rows` read by the SYNCHRONOUS reader over `source` bridged (see
    /// ``BlockingSource``, a ``MultiRangeSource``), on a thread of its own.
    private func syncSelection(_ source: HTTPRangeSource, columns: [String]? = nil, rows range: Range<Int64>?,
                               filter: RowGroupFilter? = nil) async throws -> [ParquetRow] {
        try await BlockingSource(source).run { source in
            var batches = try ParquetFileReader(source: source).batches(columns: columns, rows: range, filter: filter)
            var rows: [ParquetRow] = []
            while let batch = try batches.next() { rows += try batch.rows() }
            return rows
        }
    }

    /// Per row group `range` touches, the byte ranges a read of it asks the server for, from
    /// the offset index: each selected column's pages holding those rows and the dictionary
    /// page of a dictionary-encoded one, those at most 64 KiB apart merged, less what lies
    /// in the tail from `tailStart` on (one request's ranges; none when the tail holds all).
    private func expectedPageRanges(_ reader: ParquetFileReader, columns: [String]?, rows range: Range<Int64>,
                                    tailStart: Int64) throws -> [[Range<Int64>]] {
        let selected = try reader.columns(named: columns)
        var out: [[Range<Int64>]] = []
        var start: Int64 = 0
        for (g, group) in reader.metadata.rowGroups.enumerated() {
            defer { start += group.numRows }
            let upper = min(group.numRows, range.upperBound - start)
            guard upper > 0, range.lowerBound - start < upper else { continue }
            let local = max(0, range.lowerBound - start) ..< upper
            var ranges: [Range<Int64>] = []
            for column in selected {
                let pages = try XCTUnwrap(try reader.offsetIndex(rowGroup: g, column: column.index)).pageLocations
                for (i, page) in pages.enumerated() {
                    let end = i + 1 < pages.count ? pages[i + 1].firstRowIndex : group.numRows
                    if page.firstRowIndex < local.upperBound && end > local.lowerBound {
                        ranges.append(page.offset ..< page.offset + Int64(page.compressedPageSize))
                    }
                }
                let meta = try XCTUnwrap(group.columns[column.index].metaData)
                if let dictionary = meta.dictionaryPageOffset { ranges.append(dictionary ..< meta.dataPageOffset) }
            }
            var merged: [Range<Int64>] = []
            for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = merged.last, r.lowerBound - last.upperBound <= 65536 {
                    merged[merged.count - 1] = last.lowerBound ..< max(last.upperBound, r.upperBound)
                } else {
                    merged.append(r)
                }
            }
            let asked = merged.filter { $0.lowerBound < tailStart }.map { $0.lowerBound ..< min($0.upperBound, tailStart) }
            if !asked.isEmpty { out.append(asked) }
        }
        return out
    }

    /// A row range over HTTP read by the async AND the synchronous reader (over a
    /// ``MultiRangeSource`` bridge), on a pyarrow file with the page index whose column
    /// chunks are each longer than 64 KiB: both make exactly the same requests — the 64 KiB
    /// tail (footer and page index), then per row group touched ONE multi-range request for
    /// the pages holding the rows of every column (and the dictionary they need) but those
    /// in the tail — and fetch exactly those bytes (plus the multipart framing); the records
    /// are the local read's.
    func testRowRangeOverHTTPSyncAndAsyncMakeTheSameFewRequests() async throws {
        let (server, bytes) = try serve(Self.pagedFile)
        let local = try ParquetFileReader(path: Self.pagedFile)
        XCTAssertEqual(local.metadata.rowGroups.map(\.numRows), [9000, 9000])
        let tail = 65536
        let tailStart = Int64(bytes.count - tail)
        // (rows, columns, requests): 2 for a range in one row group, 3 for one spanning two.
        let cases: [(Range<Int64>, [String]?, Int)] = [(4500 ..< 4510, nil, 2), (4500 ..< 4510, ["id", "score"], 2), (4500 ..< 4510, ["category"], 2),
                                                       (8995 ..< 9005, nil, 3), (17_990 ..< 18_000, ["text", "id"], 2)]
        for (range, columns, requests) in cases {
            let expected = try localSelection(Self.pagedFile, columns: columns, rows: range, filter: nil)
            XCTAssertEqual(expected.count, range.count)
            let perGroup = try expectedPageRanges(local, columns: columns, rows: range, tailStart: tailStart)
            let headers = ["bytes=-\(tail)"] + perGroup.map { "bytes=" + $0.map { "\($0.lowerBound)-\($0.upperBound - 1)" }.joined(separator: ",") }
            XCTAssertEqual(headers.count, requests, "\(range) \(columns ?? ["*"]): \(headers)")
            let pageBytes = perGroup.joined().reduce(0) { $0 + Int($1.count) }
            let parts = perGroup.joined().count
            var logs: [[String]] = []
            for synchronous in [false, true] {
                let label = "\(synchronous ? "sync" : "async") \(range) \(columns ?? ["*"])"
                server.resetLog()
                let source = try HTTPRangeSource(url: server.url())
                let rows: [ParquetRow]
                if synchronous {
                    rows = try await syncSelection(source, columns: columns, rows: range)
                } else {
                    rows = try await remoteSelection(try await ParquetFileReader.open(source: source), columns: columns, rows: range)
                }
                XCTAssertEqual(rows, expected, label)
                let log = server.requests
                logs.append(log.map { $0.range ?? "-" })
                XCTAssertEqual(log.map(\.range), headers, label)
                XCTAssertEqual(Set(log.map(\.status)), [206], label)
                XCTAssertLessThanOrEqual(log.count, 4, label)
                // The file bytes asked for, plus a boundary line and part headers per part of a multi-range answer.
                XCTAssertGreaterThanOrEqual(server.bytesSent, tail + pageBytes, label)
                XCTAssertLessThanOrEqual(server.bytesSent, tail + pageBytes + (parts > 1 ? 200 * parts : 0), label)
                XCTAssertEqual(source.statistics.requests, log.count, label)
            }
            XCTAssertEqual(logs[0], logs[1], "\(range) \(columns ?? ["*"]): the sync reader makes the async reader's requests")
        }
    }

    /// The synchronous reader over a ``MultiRangeSource`` reads whole row groups as the async
    /// one does: the tail, then one request per row group for its selected chunks.
    func testSyncWholeReadOverHTTPTakesOneRequestPerRowGroup() async throws {
        let (server, _) = try serve(Self.pagedFile)
        let source = try HTTPRangeSource(url: server.url())
        let rows = try await BlockingSource(source).run { source in
            var batches = try ParquetFileReader(source: source).batches(columns: ["id", "text"])
            var rows: [ParquetRow] = []
            while let batch = try batches.next() { rows += try batch.rows() }
            return rows
        }
        XCTAssertEqual(rows, try localRows(Self.pagedFile, columns: ["id", "text"]))
        let local = try ParquetFileReader(path: Self.pagedFile)
        let tailStart = Int64(try XCTUnwrap(try? Data(contentsOf: URL(fileURLWithPath: Self.pagedFile))).count - 65536)
        // id and text are more than 64 KiB apart: two ranges per row group; the tail holds the end of the last chunk.
        let chunks = local.metadata.rowGroups.map { group in [0, 3].map { c -> String in
            let meta = group.columns[c].metaData
            let start = meta?.dataPageOffset ?? 0
            return "\(start)-\(min(start + (meta?.totalCompressedSize ?? 0), tailStart) - 1)"
        } }
        XCTAssertEqual(server.requests.map(\.range), ["bytes=-65536"] + chunks.map { "bytes=" + $0.joined(separator: ",") })
    }

    /// Filters over HTTP: the records of the local read, row groups the statistics rule out
    /// are not fetched, and a filter matching one row group (idx is sorted) fetches its pages
    /// in at most 4 requests.
    func testAsyncFilterOverHTTP() async throws {
        let (server, _) = try serve(Self.filterFile)
        let local = try ParquetFileReader(path: Self.filterFile)
        let groups = local.metadata.rowGroups
        let start = groups[0].numRows + groups[1].numRows + groups[2].numRows
        let filters: [RowGroupFilter] = [
            .column("idx") >= .int(start) && .column("idx") < .int(start + groups[3].numRows),
            .column("idx") == .int(start + 7),
            .column("a") > 10 || .column("s").in(["x", "b"]),
            .column("idx") < 0,
        ]
        for (i, filter) in filters.enumerated() {
            server.resetLog()
            let remote = try await ParquetFileReader.open(source: try HTTPRangeSource(url: server.url(), tailSize: 16384))
            let rows = try await remoteSelection(remote, rows: nil, filter: filter)
            XCTAssertEqual(rows, try localSelection(Self.filterFile, rows: nil, filter: filter), "filter \(i)")
            if i < 2 {
                XCTAssertFalse(rows.isEmpty)
                XCTAssertLessThanOrEqual(server.requests.count, 4, "filter \(i): \(server.requests.map { $0.range ?? "-" })")
            }
            if i == 3 { XCTAssertEqual(server.requests.count, 1, "filter \(i) rules out every row group from the footer") }
        }
    }

    /// A row range over HTTP (10 rows of a 2M-row pyarrow file with the page index, made by
    /// `Benchmarks/make_shapes.py ROOT page-index`): set PARQUET_REMOTE_FILE to its path.
    /// Read by the synchronous reader (over the ``BlockingSource`` bridge, a
    /// ``MultiRangeSource``) and by the async one: the same requests, at most 4; requests and
    /// bytes are what the server counted.
    func testRowRangeOfTheBigFileOverHTTP() async throws {
        guard let path = ProcessInfo.processInfo.environment["PARQUET_REMOTE_FILE"] else {
            throw XCTSkip("set PARQUET_REMOTE_FILE to a page-index file (Benchmarks/make_shapes.py ROOT page-index)")
        }
        let (server, bytes) = try serve(path)
        // Ten rows in the first row group (1,048,576 rows); then ten spanning the two row groups.
        let cases: [(Range<Int64>, [String]?)] = [(1_000_000 ..< 1_000_010, nil), (1_000_000 ..< 1_000_010, ["id", "score"]),
                                                  (1_000_000 ..< 1_000_010, ["category"]), (1_048_571 ..< 1_048_581, nil)]
        for (range, columns) in cases {
            let expected = try localRows(path, columns: columns, rows: range)
            XCTAssertEqual(expected.count, 10)
            var logs: [[String]] = []
            for synchronous in [true, false] {
                server.resetLog()
                let http = try HTTPRangeSource(url: server.url())
                let rows = synchronous
                    ? try await syncSelection(http, columns: columns, rows: range)
                    : try await remoteSelection(try await ParquetFileReader.open(source: http), columns: columns, rows: range)
                XCTAssertEqual(rows, expected)
                let share = String(format: "%.3f", Double(server.bytesSent) * 100 / Double(bytes.count))
                print("\(synchronous ? "sync" : "async") rows \(range) columns \(columns ?? ["*"]) over HTTP: \(server.requests.count) requests, \(server.bytesSent) bytes of \(bytes.count) (\(share) %): "
                      + server.requests.map { $0.range ?? "-" }.joined(separator: " "))
                XCTAssertLessThanOrEqual(server.requests.count, 4)
                logs.append(server.requests.map { $0.range ?? "-" })
            }
            XCTAssertEqual(logs[0], logs[1], "the sync reader makes the async reader's requests")
        }

        // The async reader: open, then one projected column of one row group.
        server.resetLog()
        let remote = try await ParquetFileReader.open(source: try HTTPRangeSource(url: server.url()))
        let opened = server.requests.count
        var batches = try remote.batches(columns: ["category"]).makeAsyncIterator()
        let first = try await batches.next()
        print("async open: \(opened) request(s); first batch of 'category' (\(first?.numRows ?? 0) rows): \(server.requests.count) requests, \(server.bytesSent) bytes")
    }
}

/// Test-only bridge: an async source read synchronously, for the synchronous reader. Each
/// read runs on a task and the calling thread waits for it, so `run` executes its body on a
/// thread of its own, never on the concurrency pool. A ``MultiRangeSource``: several ranges
/// are one `read(ranges:)` of the base (one multi-range request of an ``HTTPRangeSource``).
final class BlockingSource<Base: AsyncRandomAccessSource>: MultiRangeSource, @unchecked Sendable {
    let base: Base
    init(_ base: Base) { self.base = base }

    var name: String { base.name }
    var size: Int64 { get throws { try wait { try await self.base.size } } }

    func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) throws {
        buffer = try wait { try await self.base.read(at: offset, count: count) }
    }

    func read(ranges: [Range<Int64>]) throws -> [[UInt8]] {
        try wait { try await self.base.read(ranges: ranges) }
    }

    private final class Box<T>: @unchecked Sendable { var result: Result<T, Error>? }

    private func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = Box<T>()
        Task.detached {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw CancellationError() }
        return try result.get()
    }

    /// Runs `body` with this source on a new thread and waits for it without blocking the pool.
    func run<T: Sendable>(_ body: @escaping @Sendable (BlockingSource) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body(self) }) }.start()
        }
    }
}
