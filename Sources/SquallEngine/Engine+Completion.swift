import Foundation
import SquallModel
import SquallRunners

extension Engine {
    /// Records how an execution ended, never hiding a storage failure (a full disk, say): output
    /// the store refused makes the execution failed; a result it refuses is replaced by a short
    /// failed one; when even that cannot be written, the record returned (not stored) is failed
    /// and says so, and the stored one stays running until the next open marks it abandoned.
    /// A cancel that arrived while running wins over how the child happened to end (see transition).
    func recordCompletion(_ id: String, outcome: RunnerOutcome, outputLoss: String?, running: Execution) -> Execution {
        var outcome = outcome
        if let outputLoss { outcome = outcome.failed(because: outputLoss) }
        do {
            return try transitionOrThrow(id, to: outcome.status) { record in
                record.result = outcome.result
                record.actionResultText = outcome.actionResultText
                if outcome.status == .pending {
                    // An inquiry opened: nobody owns it from this write on, so a process dying
                    // right after cannot leave it to the orphan sweep (Engine+Inquiries).
                    record.supervisorPid = nil
                    record.supervisorStartTime = nil
                    record.endTimestamp = nil
                } else {
                    record.endTimestamp = Date()
                }
            }
        } catch {
            logger.error("execution result not recorded", metadata: ["execution": "\(id)", "reason": "\(error)"])
            let reason = [outputLoss, "the result was not stored: \(error)"].compactMap { $0 }.joined(separator: "; ")
            do {
                return try transitionOrThrow(id, to: .failed) { record in
                    record.result = ["error": .string(reason)]
                    record.actionResultText = nil
                    record.endTimestamp = Date()
                }
            } catch {
                logger.error("execution failure not recorded", metadata: ["execution": "\(id)", "reason": "\(error)"])
                var unrecorded = running
                unrecorded.status = .failed
                unrecorded.endTimestamp = Date()
                unrecorded.result = ["error": .string("\(reason); recording the failure failed too (\(error)): "
                    + "the stored record stays '\(running.status.rawValue)' until squall next opens the store and marks it abandoned")]
                return unrecorded
            }
        }
    }
}

extension RunnerOutcome {
    /// This outcome as a failure for `reason`, keeping what the action returned: the reason joins
    /// (or becomes) the result's `error`.
    func failed(because reason: String) -> RunnerOutcome {
        var failed = RunnerOutcome(status: .failed, result: result)
        failed.actionResultText = actionResultText
        guard case .object(var result) = result else {
            return RunnerOutcome(status: .failed, result: ["error": .string(reason), "result": result])
        }
        if case .string(let earlier)? = result["error"], !earlier.isEmpty {
            result["error"] = .string(earlier + "; " + reason)
        } else {
            result["error"] = .string(reason)
        }
        failed.result = .object(result)
        return failed
    }
}
