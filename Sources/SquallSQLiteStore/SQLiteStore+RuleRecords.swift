import Foundation
import GRDB
public import SquallModel
public import SquallStore

extension SQLiteStore {
    /// Encodes, then writes in one transaction. On the server's writer thread: since rows are bound
    /// with SQLite's C API the writer has the spare time, and matching is the slower side
    /// (callgrind, `squall bench-server`).
    public func record(_ batch: RuleRecordBatch) throws {
        try record(Self.encode(batch))
    }

    /// The batch as rows: the JSON encoding, most of the cost of recording.
    static func encode(_ batch: RuleRecordBatch) -> EncodedRuleRecords {
        // A payload holding a big result as text is written in pieces (StoredTriggerPayloadText).
        var payloadTexts: [String: StoredTriggerPayloadText] = [:]
        func instanceRow(_ record: TriggerInstanceRecord) -> [ColumnValue] {
            let text = StoredTriggerPayloadText(record)
            if let text { payloadTexts[record.id] = text }
            return [.text(record.id), .text(record.trigger), text == nil ? .text(record.payload.jsonString()) : .text(""),
             .integer(StoredTimestamp.microseconds(record.occurrenceTime)), .text(record.status.rawValue), .text(logText(record.log))]
        }
        return EncodedRuleRecords(
            instances: batch.instances.map(instanceRow),
            updates: batch.updatedInstances.map { record in
                ([.text(record.status.rawValue), .text(logText(record.log)), .text(record.id)], instanceRow(record))
            },
            enforcements: batch.enforcements.map { record in
                [.text(record.id), .text(record.ruleRef), .text(record.triggerInstanceId), ColumnValue(record.executionId),
                 ColumnValue(record.failureReason), .integer(StoredTimestamp.microseconds(record.enforcedAt))]
            },
            executions: batch.executions.map { ExecutionColumns.values($0) },
            payloadTexts: payloadTexts)
    }

    /// Writes an encoded batch in one transaction: all of it or none of it.
    func record(_ rows: EncodedRuleRecords) throws {
        guard !rows.isEmpty else { return }
        let instanceCount = rows.instances.count + rows.updates.count
        try write("record \(instanceCount) trigger instances and \(rows.enforcements.count) rule enforcements") { db in
            let instance = try BulkStatement.cached(db, sql: """
                INSERT INTO trigger_instances (id, trigger, payload, occurrence_time, status, log) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, log = excluded.log
                """)
            for row in rows.instances { try instance.run(row) }
            if !rows.updates.isEmpty {
                let update = try BulkStatement.cached(db, sql: "UPDATE trigger_instances SET status = ?, log = ? WHERE id = ?")
                for (row, whole) in rows.updates {
                    if try update.run(row) == 0 { try instance.run(whole) }
                }
            }
            for (id, text) in rows.payloadTexts { try text.write(instanceId: id, in: db) }
            if !rows.enforcements.isEmpty {
                let enforcement = try BulkStatement.cached(db, sql: """
                    INSERT INTO rule_enforcements (id, rule, trigger_instance_id, execution_id, failure_reason, enforced_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for row in rows.enforcements { try enforcement.run(row) }
            }
            if !rows.executions.isEmpty {
                let execution = try BulkStatement.cached(db, sql: "INSERT INTO executions (\(ExecutionColumns.names)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
                for row in rows.executions { try execution.run(row) }
            }
        }
    }

    public func triggerInstance(id: String) throws -> TriggerInstanceRecord? {
        try read("read trigger instance \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.instanceColumns) FROM trigger_instances WHERE id = ?", arguments: [id])
                .map(Self.instance(from:))
        }
    }

    public func triggerInstances(trigger: String?, status: TriggerInstanceStatus?, limit: Int) throws -> [TriggerInstanceRecord] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let trigger { conditions.append("trigger = ?"); arguments += [trigger] }
        if let status { conditions.append("status = ?"); arguments += [status.rawValue] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(limit, 0)]
        return try read("list trigger instances") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.instanceColumns) FROM trigger_instances \(filter)
                ORDER BY rowid DESC LIMIT ?
                """, arguments: arguments).map(Self.instance(from:))
        }
    }

    public func ruleEnforcements(rule: String?, triggerInstanceId: String?, limit: Int) throws -> [RuleEnforcement] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let rule { conditions.append("rule = ?"); arguments += [rule] }
        if let triggerInstanceId { conditions.append("trigger_instance_id = ?"); arguments += [triggerInstanceId] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(limit, 0)]
        return try read("list rule enforcements") { db in
            try Row.fetchAll(db, sql: """
                SELECT id, rule, trigger_instance_id, execution_id, failure_reason, enforced_at FROM rule_enforcements \(filter)
                ORDER BY rowid DESC LIMIT ?
                """, arguments: arguments).map { row in
                RuleEnforcement(id: row["id"], ruleRef: row["rule"], triggerInstanceId: row["trigger_instance_id"],
                                executionId: row["execution_id"], failureReason: row["failure_reason"],
                                enforcedAt: StoredTimestamp.date(row["enforced_at"]))
            }
        }
    }

    /// Read for every batch of trigger instances the server handles (one per webhook POST when it
    /// keeps up): one prepared statement on a connection of its own, not a pool read.
    public func keyValueGeneration() throws -> Int64 {
        try keyValueGenerationProbe.value() ?? 0
    }

    private static let instanceColumns = "id, trigger, \(StoredTriggerPayloadText.column) AS payload, occurrence_time, status, log"

    private static func instance(from row: Row) throws -> TriggerInstanceRecord {
        let id: String = row["id"]
        func corrupt(_ what: String) -> StoreError { StoreError(.corruptRecord, "trigger instance \(id): \(what)") }
        let statusText: String = row["status"]
        guard let status = TriggerInstanceStatus(rawValue: statusText) else { throw corrupt("unknown status \(statusText)") }
        guard let payload = try? JSONValue.parse(row["payload"] as String) else { throw corrupt("payload is not JSON") }
        guard let logValue = try? JSONValue.parse(row["log"] as String), let log = decodeLog(logValue) else {
            throw corrupt("log is malformed")
        }
        return TriggerInstanceRecord(id: id, trigger: row["trigger"], payload: payload,
                                     occurrenceTime: StoredTimestamp.date(row["occurrence_time"]), status: status, log: log)
    }

    /// Same shape as an execution's log (see `StatusLogText`).
    static func logText(_ log: [TriggerInstanceTransition]) -> String {
        StatusLogText.text(log) { ($0.status.rawValue, $0.timestamp) }
    }

    static func decodeLog(_ value: JSONValue) -> [TriggerInstanceTransition]? {
        guard let entries = value.arrayValue else { return nil }
        var log: [TriggerInstanceTransition] = []
        for entry in entries {
            guard let status = entry["status"]?.stringValue.flatMap(TriggerInstanceStatus.init(rawValue:)),
                  let micros = entry["timestamp"]?.intValue else { return nil }
            log.append(TriggerInstanceTransition(status: status, timestamp: StoredTimestamp.date(Int64(micros))))
        }
        return log
    }
}

/// A `RuleRecordBatch` encoded as rows for `SQLiteStore.record(_:)`.
struct EncodedRuleRecords: Sendable {
    let instances: [[ColumnValue]]
    /// The status-and-log update of a row recorded before, and the whole row should it be missing.
    let updates: [([ColumnValue], [ColumnValue])]
    let enforcements: [[ColumnValue]]
    let executions: [[ColumnValue]]
    /// Payloads the rows hold as zero blobs, to be filled by instance id.
    var payloadTexts: [String: StoredTriggerPayloadText] = [:]

    var isEmpty: Bool { instances.isEmpty && updates.isEmpty && enforcements.isEmpty && executions.isEmpty }
}
