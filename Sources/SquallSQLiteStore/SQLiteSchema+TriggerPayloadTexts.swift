import GRDB

extension SQLiteSchema {
    /// Action trigger payloads holding a big result as text (StoredTriggerPayloadText), outside
    /// `trigger_instances`: SQLite expands a zero blob that is not a row's last column into memory
    /// (payload is the third), so the 40 MB payload would be built whole; here it is the last.
    /// `trigger_instances.payload` is '' (never a JSON payload) for such an instance.
    static func registerTriggerPayloadTextsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-trigger-payload-texts") { db in
            try db.execute(sql: """
                CREATE TABLE trigger_payload_texts (
                    instance_id TEXT PRIMARY KEY NOT NULL REFERENCES trigger_instances(id) ON DELETE CASCADE,
                    payload BLOB NOT NULL
                );
                """)
        }
    }
}
