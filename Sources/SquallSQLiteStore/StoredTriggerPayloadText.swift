import Foundation
import GRDB
import GRDBSQLite
import SquallModel
import SquallStore

/// The payload of an action trigger instance holding a big result as the child's text
/// (TriggerInstanceRecord.payloadResultText), written in pieces into `trigger_payload_texts` with
/// incremental blob I/O, so neither a tree nor a whole copy of the text is built. The instance's
/// row holds '' as its payload; readers select `column`, which gives this text instead.
struct StoredTriggerPayloadText {
    private let pieces: [Data]
    let count: Int

    /// Nil unless the record holds a text result.
    init?(_ record: TriggerInstanceRecord) {
        guard let text = record.payloadResultText else { return nil }
        pieces = ActionTriggerResultText.jsonPieces(record.payload, text)
        count = pieces.reduce(0) { $0 + $1.count }
    }

    /// What readers select as `payload`.
    static let column = "CASE WHEN payload = '' THEN (SELECT t.payload FROM trigger_payload_texts t WHERE t.instance_id = trigger_instances.id) ELSE payload END"

    /// Stores the payload beside the instance's row, inside the transaction that wrote the row. An
    /// instance recorded earlier (it waited `pending`) has it already.
    func write(instanceId: String, in db: Database) throws {
        guard let connection = db.sqliteConnection else { throw StoreError(.database, "the database connection is closed") }
        guard try BulkStatement.cached(db, sql: "INSERT OR IGNORE INTO trigger_payload_texts (instance_id, payload) VALUES (?, ?)")
            .run([.text(instanceId), .zeroBlob(count)]) > 0 else { return }
        try IncrementalBlob.write(pieces, table: "trigger_payload_texts", column: "payload", rowid: sqlite3_last_insert_rowid(connection),
                                  in: db, what: "the payload of trigger instance \(instanceId)")
    }
}
