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

    /// Reads several byte ranges with as few requests as the server allows: the parts in the
    /// cached tail from it, the rest with ONE multi-range request (`Range: bytes=a-b,c-d`,
    /// answered `206` with a `multipart/byteranges` body, or one part covering them all).
    /// A server that answers a multi-range request otherwise (`200` with the whole file —
    /// stopped as soon as the status arrives —, `416`, one part that does not cover them)
    /// gets one request per range from then on; each such request is checked and retried as
    /// in ``read(at:count:into:)``.
    public func read(ranges: [Range<Int64>]) async throws -> [[UInt8]] {
        let tail = try await tail()
        for range in ranges {
            guard let count = Int(exactly: range.count) else {
                throw ParquetError(.corrupt, "byte range \(range) is too large to read", file: name)
            }
            try checkRange(offset: range.lowerBound, count: count, size: tail.size)
        }
        // The parts before the tail, merged where they overlap or touch.
        var wanted: [Range<Int64>] = []
        let heads = ranges.compactMap { $0.lowerBound < tail.offset ? $0.lowerBound ..< min($0.upperBound, tail.offset) : nil }
        for range in heads.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = wanted.last, range.lowerBound <= last.upperBound {
                wanted[wanted.count - 1] = last.lowerBound ..< max(last.upperBound, range.upperBound)
            } else {
                wanted.append(range)
            }
        }
        var pieces: [(offset: Int64, bytes: [UInt8])] = []
        if wanted.count > 1, client.sendsMultiRange {
            pieces = try await fetchMultiRange(wanted, size: tail.size)
        }
        for range in wanted where !pieces.contains(where: { $0.offset <= range.lowerBound && $0.offset + Int64($0.bytes.count) >= range.upperBound }) {
            pieces.append((range.lowerBound, try await fetch(range, size: tail.size)))
        }
        return ranges.map { range in
            if range.lowerBound >= tail.offset { client.noteTailHit() }
            var out: [UInt8] = []
            out.reserveCapacity(Int(range.count))
            let head = range.lowerBound ..< max(range.lowerBound, min(range.upperBound, tail.offset))
            if !head.isEmpty, let piece = pieces.first(where: { $0.offset <= head.lowerBound && $0.offset + Int64($0.bytes.count) >= head.upperBound }) {
                out.append(contentsOf: piece.bytes[Int(head.lowerBound - piece.offset) ..< Int(head.upperBound - piece.offset)])
            }
            if range.upperBound > tail.offset {
                let start = Int(max(range.lowerBound, tail.offset) - tail.offset)
                out.append(contentsOf: tail.bytes[start ..< Int(range.upperBound - tail.offset)])
            }
            return out
        }
    }

    // MARK: - Requests

    /// Most body bytes a `multipart/byteranges` answer may add per part (its boundary line
    /// and part headers) and in all.
    static let multipartOverhead = (perPart: 512, fixed: 1024)

    /// One multi-range request for `ranges` (sorted, disjoint): the parts the server sent,
    /// or none when it does not answer such requests (noted, so later reads ask range by
    /// range). Retryable failures are retried as for one range.
    private func fetchMultiRange(_ ranges: [Range<Int64>], size: Int64) async throws -> [(offset: Int64, bytes: [UInt8])] {
        let header = "bytes=" + ranges.map { "\($0.lowerBound)-\($0.upperBound - 1)" }.joined(separator: ",")
        let total = ranges.reduce(0) { $0 + Int($1.count) }
        let limit = total + Self.multipartOverhead.perPart * ranges.count + Self.multipartOverhead.fixed
        let parts: [(offset: Int64, bytes: [UInt8])]? = try await withRetries(range: header) {
            do {
                let response = try await client.send(request(method: "GET", range: header), expect: .multipart(limit: limit))
                switch response.status {
                case 206: return try Self.parts(of: response, size: size)
                case 416: return nil
                default: throw Failure.status(response.status)
                }
            } catch Failure.noRangeSupport, Failure.badAnswer {
                return nil
            }
        }
        guard let parts else {
            client.noteMultiRange(false)
            return []
        }
        let covered = ranges.allSatisfy { range in parts.contains { $0.offset <= range.lowerBound && $0.offset + Int64($0.bytes.count) >= range.upperBound } }
        client.noteMultiRange(covered)
        return parts
    }

    /// The parts of a `206` answer: those of a `multipart/byteranges` body (each with its
    /// `Content-Range`), or the body itself at the answer's `Content-Range`.
    ///
    /// - Throws: ``Failure/badAnswer(_:)`` for a body that does not parse or a part that does
    ///   not fit the file.
    static func parts(of response: HTTPClient.Response, size: Int64) throws -> [(offset: Int64, bytes: [UInt8])] {
        let type = response.contentType ?? ""
        guard type.lowercased().hasPrefix("multipart/byteranges") else {
            guard let range = ContentRange(response.contentRange), !range.isUnsatisfied, range.total == nil || range.total == size,
                  range.last - range.first + 1 == Int64(response.body.count) else {
                throw Failure.badAnswer("Content-Range '\(response.contentRange ?? "")' does not describe the \(response.body.count) bytes received")
            }
            return [(range.first, response.body)]
        }
        guard let parameter = type.range(of: "boundary=", options: .caseInsensitive) else {
            throw Failure.badAnswer("a multipart/byteranges answer without a boundary")
        }
        var boundary = type[parameter.upperBound...].prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 { boundary = String(boundary.dropFirst().dropLast()) }
        guard !boundary.isEmpty else { throw Failure.badAnswer("a multipart/byteranges answer with an empty boundary") }
        let body = response.body
        let delimiter = Array("--\(boundary)".utf8)
        let newline: [UInt8] = [13, 10]
        func starts(_ pattern: [UInt8], at position: Int) -> Bool {
            position >= 0 && position <= body.count - pattern.count && body[position ..< position + pattern.count].elementsEqual(pattern)
        }
        func find(_ pattern: [UInt8], from start: Int, within: Int) -> Int? {
            var i = start
            while i <= min(body.count - pattern.count, start + within) {
                if starts(pattern, at: i) { return i }
                i += 1
            }
            return nil
        }
        let malformed = Failure.badAnswer("the multipart/byteranges body does not parse")
        // A preamble may come before the first delimiter; a CRLF comes before each later one.
        guard var at = find(delimiter, from: 0, within: 1024) else { throw malformed }
        var parts: [(offset: Int64, bytes: [UInt8])] = []
        while true {
            var position = at + delimiter.count
            if starts([45, 45], at: position) { break }  // "--": the closing delimiter
            guard let lineEnd = find(newline, from: position, within: 256) else { throw malformed }
            position = lineEnd + 2
            var contentRange: ContentRange?
            while true {
                guard let end = find(newline, from: position, within: 4096) else { throw malformed }
                if end == position {
                    position += 2
                    break
                }
                let line = String(decoding: body[position ..< end], as: UTF8.self)
                if line.lowercased().hasPrefix("content-range:") { contentRange = ContentRange(String(line.dropFirst(14))) }
                position = end + 2
            }
            guard let range = contentRange, !range.isUnsatisfied, range.total == nil || range.total == size else {
                throw Failure.badAnswer("a part of the multipart/byteranges answer has no usable Content-Range")
            }
            let count = range.last - range.first + 1
            guard count <= Int64(body.count - position) else { throw malformed }
            parts.append((range.first, Array(body[position ..< position + Int(count)])))
            position += Int(count)
            guard let next = find(delimiter, from: position, within: 4) else { throw malformed }
            at = next
        }
        return parts
    }

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
