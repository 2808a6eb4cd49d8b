public import Foundation
import Synchronization
public import SquallModel
public import SquallStore

/// The whole `Store` in memory, for tests that need a store but no file (an engine's unit tests):
/// the same semantics as `SQLiteStore`, proven by the same contract tests. One lock guards
/// everything, so each operation is a transaction and sees no other half done.
public final class MemoryStore: Store {
    struct State {
        var executions: [String: Execution] = [:]
        /// Output lines by execution id, then by sequence.
        var output: [String: [Int: OutputLine]] = [:]
        var pairs: [PairKey: KeyValuePair] = [:]
        var keyValueGeneration: Int64 = 0
        var ruleStates: [String: StoredRuleState] = [:]
        var workflowStates: [String: WorkflowStateRecord] = [:]
        /// Task instances by workflow, then key.
        var workflowTasks: [String: [Int: WorkflowTaskRecord]] = [:]
        /// Parts of workflow states by workflow, then key.
        var workflowStateParts: [String: [String: JSONValue]] = [:]
        /// In the order first recorded (SQLite's rowid order), with an index by id.
        var triggerInstances = RecordedList<TriggerInstanceRecord>()
        var ruleEnforcements = RecordedList<RuleEnforcement>()
        var auth = AuthRecords()
        /// Transactions committed (`changeVersion`).
        var changes: UInt64 = 0
    }

    struct PairKey: Hashable {
        var scope: String
        var name: String
    }

    let state = Mutex(State())

    public init() {}

    /// Runs `body` on the state as one transaction: when it throws, nothing it changed is kept.
    func transaction<T: Sendable>(_ body: (inout State) throws -> T) throws -> T {
        try state.withLock { current in
            var working = current
            let result = try body(&working)
            working.changes &+= 1
            current = working
            return result
        }
    }

    func read<T: Sendable>(_ body: (State) throws -> T) throws -> T {
        try state.withLock { current in try body(current) }
    }

    // Nothing to tune: memory has no log to checkpoint.
    public func beginLongRunningWriter() throws {}
    public func endLongRunningWriter() throws {}
}

/// Records kept in the order they were first recorded, newest listed first.
struct RecordedList<Record: Sendable>: Sendable {
    private(set) var records: [Record] = []
    private var positions: [String: Int] = [:]
    /// Positions before this one were purged (kept so positions stay stable until compaction).
    private var start = 0

    subscript(id: String) -> Record? {
        positions[id].map { records[$0] }
    }

    mutating func insert(_ record: Record, id: String) throws {
        guard positions[id] == nil else { throw StoreError(.duplicateID, "a record with id \(id) already exists") }
        positions[id] = records.count
        records.append(record)
    }

    /// Replaces a recorded one in place (keeping its position); returns false if there is none.
    mutating func replace(id: String, _ change: (inout Record) -> Void) -> Bool {
        guard let position = positions[id] else { return false }
        change(&records[position])
        return true
    }

    /// Newest first.
    func newestFirst(where include: (Record) -> Bool, limit: Int) -> [Record] {
        var found: [Record] = []
        for record in records[start...].reversed() where include(record) {
            guard found.count < limit else { break }
            found.append(record)
        }
        return found
    }

    /// Removes the oldest records up to the first that `isOld` rejects; returns how many.
    mutating func purgeOldest(id: (Record) -> String, isOld: (Record) -> Bool) -> Int {
        var removed = 0
        while start < records.count, isOld(records[start]) {
            positions[id(records[start])] = nil
            start += 1
            removed += 1
        }
        if start > 0 && start * 2 >= records.count { compact(id: id) }
        return removed
    }

    private mutating func compact(id: (Record) -> String) {
        records.removeFirst(start)
        start = 0
        positions = [:]
        for (position, record) in records.enumerated() { positions[id(record)] = position }
    }
}
