import Foundation
import GRDBSQLite
import CSquallSQLite
import Synchronization
import SquallStore

/// `PRAGMA data_version` on a connection of its own: SQLite changes it whenever another connection
/// (this process's pool or another process, such as `squall run`) commits, so a page read while it
/// held a value is still current while it holds it. A single prepared statement on a read-only
/// connection opened at first use: a few microseconds, no GRDB pool, no thread hop. Another
/// one-integer `query` can be probed the same way (the datastore's generation, read per batch of
/// trigger instances).
final class DataVersionProbe: Sendable {
    private struct Connection: @unchecked Sendable {
        let database: OpaquePointer
        let statement: OpaquePointer
    }

    private let path: String
    private let query: String
    /// nil until first used; stays nil (and `version()` throws) if the file cannot be opened.
    private let connection = Mutex<Connection?>(nil)

    init(path: String, query: String = "PRAGMA data_version") { self.path = path; self.query = query }

    deinit {
        connection.withLock { open in
            guard let open else { return }
            sqlite3_finalize(open.statement)
            sqlite3_close_v2(open.database)
        }
    }

    func version() throws -> UInt64 {
        guard let version = try value() else { throw StoreError(.database, "\(query) on \(path): no row") }
        return UInt64(bitPattern: version)
    }

    /// The query's first column; nil when it gave no row.
    func value() throws -> Int64? {
        try connection.withLock { open in
            if open == nil { open = try Self.open(path, query: query) }
            guard let open else { throw StoreError(.database, "\(query): no connection to \(path)") }
            // Reset at once: a statement left stepped would hold a read transaction and pin the WAL.
            defer { sqlite3_reset(open.statement) }
            switch sqlite3_step(open.statement) {
            case SQLITE_ROW: return sqlite3_column_int64(open.statement, 0)
            case SQLITE_DONE: return nil
            default: throw StoreError(.database, "\(query) on \(path): " + String(cString: sqlite3_errmsg(open.database)))
            }
        }
    }

    private static func open(_ path: String, query: String) throws -> Connection {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(database)
            throw StoreError(.database, "open \(path) for \(query): \(message)")
        }
        sqlite3_busy_timeout(database, Int32(SQLiteStore.busyTimeout * 1000))
        // Like the pool's connections: never the one that checkpoints the WAL away at close.
        _ = squall_sqlite_skip_checkpoint_on_close(database)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, query, -1, &statement, nil) == SQLITE_OK, let statement else {
            let message = String(cString: sqlite3_errmsg(database))
            sqlite3_finalize(statement)
            sqlite3_close_v2(database)
            throw StoreError(.database, "prepare \(query) on \(path): \(message)")
        }
        return Connection(database: database, statement: statement)
    }
}
