import GRDB

extension SQLiteSchema {
    /// The parts of a workflow's state saved one by one (`WorkflowStatePartChanges`): an orquesta
    /// event rewrites the rows it touched, not the whole snapshot. The v5 table keeps the header
    /// (and the whole state of runs saved before this table, still read).
    static func registerWorkflowStatePartsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-workflow-state-parts") { db in
            try db.execute(sql: """
                CREATE TABLE workflow_state_parts (
                    execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    part TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (execution_id, part)
                ) WITHOUT ROWID;
                """)
        }
    }
}
