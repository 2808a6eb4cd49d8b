import GRDB

extension SQLiteSchema {
    /// Users, access tokens and API keys of the HTTP API: hashes only, never a secret.
    static func registerAuthMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("api-v1-users-tokens-apikeys") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    name TEXT PRIMARY KEY NOT NULL,
                    password_hash TEXT NOT NULL,
                    is_admin INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE auth_tokens (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    id TEXT NOT NULL,
                    user TEXT NOT NULL,
                    expiry INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX auth_tokens_user ON auth_tokens(user);
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY NOT NULL,
                    key_hash TEXT NOT NULL UNIQUE,
                    user TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    enabled INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX api_keys_user ON api_keys(user);
                """)
        }
    }
}
