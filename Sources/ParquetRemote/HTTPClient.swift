import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Parquet

/// The URLSession behind one ``HTTPRangeSource``: sends requests, stops transfers whose
/// answer is not what was asked for (so a server without range support never streams the
/// whole file), caps every body at the bytes expected, keeps the tail and the statistics.
final class HTTPClient: @unchecked Sendable {
    private let session: URLSession
    private let delegate: SessionDelegate
    private let lock = NSLock()
    private var stats = HTTPRangeSource.Statistics()
    private var cachedTail: Tail?
    /// Whether the server answers multi-range requests part by part; nil until one is sent.
    private var multiRange: Bool?
    private var loadingTail: Task<Tail, Error>?

    init(timeout: TimeInterval) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        delegate = SessionDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    var statistics: HTTPRangeSource.Statistics { locked { stats } }

    func noteRetry() { locked { stats.retries += 1 } }
    /// Whether to send multi-range requests (true until the server showed it does not answer them).
    var sendsMultiRange: Bool { locked { multiRange ?? true } }
    func noteMultiRange(_ supported: Bool) { locked { multiRange = supported } }
    func noteTailHit() { locked { stats.tailHits += 1 } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// The tail, loaded by `load` once (concurrent callers share one load; a failed load is
    /// tried again by the next caller).
    func tail(_ load: @escaping @Sendable () async throws -> Tail) async throws -> Tail {
        let (cached, loading): (Tail?, Task<Tail, Error>?) = locked {
            if let cachedTail { return (cachedTail, nil) }
            if let loadingTail { return (nil, loadingTail) }
            let task = Task { try await load() }
            loadingTail = task
            return (nil, task)
        }
        if let cached { return cached }
        guard let task = loading else { throw CancellationError() }
        do {
            let tail = try await task.value
            locked {
                cachedTail = tail
                loadingTail = nil
            }
            return tail
        } catch {
            locked { if loadingTail == task { loadingTail = nil } }
            throw error
        }
    }

    /// What an answer may be.
    enum Expectation: Sendable {
        /// `206` with exactly `count` body bytes.
        case range(count: Int)
        /// `206` with at most `limit` body bytes (a `multipart/byteranges` answer).
        case multipart(limit: Int)
        /// `206`, or `200` with the whole file when it is no longer than `limit`.
        case suffix(limit: Int)
        /// `200` without a body.
        case head

        /// Whether to let an answer with `status` and `length` (-1: unknown) come in.
        func allows(status: Int, length: Int64) -> Bool {
            switch self {
            case .range, .multipart: return status == 206
            case .suffix(let limit): return status == 206 || (status == 200 && length >= 0 && length <= Int64(limit))
            case .head: return status == 200
            }
        }

        /// The most body bytes an answer may carry.
        var limit: Int {
            switch self {
            case .range(let count): return count
            case .multipart(let limit): return limit
            case .suffix(let limit): return limit
            case .head: return 0
            }
        }
    }

    /// An answer: its status, the headers the source checks, and the body.
    struct Response: Sendable {
        var status: Int
        var contentRange: String?
        var contentType: String?
        var contentLength: Int64?
        var body: [UInt8]
    }

    /// Sends `request` and waits for the answer. An answer `expectation` does not allow is
    /// stopped as soon as its status arrives: a 2xx throws ``Failure/noRangeSupport(_:)``,
    /// any other status comes back without its body, for the caller to judge.
    func send(_ request: URLRequest, expect expectation: Expectation) async throws -> Response {
        locked { stats.requests += 1 }
        let task = session.dataTask(with: request)
        let response = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, Error>) in
                delegate.register(task, expectation: expectation, continuation: continuation)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
        locked { stats.bytesReceived += Int64(response.body.count) }
        return response
    }
}

/// The session's delegate: one pending entry per running task.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Pending {
        var expectation: HTTPClient.Expectation
        var continuation: CheckedContinuation<HTTPClient.Response, Error>
        var response = HTTPClient.Response(status: 0, body: [])
        var failure: Failure?
    }

    private let lock = NSLock()
    private var pending: [Int: Pending] = [:]

    func register(_ task: URLSessionTask, expectation: HTTPClient.Expectation, continuation: CheckedContinuation<HTTPClient.Response, Error>) {
        lock.lock()
        pending[task.taskIdentifier] = Pending(expectation: expectation, continuation: continuation)
        lock.unlock()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        let status = http?.statusCode ?? 0
        let length = response.expectedContentLength
        lock.lock()
        var allow = false
        if var entry = pending[dataTask.taskIdentifier] {
            entry.response.status = status
            entry.response.contentRange = http?.value(forHTTPHeaderField: "Content-Range")
            entry.response.contentType = http?.value(forHTTPHeaderField: "Content-Type")
            entry.response.contentLength = length >= 0 ? length : nil
            allow = entry.expectation.allows(status: status, length: length)
            if allow {
                entry.response.body.reserveCapacity(min(entry.expectation.limit, 1 << 24))
            } else if (200 ..< 300).contains(status), status != 204 {
                // A whole-file answer to a range request: stop it before its body comes in.
                entry.failure = .noRangeSupport(status)
            }
            // Other statuses go back to the caller without their body, to judge.
            pending[dataTask.taskIdentifier] = entry
        }
        lock.unlock()
        completionHandler(allow ? .allow : .cancel)
        if !allow {
            // swift-corelibs-foundation ignores the disposition: cancel the task itself.
            dataTask.cancel()
            finish(dataTask.taskIdentifier, error: nil)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        var overflow = false
        lock.lock()
        if var entry = pending[dataTask.taskIdentifier] {
            if entry.response.body.count + data.count > entry.expectation.limit {
                entry.failure = .badAnswer("the answer is longer than the \(entry.expectation.limit) bytes asked for")
                overflow = true
            } else {
                entry.response.body.append(contentsOf: data)
            }
            pending[dataTask.taskIdentifier] = entry
        }
        lock.unlock()
        if overflow {
            dataTask.cancel()
            finish(dataTask.taskIdentifier, error: nil)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        finish(task.taskIdentifier, error: error)
    }

    /// Resumes the task's caller once (later calls for the same task find nothing).
    private func finish(_ identifier: Int, error: Error?) {
        lock.lock()
        let entry = pending.removeValue(forKey: identifier)
        lock.unlock()
        guard let entry else { return }
        if let failure = entry.failure {
            entry.continuation.resume(throwing: failure)
        } else if let error {
            if (error as? URLError)?.code == .cancelled {
                entry.continuation.resume(throwing: CancellationError())
            } else {
                entry.continuation.resume(throwing: Failure.transport(error.localizedDescription))
            }
        } else {
            entry.continuation.resume(returning: entry.response)
        }
    }
}
