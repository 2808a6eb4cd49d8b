public import Foundation
public import SquallModel
import SquallStore

extension MemoryStore {
    public func completions(endedAfter after: Date?, upTo: Date) throws -> [ExecutionCompletion] {
        try read { state in
            state.executions.values.compactMap { execution -> ExecutionCompletion? in
                guard execution.status.isCompleted, let end = execution.endTimestamp, end <= upTo,
                      after.map({ end > $0 }) ?? true else { return nil }
                return ExecutionCompletion(status: execution.status, runner: execution.runner,
                                           startTimestamp: execution.startTimestamp, endTimestamp: end)
            }
        }
    }
}
