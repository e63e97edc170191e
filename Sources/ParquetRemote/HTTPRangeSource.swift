import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Parquet

/// A file on a web server read by HTTP range requests: an ``AsyncRandomAccessSource`` that a
/// reader opens with `ParquetFileReader.open(source:)`.
///
/// The first use (``size`` or a read) asks for the last ``tailSize`` bytes in ONE suffix
/// request (`Range: bytes=-N`), learns the file's size from the answer's `Content-Range`
/// and keeps those bytes, so a reader's footer reads are served from them without further
/// requests (``SizeProbe/head`` asks with `HEAD` instead and caches nothing). Every other read
/// is one `GET` with `Range: bytes=a-b`, whose answer must be `206 Partial Content` with a
/// `Content-Range` naming exactly that range and a body of exactly that length.
///
/// - A failed range (a transport error, a timeout, a 5xx / 408 / 429 status, a short body) is
///   asked again up to ``retries`` times, then the read throws `.io` naming the URL and range.
/// - A server that answers `200 OK` to a range request does not support ranges: the read
///   throws `.unsupported` and the transfer is cancelled as soon as the status arrives, so the
///   whole file is never downloaded silently. (A file no longer than ``tailSize`` that comes
///   back whole from the first request is used, since that is what was asked for.)
/// - Reads outside the file throw `.corrupt`; other statuses (401, 403, 404, ...) throw `.io`.
///
/// Error messages name the URL without its user, password, query or fragment (presigned URLs
/// carry their secrets in the query).
///
/// ```swift
/// import Parquet
/// import ParquetRemote
///
/// let source = try HTTPRangeSource(url: URL(string: "https://example.com/data.parquet")!,
///                                  headers: ["Authorization": "Bearer \(token)"])
/// let reader = try await ParquetFileReader.open(source: source)
/// ```
public struct HTTPRangeSource: AsyncRandomAccessSource {
    /// How the first use learns the file's size.
    public enum SizeProbe: Sendable, Equatable {
        /// One suffix range request for the last ``HTTPRangeSource/tailSize`` bytes, kept to
        /// serve footer reads (the default).
        case tailRequest
        /// One `HEAD` request (its `Content-Length`); nothing is cached.
        case head
    }

    /// What a source has asked the server so far.
    public struct Statistics: Sendable, Equatable {
        /// HTTP requests sent (retries included).
        public var requests: Int = 0
        /// Requests sent again after a failure.
        public var retries: Int = 0
        /// Response body bytes received.
        public var bytesReceived: Int64 = 0
        /// Reads served from the cached tail without a request.
        public var tailHits: Int = 0
    }

    /// The file's URL.
    public let url: URL
    /// Extra request headers (`Authorization`, cookies, ...), sent with every request.
    public let headers: [String: String]
    /// Seconds a request may wait for data before it fails (and is retried).
    public let timeout: TimeInterval
    /// How many times a failed range is asked again before the read throws.
    public let retries: Int
    /// How long to wait before the first retry; each further retry waits one more such step.
    public let retryDelay: Duration
    /// The bytes asked for by the first request (the footer and, often, the page index).
    public let tailSize: Int
    /// How the size is learnt.
    public let sizeProbe: SizeProbe
    /// The URL without user, password, query or fragment: what error messages call the source.
    public let name: String
    private let client: HTTPClient

    /// A source reading `url` (http or https) by range requests. Nothing is sent until the
    /// size or bytes are first asked for.
    ///
    /// - Parameters:
    ///   - headers: extra request headers, e.g. `["Authorization": "Bearer …"]`.
    ///   - timeout: seconds a request may wait for data.
    ///   - retries: how often a failed range is asked again (at least 0).
    ///   - retryDelay: the wait before the first retry (each further retry waits one step more).
    ///   - tailSize: bytes the first request asks for (at least 8; 64 KiB by default).
    ///   - sizeProbe: a suffix range request (default) or `HEAD`.
    /// - Throws: `.invalidArgument` when `url` is not an http or https URL.
    public init(url: URL, headers: [String: String] = [:], timeout: TimeInterval = 30, retries: Int = 2,
                retryDelay: Duration = .milliseconds(200), tailSize: Int = 64 * 1024, sizeProbe: SizeProbe = .tailRequest) throws {
        let name = HTTPRangeSource.displayName(of: url)
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ParquetError(.invalidArgument, "not an http or https URL", file: name)
        }
        self.url = url
        self.headers = headers
        self.timeout = timeout > 0 ? timeout : 30
        self.retries = max(0, retries)
        self.retryDelay = retryDelay
        self.tailSize = min(max(8, tailSize), 1 << 30)
        self.sizeProbe = sizeProbe
        self.name = name
        self.client = HTTPClient(timeout: self.timeout)
    }

    /// What has been asked of the server so far.
    public var statistics: Statistics { client.statistics }

    /// The file's size, learnt by the first request (see ``sizeProbe``).
    public var size: Int64 {
        get async throws { try await tail().size }
    }

    /// Reads exactly `count` bytes at `offset`: from the cached tail when it holds them,
    /// otherwise with one range request (retried as described above).
    public func read(at offset: Int64, count: Int, into buffer: inout [UInt8]) async throws {
        let tail = try await tail()
        try checkRange(offset: offset, count: count, size: tail.size)
        buffer.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        let end = offset + Int64(count)
        if offset < tail.offset {
            buffer = try await fetch(offset ..< min(end, tail.offset), size: tail.size)
        } else {
            client.noteTailHit()
        }
        if end > tail.offset {
            let start = Int(max(offset, tail.offset) - tail.offset)
            buffer.append(contentsOf: tail.bytes[start ..< Int(end - tail.offset)])
        }
    }

    // MARK: - Requests

    /// The last bytes of the file and its size, learnt once.
    private func tail() async throws -> Tail {
        try await client.tail { [self] in
            try await withRetries(range: "bytes=-\(tailSize)") { try await probe() }
        }
    }

    /// One size probe: a suffix range request or a HEAD.
    private func probe() async throws -> Tail {
        switch sizeProbe {
        case .head:
            let response = try await client.send(request(method: "HEAD", range: nil), expect: .head)
            guard response.status == 200, let length = response.contentLength, length >= 0 else {
                throw Failure.badAnswer("HEAD answered HTTP \(response.status) without a Content-Length")
            }
            return Tail(size: length, offset: length, bytes: [])
        case .tailRequest:
            let response = try await client.send(request(method: "GET", range: "bytes=-\(tailSize)"), expect: .suffix(limit: tailSize))
            switch response.status {
            case 206:
                guard let range = ContentRange(response.contentRange), let total = range.total,
                      range.last == total - 1, range.first == total - Int64(response.body.count) else {
                    throw Failure.badAnswer("Content-Range '\(response.contentRange ?? "")' does not describe the \(response.body.count) bytes received")
                }
                return Tail(size: total, offset: range.first, bytes: response.body)
            case 200:
                // The whole file, no longer than what was asked for.
                return Tail(size: Int64(response.body.count), offset: 0, bytes: response.body)
            case 416:
                // An empty file: nothing to take a suffix of.
                guard let range = ContentRange(response.contentRange), range.isUnsatisfied, range.total == 0 else {
                    throw Failure.status(416)
                }
                return Tail(size: 0, offset: 0, bytes: [])
            default:
                throw Failure.status(response.status)
            }
        }
    }

    /// One range of the file, asked for once and again on retryable failures.
    private func fetch(_ range: Range<Int64>, size: Int64) async throws -> [UInt8] {
        let header = "bytes=\(range.lowerBound)-\(range.upperBound - 1)"
        return try await withRetries(range: header) {
            let count = Int(range.upperBound - range.lowerBound)
            let response = try await client.send(request(method: "GET", range: header), expect: .range(count: count))
            guard response.status == 206 else {
                throw Failure.status(response.status)
            }
            guard let answered = ContentRange(response.contentRange), answered.first == range.lowerBound,
                  answered.last == range.upperBound - 1 else {
                throw Failure.badAnswer("the server answered Content-Range '\(response.contentRange ?? "")'")
            }
            if let total = answered.total, total != size {
                throw Failure.badAnswer("the file is now \(total) bytes, not \(size): it changed while being read")
            }
            guard response.body.count == count else {
                throw Failure.shortBody(received: response.body.count, expected: count)
            }
            return response.body
        }
    }

    /// Runs `body`, again after retryable failures (at most ``retries`` times), and turns
    /// the last failure into a `ParquetError` naming the URL and `range`.
    private func withRetries<T>(range: String, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let failure as Failure {
                if failure.isRetryable, attempt < retries {
                    attempt += 1
                    client.noteRetry()
                    try await Task.sleep(for: retryDelay * attempt)
                    continue
                }
                throw failure.error(source: name, range: range, attempts: attempt + 1)
            }
        }
    }

    private func request(method: String, range: String?) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        for (field, value) in headers {
            request.setValue(value, forHTTPHeaderField: field)
        }
        // Byte ranges of the file itself, never of a compressed transfer of it.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if let range {
            request.setValue(range, forHTTPHeaderField: "Range")
        }
        return request
    }

    /// `url` without user, password, query and fragment.
    static func displayName(of url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return "<url>" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<url>"
    }
}

// MARK: - Pieces

/// The last bytes of the file (`bytes` start at `offset`) and the file's size.
struct Tail: Sendable {
    var size: Int64
    var offset: Int64
    var bytes: [UInt8]
}

/// Why one request failed, before it becomes a `ParquetError`.
enum Failure: Error {
    /// The request did not complete (connection refused or reset, timeout, ...).
    case transport(String)
    /// An HTTP status other than the one expected.
    case status(Int)
    /// A 2xx answer to a range request that is not 206: the server ignores `Range`.
    case noRangeSupport(Int)
    /// Fewer bytes than the range holds.
    case shortBody(received: Int, expected: Int)
    /// An answer that does not describe what was asked.
    case badAnswer(String)

    var isRetryable: Bool {
        switch self {
        case .transport, .shortBody: return true
        case .status(let code): return code >= 500 || code == 408 || code == 429
        case .noRangeSupport, .badAnswer: return false
        }
    }

    func error(source: String, range: String, attempts: Int) -> ParquetError {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch self {
        case .noRangeSupport(let code):
            return ParquetError(.unsupported, "the server answered HTTP \(code) instead of 206 Partial Content to 'Range: \(range)': it does not support range requests (the transfer was stopped; the whole file was not downloaded)", file: source)
        case .transport(let message):
            return ParquetError(.io, "request for \(range) failed\(tries): \(message)", file: source)
        case .status(let code):
            return ParquetError(.io, "request for \(range) failed\(tries): HTTP \(code)", file: source)
        case .shortBody(let received, let expected):
            return ParquetError(.io, "request for \(range) failed\(tries): received \(received) of \(expected) bytes", file: source)
        case .badAnswer(let message):
            return ParquetError(.io, "request for \(range): \(message)", file: source)
        }
    }
}

/// A parsed `Content-Range: bytes first-last/total` (`total` nil for `*`), or
/// `bytes */total` (``isUnsatisfied``).
struct ContentRange: Equatable {
    var first: Int64
    var last: Int64
    var total: Int64?
    var isUnsatisfied: Bool
}

extension ContentRange {
    /// Parses the header's value; nil when it is missing or malformed.
    init?(_ text: String?) {
        guard let text = text?.trimmingCharacters(in: .whitespaces), text.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = text.dropFirst(6).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[1] == "*" {
            total = nil
        } else {
            guard let value = Int64(parts[1]), value >= 0 else { return nil }
            total = value
        }
        if parts[0] == "*" {
            guard total != nil else { return nil }
            first = 0
            last = -1
            isUnsatisfied = true
            return
        }
        let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, last >= first else { return nil }
        if let total, last >= total { return nil }
        self.first = first
        self.last = last
        isUnsatisfied = false
    }
}
