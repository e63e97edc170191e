import Foundation
@testable import DataDesigner

extension CreateOptions {
    /// Makes ``CreateOptions/isCancelled`` cancel the run once `count` batches have been
    /// written in it (it is asked once before each batch), as a kill between batches would.
    mutating func cancel(afterBatches count: Int) {
        let asked = CallCounter()
        isCancelled = { asked.next() > count }
    }
}

/// Counts calls from any thread.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0

    /// The number of calls so far, this one included.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        calls += 1
        return calls
    }
}
