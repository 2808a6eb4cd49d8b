import Foundation
import SquallModel
import SquallPacks
import SquallStore

/// Where a workflow paused on an inquiry goes on once the inquiry is answered or times out.
public enum WorkflowContinuation: Sendable {
    /// In a detached `squall execution work` process (the CLI, which exits at once).
    case worker(WorkerCommand)
    /// On a thread of this process (the server: its API and its inquiry timer).
    case inThisProcess
}

/// Inquiries (st2's core.ask) as every front end sees them: list, get, respond. An inquiry past
/// its TTL is expired lazily by each of these and periodically by the server's housekeeping.
extension Engine {
    /// Open (`pending`) inquiries, newest first (st2's `inquiry list`).
    public func inquiries(limit: Int, continuing: WorkflowContinuation) throws -> Page<Inquiry> {
        guard limit >= 1 else { throw EngineError.badInput("limit must be at least 1 (got \(limit))") }
        expireInquiries(continuing: continuing)
        let open = try openInquiries()
        return Page(items: Array(open.prefix(limit)), total: open.count)
    }

    /// The inquiry with this id, in whatever state it is.
    public func inquiry(id: String, continuing: WorkflowContinuation) throws -> Inquiry {
        expireInquiries(continuing: continuing)
        guard let record = try store.execution(id: id), let inquiry = Inquiry(record) else {
            throw EngineError.notFound("inquiry '\(id)' not found")
        }
        return inquiry
    }

    /// Answers an open inquiry: `response` must fit its schema (else a one-line error naming the
    /// field, and nothing changes). The inquiry `succeeded` with the response in its result, and
    /// its paused workflow goes on. `requester` (the API's user) must be one of its `users`, if
    /// it names any; the CLI, run by the operator, gives none.
    @discardableResult
    public func respond(id: String, response: JSONValue, requester: String?, continuing: WorkflowContinuation) throws -> Inquiry {
        let inquiry = try self.inquiry(id: id, continuing: continuing)
        try Self.checkOpen(inquiry)
        if let requester, !inquiry.permits(user: requester) {
            throw EngineError.badInput("user '\(requester)' may not respond to inquiry '\(id)' (it names users \(inquiry.users.joined(separator: ", ")))")
        }
        if let problem = PayloadSchema.firstViolation(of: response, against: inquiry.schema, path: "response") {
            throw EngineError.badInput("inquiry '\(id)': \(problem)")
        }
        let answered = try closeInquiry(id, as: .succeeded) { result in result["response"] = response }
        continueWorkflow(of: answered, continuing)
        return answered
    }

    /// Times out every open inquiry past its TTL (its workflow goes on: the task failed). Returns
    /// the ids expired.
    @discardableResult
    public func expireInquiries(now: Date = Date(), continuing: WorkflowContinuation) -> [String] {
        var expired: [String] = []
        for inquiry in (try? openInquiries()) ?? [] {
            guard let deadline = inquiry.expiresAt, deadline < now,
                  let closed = try? closeInquiry(inquiry.id, as: .timeout, { _ in }) else { continue }
            logger.info("inquiry timed out", metadata: ["execution": "\(inquiry.id)", "ttl": "\(inquiry.ttl)"])
            expired.append(inquiry.id)
            continueWorkflow(of: closed, continuing)
        }
        return expired
    }

    /// st2's check_inquiry: only a pending inquiry can be answered.
    public static func checkOpen(_ inquiry: Inquiry) throws {
        switch inquiry.status {
        case .pending: return
        case .timeout: throw EngineError.badInput("inquiry '\(inquiry.id)' timed out and cannot be responded to")
        default: throw EngineError.badInput("inquiry '\(inquiry.id)' has already been responded to (it is \(inquiry.status.rawValue))")
        }
    }

    private func openInquiries() throws -> [Inquiry] {
        try store.executions(matching: ExecutionQuery(status: .pending, limit: Int(Int32.max))).compactMap(Inquiry.init)
    }

    /// Moves a pending inquiry to `status` in one store transaction (a concurrent answer or expiry
    /// landing first wins: this one then throws), and emits its completion trigger.
    private func closeInquiry(_ id: String, as status: ExecutionStatus, _ change: (inout [String: JSONValue]) -> Void) throws -> Inquiry {
        let closed: Execution
        do {
            closed = try store.update(id: id) { record in
                guard let inquiry = Inquiry(record) else { throw EngineError.notFound("inquiry '\(id)' not found") }
                try Self.checkOpen(inquiry)
                var result = record.result?.objectValue ?? [:]
                change(&result)
                record.result = .object(result)
                record.status = status
                record.log.append(StatusTransition(status: status, timestamp: Date()))
                record.endTimestamp = Date()
            }
        } catch let error as StoreError where error.kind == .alreadyCompleted || error.kind == .notFound {
            guard let stored = try store.execution(id: id), let inquiry = Inquiry(stored) else { throw EngineError.notFound("inquiry '\(id)' not found") }
            try Self.checkOpen(inquiry)
            throw error
        }
        emitActionTrigger(closed)
        guard let inquiry = Inquiry(closed) else { throw EngineError.notFound("inquiry '\(id)' not found") }
        return inquiry
    }

    /// Resumes the paused workflow an answered or expired inquiry belongs to. A workflow still
    /// running (other tasks) finds the answer itself when it would pause (`resumeIfAnswered`).
    private func continueWorkflow(of inquiry: Inquiry, _ continuing: WorkflowContinuation) {
        guard let workflowId = inquiry.workflowId,
              (try? store.execution(id: workflowId))?.status == .paused else { return }
        do {
            switch continuing {
            case .worker(let worker): try resume(id: workflowId, worker: worker)
            case .inThisProcess: try resumeInBackground(id: workflowId)
            }
        } catch {
            // Another answer's resume got there first: that run finds this answer too.
            logger.info("workflow not resumed after inquiry", metadata: ["execution": "\(workflowId)", "reason": "\(error)"])
        }
    }

    /// What `execute` does when a runner ends `pending` (an inquiry opened): nobody owns the
    /// record any more (the orphan sweep must leave it alone) and it has not ended. The write that
    /// made it `pending` (recordCompletion) already cleared its owner; this reads it back as stored.
    func inquiryOpened(_ id: String) -> Execution? {
        update(id) { record in
            record.supervisorPid = nil
            record.supervisorStartTime = nil
            record.endTimestamp = nil
        }
    }

    /// A workflow that just paused while one of its inquiries (or a sub-workflow paused on one)
    /// was being answered (the answer saw it still running, so did not resume it) goes on at once,
    /// here; nil when nothing it waits on has ended.
    func resumeIfAnswered(_ paused: Execution) -> Execution? {
        guard Self.pausableRunners.contains(paused.runner),
              let children = try? store.executions(matching: ExecutionQuery(parent: paused.id, limit: Int(Int32.max))) else { return nil }
        // A completed child no ended task row names is one the workflow has not taken in yet (a
        // chain keeps a row for the node it waits on, with the status the child had then).
        let rows = (try? store.workflowTasks(workflowId: paused.id)) ?? []
        let taken = Set((paused.runner == RunnerType.orquesta.rawValue ? rows : rows.filter(\.status.isCompleted)).compactMap(\.executionId))
        guard children.contains(where: { $0.status.isCompleted && !taken.contains($0.id) }),
              (try? claimResume(id: paused.id, owner: ProcessLiveness.current())) != nil else { return nil }
        return try? executeRecorded(id: paused.id, parameters: paused.parameters, user: paused.context["user"]?.stringValue ?? "squall")
    }

    /// A sub-workflow that ended after a resume (its inquiry answered) hands on to its parent,
    /// paused waiting on it: the parent goes on here, in the same process.
    func resumeParentWaiting(on child: Execution) {
        guard Self.pausableRunners.contains(child.runner),
              let parentId = child.context["parent"]?["execution_id"]?.stringValue,
              let parent = try? store.execution(id: parentId), parent.status == .paused else { return }
        _ = resumeIfAnswered(parent)
    }
}
