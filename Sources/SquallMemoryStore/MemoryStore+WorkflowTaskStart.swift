public import Foundation
public import SquallModel
public import SquallStore

extension MemoryStore {
    public func createWorkflowChild(_ child: Execution, of workflowId: String, saving save: WorkflowStateSave?) throws -> ExecutionStatus? {
        try transaction { state in
            try state.insert(child)
            if let save { try state.saveWorkflowState(save) }
            return state.executions[workflowId]?.status
        }
    }

    public func executionStatus(id: String) throws -> ExecutionStatus? {
        try read { $0.executions[id]?.status }
    }
}
