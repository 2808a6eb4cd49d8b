import GRDB

extension SQLiteSchema {
    /// Two lookups that scanned the whole executions table:
    /// - a workflow's children by `context.parent.execution_id`, for every workflow on an execution
    ///   list page (st2's `children` field) and `/executions/{id}/children`. The indexed expression
    ///   is exactly the one in `whereClause` (SQLite matches expression indexes textually);
    ///   start_timestamp and id follow so the newest-first order is read from the index, no sort.
    /// - executions that ended since the last `/metrics` scrape (`completions`).
    static func registerExecutionParentIndexMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-execution-parent-index") { db in
            try db.execute(sql: """
                CREATE INDEX executions_by_parent
                ON executions (json_extract(context, '$.parent.execution_id'), start_timestamp, id);
                CREATE INDEX executions_by_end ON executions (end_timestamp);
                """)
        }
    }
}
