public import Foundation
public import SquallModel

/// Lists read in two steps (the HTTP API's `GET /executions`): the page's stamps first, then only
/// the records not already rendered.
public protocol ExecutionPageStore: Sendable {
    /// What identifies each record of `executions(matching: query)` as it stands, in the same
    /// order: a completed execution is final, so these tell whether a copy rendered earlier holds.
    func executionStamps(matching query: ExecutionQuery) throws -> [(id: String, status: ExecutionStatus, endTimestamp: Date?)]
    /// The executions with these ids (those that exist), in no given order; their results only
    /// when `includeResults`.
    func executions(ids: [String], includeResults: Bool) throws -> [Execution]
    /// A number that differs from any earlier one whenever anything was committed to the store
    /// since, by this process or another: a page read while it held a value is current while it
    /// holds it (the HTTP API's page cache). nil when the store cannot tell.
    func changeVersion() throws -> UInt64?
}
