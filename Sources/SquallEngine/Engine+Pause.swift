import Foundation
import SquallModel
import SquallPacks
import SquallStore

/// `execution pause|resume` of workflows (orquesta and action-chain), as st2 does them: a pause
/// starts no new task and lets the running ones end, then the workflow saves its state and is
/// `paused`; a resume runs it again from that state in a worker process.
extension Engine {
    static let pausableRunners: Set<String> = [RunnerType.orquesta.rawValue, RunnerType.actionChain.rawValue]

    /// Marks a running workflow `pausing` (its runner ends it `paused`).
    @discardableResult
    public func pause(id: String) throws -> Execution {
        try audited("execution.pause", target: id) { try pauseUnaudited(id: id) }
    }

    private func pauseUnaudited(id: String) throws -> Execution {
        try changeWorkflow(id) { record in
            guard record.status == .running else {
                throw EngineError.badInput("execution '\(id)' is \(record.status.rawValue): only a running workflow pauses")
            }
            record.status = .pausing
            record.log.append(StatusTransition(status: .pausing, timestamp: Date()))
        }
    }

    /// Resumes a paused workflow from its saved state in a worker process started with `worker`
    /// (`squall execution work`); returns the record, `resuming`, at once.
    @discardableResult
    public func resume(id: String, worker: WorkerCommand) throws -> Execution {
        try audited("execution.resume", target: id) { try resumeUnaudited(id: id, worker: worker) }
    }

    private func resumeUnaudited(id: String, worker: WorkerCommand) throws -> Execution {
        guard let recorded = try store.execution(id: id) else { throw EngineError.notFound("execution '\(id)' not found") }
        try checkPaused(recorded)
        let started = try worker.start()
        let owner = ProcessLiveness.startTime(pid: started.pid)
        let resuming: Execution
        do {
            resuming = try claimResume(id: id, owner: (started.pid, owner))
        } catch {
            started.abandon()
            throw error
        }
        try started.handOver(BackgroundJob(executionId: id, actionRef: recorded.action, parameters: recorded.parameters,
                                           user: recorded.context["user"]?.stringValue ?? "squall"))
        return resuming
    }

    /// Resumes a paused workflow on a thread of this process (the server's inquiry answers and
    /// expiries); returns the record, `resuming`, at once.
    @discardableResult
    func resumeInBackground(id: String) throws -> Execution {
        let resuming = try claimResume(id: id, owner: ProcessLiveness.current())
        Thread.detachNewThread { [self] in
            _ = try? executeRecorded(id: id, parameters: resuming.parameters, user: resuming.context["user"]?.stringValue ?? "squall")
        }
        return resuming
    }

    /// Moves a paused workflow to `resuming`, owned by `owner`, in one store transaction: a second
    /// resume (or a cancel) landing first wins.
    func claimResume(id: String, owner: (pid: Int32, startTime: UInt64?)) throws -> Execution {
        try changeWorkflow(id) { record in
            try self.checkPaused(record)
            record.status = .resuming
            record.log.append(StatusTransition(status: .resuming, timestamp: Date()))
            record.endTimestamp = nil
            record.supervisorPid = owner.pid
            record.supervisorStartTime = owner.startTime
        }
    }

    private func checkPaused(_ record: Execution) throws {
        guard record.status == .paused else {
            throw EngineError.badInput("execution '\(record.id)' is \(record.status.rawValue): only a paused workflow resumes")
        }
    }

    private func changeWorkflow(_ id: String, _ change: (inout Execution) throws -> Void) throws -> Execution {
        do {
            return try store.update(id: id) { record in
                guard Self.pausableRunners.contains(record.runner) else {
                    throw EngineError.badInput("execution '\(id)' is not a workflow (runner \(record.runner)): only orquesta and action-chain executions pause and resume")
                }
                try change(&record)
            }
        } catch let error as StoreError where error.kind == .notFound {
            throw EngineError.notFound("execution '\(id)' not found")
        }
    }
}
