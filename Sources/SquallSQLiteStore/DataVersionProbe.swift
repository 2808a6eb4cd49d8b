import Foundation
import GRDBSQLite
import CSquallSQLite
import Synchronization
import SquallStore

/// `PRAGMA data_version` on a connection of its own: SQLite changes it whenever another connection
/// (this process's pool or another process, such as `squall run`) commits, so a page read while it
/// held a value is still current while it holds it. A single prepared statement on a read-only
/// connection opened at first use: a few microseconds, no GRDB pool, no thread hop.
final class DataVersionProbe: Sendable {
    private struct Connection: @unchecked Sendable {
        let database: OpaquePointer
        let statement: OpaquePointer
    }

    private let path: String
    /// nil until first used; stays nil (and `version()` throws) if the file cannot be opened.
    private let connection = Mutex<Connection?>(nil)

    init(path: String) { self.path = path }

    deinit {
        connection.withLock { open in
            guard let open else { return }
            sqlite3_finalize(open.statement)
            sqlite3_close_v2(open.database)
        }
    }

    func version() throws -> UInt64 {
        try connection.withLock { open in
            if open == nil { open = try Self.open(path) }
            guard let open else { throw StoreError(.database, "data_version: no connection to \(path)") }
            // Reset at once: a statement left stepped would hold a read transaction and pin the WAL.
            defer { sqlite3_reset(open.statement) }
            guard sqlite3_step(open.statement) == SQLITE_ROW else {
                throw StoreError(.database, "data_version of \(path): " + String(cString: sqlite3_errmsg(open.database)))
            }
            return UInt64(bitPattern: sqlite3_column_int64(open.statement, 0))
        }
    }

    private static func open(_ path: String) throws -> Connection {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(database)
            throw StoreError(.database, "open \(path) for data_version: \(message)")
        }
        sqlite3_busy_timeout(database, Int32(SQLiteStore.busyTimeout * 1000))
        // Like the pool's connections: never the one that checkpoints the WAL away at close.
        _ = squall_sqlite_skip_checkpoint_on_close(database)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK, let statement else {
            let message = String(cString: sqlite3_errmsg(database))
            sqlite3_finalize(statement)
            sqlite3_close_v2(database)
            throw StoreError(.database, "prepare data_version on \(path): \(message)")
        }
        return Connection(database: database, statement: statement)
    }
}
