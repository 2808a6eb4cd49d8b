import Foundation

/// Executions the HTTP API starts run in the server's `concurrency` slots, like those rules start,
/// and `stop` waits for them within its grace period. One still waiting for a slot when the server
/// stops is recorded canceled rather than left `requested`.
extension Server {
    func startFromAPI(_ execution: BackgroundExecution) {
        executions.enter()
        // A thread of its own: the API's request does not wait for a slot.
        Thread.detachNewThread { [self] in
            defer { executions.leave() }
            guard takeSlotUnlessStopping() else {
                logger.info("API execution canceled: the server stopped before it started", metadata: ["execution": "\(execution.id)"])
                return execution.abandon()
            }
            defer { slots.signal() }
            execution.run()
        }
    }

    /// Waits for a slot; false once the server is stopping (checked every 0.1 s while waiting).
    private func takeSlotUnlessStopping() -> Bool {
        while slots.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if [.stopping, .stopped].contains(lifecycleState) { return false }
        }
        return true
    }
}
