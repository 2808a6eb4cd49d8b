import Foundation
import SquallModel
import SquallStore

/// Group commit for execution records: the record updates of concurrent executions (scheduled and
/// running, the child's pid, the completion with its result) share write transactions. A caller
/// waits until its own change is committed, as with `ExecutionStore.update(id:_:)`, so a record is
/// never reported before it is stored (kill -9 loses nothing acknowledged), and one execution's
/// changes stay in the order it made them. Whoever finds no write under way writes everything
/// waiting, its own change included; the others wait for it and the next of them writes what came
/// meanwhile. Alone (the CLI, one execution at a time) a caller writes at once, as before.
final class ExecutionUpdateGroup: @unchecked Sendable {
    private final class Waiting {
        let update: ExecutionUpdate
        var result: Result<Execution, any Error>?
        init(_ update: ExecutionUpdate) { self.update = update }
    }

    private let condition = NSCondition()
    private var queued: [Waiting] = []
    private var writing = false
    /// Transactions written and changes they held (a test shows changes were grouped).
    private(set) var transactions = 0, changes = 0

    func update(id: String, _ change: (inout Execution) -> Void, in store: any ExecutionStore) throws -> Execution {
        // The change runs before this returns (inside the writer's transaction): it never escapes.
        try withoutActuallyEscaping(change) { change in
            let mine = Waiting(ExecutionUpdate(id: id, change: change))
            condition.lock()
            defer { condition.unlock() }
            queued.append(mine)
            while mine.result == nil {
                guard !writing else { condition.wait(); continue }
                writing = true
                let batch = queued
                queued = []
                condition.unlock()
                let results: [Result<Execution, any Error>]
                do {
                    results = try store.update(each: batch.map(\.update))
                } catch {
                    results = batch.map { _ in .failure(error) }
                }
                condition.lock()
                for (waiting, result) in zip(batch, results) { waiting.result = result }
                transactions += 1
                changes += batch.count
                writing = false
                condition.broadcast()
            }
            return try mine.result!.get()
        }
    }

    var counts: (transactions: Int, changes: Int) { condition.withLock { (transactions, changes) } }
    /// Changes waiting for the write under way to end.
    var queuedCount: Int { condition.withLock { queued.count } }
}
