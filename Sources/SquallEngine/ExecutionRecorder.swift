import Foundation
import Logging
import SquallModel
import SquallRunners
import SquallStore

/// Receives a runner's events for one execution and records them: output lines in batches,
/// datastore calls answered, the child's pid noted so the execution can be cancelled.
final class ExecutionRecorder: RunnerEvents {
    let executionId: String
    let store: any ExecutionStore
    let logger: Logger
    let datastore: DatastoreService
    let onChildStarted: (Int32) -> Void
    /// Where an action's trigger instances go (this process's server, or the running one through its control socket).
    let dispatchTrigger: (String, JSONValue) throws -> Void
    private var pending: [OutputLine] = []
    private var sequence = 0
    private var lastFlush = Date()
    /// Output lines the store refused (a full disk, say), and the first refusal: an execution
    /// missing part of its output must not be recorded as succeeded.
    private(set) var unrecordedLines = 0
    private(set) var firstStoreFailure: String?

    init(executionId: String, store: any ExecutionStore, datastore: DatastoreService, logger: Logger,
         dispatchTrigger: @escaping (String, JSONValue) throws -> Void, onChildStarted: @escaping (Int32) -> Void) {
        self.executionId = executionId; self.store = store; self.datastore = datastore; self.logger = logger
        self.dispatchTrigger = dispatchTrigger; self.onChildStarted = onChildStarted
    }

    func childStarted(pid: Int32) { onChildStarted(pid) }

    func output(_ stream: OutputStreamKind, line: String) {
        sequence += 1
        pending.append(OutputLine(executionId: executionId, sequence: sequence, stream: stream, line: line, timestamp: Date()))
        // Batch writes, but keep `execution tail` close to live.
        if pending.count >= 200 || Date().timeIntervalSince(lastFlush) > 0.1 { flush() }
    }

    func datastore(operation: String, arguments: [String: JSONValue]) throws -> JSONValue {
        try datastore.handle(operation: operation, arguments: arguments)
    }

    func dispatch(trigger: String, payload: JSONValue, traceTag: String?) throws {
        try dispatchTrigger(trigger, payload)
    }

    func flush() {
        guard !pending.isEmpty else { return }
        // A full disk must not kill the child: it runs on, the loss is counted and the execution
        // ends failed (see Engine.execute).
        // Logged once: a full disk refuses every later batch too, and the total is in the result.
        do { try store.appendOutput(pending) } catch {
            if firstStoreFailure == nil {
                logger.error("output lines not recorded", metadata: ["execution": "\(executionId)", "count": "\(pending.count)", "reason": "\(error)"])
                firstStoreFailure = "\(error)"
            }
            unrecordedLines += pending.count
        }
        pending.removeAll()
        lastFlush = Date()
    }

    /// Why the execution's output is incomplete, or nil when every line was stored.
    var outputLoss: String? {
        firstStoreFailure.map { "\(unrecordedLines) output lines were not stored: \($0)" }
    }
}
