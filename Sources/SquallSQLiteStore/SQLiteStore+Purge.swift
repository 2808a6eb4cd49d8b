public import Foundation
import GRDB
import SquallModel
import SquallStore

/// Garbage collection of old records, as st2's garbage collector does it (TTLs in days, see
/// `Retention`): each kind is deleted in chunks, one transaction per chunk, so that a server's
/// rules path waits for at most one chunk at a time.
extension SQLiteStore {
    /// Rows deleted per transaction.
    static let purgeChunk = 2_000

    /// Deletes trigger instances that occurred before `cutoff`. Returns how many.
    public func purgeTriggerInstances(occurredBefore cutoff: Date) throws -> Int {
        try purgeOldestRows(table: "trigger_instances", timeColumn: "occurrence_time", before: cutoff)
    }

    /// Deletes rule enforcements made before `cutoff`. Returns how many.
    public func purgeRuleEnforcements(enforcedBefore cutoff: Date) throws -> Int {
        try purgeOldestRows(table: "rule_enforcements", timeColumn: "enforced_at", before: cutoff)
    }

    /// Deletes completed executions that started and ended before `cutoff`, with their output
    /// (st2 keeps executions that have not completed). Returns how many.
    public func purgeExecutions(completedBefore cutoff: Date) throws -> Int {
        let completed = ExecutionStatus.allCases.filter(\.isCompleted).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let micros = StoredTimestamp.microseconds(cutoff)
        return try deleteInChunks("purge executions") { db in
            // The start_timestamp index finds them; output_lines go with them (ON DELETE CASCADE).
            try db.execute(sql: """
                DELETE FROM executions WHERE rowid IN (
                    SELECT rowid FROM executions
                    WHERE start_timestamp < ? AND end_timestamp < ? AND status IN (\(completed)) LIMIT ?)
                """, arguments: [micros, micros, Self.purgeChunk])
        }
    }

    /// Trigger instances and enforcements have no time index (it slowed the rules path's writes);
    /// their rowids follow the order they were recorded, which is their time order to within a
    /// batch. So the oldest rows are deleted up to the first one that is not old enough: a row
    /// recorded out of order waits for the rows before it, never the other way round.
    private func purgeOldestRows(table: String, timeColumn: String, before cutoff: Date) throws -> Int {
        let micros = StoredTimestamp.microseconds(cutoff)
        let boundary = try read("find \(table) to purge") { db in
            try Int64.fetchOne(db, sql: "SELECT rowid FROM \(table) WHERE \(timeColumn) >= ? ORDER BY rowid LIMIT 1", arguments: [micros])
        } ?? Int64.max
        return try deleteInChunks("purge \(table)") { db in
            try db.execute(sql: """
                DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) WHERE rowid < ? ORDER BY rowid LIMIT ?)
                """, arguments: [boundary, Self.purgeChunk])
        }
    }

    private func deleteInChunks(_ what: String, _ deleteChunk: (Database) throws -> Void) throws -> Int {
        var total = 0
        while true {
            let deleted = try write(what) { db in
                try deleteChunk(db)
                return db.changesCount
            }
            total += deleted
            if deleted < Self.purgeChunk { return total }
        }
    }
}
