import GRDB

extension SQLiteSchema {
    /// Secrets are stored encrypted from now on; those set before stay in clear (encrypted = 0)
    /// until `squall key rotate` encrypts them.
    static func registerEncryptedValuesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-key-value-encrypted") { db in
            try db.execute(sql: "ALTER TABLE key_value_pairs ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0")
        }
    }
}
