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
        let row = sqlite3_last_insert_rowid(connection)
        var blob: OpaquePointer?
        guard sqlite3_blob_open(connection, "main", "execution_result_texts", "result", row, 1, &blob) == SQLITE_OK, let blob else {
            throw failure("open", connection)
        }
        defer { sqlite3_blob_close(blob) }
        var offset = 0
        for piece in pieces {
            // In slices, so SQLite's page cache (not a buffer of ours) is all that grows.
            var start = piece.startIndex
            while start < piece.endIndex {
                let end = min(start + Self.slice, piece.endIndex)
                let code = piece[start..<end].withUnsafeBytes { bytes in
                    sqlite3_blob_write(blob, bytes.baseAddress, Int32(bytes.count), Int32(offset))
                }
                guard code == SQLITE_OK else { throw failure("write", connection) }
                offset += end - start
                start = end
            }
        }
    }

    private static let slice = 1 << 20

    private func failure(_ what: String, _ connection: OpaquePointer) -> StoreError {
        StoreError(.database, "\(what) the result of the execution as a blob: " + String(cString: sqlite3_errmsg(connection)))
    }
}
