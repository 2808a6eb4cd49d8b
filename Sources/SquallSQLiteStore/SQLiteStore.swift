public import Foundation
import GRDB
import GRDBSQLite
import CSquallSQLite
import SquallModel
public import SquallStore

/// The SQLite implementation of the stores. Several processes (CLI runs, a server) may open the
/// same file at once: WAL lets readers proceed during a write, IMMEDIATE write transactions take
/// the write lock up front, and the busy timeout makes writers wait for each other instead of failing.
public final class SQLiteStore: Store, @unchecked Sendable {
    public let path: String
    let pool: DatabasePool
    /// Tells whether anything was committed since (SQLiteStore+ExecutionPages' `changeVersion`).
    let dataVersion: DataVersionProbe
    /// The datastore's generation, read per batch of trigger instances without the pool (`keyValueGeneration`).
    let keyValueGenerationProbe: DataVersionProbe

    /// WAL pages after which a commit checkpoints (see `prepareDatabase` below, and `beginLongRunningWriter`).
    static let checkpointPages = 64

    /// How long a writer waits for another process's write lock before failing.
    public static let busyTimeout: TimeInterval = 5

    /// Opens (creating it and its parent directories if needed) and migrates the database at `path`.
    public init(path: String) throws {
        self.path = path
        dataVersion = DataVersionProbe(path: path)
        keyValueGenerationProbe = DataVersionProbe(path: path, query: "SELECT generation FROM change_counters WHERE name = 'key_value_pairs'")
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.database, "cannot create directory \(parent): \(error)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "squall.store"
        // WAL with synchronous=NORMAL: a crashed or killed process loses nothing it committed (the
        // WAL is in the OS's hands); only a power cut may drop the last commits. Saves an fsync per
        // status transition.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Keep -wal and -shm, not checkpointed, when the last connection closes: each short CLI run
            // would otherwise checkpoint and delete the WAL at exit (three fsyncs and an unlink) and
            // create it again (an fsync of its header) at the next start. The next process's first
            // open reads the whole WAL back (recovery), so writers checkpoint it small: at 64 pages
            // instead of SQLite's 1000 (`squall run core.noop` p50: 30.2 ms at 1000, 27.0 ms at 64,
            // 28.1 ms checkpointing at close, 30.9 ms with neither, same idle machine).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
            var persist: CInt = 1
            _ = sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &persist)
            _ = squall_sqlite_skip_checkpoint_on_close(db.sqliteConnection)
        }
        pool = try OpeningLock.withLock(beside: path) {
            let pool = try Self.mapErrors("open \(path)") {
                try DatabasePool(path: path, configuration: configuration)
            }
            try Self.mapErrors("migrate \(path)") { try SQLiteSchema.migrate(pool) }
            return pool
        }
    }

    /// Runs `body`, turning database errors into `StoreError` so no GRDB type crosses the seam.
    static func mapErrors<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.database, "\(what): \(error.message ?? error.description)")
        } catch {
            throw StoreError(.database, "\(what): \(error)")
        }
    }

    func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(what) { try pool.write(body) }
    }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(what) { try pool.read(body) }
    }
}
