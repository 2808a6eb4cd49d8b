public import Foundation
public import SquallModel
public import SquallStore

extension MemoryStore {
    public func executionStamps(matching query: ExecutionQuery) throws -> [(id: String, status: ExecutionStatus, endTimestamp: Date?)] {
        try executions(matching: query).map { ($0.id, $0.status, $0.endTimestamp) }
    }

    public func executions(ids: [String], includeResults: Bool) throws -> [Execution] {
        try ids.compactMap { id in
            guard var execution = try execution(id: id) else { return nil }
            if !includeResults { execution.result = nil }
            return execution
        }
    }

    public func changeVersion() throws -> UInt64? {
        try read { $0.changes }
    }
}
