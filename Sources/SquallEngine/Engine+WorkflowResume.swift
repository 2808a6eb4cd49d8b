import Foundation
import SquallModel
import SquallPacks
import SquallStore

/// Workflows whose process died (`kill -9` of a server or of a `run --async` worker) go on from
/// the state their runner saved in the store. `abandonOrphans` leaves such a workflow alone (it
/// has a saved state); the next server takes it over and runs it from that state.
extension Engine {
    /// Takes over and resumes, each on its own thread, every unfinished top-level workflow whose
    /// owner is gone. A sub-workflow is not resumed by itself: its parent's resume resumes it
    /// (resumeSubWorkflow), as a task the parent waits on.
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
    /// supervisor died before it completed; a sub-workflow with a saved state is resumed instead
    /// (resumeSubWorkflow). Nil when there is no such execution.
    func abandonIfUnfinished(_ id: String) -> Execution? {
        guard let child = try? store.execution(id: id) else { return nil }
        if child.status.isCompleted { return child }
        if let resumed = resumeSubWorkflow(child) { return resumed }
        if let pid = child.context["child_pid"]?.intValue, pid > 0 { kill(-Int32(pid), SIGKILL) }
        return update(id) { record in
            guard !record.status.isCompleted else { return }
            record.markAbandoned(supervisorPid: record.supervisorPid ?? 0, at: Date())
        } ?? child
    }

    /// A running sub-workflow whose process died goes on from its own saved state, here, in the
    /// thread of the parent resuming it (the parent waits on it as on any task): no task of either
    /// that completed runs again. Nil (so the caller abandons it) when it is not claimed
    /// (claimSubWorkflow).
    private func resumeSubWorkflow(_ child: Execution) -> Execution? {
        guard claimSubWorkflow(child) else { return nil }
        return try? resumeClaimed(child)
    }

    /// Takes over a running sub-workflow whose process died, for this process to resume
    /// (resumeClaimedSubWorkflow). False (so the caller abandons it) when it has no saved state,
    /// waits on an answer, or its owner is alive.
    func claimSubWorkflow(_ child: Execution) -> Bool {
        guard Self.pausableRunners.contains(child.runner), child.status != .paused, child.status != .pending,
              (try? store.workflowState(executionId: child.id)) != nil else { return false }
        let me = ProcessLiveness.current()
        let claimed = try? store.update(id: child.id) { execution in
            let alive = execution.supervisorPid.map { ProcessLiveness.isAlive(pid: $0, startTime: execution.supervisorStartTime) } ?? false
            guard !execution.status.isCompleted, !alive else { throw EngineError.badInput("execution '\(child.id)' is owned") }
            execution.supervisorPid = me.pid
            execution.supervisorStartTime = me.startTime
        }
        return claimed != nil
    }

    /// Resumes a sub-workflow `claimSubWorkflow` took over and returns it as it ended; one whose
    /// resume fails is abandoned (its parent's failure transitions apply).
    func resumeClaimedSubWorkflow(_ child: Execution) -> Execution {
        do {
            return try resumeClaimed(child)
        } catch {
            logger.error("sub-workflow not resumed", metadata: ["execution": "\(child.id)", "reason": "\(error)"])
            return update(child.id) { record in
                guard !record.status.isCompleted else { return }
                record.markAbandoned(supervisorPid: record.supervisorPid ?? 0, at: Date())
            } ?? child
        }
    }

    private func resumeClaimed(_ child: Execution) throws -> Execution {
        logger.info("resuming sub-workflow", metadata: ["execution": "\(child.id)", "action": "\(child.action)"])
        return try executeRecorded(id: child.id, parameters: child.parameters, user: child.context["user"]?.stringValue ?? "squall")
    }
}
