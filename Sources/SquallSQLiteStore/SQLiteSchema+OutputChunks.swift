import GRDB

extension SQLiteSchema {
    /// Output lines packed into chunk rows (`OutputChunk`). `output_lines` stays for the lines of
    /// executions recorded before; reads merge both, new lines go to chunks only.
    static func registerOutputChunksMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-output-chunks") { db in
            try db.execute(sql: """
                CREATE TABLE output_chunks (
                    execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    first_sequence INTEGER NOT NULL,
                    last_sequence INTEGER NOT NULL,
                    line_count INTEGER NOT NULL,
                    lines BLOB NOT NULL
                );
                CREATE INDEX output_chunks_execution_last ON output_chunks(execution_id, last_sequence);
                """)
        }
    }
}
