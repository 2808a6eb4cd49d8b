import Foundation
import SquallModel
import SquallPacks
import SquallRunners
import SquallStore
import SquallWorkflows

/// st2's `execution re-run ID --tasks t1,t2 [--no-reset t1]` of an orquesta workflow: a new
/// execution of the workflow that goes on from the failed one's saved state, keeping the results
/// of the tasks that succeeded and running the named failed tasks again (`Conductor.rerun`).
extension Engine {
    /// The request for such a re-run, checked against the old run's state (one-line errors name
    /// the task). `reset` names the with-items tasks whose items all run again; st2's CLI resets
    /// every named task but those given to `--no-reset`.
    public func rerunRequest(id: String, overrides: [String: JSONValue], tasks: [String], reset: [String]) throws -> ExecutionRequest {
        var request = try rerunRequest(id: id, overrides: overrides)
        guard !tasks.isEmpty else { return request }
        let recorded = try execution(id: id)
        guard recorded.runner == RunnerType.orquesta.rawValue else {
            throw EngineError.badInput("execution '\(id)' is not an orquesta workflow (runner \(recorded.runner)): only an orquesta workflow re-runs tasks")
        }
        guard recorded.status.isCompleted else {
            throw EngineError.badInput("execution '\(id)' is \(recorded.status.rawValue): only a completed workflow re-runs tasks")
        }
        if let unknown = reset.first(where: { !tasks.contains($0) }) {
            throw EngineError.badInput("reset: task '\(unknown)' is not one of the tasks to re-run")
        }
        do {
            try failedRun(of: id, action: recorded.action).checkRerun(tasks: tasks)
        } catch let error as RerunError {
            throw EngineError.badInput("execution '\(id)': \(error.description)")
        }
        request.context["re-run"] = ["ref": .string(id), "tasks": .array(tasks.map(JSONValue.string)), "reset": .array(reset.map(JSONValue.string))]
        return request
    }

    /// Runs such a re-run in this process (the CLI's `execution re-run --tasks`).
    public func rerun(id: String, overrides: [String: JSONValue], tasks: [String], reset: [String]) throws -> Execution {
        try run(try rerunRequest(id: id, overrides: overrides, tasks: tasks, reset: reset))
    }

    /// The conductor of workflow `id` as its run ended (secrets still as tokens, for `secrets` to
    /// put back).
    func failedRun(of id: String, action ref: String, secrets: WorkflowSecrets? = nil,
                   expressions: WorkflowExpressions = WorkflowExpressions()) throws -> Conductor {
        guard let action = catalog.actions[ref] else { throw EngineError.notFound("action '\(ref)' not found") }
        guard let saved = try WorkflowDurability.savedRun(of: id, store: store, secrets: secrets) else {
            throw EngineError.badInput("execution '\(id)' has no saved workflow state to re-run from")
        }
        let spec = try WorkflowRunner.readAndInspect(action, catalog: catalog)
        return Conductor(spec: spec, restoring: saved.snapshot, expressions: expressions)
    }
}
