import Foundation
import GRDB
import SquallModel
public import SquallStore

extension SQLiteStore {
    public func ruleStates() throws -> [StoredRuleState] {
        try read("list rule states") { db in
            try Row.fetchAll(db, sql: "SELECT ref, pack, document, enabled, deleted FROM rule_states ORDER BY ref")
                .map { row in
                    let document: String? = row["document"]
                    return StoredRuleState(ref: row["ref"], pack: row["pack"], document: try document.map { try JSONValue.parse($0) },
                                           enabled: row["enabled"], deleted: row["deleted"])
                }
        }
    }

    public func saveRuleState(_ state: StoredRuleState) throws {
        try write("save rule \(state.ref)") { db in
            try db.execute(sql: """
                INSERT INTO rule_states (ref, pack, document, enabled, deleted, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (ref) DO UPDATE SET pack = excluded.pack, document = excluded.document,
                    enabled = excluded.enabled, deleted = excluded.deleted, updated_at = excluded.updated_at
                """, arguments: [state.ref, state.pack, state.document?.jsonString(), state.enabled, state.deleted,
                                 StoredTimestamp.microseconds(Date())])
        }
    }

    @discardableResult
    public func deleteRuleState(ref: String) throws -> Bool {
        try write("delete rule \(ref)") { db in
            try db.execute(sql: "DELETE FROM rule_states WHERE ref = ?", arguments: [ref])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func clearFileRuleStates(pack: String) throws -> Int {
        try write("reset rules of pack \(pack)") { db in
            try db.execute(sql: "DELETE FROM rule_states WHERE pack = ? AND document IS NULL", arguments: [pack])
            return db.changesCount
        }
    }
}
