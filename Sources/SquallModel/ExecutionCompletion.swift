import Foundation

/// What metrics need of a completed execution (ExecutionStore.completions).
public struct ExecutionCompletion: Sendable, Equatable {
    public var status: ExecutionStatus
    public var runner: String
    public var startTimestamp: Date
    public var endTimestamp: Date

    public init(status: ExecutionStatus, runner: String, startTimestamp: Date, endTimestamp: Date) {
        self.status = status; self.runner = runner; self.startTimestamp = startTimestamp; self.endTimestamp = endTimestamp
    }
}
