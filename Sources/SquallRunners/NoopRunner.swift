import SquallModel

/// noop: succeeds at once without starting a child.
public struct NoopRunner: ActionRunner {
    public init() {}
    public func run(_ job: RunnerJob, events: RunnerEvents) throws -> RunnerOutcome {
        RunnerOutcome(status: .succeeded, result: ["failed": false, "succeeded": true, "return_code": 0, "stdout": "", "stderr": ""])
    }
}
