public import Foundation
import GRDB
public import SquallModel
public import SquallStore

extension SQLiteStore {
    public func saveWorkflowState(_ record: WorkflowStateRecord, parts: WorkflowStatePartChanges, tasks: [WorkflowTaskRecord]) throws {
        try write("save workflow state of \(record.executionId)") { db in
            try Self.saveWorkflowState(WorkflowStateSave(record: record, parts: parts, tasks: tasks), in: db)
        }
    }

    static func saveWorkflowState(_ save: WorkflowStateSave, in db: Database) throws {
        let record = save.record
        try requireExecution(record.executionId, db)
        for task in save.tasks { try upsert(task, db) }
        try apply(save.parts, of: record.executionId, db)
        // Cached statements here and below: an orquesta workflow saves at every task.
        try db.cachedStatement(sql: """
            INSERT INTO workflow_states (execution_id, runner, state, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (execution_id) DO UPDATE SET runner = excluded.runner, state = excluded.state,
                updated_at = excluded.updated_at
            """).execute(arguments: [record.executionId, record.runner, record.state.jsonString(),
                                     StoredTimestamp.microseconds(record.updatedAt)])
    }

    public func workflowState(executionId: String) throws -> WorkflowStateRecord? {
        try read("read workflow state of \(executionId)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM workflow_states WHERE execution_id = ?", arguments: [executionId])
                .map(Self.workflowState)
        }
    }

    public func workflowStates() throws -> [WorkflowStateRecord] {
        try read("list workflow states") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM workflow_states ORDER BY execution_id").map(Self.workflowState)
        }
    }

    public func workflowStateParts(executionId: String) throws -> [String: JSONValue] {
        try read("read workflow state parts of \(executionId)") { db in
            var parts: [String: JSONValue] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT part, value FROM workflow_state_parts WHERE execution_id = ?",
                                           arguments: [executionId])
            while let row = try rows.next() {
                let key: String = row["part"], value: String = row["value"]
                guard let parsed = try? JSONValue.parse(value) else {
                    throw StoreError(.corruptRecord, "workflow state part \(key) of \(executionId) is not JSON")
                }
                parts[key] = parsed
            }
            return parts
        }
    }

    private static func apply(_ parts: WorkflowStatePartChanges, of id: String, _ db: Database) throws {
        if parts.replacingAll {
            try db.execute(sql: "DELETE FROM workflow_state_parts WHERE execution_id = ?", arguments: [id])
        } else if !parts.removed.isEmpty {
            let delete = try db.cachedStatement(sql: "DELETE FROM workflow_state_parts WHERE execution_id = ? AND part = ?")
            for key in parts.removed { try delete.execute(arguments: [id, key]) }
        }
        guard !parts.upserted.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO workflow_state_parts (execution_id, part, value) VALUES (?, ?, ?)
            ON CONFLICT (execution_id, part) DO UPDATE SET value = excluded.value
            """)
        for (key, value) in parts.upserted { try upsert.execute(arguments: [id, key, value.jsonString()]) }
    }

    public func saveWorkflowTask(_ task: WorkflowTaskRecord) throws {
        try write("save task \(task.taskName) of workflow \(task.workflowId)") { db in
            try Self.requireExecution(task.workflowId, db)
            try Self.upsert(task, db)
        }
    }

    private static func upsert(_ task: WorkflowTaskRecord, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO workflow_tasks (workflow_id, key, task_name, execution_id, status) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (workflow_id, key) DO UPDATE SET task_name = excluded.task_name,
                execution_id = excluded.execution_id, status = excluded.status
            """).execute(arguments: [task.workflowId, task.key, task.taskName, task.executionId, task.status.rawValue])
    }

    public func workflowTasks(workflowId: String) throws -> [WorkflowTaskRecord] {
        try read("list tasks of workflow \(workflowId)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM workflow_tasks WHERE workflow_id = ? ORDER BY key", arguments: [workflowId])
                .map { row in
                    let status: String = row["status"]
                    guard let parsed = ExecutionStatus(rawValue: status) else {
                        throw StoreError(.corruptRecord, "workflow task \(workflowId)/\(row["key"] as Int): unknown status '\(status)'")
                    }
                    return WorkflowTaskRecord(workflowId: row["workflow_id"], key: row["key"], taskName: row["task_name"],
                                              executionId: row["execution_id"], status: parsed)
                }
        }
    }

    @discardableResult
    public func deleteWorkflowState(executionId: String) throws -> Bool {
        try write("delete workflow state of \(executionId)") { db in
            try db.execute(sql: "DELETE FROM workflow_tasks WHERE workflow_id = ?", arguments: [executionId])
            try db.execute(sql: "DELETE FROM workflow_state_parts WHERE execution_id = ?", arguments: [executionId])
            try db.execute(sql: "DELETE FROM workflow_states WHERE execution_id = ?", arguments: [executionId])
            return db.changesCount > 0
        }
    }

    private static func requireExecution(_ id: String, _ db: Database) throws {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM executions WHERE id = ?"), arguments: [id]) != nil else {
            throw StoreError(.notFound, "execution \(id) not found")
        }
    }

    private static func workflowState(_ row: Row) throws -> WorkflowStateRecord {
        let state: String = row["state"]
        let id: String = row["execution_id"]
        guard let parsed = try? JSONValue.parse(state) else { throw StoreError(.corruptRecord, "workflow state of \(id) is not JSON") }
        return WorkflowStateRecord(executionId: id, runner: row["runner"], state: parsed,
                                   updatedAt: StoredTimestamp.date(row["updated_at"]))
    }
}
