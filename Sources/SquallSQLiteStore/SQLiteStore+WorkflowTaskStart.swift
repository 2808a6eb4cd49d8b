public import Foundation
import GRDB
public import SquallModel
public import SquallStore

extension SQLiteStore {
    public func createWorkflowChild(_ child: Execution, of workflowId: String, saving state: WorkflowStateSave?,
                                    unlessWorkflowIs held: Set<ExecutionStatus>) throws -> ExecutionStatus? {
        try write("create execution \(child.id)") { db in
            let status = try Self.status(of: workflowId, in: db)
            if !(status.map(held.contains) ?? false) { try Self.insert(child, in: db) }
            if let state { try Self.saveWorkflowState(state, in: db) }
            return status
        }
    }

    public func executionStatus(id: String) throws -> ExecutionStatus? {
        // One statement needs no transaction around it (a read transaction costs two more).
        try Self.mapErrors("read the status of execution \(id)") { try pool.unsafeRead { db in try Self.status(of: id, in: db) } }
    }

    private static func status(of id: String, in db: Database) throws -> ExecutionStatus? {
        // Cached: a workflow asks once per task.
        let select = try db.cachedStatement(sql: "SELECT status FROM executions WHERE id = ?")
        guard let text = try String.fetchOne(select, arguments: [id]) else { return nil }
        guard let status = ExecutionStatus(rawValue: text) else {
            throw StoreError(.corruptRecord, "execution \(id): unknown status \(text)")
        }
        return status
    }
}
