import GRDB

extension SQLiteSchema {
    /// Big action results kept as text (StoredResultText), outside `executions`: SQLite refuses
    /// incremental blob I/O on any column of a table with an expression index
    /// (executions_by_parent), and without it a 40 MB result is copied whole into the row's record.
    /// `executions.result` is NULL for such a record; readers take this text instead.
    static func registerExecutionResultTextsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-execution-result-texts") { db in
            try db.execute(sql: """
                CREATE TABLE execution_result_texts (
                    execution_id TEXT PRIMARY KEY NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    result BLOB NOT NULL
                );
                """)
        }
    }
}
