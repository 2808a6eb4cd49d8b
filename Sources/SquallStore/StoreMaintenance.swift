/// Hooks for a process whose life shapes how the store should behave (the server), not what it
/// stores. A store with nothing to do for a hook does nothing.
public protocol StoreMaintenance: Sendable {
    /// This process will write continuously for a long time (the server's rules path commits a
    /// batch every few milliseconds): tune for throughput (SQLite: checkpoint the WAL less often).
    func beginLongRunningWriter() throws
    /// The long-running writer is stopping: leave the store cheap for the next process to open
    /// (SQLite: checkpoint and truncate the WAL).
    func endLongRunningWriter() throws
}

/// Everything the engine keeps: the seam a database fills. `SQLiteStore` (SquallSQLiteStore) is
/// the one squall runs on; `MemoryStore` (SquallMemoryStore) serves unit tests; a PostgreSQL store
/// would be a third, proven by the same contract tests (Tests/SquallStoreTests/StoreContractTests).
public protocol Store: ExecutionStore, ExecutionPageStore, ExecutionResultTextStore, KeyValueStore, RuleRecordStore, RuleStateStore, WorkflowStateStore, WorkflowTaskStartStore, AuthStore, StoreMaintenance {}
