import Foundation

/// Produces elements (record batches) on a background thread, at most `depth` ahead of the
/// consumer, so that decoding batch k+1 overlaps formatting and writing batch k while memory
/// stays bounded (the consumer's batch, `depth` waiting ones, and the one being decoded).
final class Prefetcher<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Result<Element, Error>] = []
    private var finished = false
    private var cancelled = false
    private let depth: Int

    /// Starts producing: `produce` is called on the background thread until it returns nil
    /// or throws; its error is rethrown by ``next()`` after the batches before it.
    init(depth: Int = 1, produce: @escaping @Sendable () throws -> Element?) {
        self.depth = max(1, depth)
        let thread = Thread { [self] in run(produce) }
        thread.name = "data-designer.decode"
        thread.start()
    }

    private func run(_ produce: () throws -> Element?) {
        while true {
            condition.lock()
            while ready.count >= depth && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { break }
            let result: Result<Element, Error>?
            do {
                result = try produce().map { .success($0) }
            } catch {
                result = .failure(error)
            }
            condition.lock()
            if let result { ready.append(result) }
            let done: Bool
            if case .success = result { done = false } else { done = true }
            if done { finished = true }
            condition.broadcast()
            condition.unlock()
            if done { break }
        }
    }

    /// The next element, nil after the last; rethrows the producer's error in order.
    func next() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let result = ready.removeFirst()
        condition.broadcast()
        return try result.get()
    }

    /// Stops the producer after the batch it is decoding; waiting batches are dropped.
    func cancel() {
        condition.lock()
        cancelled = true
        ready.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    deinit { cancel() }
}
