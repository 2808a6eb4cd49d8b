import Foundation
import SquallModel
import SquallPacks

/// A workflow's task executions as st2 shows them: the `children` ids on an execution and
/// `/executions/{id}/children` (st2's get_descendants). Children are found by their
/// `context.parent.execution_id` (indexed in SQLite: v9-execution-parent-index); squall keeps no
/// separate list on the parent.
extension Engine {
    /// The ids of the executions `id` started (a workflow's tasks), oldest first. Only workflow
    /// runners start children, so other executions answer [] without a query.
    public func childIds(of execution: Execution) throws -> [String] {
        try taskExecutions(of: execution).map(\.id)
    }

    /// The executions `execution` started (a workflow's tasks), oldest first, without their results
    /// (for lists and task tables). Only workflow runners start children: others answer [] without a query.
    public func taskExecutions(of execution: Execution) throws -> [Execution] {
        guard Self.workflowRunners.contains(execution.runner) else { return [] }
        return try children(of: execution.id, includeResults: false)
    }

    /// Everything `id` started, depth first (each child followed by its own descendants, siblings
    /// oldest first), `depth` levels down (0 or less: all), as st2's default `result_fmt`.
    /// Throws notFound for an unknown id.
    public func descendants(of id: String, depth: Int = -1) throws -> [Execution] {
        _ = try execution(id: id)
        var result: [Execution] = []
        var seen: Set<String> = [id]
        // (execution, its level) still to visit; a child's children go in front of its siblings.
        var pending = try children(of: id, includeResults: true).map { ($0, 1) }
        while !pending.isEmpty {
            let (next, level) = pending.removeFirst()
            // A record naming itself or an ancestor as parent must not loop.
            guard seen.insert(next.id).inserted else { continue }
            result.append(next)
            if depth > 0 && level >= depth { continue }
            guard Self.workflowRunners.contains(next.runner) else { continue }
            pending.insert(contentsOf: try children(of: next.id, includeResults: true).map { ($0, level + 1) }, at: 0)
        }
        return result
    }

    /// The runners whose executions start child executions (st2client's WORKFLOW_RUNNER_TYPES).
    static let workflowRunners: Set<String> = [RunnerType.orquesta.rawValue, RunnerType.actionChain.rawValue]

    private func children(of id: String, includeResults: Bool) throws -> [Execution] {
        var query = ExecutionQuery(parent: id, limit: Int(Int32.max))
        query.includeResults = includeResults
        return try store.executions(matching: query).reversed()
    }
}
