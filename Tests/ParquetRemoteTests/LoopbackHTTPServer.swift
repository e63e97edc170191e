import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (POSIX sockets, one thread per connection,
/// `Connection: close`) that serves one byte array at every path and honours `Range`
/// (`bytes=a-b`, `bytes=a-`, `bytes=-n`, and several at once, `bytes=a-b,c-d`, answered as
/// `multipart/byteranges`) the way a static file server does. It records every
/// request and the body bytes it sent, and can be told to ignore ranges, to demand a header,
/// or to fail the next requests (for retries).
final class LoopbackHTTPServer: @unchecked Sendable {
    /// How the next request fails.
    enum Fault: Sendable {
        /// Answer with this status and no body.
        case status(Int)
        /// Close the connection without answering.
        case disconnect
        /// Send the headers for the whole range, then half the body, then close.
        case truncate
    }

    /// One request as the server saw it.
    struct Request: Sendable, Equatable {
        var method: String
        var path: String
        var range: String?
        var headers: [String: String]
        var status: Int
        /// Body bytes written to the socket.
        var bytesSent: Int
        /// Whether the server is done with it (answered, or saw the client go away).
        var finished = false
    }

    /// The port it listens on.
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var content: [UInt8]
    private var log: [Request] = []
    private var faults: [Fault] = []
    private var rangesSupported = true
    private var multiRangeSupported = true
    private var requiredHeader: (name: String, value: String)?
    private var stopped = false
    private var pauseMicroseconds: UInt32 = 0

    /// Starts serving `content`.
    init(content: [UInt8]) throws {
        self.content = content
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ServerError("bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw ServerError("getsockname: errno \(errno)")
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// The URL of `path` on this server.
    func url(_ path: String = "/file.parquet") -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// Waits (up to 5 s) until every request so far is finished.
    func waitUntilIdle() async throws {
        for _ in 0 ..< 500 where locked({ log.contains { !$0.finished } }) {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Every request so far, in order.
    var requests: [Request] { locked { log } }
    /// Body bytes sent so far.
    var bytesSent: Int { locked { log.reduce(0) { $0 + $1.bytesSent } } }
    /// Forgets the requests so far.
    func resetLog() { locked { log = [] } }

    /// Fails the next requests, one fault each.
    func failNext(_ faults: [Fault]) { locked { self.faults = faults } }
    /// Whether `Range` is honoured (when not, every GET gets `200` and the whole content).
    func setRangesSupported(_ supported: Bool) { locked { rangesSupported = supported } }
    /// Whether several ranges in one `Range` are answered part by part (when not, such a
    /// request gets `200` and the whole content, as from servers that ignore them).
    func setMultiRangeSupported(_ supported: Bool) { locked { multiRangeSupported = supported } }
    /// Answers 401 to requests without this header value.
    func require(header name: String, value: String) { locked { requiredHeader = (name.lowercased(), value) } }
    /// Pauses this long after every 64 KiB of body, like a slower network.
    func setPause(microseconds: UInt32) { locked { pauseMicroseconds = microseconds } }
    /// Replaces the content served.
    func setContent(_ bytes: [UInt8]) { locked { content = bytes } }

    /// Stops listening (running connections finish).
    func stop() {
        let wasStopped: Bool = locked {
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if locked({ stopped }) { return }
                if errno == EINTR { continue }
                return
            }
            #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let thread = Thread { [self] in
                handle(connection)
                close(connection)
            }
            thread.start()
        }
    }

    private func handle(_ connection: Int32) {
        guard let head = readHead(connection) else { return }
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return }
        let method = String(parts[0]), path = String(parts[1])
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let (fault, body, supported, multi, required, pause, index): (Fault?, [UInt8], Bool, Bool, (name: String, value: String)?, UInt32, Int) = locked {
            log.append(Request(method: method, path: path, range: headers["range"], headers: headers, status: 0, bytesSent: 0))
            return (faults.isEmpty ? nil : faults.removeFirst(), content, rangesSupported, multiRangeSupported, requiredHeader, pauseMicroseconds, log.count - 1)
        }
        var ranges = supported
        if let range = headers["range"], range.contains(",") {
            if !multi { ranges = false }
        }
        // The log entry is updated as the answer goes out, so tests see the status at once.
        var request = locked { log[index] } {
            didSet { locked { log[index] = request } }
        }
        defer { request.finished = true }

        if case .disconnect = fault { return }
        if case .status(let code) = fault {
            request.status = code
            transmit(connection, header(code, ["Content-Length": "0"]))
            return
        }
        if let required, headers[required.name] != required.value {
            request.status = 401
            transmit(connection, header(401, ["Content-Length": "0"]))
            return
        }
        let size = body.count
        if ranges, let range = request.range, range.contains(",") {
            guard let parts = Self.resolveAll(range, size: size) else {
                request.status = 416
                transmit(connection, header(416, ["Content-Length": "0", "Content-Range": "bytes */\(size)"]))
                return
            }
            let boundary = "LOOPBACK-BOUNDARY-3d2f"
            var out: [UInt8] = []
            for (a, b) in parts {
                out += Array("\r\n--\(boundary)\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes \(a)-\(b)/\(size)\r\n\r\n".utf8)
                out += body[a ... b]
            }
            out += Array("\r\n--\(boundary)--\r\n".utf8)
            request.status = 206
            guard transmit(connection, header(206, ["Content-Length": "\(out.count)", "Content-Type": "multipart/byteranges; boundary=\(boundary)"])),
                  method != "HEAD" else { return }
            request.bytesSent += out.count
            if !transmit(connection, out) { request.bytesSent -= out.count }
            return
        }
        var first = 0, last = size - 1, status = 200
        if ranges, let range = request.range {
            guard let (a, b) = Self.resolve(range, size: size) else {
                request.status = 416
                transmit(connection, header(416, ["Content-Length": "0", "Content-Range": "bytes */\(size)"]))
                return
            }
            (first, last, status) = (a, b, 206)
        }
        let count = max(0, last - first + 1)
        var fields = ["Content-Length": "\(count)", "Accept-Ranges": ranges ? "bytes" : "none"]
        if status == 206 { fields["Content-Range"] = "bytes \(first)-\(last)/\(size)" }
        request.status = status
        guard transmit(connection, header(status, fields)), method != "HEAD", count > 0 else { return }
        var end = first + count
        if case .truncate = fault { end = first + count / 2 }
        var offset = first
        while offset < end {
            let chunk = min(64 * 1024, end - offset)
            // Counted before it goes out, so a client that has the bytes sees them counted.
            request.bytesSent += chunk
            guard transmit(connection, Array(body[offset ..< offset + chunk])) else {
                request.bytesSent -= chunk
                return
            }
            offset += chunk
            if pause > 0 { usleep(pause) }
        }
    }

    /// The inclusive bounds of each range of a multi-range `Range` header (in the order
    /// asked), or nil when one cannot be satisfied.
    static func resolveAll(_ header: String, size: Int) -> [(Int, Int)]? {
        guard header.hasPrefix("bytes=") else { return nil }
        var parts: [(Int, Int)] = []
        for spec in header.dropFirst(6).split(separator: ",") {
            guard let part = resolve("bytes=" + spec.trimmingCharacters(in: .whitespaces), size: size) else { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts
    }

    /// The inclusive bounds a `Range` header asks for, or nil when it cannot be satisfied.
    static func resolve(_ header: String, size: Int) -> (Int, Int)? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6)
        let bounds = spec.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2 else { return nil }
        if bounds[0].isEmpty {
            guard let suffix = Int(bounds[1]), suffix > 0, size > 0 else { return nil }
            return (max(0, size - suffix), size - 1)
        }
        guard let first = Int(bounds[0]), first < size else { return nil }
        let last = bounds[1].isEmpty ? size - 1 : min(Int(bounds[1]) ?? -1, size - 1)
        return last >= first ? (first, last) : nil
    }

    private func header(_ status: Int, _ fields: [String: String]) -> [UInt8] {
        let reason = [200: "OK", 206: "Partial Content", 401: "Unauthorized", 404: "Not Found", 416: "Range Not Satisfiable", 503: "Service Unavailable"][status] ?? "Status"
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    private func readHead(_ connection: Int32) -> String? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 65536 {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            data.append(contentsOf: buffer[0 ..< n])
            if let text = String(bytes: data, encoding: .utf8), let end = text.range(of: "\r\n\r\n") {
                return String(text[..<end.lowerBound])
            }
        }
        return nil
    }

    /// Writes all of `bytes`; false when the peer went away.
    @discardableResult
    private func transmit(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                raw.baseAddress.map { send(connection, $0 + sent, raw.count - sent, flags) } ?? 0
            }
            if n <= 0 {
                if n < 0, errno == EINTR { continue }
                return false
            }
            sent += n
        }
        return true
    }
}

struct ServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
