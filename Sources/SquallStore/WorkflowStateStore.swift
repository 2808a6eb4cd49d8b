public import Foundation
public import SquallModel

/// A workflow's durable state: its runner's snapshot (the orquesta conductor's, or the chain's
/// progress), written after each event so a restarted process can go on from it.
public struct WorkflowStateRecord: Sendable, Equatable {
    /// The workflow's own execution.
    public var executionId: String
    /// `orquesta` or `action-chain`: who can read `state`.
    public var runner: String
    public var state: JSONValue
    public var updatedAt: Date

    public init(executionId: String, runner: String, state: JSONValue, updatedAt: Date = Date()) {
        self.executionId = executionId; self.runner = runner; self.state = state; self.updatedAt = updatedAt
    }
}

/// One task instance of a workflow (st2's task execution): which child execution runs it, once
/// recorded, and how it ended.
public struct WorkflowTaskRecord: Sendable, Equatable {
    public var workflowId: String
    /// The runner's handle for the instance (orquesta: the conductor's request id; a chain: its
    /// position in the run), unique within the workflow.
    public var key: Int
    public var taskName: String
    /// The child execution, once recorded (nil: asked for but not recorded yet).
    public var executionId: String?
    /// `requested`, then the child's final status.
    public var status: ExecutionStatus

    public init(workflowId: String, key: Int, taskName: String, executionId: String?, status: ExecutionStatus) {
        self.workflowId = workflowId; self.key = key; self.taskName = taskName; self.executionId = executionId; self.status = status
    }
}

/// Where workflow and task state live (see `WorkflowStateRecord`). Both go when the workflow's
/// execution is purged.
public protocol WorkflowStateStore: Sendable {
    /// Inserts or replaces the workflow's state (its header when the runner saves parts), applies
    /// `parts` and, in the same transaction, saves `tasks` (each by workflow and key): one commit
    /// per workflow event.
    func saveWorkflowState(_ record: WorkflowStateRecord, parts: WorkflowStatePartChanges, tasks: [WorkflowTaskRecord]) throws
    func workflowState(executionId: String) throws -> WorkflowStateRecord?
    /// The parts of a workflow's state (see `WorkflowStatePartChanges`), by key; empty when none.
    func workflowStateParts(executionId: String) throws -> [String: JSONValue]
    /// Every workflow with a saved state, by execution id (a restarted process looks for its own).
    func workflowStates() throws -> [WorkflowStateRecord]
    /// Inserts or replaces one task instance (by workflow and key).
    func saveWorkflowTask(_ task: WorkflowTaskRecord) throws
    /// A workflow's task instances, by key.
    func workflowTasks(workflowId: String) throws -> [WorkflowTaskRecord]
    /// Forgets a workflow's state, its parts and tasks (it completed); returns whether there was a state.
    @discardableResult func deleteWorkflowState(executionId: String) throws -> Bool
}

extension WorkflowStateStore {
    public func saveWorkflowState(_ record: WorkflowStateRecord) throws {
        try saveWorkflowState(record, tasks: [])
    }

    /// Inserts or replaces the workflow's whole state (its parts, if any, go) and `tasks`.
    public func saveWorkflowState(_ record: WorkflowStateRecord, tasks: [WorkflowTaskRecord]) throws {
        try saveWorkflowState(record, parts: WorkflowStatePartChanges(replacingAll: true), tasks: tasks)
    }
}
