import Foundation
import GRDB
import GRDBSQLite
import SquallModel
import SquallStore

/// The result of a record whose action result is kept as text (Execution.actionResultText),
/// written without a copy of the whole: a row of `execution_result_texts` is stored with `count`
/// zero bytes, then those are overwritten piece by piece with incremental blob I/O. Binding the
/// 40 MB text made SQLite build the row's record in memory, a copy as big as the text.
///
/// The text is the result object as `jsonString()` writes it (sorted keys, ", " and ": "), with the
/// action's result as the child sent it; `executions.result` is NULL and readers select `column`.
struct StoredResultText {
    private let pieces: [Data]
    let count: Int

    /// Nil unless the record holds a text action result.
    init?(_ execution: Execution) {
        guard let text = execution.actionResultText else { return nil }
        let members = execution.result?.objectValue ?? [:]
        var pieces: [Data] = []
        for key in Set(members.keys).union(["result"]).sorted() {
            pieces.append(Data(((pieces.isEmpty ? "{" : ", ") + JSONValue.string(key).jsonString() + ": ").utf8))
            pieces.append(key == "result" ? text.bytes : Data(members[key]!.jsonString().utf8))
        }
        pieces.append(Data("}".utf8))
        self.pieces = pieces
        count = pieces.reduce(0) { $0 + $1.count }
    }

    /// What readers select as `result`: the row's own, else the text stored beside it.
    static let column = "COALESCE(result, (SELECT t.result FROM execution_result_texts t WHERE t.execution_id = executions.id))"

    /// Stores the text beside the row; inside the transaction that wrote the row.
    func write(executionId: String, in db: Database) throws {
        guard let connection = db.sqliteConnection else { throw StoreError(.database, "the database connection is closed") }
        try BulkStatement.cached(db, sql: "INSERT OR REPLACE INTO execution_result_texts (execution_id, result) VALUES (?, ?)")
            .run([.text(executionId), .zeroBlob(count)])
        try IncrementalBlob.write(pieces, table: "execution_result_texts", column: "result",
                                  rowid: sqlite3_last_insert_rowid(connection), in: db, what: "the result of the execution")
    }
}
