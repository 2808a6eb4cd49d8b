import Foundation
import SquallStore

/// A workflow state save handed to the one task the workflow starts next: the task's child is
/// recorded in the same store transaction (`WorkflowTaskStartStore.createWorkflowChild`), which
/// saves a commit per task. The save is durable no later than the child exists, as when the
/// workflow saved first and then started the task. Its outcome is waited for before the
/// workflow's next save, so saves still commit in order.
final class WorkflowStateHandoff: @unchecked Sendable {
    let save: WorkflowStateSave
    private let condition = NSCondition()
    private var outcome: Bool?

    init(_ save: WorkflowStateSave) { self.save = save }

    /// The task could not record a child (its request was refused): the state is saved alone.
    func saveAlone(in store: any WorkflowStateStore) {
        finish(saved: (try? store.saveWorkflowState(save.record, parts: save.parts, tasks: save.tasks)) != nil)
    }

    func finish(saved: Bool) {
        condition.lock()
        if outcome == nil { outcome = saved }
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the save reached the store (waits for the task to try).
    func waitSaved() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return outcome!
    }
}
