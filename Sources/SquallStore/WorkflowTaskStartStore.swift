public import SquallModel

/// A workflow's state as one save writes it (`WorkflowStateStore.saveWorkflowState`): the header
/// record, the parts that changed and the task instances that ended.
public struct WorkflowStateSave: Sendable, Equatable {
    public var record: WorkflowStateRecord
    public var parts: WorkflowStatePartChanges
    public var tasks: [WorkflowTaskRecord]

    public init(record: WorkflowStateRecord, parts: WorkflowStatePartChanges, tasks: [WorkflowTaskRecord]) {
        self.record = record; self.parts = parts; self.tasks = tasks
    }
}

/// What a workflow runner does per task it starts, in as few store round trips as it can: a
/// transaction per task and a read of the workflow's whole record were most of a workflow's cost
/// over its tasks' own executions (`squall bench-workflows`).
public protocol WorkflowTaskStartStore: Sendable {
    /// Records `child` (a task execution of workflow `workflowId`) and, in the same transaction,
    /// saves `state` (the workflow's state that asked for the task) when given; returns the
    /// workflow's status as that transaction saw it (nil: no such execution). A cancel that marks
    /// the workflow before this commits is seen here; one after it finds the child. When that
    /// status is one of `held` (a pause or cancel asked for), the child is not recorded; the
    /// state still is. So a workflow need not read its status before each task it starts.
    func createWorkflowChild(_ child: Execution, of workflowId: String, saving state: WorkflowStateSave?,
                             unlessWorkflowIs held: Set<ExecutionStatus>) throws -> ExecutionStatus?
    /// The status of execution `id` alone (nil: no such execution), without reading its record.
    func executionStatus(id: String) throws -> ExecutionStatus?
}

extension WorkflowTaskStartStore {
    /// `createWorkflowChild` whatever the workflow's status.
    public func createWorkflowChild(_ child: Execution, of workflowId: String, saving state: WorkflowStateSave?) throws -> ExecutionStatus? {
        try createWorkflowChild(child, of: workflowId, saving: state, unlessWorkflowIs: [])
    }
}
