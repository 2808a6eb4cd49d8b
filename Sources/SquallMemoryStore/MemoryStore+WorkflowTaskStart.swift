public import Foundation
public import SquallModel
public import SquallStore

extension MemoryStore {
    public func createWorkflowChild(_ child: Execution, of workflowId: String, saving save: WorkflowStateSave?,
                                    unlessWorkflowIs held: Set<ExecutionStatus>) throws -> ExecutionStatus? {
        try transaction { state in
            let status = state.executions[workflowId]?.status
            if !(status.map(held.contains) ?? false) { try state.insert(child) }
            if let save { try state.saveWorkflowState(save) }
            return status
        }
    }

    public func executionStatus(id: String) throws -> ExecutionStatus? {
        try read { $0.executions[id]?.status }
    }
}
