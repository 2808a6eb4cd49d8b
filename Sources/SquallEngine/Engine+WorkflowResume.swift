import Foundation
import SquallModel
import SquallPacks
import SquallStore

/// Workflows whose process died (`kill -9` of a server or of a `run --async` worker) go on from
/// the state their runner saved in the store. `abandonOrphans` leaves such a workflow alone (it
/// has a saved state); the next server takes it over and runs it from that state.
extension Engine {
    /// Takes over and resumes, each on its own thread, every unfinished top-level workflow whose
    /// owner is gone. A sub-workflow is not resumed by itself: its parent's resume abandons it and
    /// follows the parent's failure transitions (as st2 does for a task that was running).
    /// Returns the ids taken over.
    @discardableResult
    public func resumeOrphanedWorkflows() -> [String] {
        let me = ProcessLiveness.current()
        var resumed: [String] = []
        for state in (try? store.workflowStates()) ?? [] {
            // A paused workflow waits for `execution resume`.
            guard let record = try? store.execution(id: state.executionId), !record.status.isCompleted,
                  record.status != .paused, record.context["parent"] == nil else { continue }
            // Claimed in one store transaction: two servers starting at once resume it once.
            let claimed = try? store.update(id: record.id) { execution in
                let alive = execution.supervisorPid.map { ProcessLiveness.isAlive(pid: $0, startTime: execution.supervisorStartTime) } ?? false
                guard !execution.status.isCompleted, execution.status != .paused, !alive else {
                    throw EngineError.badInput("execution '\(record.id)' is owned")
                }
                execution.supervisorPid = me.pid
                execution.supervisorStartTime = me.startTime
            }
            guard claimed != nil else { continue }
            resumed.append(record.id)
            logger.info("resuming workflow", metadata: ["execution": "\(record.id)", "action": "\(record.action)"])
            Thread { [self] in
                do {
                    try executeRecorded(id: record.id, parameters: record.parameters,
                                        user: record.context["user"]?.stringValue ?? "squall")
                } catch {
                    logger.error("workflow not resumed", metadata: ["execution": "\(record.id)", "reason": "\(error)"])
                    transition(record.id, to: .failed) { $0.result = ["error": .string("workflow not resumed: \(error)")]; $0.endTimestamp = Date() }
                }
            }.start()
        }
        return resumed
    }

    /// A workflow's child as it stands, marked `abandoned` (its process group killed) if its
    /// supervisor died before it completed. Nil when there is no such execution.
    func abandonIfUnfinished(_ id: String) -> Execution? {
        guard let child = try? store.execution(id: id) else { return nil }
        if child.status.isCompleted { return child }
        if let pid = child.context["child_pid"]?.intValue, pid > 0 { kill(-Int32(pid), SIGKILL) }
        return update(id) { record in
            guard !record.status.isCompleted else { return }
            record.markAbandoned(supervisorPid: record.supervisorPid ?? 0, at: Date())
        } ?? child
    }
}
