public import Foundation
public import SquallModel

/// Where execution records and their output live. Nothing here names a database engine, so a
/// PostgreSQL implementation can sit behind the same seam.
///
/// A completed execution (`ExecutionStatus.isCompleted`) is final: `update(id:_:)` refuses to
/// change its status, so whichever process completes an execution first (its supervisor, a
/// cancel, an abandon) keeps its outcome and result.
public protocol ExecutionStore: Sendable {
    /// Records a new execution; fails with `.duplicateID` if the id is taken.
    func create(_ execution: Execution) throws
    /// Replaces the whole record unconditionally; fails with `.notFound` if there is none with
    /// that id. Racy across processes: state changes go through `update(id:_:)`.
    func update(_ execution: Execution) throws
    /// Reads the execution, applies `change` and writes the result back, all in ONE write
    /// transaction: no other process's write can land between the read and the write. Returns the
    /// record as stored afterwards. Nothing is written when:
    /// - there is no such execution: throws `.notFound`;
    /// - the stored record is completed and `change` gives it another status: throws
    ///   `.alreadyCompleted` (the stored record is left as it was);
    /// - `change` throws: its error is rethrown;
    /// - `change` leaves the record equal to what was stored: returns it (no commit needed).
    @discardableResult
    func update(id: String, _ change: (inout Execution) throws -> Void) throws -> Execution
    /// Several `update(id:_:)`s in ONE write transaction (a server's concurrent executions share
    /// commits), applied in order, each exactly as `update(id:_:)` would apply it: a change refused
    /// (not found, already completed, its own error) is that change's result alone and writes
    /// nothing; a failure of the store itself throws, and then none of them was written.
    func update(each changes: [ExecutionUpdate]) throws -> [Result<Execution, any Error>]
    /// The execution with exactly this id.
    func execution(id: String) throws -> Execution?
    /// Executions newest first (by start timestamp, then id), filtered and paged by `query`.
    func executions(matching query: ExecutionQuery) throws -> [Execution]
    /// How many executions pass `query`'s filters (its limit and offset ignored).
    func countExecutions(matching query: ExecutionQuery) throws -> Int
    /// Records a batch of output lines in one transaction.
    func appendOutput(_ lines: [OutputLine]) throws
    /// An execution's output ordered by sequence; with `after`, only lines past that sequence.
    func output(executionId: String, after sequence: Int?) throws -> [OutputLine]
    /// Marks executions that are not completed and whose owning supervisor is gone as `abandoned`
    /// (see `Execution.markAbandoned`), in one write transaction. Returns their ids. A workflow
    /// with a saved state (`WorkflowStateStore`) is left alone: a server resumes it from that state.
    func abandonOrphans(isSupervisorAlive: (Int32, UInt64?) -> Bool) throws -> [String]
    /// Deletes completed executions that started and ended before `cutoff`, with their output
    /// (st2 keeps executions that have not completed). Returns how many.
    func purgeExecutions(completedBefore cutoff: Date) throws -> Int
    /// Completed executions whose end timestamp is after `after` (any, when nil) and not after
    /// `upTo`, whichever process ran them: what metrics count (`/metrics`), in no given order.
    func completions(endedAfter after: Date?, upTo: Date) throws -> [ExecutionCompletion]
}

extension ExecutionStore {
    /// Executions newest first, optionally filtered by action ref and status.
    public func executions(limit: Int, action: String?, status: ExecutionStatus?) throws -> [Execution] {
        try executions(matching: ExecutionQuery(action: action, status: status, limit: limit))
    }

    /// Abandons executions whose supervisor is no longer running on this host.
    @discardableResult
    public func abandonOrphans() throws -> [String] {
        try abandonOrphans(isSupervisorAlive: ProcessLiveness.isAlive(pid:startTime:))
    }
}

/// One change of `update(each:)`: `update(id:_:)`'s arguments.
public struct ExecutionUpdate {
    public let id: String
    public let change: (inout Execution) throws -> Void
    public init(id: String, change: @escaping (inout Execution) throws -> Void) { self.id = id; self.change = change }
}

/// The part of `update(id:_:)`'s contract every store shares: applies `change` to `stored` and
/// says whether there is anything to write. Stores call it inside their write transaction.
public enum ExecutionChange {
    /// The changed record, or nil when it equals `stored`; throws `.alreadyCompleted` when
    /// `change` moves a completed execution to another status.
    public static func apply(_ change: (inout Execution) throws -> Void, to stored: Execution) throws -> Execution? {
        var changed = stored
        try change(&changed)
        if stored.status.isCompleted && changed.status != stored.status {
            throw StoreError(.alreadyCompleted, "execution \(stored.id) is already \(stored.status.rawValue)")
        }
        if changed.id != stored.id {
            throw StoreError(.database, "execution \(stored.id): an update may not change the id")
        }
        return changed == stored ? nil : changed
    }
}

extension Execution {
    /// What `abandonOrphans` makes of an execution whose supervisor `pid` is gone: `abandoned`,
    /// logged and ended at `now`, its result keeping what was recorded and saying why it stopped.
    public mutating func markAbandoned(supervisorPid pid: Int32, at now: Date) {
        let reason = "execution abandoned: its supervisor process (pid \(pid)) is gone"
        status = .abandoned
        log.append(StatusTransition(status: .abandoned, timestamp: now))
        endTimestamp = now
        switch result {
        case .object(var object)?:
            object["error"] = .string(reason)
            result = .object(object)
        case let previous?:
            result = .object(["error": .string(reason), "result": previous])
        case nil:
            result = .object(["error": .string(reason)])
        }
    }
}
