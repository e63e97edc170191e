import Foundation
import XCTest
import Parquet
@testable import ParquetRemote
import TestSupport

/// `HTTPRangeSource` against a real HTTP server on 127.0.0.1 (``LoopbackHTTPServer``).
final class HTTPRangeSourceTests: XCTestCase {
    static let repositoryRoot = TestPaths.repositoryRoot
    static let fixture = repositoryRoot.appendingPathComponent("Fixtures/flat/types_tiny_pages_dict_v1_snappy.parquet")

    private func fixtureBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.fixture))
    }

    private func server(_ bytes: [UInt8]) throws -> LoopbackHTTPServer {
        let server = try LoopbackHTTPServer(content: bytes)
        addTeardownBlock { server.stop() }
        return server
    }

    private func assertParquetError(_ kind: ParquetError.Kind, file: String, message: String? = nil,
                                    line: UInt = #line, _ body: () async throws -> Void) async {
        do {
            try await body()
            XCTFail("no error thrown", line: line)
        } catch let error as ParquetError {
            XCTAssertEqual(error.kind, kind, "\(error)", line: line)
            XCTAssertEqual(error.file, file, "\(error)", line: line)
            if let message { XCTAssertEqual(error.message, message, line: line) }
        } catch {
            XCTFail("not a ParquetError: \(error)", line: line)
        }
    }

    /// The size and footer come from one suffix request; other reads are one exact range
    /// request each, and every byte equals the local file's.
    func testReadsMatchTheLocalFileWithOneRequestForTheTail() async throws {
        let bytes = try fixtureBytes()
        XCTAssertGreaterThan(bytes.count, 4096)
        let server = try server(bytes)
        let source = try HTTPRangeSource(url: server.url(), tailSize: 1024)
        let size = Int64(bytes.count)

        let value1 = try await source.size
        XCTAssertEqual(value1, size)
        XCTAssertEqual(server.requests.map(\.range), ["bytes=-1024"])
        // The footer reads a reader makes: the last 8 bytes, then the footer itself.
        let value2 = try await source.read(at: size - 8, count: 8)
        XCTAssertEqual(value2, Array(bytes.suffix(8)))
        let value3 = try await source.read(at: size - 8, count: 4)
        XCTAssertEqual(Array(value3), Array(bytes[bytes.count - 8 ..< bytes.count - 4]))
        let value4 = try await source.read(at: size - 1024, count: 1024)
        XCTAssertEqual(value4, Array(bytes.suffix(1024)))
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(source.statistics, .init(requests: 1, retries: 0, bytesReceived: 1024, tailHits: 3))

        // Outside the tail: one request for exactly the range.
        var buffer = [UInt8](repeating: 7, count: 10)
        try await source.read(at: 4, count: 100, into: &buffer)
        XCTAssertEqual(buffer, Array(bytes[4 ..< 104]))
        // Across the tail's start: only the part before it is fetched.
        let across = try await source.read(at: size - 1100, count: 200)
        XCTAssertEqual(across, Array(bytes[bytes.count - 1100 ..< bytes.count - 900]))
        XCTAssertEqual(server.requests.map(\.range), ["bytes=-1024", "bytes=4-103", "bytes=\(size - 1100)-\(size - 1025)"])
        XCTAssertEqual(server.requests.map(\.status), [206, 206, 206])
        XCTAssertEqual(server.bytesSent, 1024 + 100 + 76)
        XCTAssertEqual(source.statistics.bytesReceived, 1024 + 100 + 76)
        // The whole file in one read.
        let value5 = try await source.read(at: 0, count: bytes.count)
        XCTAssertEqual(value5, bytes)
        XCTAssertEqual(server.requests.last?.range, "bytes=0-\(size - 1025)")
        // Every request asks for the bytes themselves, not a compressed transfer.
        XCTAssertEqual(Set(server.requests.map { $0.headers["accept-encoding"] }), ["identity"])
    }

    /// Concurrent first uses share the one tail request.
    func testConcurrentFirstReadsShareOneTailRequest() async throws {
        let bytes = try fixtureBytes()
        let server = try server(bytes)
        let source = try HTTPRangeSource(url: server.url(), tailSize: 2048)
        let tails = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0 ..< 8 { group.addTask { try await source.read(at: Int64(bytes.count) - 100, count: 100) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(tails, Array(repeating: Array(bytes.suffix(100)), count: 8))
        XCTAssertEqual(server.requests.map(\.range), ["bytes=-2048"])
    }

    /// A file no longer than the tail comes whole with the first request; nothing else is sent.
    func testSmallFileIsServedFromTheFirstRequest() async throws {
        let bytes = try fixtureBytes()
        let server = try server(bytes)
        let source = try HTTPRangeSource(url: server.url(), tailSize: bytes.count + 10)
        let value6 = try await source.read(at: 0, count: bytes.count)
        XCTAssertEqual(value6, bytes)
        let value7 = try await source.read(at: 100, count: 50)
        XCTAssertEqual(value7, Array(bytes[100 ..< 150]))
        let value8 = try await source.size
        XCTAssertEqual(value8, Int64(bytes.count))
        XCTAssertEqual(server.requests.map(\.range), ["bytes=-\(bytes.count + 10)"])
        XCTAssertEqual(server.bytesSent, bytes.count)
    }

    /// Reads outside the file are refused, naming the URL, without a request.
    func testReadsAreBoundsChecked() async throws {
        let server = try server(Array(repeating: 1, count: 3000))
        let source = try HTTPRangeSource(url: server.url(), tailSize: 100)
        let name = server.url().absoluteString
        let value9 = try await source.read(at: 3000, count: 0)
        XCTAssertEqual(value9, [])
        for (offset, count) in [(Int64(-1), 1), (0, -1), (2999, 2), (3001, 0), (Int64.max, 1), (1, Int.max)] {
            await assertParquetError(.corrupt, file: name, message: "byte range \(offset)+\(count) lies outside the file (3000 bytes)") {
                _ = try await source.read(at: offset, count: count)
            }
        }
        XCTAssertEqual(server.requests.count, 1)
    }

    /// A failed request (a 503, a dropped connection, a short body) is asked again.
    func testFailedRangesAreRetried() async throws {
        let bytes = try fixtureBytes()
        let server = try server(bytes)
        let source = try HTTPRangeSource(url: server.url(), retries: 3, retryDelay: .milliseconds(5), tailSize: 512)
        server.failNext([.status(503), .disconnect])
        let value10 = try await source.size
        XCTAssertEqual(value10, Int64(bytes.count))
        XCTAssertEqual(server.requests.map(\.status), [503, 0, 206])
        server.failNext([.truncate])
        let value11 = try await source.read(at: 10, count: 2000)
        XCTAssertEqual(value11, Array(bytes[10 ..< 2010]))
        XCTAssertEqual(server.requests.map(\.range).suffix(2), ["bytes=10-2009", "bytes=10-2009"])
        XCTAssertEqual(source.statistics.requests, 5)
        XCTAssertEqual(source.statistics.retries, 3)
    }

    /// Once the retries are spent the read throws `.io` naming the URL and the range.
    func testRetriesAreBounded() async throws {
        let server = try server(Array(repeating: 2, count: 5000))
        let source = try HTTPRangeSource(url: server.url(), retries: 1, retryDelay: .milliseconds(5), tailSize: 100)
        _ = try await source.size
        server.failNext([.status(503), .status(503), .status(503)])
        await assertParquetError(.io, file: server.url().absoluteString, message: "request for bytes=0-9 failed after 2 attempts: HTTP 503") {
            _ = try await source.read(at: 0, count: 10)
        }
        XCTAssertEqual(server.requests.count, 3)
        // The third fault is still queued; the next read meets it and then succeeds.
        let value12 = try await source.read(at: 0, count: 10)
        XCTAssertEqual(value12, Array(repeating: 2, count: 10))
    }

    /// A server that ignores `Range` gets a clear error, and its whole-file answer is stopped.
    func testServerWithoutRangeSupportIsRefused() async throws {
        let big = [UInt8](repeating: 3, count: 32 << 20)
        let server = try server(big)
        server.setRangesSupported(false)
        server.setPause(microseconds: 1000)  // 64 MB/s: the whole body would take half a second
        let source = try HTTPRangeSource(url: server.url(), tailSize: 1024)
        await assertParquetError(.unsupported, file: server.url().absoluteString,
                                 message: "the server answered HTTP 200 instead of 206 Partial Content to 'Range: bytes=-1024': it does not support range requests (the transfer was stopped; the whole file was not downloaded)") {
            _ = try await source.size
        }
        XCTAssertEqual(source.statistics.bytesReceived, 0)
        try await server.waitUntilIdle()
        XCTAssertEqual(server.requests.count, 1, "not retried")
        XCTAssertLessThan(server.bytesSent, big.count / 4, "the transfer was stopped")
    }

    /// Extra headers go with every request; statuses such as 401 and 404 are not retried.
    func testHeadersAndErrorStatuses() async throws {
        let bytes = try fixtureBytes()
        let server = try server(bytes)
        server.require(header: "Authorization", value: "Bearer s3cret")
        let anonymous = try HTTPRangeSource(url: server.url(), retryDelay: .milliseconds(5))
        await assertParquetError(.io, file: server.url().absoluteString, message: "request for bytes=-65536 failed: HTTP 401") {
            _ = try await anonymous.size
        }
        XCTAssertEqual(server.requests.count, 1)
        let authorized = try HTTPRangeSource(url: server.url(), headers: ["Authorization": "Bearer s3cret"], tailSize: 256)
        let value13 = try await authorized.read(at: 0, count: 4)
        XCTAssertEqual(value13, Array("PAR1".utf8))
        XCTAssertEqual(server.requests.suffix(2).map(\.headers["authorization"]), ["Bearer s3cret", "Bearer s3cret"])

        server.failNext([.status(404)])
        let missing = try HTTPRangeSource(url: server.url("/missing.parquet"), headers: ["Authorization": "Bearer s3cret"], retryDelay: .milliseconds(5))
        await assertParquetError(.io, file: server.url("/missing.parquet").absoluteString, message: "request for bytes=-65536 failed: HTTP 404") {
            _ = try await missing.size
        }
        XCTAssertEqual(server.requests.count, 4)
    }

    /// The HEAD probe learns the size without bytes; the footer then costs range requests.
    func testHeadProbe() async throws {
        let bytes = try fixtureBytes()
        let server = try server(bytes)
        let source = try HTTPRangeSource(url: server.url(), sizeProbe: .head)
        let value14 = try await source.size
        XCTAssertEqual(value14, Int64(bytes.count))
        let value15 = try await source.read(at: Int64(bytes.count) - 8, count: 8)
        XCTAssertEqual(value15, Array(bytes.suffix(8)))
        XCTAssertEqual(server.requests.map(\.method), ["HEAD", "GET"])
        XCTAssertEqual(server.requests.map(\.range), [nil, "bytes=\(bytes.count - 8)-\(bytes.count - 1)"])
        XCTAssertEqual(server.bytesSent, 8)
    }

    /// An empty file answers the suffix request with 416 and has size 0.
    func testEmptyFile() async throws {
        let server = try server([])
        let source = try HTTPRangeSource(url: server.url())
        let value16 = try await source.size
        XCTAssertEqual(value16, 0)
        let value17 = try await source.read(at: 0, count: 0)
        XCTAssertEqual(value17, [])
        XCTAssertEqual(server.requests.map(\.status), [416])
    }

    /// A file that changes size between requests is refused.
    func testChangedFileIsRefused() async throws {
        let server = try server(Array(repeating: 5, count: 4000))
        let source = try HTTPRangeSource(url: server.url(), tailSize: 100)
        _ = try await source.size
        server.setContent(Array(repeating: 5, count: 4100))
        await assertParquetError(.io, file: server.url().absoluteString, message: "request for bytes=0-9: the file is now 4100 bytes, not 4000: it changed while being read") {
            _ = try await source.read(at: 0, count: 10)
        }
    }

    /// Names leave out credentials, query and fragment; only http(s) URLs are accepted.
    func testNamesAndSchemes() throws {
        let url = try XCTUnwrap(URL(string: "https://user:pw@example.com:8443/a/b.parquet?X-Amz-Signature=abc#frag"))
        XCTAssertEqual(try HTTPRangeSource(url: url).name, "https://example.com:8443/a/b.parquet")
        XCTAssertThrowsError(try HTTPRangeSource(url: URL(fileURLWithPath: "/tmp/x.parquet"))) { error in
            XCTAssertEqual((error as? ParquetError)?.kind, .invalidArgument)
        }
    }

    func testContentRangeParsing() {
        XCTAssertEqual(ContentRange("bytes 0-99/1000"), ContentRange(first: 0, last: 99, total: 1000, isUnsatisfied: false))
        XCTAssertEqual(ContentRange("bytes 5-5/*"), ContentRange(first: 5, last: 5, total: nil, isUnsatisfied: false))
        XCTAssertEqual(ContentRange("bytes */0"), ContentRange(first: 0, last: -1, total: 0, isUnsatisfied: true))
        for bad in [nil, "", "bytes", "bytes 9-5/100", "bytes 0-100/100", "bytes -1-5/100", "items 0-1/2", "bytes 0-1", "bytes */*",
                    "bytes 0-99999999999999999999/1"] {
            XCTAssertNil(ContentRange(bad), bad ?? "nil")
        }
    }

    /// Several ranges in one read: those before the tail in ONE multi-range request (parts
    /// in any order, the tail's from the tail), the same bytes as the file.
    func testSeveralRangesInOneMultiRangeRequest() async throws {
        let bytes = try fixtureBytes()
        let server = try LoopbackHTTPServer(content: bytes)
        addTeardownBlock { server.stop() }
        let source = try HTTPRangeSource(url: server.url(), tailSize: 1000)
        let n = Int64(bytes.count)
        let ranges: [Range<Int64>] = [5000 ..< 5100, 100 ..< 300, n - 500 ..< n - 10, 20_000 ..< 20_001, 150 ..< 400, n - 1200 ..< n - 900]
        let pieces = try await source.read(ranges: ranges)
        XCTAssertEqual(pieces, ranges.map { Array(bytes[Int($0.lowerBound) ..< Int($0.upperBound)]) })
        let log = server.requests
        XCTAssertEqual(log.map(\.range), ["bytes=-1000", "bytes=100-399,5000-5099,20000-20000,\(n - 1200)-\(n - 1001)"])
        XCTAssertEqual(log.map(\.status), [206, 206])
        XCTAssertEqual(source.statistics.requests, 2)
        let none = try await source.read(ranges: [])
        XCTAssertEqual(none, [])
        let last = try await source.read(ranges: [n - 5 ..< n])
        XCTAssertEqual(last, [Array(bytes.suffix(5))])
        XCTAssertEqual(server.requests.count, 2)
        do {
            _ = try await source.read(ranges: [0 ..< 10, n - 2 ..< n + 1])
            XCTFail("a range past the end was read")
        } catch let error as ParquetError {
            XCTAssertEqual(error.kind, .corrupt)
        }
    }

    /// A server that answers a multi-range request with the whole file: that transfer is
    /// stopped, the ranges come one by one, and later reads send no multi-range request.
    func testMultiRangeFallsBackToOneRequestPerRange() async throws {
        let bytes = try fixtureBytes()
        let server = try LoopbackHTTPServer(content: bytes)
        addTeardownBlock { server.stop() }
        server.setMultiRangeSupported(false)
        let source = try HTTPRangeSource(url: server.url(), tailSize: 1000)
        let ranges: [Range<Int64>] = [100 ..< 300, 5000 ..< 5100]
        let expected = ranges.map { Array(bytes[Int($0.lowerBound) ..< Int($0.upperBound)]) }
        let first = try await source.read(ranges: ranges)
        XCTAssertEqual(first, expected)
        try await server.waitUntilIdle()
        XCTAssertEqual(server.requests.map(\.status), [206, 200, 206, 206])
        XCTAssertEqual(server.requests.dropFirst(2).map(\.range), ["bytes=100-299", "bytes=5000-5099"])
        XCTAssertEqual(source.statistics.bytesReceived, 1000 + 300)
        server.resetLog()
        let again = try await source.read(ranges: ranges)
        XCTAssertEqual(again, expected)
        XCTAssertEqual(server.requests.map(\.range), ["bytes=100-299", "bytes=5000-5099"])
    }
}
