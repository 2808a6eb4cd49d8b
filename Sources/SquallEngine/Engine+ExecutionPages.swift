import Foundation
import SquallModel

/// What identifies an execution's record as it stands: enough for a list to tell whether a copy
/// rendered earlier still holds (a completed execution is final, see ExecutionStore) without
/// reading and decoding the whole record.
public struct ExecutionStamp: Sendable, Hashable {
    public var id: String
    public var status: ExecutionStatus
    public var endTimestamp: Date?

    public init(id: String, status: ExecutionStatus, endTimestamp: Date?) {
        self.id = id; self.status = status; self.endTimestamp = endTimestamp
    }
}

/// Lists in two reads, for front ends that keep rendered copies of completed executions (the HTTP
/// API's `GET /executions`): the page's stamps, then only the records they need.
extension Engine {
    /// The stamps of `executions(query)`'s page, in its order, with the same total.
    public func executionStamps(_ query: ExecutionQuery) throws -> Page<ExecutionStamp> {
        try checkPaging(query)
        let items = try store.executionStamps(matching: query).map { ExecutionStamp(id: $0.id, status: $0.status, endTimestamp: $0.endTimestamp) }
        return Page(items: items, total: try total(of: query, onPage: items.count))
    }

    /// The executions with these ids that exist, in no given order; results only when `includeResults`.
    public func executions(ids: [String], includeResults: Bool) throws -> [Execution] {
        try store.executions(ids: ids, includeResults: includeResults)
    }

    /// Differs whenever anything was committed to the store since, by any process
    /// (ExecutionPageStore.changeVersion); nil when the store cannot tell. Cheap (no read
    /// transaction): a front end may check it on its event loop before serving a page read earlier.
    public func storeChangeVersion() -> UInt64? {
        try? store.changeVersion()
    }
}
