import GRDB
public import SquallModel
public import SquallStore

extension SQLiteStore {
    public func update(each changes: [ExecutionUpdate]) throws -> [Result<Execution, any Error>] {
        // One IMMEDIATE transaction for all: a change refused is refused before it writes anything,
        // so the others commit; a database error leaves the loop and rolls them all back.
        try write("update \(changes.count) executions") { db in
            try changes.map { update -> Result<Execution, any Error> in
                guard let stored = try Self.execution(id: update.id, in: db) else {
                    return .failure(StoreError(.notFound, "no execution with id \(update.id)"))
                }
                let changed: Execution?
                do { changed = try ExecutionChange.apply(update.change, to: stored) } catch { return .failure(error) }
                guard let changed else { return .success(stored) }
                try replace(changed, in: db)
                return .success(changed)
            }
        }
    }
}
