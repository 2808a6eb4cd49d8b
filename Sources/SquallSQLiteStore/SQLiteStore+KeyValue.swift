import Foundation
import GRDB
public import SquallModel
import SquallStore

extension SQLiteStore {
    /// A pair is visible while it has no expiry or its expiry is still ahead.
    private static let unexpired = "(expire_timestamp IS NULL OR expire_timestamp > ?)"

    public func setValue(_ pair: KeyValuePair) throws {
        try setValue(pair, sealing: { $0 })
    }

    public func setValue(_ pair: KeyValuePair, sealing seal: (String) throws -> String) throws {
        let now = StoredTimestamp.microseconds(Date())
        // The seal's own error (no key, say) comes out as it is, not as a database error.
        var sealError: (any Error)?
        do {
            try write("set key \(pair.scope)/\(pair.name)") { db in
                let value: String
                do { value = try seal(pair.value) } catch { sealError = error; throw error }
                try Self.upsert(pair, value: value, now: now, in: db)
            }
        } catch {
            throw sealError ?? error
        }
    }

    private static func upsert(_ pair: KeyValuePair, value: String, now: Int64, in db: Database) throws {
        // Writes are where expired pairs get swept, so reads stay read-only in the common case.
        try db.execute(sql: "DELETE FROM key_value_pairs WHERE expire_timestamp <= ?", arguments: [now])
        try db.execute(sql: """
            INSERT INTO key_value_pairs (scope, name, value, secret, encrypted, expire_timestamp) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (scope, name) DO UPDATE SET
                value = excluded.value, secret = excluded.secret, encrypted = excluded.encrypted,
                expire_timestamp = excluded.expire_timestamp
            """, arguments: [pair.scope, pair.name, value, pair.secret, pair.encrypted,
                             pair.expireTimestamp.map(StoredTimestamp.microseconds)])
    }

    public func value(scope: String, name: String) throws -> KeyValuePair? {
        let now = StoredTimestamp.microseconds(Date())
        let pair = try read("get key \(scope)/\(name)") { db in
            try Row.fetchOne(db, sql: """
                SELECT scope, name, value, secret, encrypted, expire_timestamp FROM key_value_pairs
                WHERE scope = ? AND name = ?
                """, arguments: [scope, name]).map(Self.pair(from:))
        }
        guard let pair else { return nil }
        if let expiry = pair.expireTimestamp, StoredTimestamp.microseconds(expiry) <= now {
            try deleteExpired(scope: scope, name: name, now: now)
            return nil
        }
        return pair
    }

    public func values(scope: String, prefix: String?, limit: Int?, offset: Int?) throws -> [KeyValuePair] {
        let now = StoredTimestamp.microseconds(Date())
        var sql = """
            SELECT scope, name, value, secret, encrypted, expire_timestamp FROM key_value_pairs
            WHERE scope = ? AND \(Self.unexpired)
            """
        var arguments: StatementArguments = [scope, now]
        if let prefix, !prefix.isEmpty {
            // substr, not LIKE: LIKE is case-insensitive and treats % and _ as wildcards.
            sql += " AND substr(name, 1, length(?)) = ?"
            arguments += [prefix, prefix]
        }
        sql += " ORDER BY name LIMIT ? OFFSET ?"
        arguments += [limit.map { max($0, 0) } ?? -1, max(offset ?? 0, 0)]
        return try read("list keys in \(scope)") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.pair(from:))
        }
    }

    @discardableResult
    public func deleteValue(scope: String, name: String) throws -> Bool {
        let now = StoredTimestamp.microseconds(Date())
        return try write("delete key \(scope)/\(name)") { db in
            let visible = try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM key_value_pairs WHERE scope = ? AND name = ? AND \(Self.unexpired))
                """, arguments: [scope, name, now]) ?? false
            try db.execute(sql: "DELETE FROM key_value_pairs WHERE scope = ? AND name = ?", arguments: [scope, name])
            return visible
        }
    }

    @discardableResult
    public func rewriteSecretValues(_ rewrite: (KeyValuePair) throws -> String, beforeCommit: () throws -> Void) throws -> Int {
        // The rewrite's own error (a value that does not decrypt) comes out as it is, not as a database error.
        var rewriteError: (any Error)?
        let count: Int
        do {
            count = try write("re-encrypt secret keys") { db in
                // Values stored in clear until now are zeroed where they were, not just unlinked.
                try db.execute(sql: "PRAGMA secure_delete = ON")
                defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
                let pairs = try Row.fetchAll(db, sql: """
                    SELECT scope, name, value, secret, encrypted, expire_timestamp FROM key_value_pairs WHERE secret
                    """).map(Self.pair(from:))
                for pair in pairs {
                    let value: String
                    do { value = try rewrite(pair) } catch { rewriteError = error; throw error }
                    try db.execute(sql: "UPDATE key_value_pairs SET value = ?, encrypted = 1 WHERE scope = ? AND name = ?",
                                   arguments: [value, pair.scope, pair.name])
                }
                do { try beforeCommit() } catch { rewriteError = error; throw error }
                return pairs.count
            }
        } catch {
            throw rewriteError ?? error
        }
        // ... and gone from the WAL too (best effort: readers may keep it a while).
        try Self.mapErrors("checkpoint after re-encrypting") {
            try pool.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        return count
    }

    private func deleteExpired(scope: String, name: String, now: Int64) throws {
        // Conditional on still being expired: another process may have just set a fresh value.
        try write("delete expired key \(scope)/\(name)") { db in
            try db.execute(sql: """
                DELETE FROM key_value_pairs WHERE scope = ? AND name = ? AND expire_timestamp <= ?
                """, arguments: [scope, name, now])
        }
    }

    private static func pair(from row: Row) -> KeyValuePair {
        let expiry: Int64? = row["expire_timestamp"]
        return KeyValuePair(scope: row["scope"], name: row["name"], value: row["value"],
                            secret: row["secret"], encrypted: row["encrypted"], expireTimestamp: expiry.map(StoredTimestamp.date))
    }
}
