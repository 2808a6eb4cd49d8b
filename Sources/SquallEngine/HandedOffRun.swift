import Foundation
import SquallModel

/// One handed-off `squall run` in its slot (Server+HandedOffRuns): signalled when it ends, with the
/// record `execute` returned, so the answer needs no second read of the store.
final class HandedOffRun: @unchecked Sendable {
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var record: Execution?

    /// nil when it never ran (abandoned while the server stops).
    func finish(_ completed: Execution?) {
        lock.withLock { record = completed }
        finished.signal()
    }

    var completed: Execution? { lock.withLock { record } }
}
