import Foundation
import GRDB
import GRDBSQLite
public import SquallModel
import SquallStore

extension SQLiteStore {
    public func executionKeepingResultText(id: String) throws -> Execution? {
        try read("read execution \(id)") { db in
            // The row's own result (NULL when it is kept as text), and where the text is.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(ExecutionColumns.names),
                    (SELECT t.rowid FROM execution_result_texts t WHERE t.execution_id = executions.id) AS result_text_row
                FROM executions WHERE id = ?
                """, arguments: [id])
            return try withExtendedLifetime(rows) { () -> Execution? in
                guard let row = try rows.next() else { return nil }
                let textRow: Int64? = row["result_text_row"]
                var execution = try ExecutionColumns.execution(from: row)
                // A result written later as a value wins over an earlier text (as StoredResultText.column reads it).
                guard execution.result == nil, let textRow else { return execution }
                try StoredResultText.read(row: textRow, into: &execution, in: db)
                return execution
            }
        }
    }
}

extension StoredResultText {
    /// Sets `execution`'s result from the text in row `row` of `execution_result_texts`: the
    /// runner's small members parsed, the action's result kept as text (a slice, not a copy).
    /// The text is read with incremental blob I/O, a piece at a time: selecting the column would
    /// make SQLite build one more copy of it.
    static func read(row: Int64, into execution: inout Execution, in db: Database) throws {
        let text = try blobText(row: row, in: db)
        func corrupt() -> StoreError { StoreError(.corruptRecord, "execution \(execution.id): result is not JSON") }
        guard let members = try? JSONParser.topLevelMembers(of: text) else { throw corrupt() }
        var result: [String: JSONValue] = [:]
        for (key, range) in members where key != "result" {
            guard let value = try? JSONValue.parse(text[range]) else { throw corrupt() }
            result[key] = value
        }
        execution.result = .object(result)
        // Checked above as part of the whole text.
        execution.actionResultText = members["result"].map { JSONText(alreadyChecked: text[$0]) }
    }

    private static func blobText(row: Int64, in db: Database) throws -> Data {
        guard let connection = db.sqliteConnection else { throw StoreError(.database, "the database connection is closed") }
        func failure(_ what: String) -> StoreError {
            StoreError(.database, "\(what) the result of the execution as a blob: " + String(cString: sqlite3_errmsg(connection)))
        }
        var blob: OpaquePointer?
        guard sqlite3_blob_open(connection, "main", "execution_result_texts", "result", row, 0, &blob) == SQLITE_OK, let blob else {
            throw failure("open")
        }
        defer { sqlite3_blob_close(blob) }
        let count = Int(sqlite3_blob_bytes(blob))
        var text = Data(count: count)
        try text.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < count {
                let length = min(readPiece, count - offset)
                guard sqlite3_blob_read(blob, raw.baseAddress! + offset, Int32(length), Int32(offset)) == SQLITE_OK else {
                    throw failure("read")
                }
                offset += length
            }
        }
        return text
    }

    private static let readPiece = 1 << 20
}
