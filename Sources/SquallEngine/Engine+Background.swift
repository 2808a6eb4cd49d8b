import Foundation
import SquallModel

/// Executions a long-running front end (the HTTP API in `squall server`) starts in its own process:
/// checked and recorded before the call returns, then run by the server in this process within its
/// `concurrency` slots (a thread each when no server runs here).
extension Engine {
    /// Prepares and records `request` (bad input throws and records nothing), then hands it to be
    /// run in the background; returns the `requested` record at once.
    public func startInBackground(_ request: ExecutionRequest) throws -> Execution {
        let (prepared, recorded) = try audited(Self.auditAction(request), target: request.actionRef, quietFailure: true,
                                               detail: { Self.auditDetail($0.1) }) {
            let prepared = try prepare(request)
            return (prepared, try record(prepared))
        }
        let execution = BackgroundExecution(id: recorded.id, run: { [self] in _ = execute(prepared, recorded: recorded, materializingResult: false) },
                                            abandon: { [self] in _ = try? cancelUnaudited(id: recorded.id) })
        if let launcher = backgroundLauncher.withLock({ $0 })?.launch {
            launcher(execution)
        } else {
            Thread.detachNewThread { execution.run() }
        }
        return recorded
    }

    /// A server running on this engine runs the API's executions in its own slots.
    public func setBackgroundLauncher(_ launcher: (@Sendable (BackgroundExecution) -> Void)?) {
        backgroundLauncher.withLock { $0 = launcher.map(BackgroundLauncher.init) }
    }
}
