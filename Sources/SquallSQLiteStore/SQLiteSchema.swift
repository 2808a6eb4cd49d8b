import GRDB

/// The SQLite schema, as an ordered list of migrations. Never edit a shipped migration: add one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-executions-output-kv") { db in
            try db.execute(sql: """
                CREATE TABLE executions (
                    id TEXT PRIMARY KEY NOT NULL,
                    action TEXT NOT NULL,
                    runner TEXT NOT NULL,
                    parameters TEXT NOT NULL,
                    status TEXT NOT NULL,
                    log TEXT NOT NULL,
                    start_timestamp INTEGER NOT NULL,
                    end_timestamp INTEGER,
                    result TEXT,
                    context TEXT NOT NULL,
                    supervisor_pid INTEGER,
                    supervisor_start_time INTEGER
                );
                CREATE INDEX executions_start_timestamp ON executions(start_timestamp);
                CREATE INDEX executions_status ON executions(status);
                CREATE INDEX executions_action_start ON executions(action, start_timestamp);

                CREATE TABLE output_lines (
                    execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    sequence INTEGER NOT NULL,
                    stream TEXT NOT NULL,
                    line TEXT NOT NULL,
                    timestamp INTEGER NOT NULL,
                    PRIMARY KEY (execution_id, sequence)
                ) WITHOUT ROWID;

                CREATE TABLE key_value_pairs (
                    scope TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    secret INTEGER NOT NULL DEFAULT 0,
                    expire_timestamp INTEGER,
                    PRIMARY KEY (scope, name)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-trigger-instances-rule-enforcements") { db in
            try db.execute(sql: """
                CREATE TABLE trigger_instances (
                    id TEXT PRIMARY KEY NOT NULL,
                    trigger TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    occurrence_time INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    log TEXT NOT NULL
                );
                CREATE INDEX trigger_instances_occurrence ON trigger_instances(occurrence_time);
                CREATE INDEX trigger_instances_trigger ON trigger_instances(trigger, occurrence_time);
                CREATE INDEX trigger_instances_status ON trigger_instances(status, occurrence_time);

                CREATE TABLE rule_enforcements (
                    id TEXT PRIMARY KEY NOT NULL,
                    rule TEXT NOT NULL,
                    trigger_instance_id TEXT NOT NULL,
                    execution_id TEXT,
                    failure_reason TEXT,
                    enforced_at INTEGER NOT NULL
                );
                CREATE INDEX rule_enforcements_enforced ON rule_enforcements(enforced_at);
                CREATE INDEX rule_enforcements_rule ON rule_enforcements(rule, enforced_at);
                CREATE INDEX rule_enforcements_instance ON rule_enforcements(trigger_instance_id);

                -- Bumped by every key-value write of any process, so the server can keep a
                -- snapshot of the datastore for its templates until it changes.
                CREATE TABLE change_counters (name TEXT PRIMARY KEY NOT NULL, generation INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO change_counters (name, generation) VALUES ('key_value_pairs', 0);
                CREATE TRIGGER key_value_pairs_inserted AFTER INSERT ON key_value_pairs BEGIN
                    UPDATE change_counters SET generation = generation + 1 WHERE name = 'key_value_pairs';
                END;
                CREATE TRIGGER key_value_pairs_updated AFTER UPDATE ON key_value_pairs BEGIN
                    UPDATE change_counters SET generation = generation + 1 WHERE name = 'key_value_pairs';
                END;
                CREATE TRIGGER key_value_pairs_deleted AFTER DELETE ON key_value_pairs BEGIN
                    UPDATE change_counters SET generation = generation + 1 WHERE name = 'key_value_pairs';
                END;
                """)
        }
        migrator.registerMigration("v3-rule-states") { db in
            // Created rules (document set) and operator overrides of pack-file rules (document NULL).
            try db.execute(sql: """
                CREATE TABLE rule_states (
                    ref TEXT PRIMARY KEY NOT NULL,
                    pack TEXT NOT NULL,
                    document TEXT,
                    enabled INTEGER,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX rule_states_pack ON rule_states(pack);
                """)
        }
        migrator.registerMigration("v4-record-lists-in-rowid-order") { db in
            // Lists are newest first by rowid (the recording order): time indexes only slowed the writes.
            try db.execute(sql: """
                DROP INDEX trigger_instances_occurrence;
                DROP INDEX trigger_instances_trigger;
                DROP INDEX trigger_instances_status;
                CREATE INDEX trigger_instances_trigger ON trigger_instances(trigger);
                CREATE INDEX trigger_instances_status ON trigger_instances(status);
                DROP INDEX rule_enforcements_enforced;
                DROP INDEX rule_enforcements_rule;
                CREATE INDEX rule_enforcements_rule ON rule_enforcements(rule);
                """)
        }
        migrator.registerMigration("v5-workflow-state") { db in
            // A workflow's snapshot and its task instances; both go when its execution is purged.
            try db.execute(sql: """
                CREATE TABLE workflow_states (
                    execution_id TEXT PRIMARY KEY NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    runner TEXT NOT NULL,
                    state TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE workflow_tasks (
                    workflow_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    key INTEGER NOT NULL,
                    task_name TEXT NOT NULL,
                    execution_id TEXT,
                    status TEXT NOT NULL,
                    PRIMARY KEY (workflow_id, key)
                ) WITHOUT ROWID;
                """)
        }
        registerAuthMigration(&migrator)
        registerOutputChunksMigration(&migrator)
        registerEncryptedValuesMigration(&migrator)
        registerWorkflowStatePartsMigration(&migrator)
        registerExecutionParentIndexMigration(&migrator)
        registerExecutionResultTextsMigration(&migrator)
        registerTriggerPayloadTextsMigration(&migrator)
        return migrator
    }

    /// Migrates, tolerating another process migrating the same file at the same moment: the
    /// migrator reads the applied list outside its transaction, so the loser of that race fails
    /// on "table already exists" while the schema is in fact complete.
    static func migrate(_ writer: some DatabaseWriter) throws {
        let migrator = self.migrator
        do {
            try migrator.migrate(writer)
        } catch {
            let complete = try writer.read { db in try migrator.hasCompletedMigrations(db) }
            if !complete { throw error }
        }
    }
}
