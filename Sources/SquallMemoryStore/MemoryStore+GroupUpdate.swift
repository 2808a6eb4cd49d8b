public import SquallModel
public import SquallStore

extension MemoryStore {
    public func update(each changes: [ExecutionUpdate]) throws -> [Result<Execution, any Error>] {
        try transaction { state in
            changes.map { update -> Result<Execution, any Error> in
                Result {
                    guard let stored = state.executions[update.id] else { throw StoreError(.notFound, "no execution with id \(update.id)") }
                    guard let changed = try ExecutionChange.apply(update.change, to: stored) else { return stored }
                    state.executions[update.id] = changed.materialized()
                    return changed
                }
            }
        }
    }
}
