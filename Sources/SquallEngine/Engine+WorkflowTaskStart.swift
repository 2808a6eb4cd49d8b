import Foundation
import SquallModel
import SquallStore

extension Engine {
    /// `runChildExecution` for an orquesta task: one transaction records the child, saves the
    /// workflow state handed to it (if any) and reads the workflow's status (a cancel marked
    /// before it is seen here, one after it lists the child), instead of two writes and a read of
    /// the workflow's whole record. Throws when the engine refuses the request (the handed state
    /// is then saved alone), and `WorkflowChildHeld` when the workflow's status is one of `held`
    /// (no child is recorded then; the handed state is).
    func runWorkflowChild(_ child: ExecutionRequest, workflowId: String, handoff: WorkflowStateHandoff?,
                          heldBy held: Set<ExecutionStatus> = []) throws -> Execution {
        let prepared: PreparedExecution
        do {
            prepared = try prepare(child)
        } catch {
            handoff?.saveAlone(in: store)
            throw error
        }
        let recorded = newRecord(prepared)
        let workflowStatus: ExecutionStatus?
        do {
            workflowStatus = try store.createWorkflowChild(recorded, of: workflowId, saving: handoff?.save, unlessWorkflowIs: held)
            handoff?.finish(saved: true)
        } catch {
            handoff?.finish(saved: false)
            throw error
        }
        if let workflowStatus, held.contains(workflowStatus) { throw WorkflowChildHeld(workflowStatus: workflowStatus) }
        if workflowStatus == .canceling { _ = try? cancelUnaudited(id: recorded.id) }
        return execute(prepared, recorded: recorded)
    }
}

/// A task's child was not recorded: its workflow was pausing or canceling when it would have been.
struct WorkflowChildHeld: Error {
    let workflowStatus: ExecutionStatus
}
