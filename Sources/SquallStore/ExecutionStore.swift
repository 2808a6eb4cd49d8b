import SquallModel

/// Where execution records and their output live. Nothing here names a database engine, so a
/// PostgreSQL implementation can sit behind the same seam.
public protocol ExecutionStore: Sendable {
    /// Records a new execution; fails with `.duplicateID` if the id is taken.
    func create(_ execution: Execution) throws
    /// Replaces the whole record; fails with `.notFound` if there is none with that id.
    func update(_ execution: Execution) throws
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
    /// (status, a log entry, end timestamp, result noting why). Returns their ids.
    func abandonOrphans(isSupervisorAlive: (Int32, UInt64?) -> Bool) throws -> [String]
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
