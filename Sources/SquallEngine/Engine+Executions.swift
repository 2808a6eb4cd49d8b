import Foundation
import SquallModel

/// One page of a list, with how many items match in all (st2's `X-Total-Count`).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int

    public init(items: [Item], total: Int) { self.items = items; self.total = total }
}

/// Executions as every front end sees them (the CLI now, the HTTP API next): front ends call these
/// and never the store. Running (`run`), cancelling (`cancel`) and re-running build on the
/// lifecycle in Engine.swift and Engine+Cancel.swift.
extension Engine {
    /// The execution with this id.
    public func execution(id: String) throws -> Execution {
        guard let execution = try store.execution(id: id) else { throw EngineError.notFound("execution '\(id)' not found") }
        return execution
    }

    /// Executions newest first, filtered and paged by `query`, with how many pass its filters.
    public func executions(_ query: ExecutionQuery) throws -> Page<Execution> {
        try checkPaging(query)
        let items = try store.executions(matching: query)
        return Page(items: items, total: try total(of: query, onPage: items.count))
    }

    func checkPaging(_ query: ExecutionQuery) throws {
        guard query.limit >= 1 else { throw EngineError.badInput("limit must be at least 1 (got \(query.limit))") }
        guard query.offset >= 0 else { throw EngineError.badInput("offset must not be negative (got \(query.offset))") }
    }

    /// How many executions pass `query`'s filters, given that its page held `onPage`.
    func total(of query: ExecutionQuery, onPage: Int) throws -> Int {
        // A short page that is not past the end tells the total: no second query.
        let short = onPage < query.limit && (query.offset == 0 || onPage > 0)
        return short ? query.offset + onPage : try store.countExecutions(matching: query)
    }

    /// An execution's output lines in order; with `after`, only those past that sequence number.
    /// Empty for an execution that wrote nothing (or does not exist: ask `execution(id:)`).
    public func output(executionId: String, after sequence: Int? = nil) throws -> [OutputLine] {
        try store.output(executionId: executionId, after: sequence)
    }

    /// Hands each output line to `line` as it is recorded, until the execution completes; returns
    /// the completed record. Polls the store every `interval` (the writer may be another process).
    public func followOutput(executionId id: String, interval: TimeInterval = 0.1,
                             _ line: (OutputLine) -> Void) throws -> Execution {
        var after: Int? = nil
        while true {
            let execution = try execution(id: id)
            for next in try output(executionId: id, after: after) {
                line(next)
                after = next.sequence
            }
            if execution.status.isCompleted {
                // Lines written just before completion were read above only if the read came after them.
                for next in try output(executionId: id, after: after) { line(next) }
                return execution
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// Cancels (see `cancel(id:)`) and waits up to `seconds` for the supervisor to reap the child
    /// and record the final state; returns the record as it then stands.
    @discardableResult
    public func cancel(id: String, waitingUpTo seconds: TimeInterval) throws -> Execution {
        var execution = try cancel(id: id)
        let deadline = Date().addingTimeInterval(seconds)
        while !execution.status.isCompleted, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            execution = (try? store.execution(id: id)).flatMap { $0 } ?? execution
        }
        return execution
    }

    /// Runs a recorded execution's action again in this process with its parameters, `overrides`
    /// applied (st2's re-run: the new execution's context names the old one).
    public func rerun(id: String, overrides: [String: JSONValue] = [:]) throws -> Execution {
        try run(try rerunRequest(id: id, overrides: overrides))
    }
}
