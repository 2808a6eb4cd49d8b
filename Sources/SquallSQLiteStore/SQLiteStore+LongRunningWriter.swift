import GRDB
import SquallStore

extension SQLiteStore {
    /// WAL pages after which the server's writes checkpoint (SQLite's default; a CLI run's is 64).
    static let longRunningCheckpointPages = 1000

    /// For a process that writes continuously (the server's rules path commits a batch every few
    /// milliseconds): checkpoint at 1000 WAL pages, not at 64, so that a checkpoint (and its
    /// fsyncs) no longer follows nearly every batch, and an index page changed by several batches
    /// reaches the database file once. `endLongRunningWriter` empties the WAL again at the end.
    public func beginLongRunningWriter() throws {
        try Self.mapErrors("set the checkpoint interval of \(path)") {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.longRunningCheckpointPages)")
            }
        }
    }

    /// Checkpoints the whole WAL and truncates it: the next process's first open then has no
    /// large WAL to read back. Another process reading at that moment makes this a partial
    /// checkpoint, which is fine: it is only an optimisation.
    public func endLongRunningWriter() throws {
        try Self.mapErrors("checkpoint \(path)") {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }
}
