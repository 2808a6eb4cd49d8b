public import Foundation
import GRDB
public import SquallModel
public import SquallStore

extension SQLiteStore {
    public func create(_ execution: Execution) throws {
        try write("create execution \(execution.id)") { db in try Self.insert(execution, in: db) }
    }

    static func insert(_ execution: Execution, in db: Database) throws {
        // Checked inside the write transaction, so two creators cannot both pass.
        let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM executions WHERE id = ?)"),
                                       arguments: [execution.id]) ?? false
        if exists { throw StoreError(.duplicateID, "execution \(execution.id) already exists") }
        let resultText = StoredResultText(execution)
        try BulkStatement.cached(db, sql: "INSERT INTO executions (\(ExecutionColumns.names)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
            .run(ExecutionColumns.values(execution, resultText: resultText))
        try resultText?.write(executionId: execution.id, in: db)
    }

    public func update(_ execution: Execution) throws {
        try write("update execution \(execution.id)") { db in
            try replace(execution, in: db)
        }
    }

    @discardableResult
    public func update(id: String, _ change: (inout Execution) throws -> Void) throws -> Execution {
        // One IMMEDIATE transaction: the write lock is taken before the read, so another process's
        // cancel or completion lands before or after this one, never in between.
        // The change's own error reaches the caller as it was thrown, not as a database error.
        var changeError: (any Error)?
        do {
            return try write("update execution \(id)") { db in
                guard let stored = try Self.execution(id: id, in: db) else {
                    throw StoreError(.notFound, "no execution with id \(id)")
                }
                let changed: Execution?
                do { changed = try ExecutionChange.apply(change, to: stored) } catch { changeError = error; throw error }
                guard let changed else { return stored }
                try replace(changed, in: db)
                return changed
            }
        } catch {
            throw changeError ?? error
        }
    }

    public func execution(id: String) throws -> Execution? {
        try read("read execution \(id)") { db in try Self.execution(id: id, in: db) }
    }

    static func execution(id: String, in db: Database) throws -> Execution? {
        // A cursor's row, read while the cursor lives: its result is parsed without a copy
        // (ExecutionColumns.execution(from:)).
        // A cached statement: each execution's record is read several times (see BulkStatement.cached).
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(ExecutionColumns.selected) FROM executions WHERE id = ?"), arguments: [id])
        return try withExtendedLifetime(rows) { try rows.next().map(ExecutionColumns.execution(from:)) }
    }

    public func executions(matching query: ExecutionQuery) throws -> [Execution] {
        var (filter, arguments) = Self.whereClause(query)
        arguments += [max(query.limit, 0), max(query.offset, 0)]
        // Ids start with their creation second, so they break ties between equal start timestamps.
        let sql = """
            SELECT \(query.includeResults ? ExecutionColumns.selected : ExecutionColumns.namesWithoutResult)
            FROM executions \(filter) ORDER BY start_timestamp DESC, id DESC LIMIT ? OFFSET ?
            """
        return try read("list executions") { db in
            try Array(Row.fetchCursor(db, sql: sql, arguments: arguments).map(ExecutionColumns.execution(from:)))
        }
    }

    public func countExecutions(matching query: ExecutionQuery) throws -> Int {
        let (filter, arguments) = Self.whereClause(query)
        return try read("count executions") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM executions \(filter)", arguments: arguments) ?? 0
        }
    }

    /// The query's filters as SQL; context fields are read with SQLite's JSON functions.
    static func whereClause(_ query: ExecutionQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(condition)
            arguments += [value]
        }
        add("action = ?", query.action)
        add("status = ?", query.status?.rawValue)
        add("json_extract(context, '$.user') = ?", query.user)
        add("json_extract(context, '$.parent.execution_id') = ?", query.parent)
        add("json_extract(context, '$.rule.ref') = ?", query.rule)
        add("json_extract(context, '$.trigger_instance.id') = ?", query.triggerInstance)
        add("start_timestamp > ?", query.startedAfter.map(StoredTimestamp.microseconds))
        add("start_timestamp < ?", query.startedBefore.map(StoredTimestamp.microseconds))
        if query.topLevelOnly { conditions.append("json_extract(context, '$.parent') IS NULL") }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    public func abandonOrphans(isSupervisorAlive: (Int32, UInt64?) -> Bool) throws -> [String] {
        let completed = ExecutionStatus.allCases.filter(\.isCompleted).map { "'\($0.rawValue)'" }
        // Every command opens the store with this sweep: a read first, so that without an orphan
        // it takes no write lock (nor waits for another process's).
        let supervisors = try read("look for orphaned executions") { db in
            try Row.fetchAll(db, sql: """
                SELECT supervisor_pid, supervisor_start_time FROM executions
                WHERE status NOT IN (\(completed.joined(separator: ","))) AND supervisor_pid IS NOT NULL
                    AND id NOT IN (SELECT execution_id FROM workflow_states)
                """).map { row -> (Int32, UInt64?) in
                let pid: Int64 = row["supervisor_pid"], startTime: Int64? = row["supervisor_start_time"]
                return (Int32(truncatingIfNeeded: pid), startTime.map { UInt64(bitPattern: $0) })
            }
        }
        guard supervisors.contains(where: { !isSupervisorAlive($0.0, $0.1) }) else { return [] }
        // One write transaction: a supervisor cannot complete an execution between our check and our update.
        return try write("abandon orphaned executions") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(ExecutionColumns.selected) FROM executions
                WHERE status NOT IN (\(completed.joined(separator: ","))) AND supervisor_pid IS NOT NULL
                    AND id NOT IN (SELECT execution_id FROM workflow_states)
                """)
            var abandoned: [String] = []
            for row in rows {
                var execution = try ExecutionColumns.execution(from: row)
                guard let pid = execution.supervisorPid,
                      !isSupervisorAlive(pid, execution.supervisorStartTime) else { continue }
                execution.markAbandoned(supervisorPid: pid, at: Date())
                try replace(execution, in: db)
                abandoned.append(execution.id)
            }
            return abandoned
        }
    }

    func replace(_ execution: Execution, in db: Database) throws {
        // Bound without copies (BulkStatement): a result may be tens of megabytes; a big action
        // result kept as text is written in pieces after the row (StoredResultText).
        let resultText = StoredResultText(execution)
        let changed = try BulkStatement.cached(db, sql: """
            UPDATE executions SET id = ?, action = ?, runner = ?, parameters = ?, status = ?, log = ?,
                start_timestamp = ?, end_timestamp = ?, result = ?, context = ?, supervisor_pid = ?,
                supervisor_start_time = ?
            WHERE id = ?
            """).run(ExecutionColumns.values(execution, resultText: resultText) + [.text(execution.id)])
        if changed == 0 {
            throw StoreError(.notFound, "no execution with id \(execution.id)")
        }
        if let resultText {
            try resultText.write(executionId: execution.id, in: db)
        } else {
            try StoredResultText.discard(executionId: execution.id, in: db)
        }
    }
}
