public import Foundation
public import SquallModel
public import SquallStore

extension MemoryStore {
    public func saveWorkflowState(_ record: WorkflowStateRecord, parts: WorkflowStatePartChanges, tasks: [WorkflowTaskRecord]) throws {
        try transaction { state in try state.saveWorkflowState(WorkflowStateSave(record: record, parts: parts, tasks: tasks)) }
    }

    public func workflowStateParts(executionId: String) throws -> [String: JSONValue] {
        try read { $0.workflowStateParts[executionId] ?? [:] }
    }

    public func workflowState(executionId: String) throws -> WorkflowStateRecord? {
        try read { $0.workflowStates[executionId] }
    }

    public func workflowStates() throws -> [WorkflowStateRecord] {
        try read { Array($0.workflowStates.values) }.sorted { $0.executionId.utf8.lexicographicallyPrecedes($1.executionId.utf8) }
    }

    public func saveWorkflowTask(_ task: WorkflowTaskRecord) throws {
        try transaction { state in
            try state.requireExecution(task.workflowId)
            state.workflowTasks[task.workflowId, default: [:]][task.key] = task
        }
    }

    public func workflowTasks(workflowId: String) throws -> [WorkflowTaskRecord] {
        try read { $0.workflowTasks[workflowId].map { Array($0.values) } ?? [] }.sorted { $0.key < $1.key }
    }

    @discardableResult
    public func deleteWorkflowState(executionId: String) throws -> Bool {
        try transaction { state in
            state.workflowTasks[executionId] = nil
            state.workflowStateParts[executionId] = nil
            return state.workflowStates.removeValue(forKey: executionId) != nil
        }
    }
}

extension MemoryStore.State {
    mutating func saveWorkflowState(_ save: WorkflowStateSave) throws {
        let record = save.record, parts = save.parts
        try requireExecution(record.executionId)
        workflowStates[record.executionId] = record
        for task in save.tasks { workflowTasks[task.workflowId, default: [:]][task.key] = task }
        var saved = parts.replacingAll ? [:] : workflowStateParts.removeValue(forKey: record.executionId) ?? [:]
        for key in parts.removed { saved[key] = nil }
        saved.merge(parts.upserted) { _, new in new }
        workflowStateParts[record.executionId] = saved.isEmpty ? nil : saved
    }

    func requireExecution(_ id: String) throws {
        guard executions[id] != nil else { throw StoreError(.notFound, "execution \(id) not found") }
    }
}
