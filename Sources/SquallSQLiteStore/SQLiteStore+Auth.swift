public import Foundation
import GRDB
public import SquallModel
public import SquallStore

extension SQLiteStore {
    public func createUser(_ user: UserAccount) throws {
        try write("create user \(user.name)") { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM users WHERE name = ?)", arguments: [user.name]) ?? false
            if exists { throw StoreError(.duplicateID, "user \(user.name) already exists") }
            try db.execute(sql: "INSERT INTO users (name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [user.name, user.passwordHash, user.isAdmin, StoredTimestamp.microseconds(user.createdAt)])
        }
    }

    public func user(named name: String) throws -> UserAccount? {
        try read("get user \(name)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(Self.user(from:))
        }
    }

    public func users() throws -> [UserAccount] {
        try read("list users") { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(Self.user(from:)) }
    }

    @discardableResult
    public func setPasswordHash(_ hash: String, forUser name: String) throws -> Bool {
        try write("set password of \(name)") { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE name = ?", arguments: [hash, name])
            // A new password ends the sessions the old one opened.
            if db.changesCount > 0 {
                try db.execute(sql: "DELETE FROM auth_tokens WHERE user = ?", arguments: [name])
                return true
            }
            return false
        }
    }

    @discardableResult
    public func deleteUser(named name: String) throws -> Bool {
        try write("delete user \(name)") { db in
            try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
            let deleted = db.changesCount > 0
            try db.execute(sql: "DELETE FROM auth_tokens WHERE user = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM api_keys WHERE user = ?", arguments: [name])
            return deleted
        }
    }

    public func saveToken(_ token: AuthToken) throws {
        let now = StoredTimestamp.microseconds(Date())
        try write("save token of \(token.user)") { db in
            // Cached statements: the server saves and revokes a token per execution (Engine+ActionAPITokens).
            try db.cachedStatement(sql: "DELETE FROM auth_tokens WHERE expiry <= ?").execute(arguments: [now])
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO auth_tokens (token_hash, id, user, expiry, created_at) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [token.tokenHash, token.id, token.user, StoredTimestamp.microseconds(token.expiry),
                                       StoredTimestamp.microseconds(token.createdAt)])
        }
    }

    public func token(hash: String) throws -> AuthToken? {
        let now = StoredTimestamp.microseconds(Date())
        return try read("get token") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM auth_tokens WHERE token_hash = ? AND expiry > ?", arguments: [hash, now]).map { row in
                AuthToken(id: row["id"], tokenHash: row["token_hash"], user: row["user"],
                          expiry: StoredTimestamp.date(row["expiry"]), createdAt: StoredTimestamp.date(row["created_at"]))
            }
        }
    }

    public func createAPIKey(_ key: APIKeyRecord) throws {
        try write("create API key \(key.id)") { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM api_keys WHERE id = ? OR key_hash = ?)",
                                           arguments: [key.id, key.keyHash]) ?? false
            if exists { throw StoreError(.duplicateID, "API key \(key.id) already exists") }
            try db.execute(sql: "INSERT INTO api_keys (id, key_hash, user, metadata, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [key.id, key.keyHash, key.user, key.metadata.jsonString(), key.enabled,
                                       StoredTimestamp.microseconds(key.createdAt)])
        }
    }

    public func apiKey(id: String) throws -> APIKeyRecord? {
        try read("get API key \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE id = ?", arguments: [id]).map(Self.apiKey(from:))
        }
    }

    public func apiKey(hash: String) throws -> APIKeyRecord? {
        try read("get API key by hash") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE key_hash = ?", arguments: [hash]).map(Self.apiKey(from:))
        }
    }

    public func apiKeys(user: String?) throws -> [APIKeyRecord] {
        try read("list API keys") { db in
            if let user {
                return try Row.fetchAll(db, sql: "SELECT * FROM api_keys WHERE user = ? ORDER BY rowid", arguments: [user]).map(Self.apiKey(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY rowid").map(Self.apiKey(from:))
        }
    }

    @discardableResult
    public func updateAPIKey(_ key: APIKeyRecord) throws -> Bool {
        try write("update API key \(key.id)") { db in
            try db.execute(sql: "UPDATE api_keys SET enabled = ?, metadata = ? WHERE id = ?",
                           arguments: [key.enabled, key.metadata.jsonString(), key.id])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func deleteAPIKey(id: String) throws -> Bool {
        try write("delete API key \(id)") { db in
            try db.execute(sql: "DELETE FROM api_keys WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    private static func user(from row: Row) -> UserAccount {
        UserAccount(name: row["name"], passwordHash: row["password_hash"], isAdmin: row["is_admin"],
                    createdAt: StoredTimestamp.date(row["created_at"]))
    }

    private static func apiKey(from row: Row) throws -> APIKeyRecord {
        let metadataText: String = row["metadata"]
        guard let metadata = try? JSONValue.parse(metadataText) else {
            throw StoreError(.corruptRecord, "API key \(row["id"] as String? ?? "?"): metadata is not JSON")
        }
        return APIKeyRecord(id: row["id"], keyHash: row["key_hash"], user: row["user"], metadata: metadata,
                            enabled: row["enabled"], createdAt: StoredTimestamp.date(row["created_at"]))
    }
}
