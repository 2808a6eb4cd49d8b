public import Foundation
public import SquallModel
public import SquallStore

extension MemoryStore {
    public func create(_ execution: Execution) throws {
        try transaction { state in try state.insert(execution) }
    }

    public func update(_ execution: Execution) throws {
        try transaction { state in
            guard state.executions[execution.id] != nil else { throw StoreError(.notFound, "no execution with id \(execution.id)") }
            state.executions[execution.id] = execution.materialized()
        }
    }

    @discardableResult
    public func update(id: String, _ change: (inout Execution) throws -> Void) throws -> Execution {
        try transaction { state in
            guard let stored = state.executions[id] else { throw StoreError(.notFound, "no execution with id \(id)") }
            guard let changed = try ExecutionChange.apply(change, to: stored) else { return stored }
            // Kept as the SQLite store's readers see it: a text result parsed.
            state.executions[id] = changed.materialized()
            return changed
        }
    }

    public func execution(id: String) throws -> Execution? {
        try read { $0.executions[id] }
    }

    public func executions(matching query: ExecutionQuery) throws -> [Execution] {
        let all = try read { Array($0.executions.values) }
        let newestFirst = all.filter(query.matches).sorted {
            $0.startTimestamp != $1.startTimestamp ? $0.startTimestamp > $1.startTimestamp : $0.id > $1.id
        }
        let page = newestFirst.dropFirst(max(query.offset, 0)).prefix(max(query.limit, 0))
        return query.includeResults ? Array(page) : page.map { execution in
            var summary = execution
            summary.result = nil
            return summary
        }
    }

    public func countExecutions(matching query: ExecutionQuery) throws -> Int {
        try read { $0.executions.values.count(where: query.matches) }
    }

    public func appendOutput(_ lines: [OutputLine]) throws {
        try transaction { state in
            for line in lines {
                guard state.executions[line.executionId] != nil else {
                    throw StoreError(.notFound, "output for unknown execution \(line.executionId)")
                }
                guard state.output[line.executionId]?[line.sequence] == nil else {
                    throw StoreError(.duplicateID, "output line \(line.sequence) of \(line.executionId) already exists")
                }
                state.output[line.executionId, default: [:]][line.sequence] = line
            }
        }
    }

    public func output(executionId: String, after sequence: Int?) throws -> [OutputLine] {
        let lines = try read { Array(($0.output[executionId] ?? [:]).values) }
        return lines.filter { $0.sequence > (sequence ?? Int.min) }.sorted { $0.sequence < $1.sequence }
    }

    public func abandonOrphans(isSupervisorAlive: (Int32, UInt64?) -> Bool) throws -> [String] {
        try transaction { state in
            var abandoned: [String] = []
            // In start order, as SQLite's scan of the table finds them.
            let candidates = state.executions.values
                .filter { !$0.status.isCompleted && $0.supervisorPid != nil && state.workflowStates[$0.id] == nil }
                .sorted { ($0.startTimestamp, $0.id) < ($1.startTimestamp, $1.id) }
            for var execution in candidates {
                guard let pid = execution.supervisorPid, !isSupervisorAlive(pid, execution.supervisorStartTime) else { continue }
                execution.markAbandoned(supervisorPid: pid, at: Date())
                state.executions[execution.id] = execution
                abandoned.append(execution.id)
            }
            return abandoned
        }
    }

    public func purgeExecutions(completedBefore cutoff: Date) throws -> Int {
        try transaction { state in
            let old = state.executions.values.filter { execution in
                guard execution.status.isCompleted, let end = execution.endTimestamp else { return false }
                return execution.startTimestamp < cutoff && end < cutoff
            }
            for execution in old {
                state.executions[execution.id] = nil
                state.output[execution.id] = nil
                state.workflowStates[execution.id] = nil
                state.workflowTasks[execution.id] = nil
                state.workflowStateParts[execution.id] = nil
            }
            return old.count
        }
    }
}

extension MemoryStore.State {
    mutating func insert(_ execution: Execution) throws {
        guard executions[execution.id] == nil else {
            throw StoreError(.duplicateID, "execution \(execution.id) already exists")
        }
        executions[execution.id] = execution.materialized()
    }
}
