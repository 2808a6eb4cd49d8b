import Foundation
import SquallModel
import SquallRunners
import SquallWorkflows

extension Engine {
    /// Runs one workflow task's action as a child execution of the workflow, through the same
    /// prepare -> record -> execute path as any execution. Returns how it ended and its result;
    /// a request the engine refuses (bad parameters) is a failed task with that one-line error.
    /// A task the workflow's status holds back (one of `held`) comes back with no child and that status.
    func runWorkflowTask(_ request: TaskRequest, workflow job: RunnerJob, handoff: WorkflowStateHandoff? = nil,
                         heldBy held: Set<ExecutionStatus> = []) -> (child: String?, status: ExecutionStatus, result: JSONValue) {
        if request.delaySeconds > 0 { Thread.sleep(forTimeInterval: request.delaySeconds) }
        var orquesta: [String: JSONValue] = [
            "task_name": .string(request.taskName), "task_id": .string(request.taskName), "task_route": .int(request.route),
        ]
        if let item = request.itemID { orquesta["item_id"] = .int(item) }
        let context: [String: JSONValue] = ["parent": ["execution_id": .string(job.executionId)], "orquesta": .object(orquesta)]
        let child = ExecutionRequest(actionRef: request.action, parameters: request.input, user: job.user, context: context)
        do {
            let done = try runWorkflowChild(child, workflowId: job.executionId, handoff: handoff, heldBy: held)
            return (done.id, done.status, done.result ?? .null)
        } catch let held as WorkflowChildHeld {
            // No child: the workflow's status comes back instead (one of `held`).
            return (nil, held.workflowStatus, .null)
        } catch {
            return (nil, .failed, ["error": .string("\(error)")])
        }
    }
}

extension Engine {
    /// Runs one child of a workflow (orquesta task or chain node) through prepare -> record ->
    /// execute; throws when the engine refuses the request (nothing is recorded then).
    func runChildExecution(_ child: ExecutionRequest, workflowId: String,
                           onRecorded: (Execution) -> Void = { _ in }) throws -> Execution {
        let prepared = try prepare(child)
        let recorded = try record(prepared)
        onRecorded(recorded)
        // A cancel of the workflow lists its children after marking it: a child recorded
        // meanwhile sees the mark here instead.
        if (try? store.execution(id: workflowId))?.status == .canceling { _ = try? cancelUnaudited(id: recorded.id) }
        return execute(prepared, recorded: recorded)
    }

    /// How many workflow executions enclose this one (its parent chain, read from the store).
    func workflowNestingDepth(of id: String, limit: Int) -> Int {
        var depth = 0
        var current = id
        while depth <= limit,
              let parent = (try? store.execution(id: current))?.context["parent"]?["execution_id"]?.stringValue {
            depth += 1
            current = parent
        }
        return depth
    }

    /// Cancels the unfinished task executions of a workflow being canceled (sub-workflows cancel
    /// their own children the same way).
    func cancelWorkflowChildren(of id: String) {
        let children = (try? store.executions(matching: ExecutionQuery(parent: id, limit: 100_000))) ?? []
        for child in children where !child.status.isCompleted && child.status != .canceling {
            _ = try? cancelUnaudited(id: child.id)
        }
    }
}
