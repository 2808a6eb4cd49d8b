import Foundation
import GRDB
import GRDBSQLite
import SquallStore

/// Fills a value stored as a zero blob with `pieces`, a slice at a time, with SQLite's
/// incremental blob I/O: binding a 40 MB text made SQLite build the row's record in memory, a copy
/// as big as the text; this way only SQLite's page cache grows.
enum IncrementalBlob {
    static func write(_ pieces: [Data], table: String, column: String, rowid: Int64, in db: Database, what: String) throws {
        guard let connection = db.sqliteConnection else { throw StoreError(.database, "the database connection is closed") }
        func failure(_ step: String) -> StoreError {
            StoreError(.database, "\(step) \(what) as a blob: " + String(cString: sqlite3_errmsg(connection)))
        }
        var blob: OpaquePointer?
        guard sqlite3_blob_open(connection, "main", table, column, rowid, 1, &blob) == SQLITE_OK, let blob else { throw failure("open") }
        defer { sqlite3_blob_close(blob) }
        var offset = 0
        for piece in pieces {
            var start = piece.startIndex
            while start < piece.endIndex {
                let end = min(start + slice, piece.endIndex)
                let code = piece[start..<end].withUnsafeBytes { bytes in
                    sqlite3_blob_write(blob, bytes.baseAddress, Int32(bytes.count), Int32(offset))
                }
                guard code == SQLITE_OK else { throw failure("write") }
                offset += end - start
                start = end
            }
        }
    }

    private static let slice = 1 << 20
}
