import Foundation
import SquallModel

/// Executions a long-running front end (the HTTP API in `squall server`) starts in its own process:
/// checked and recorded before the call returns, run on a thread of their own.
extension Engine {
    /// Prepares and records `request` (bad input throws and records nothing), then runs it on a
    /// background thread; returns the `requested` record at once.
    public func startInBackground(_ request: ExecutionRequest) throws -> Execution {
        let (prepared, recorded) = try audited(Self.auditAction(request), target: request.actionRef, quietFailure: true,
                                               detail: { Self.auditDetail($0.1) }) {
            let prepared = try prepare(request)
            return (prepared, try record(prepared))
        }
        Thread.detachNewThread { [self] in _ = execute(prepared, recorded: recorded) }
        return recorded
    }
}
