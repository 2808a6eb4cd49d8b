import SquallModel

/// noop: succeeds at once without starting a child; st2's result has no stdout or stderr.
public struct NoopRunner: ActionRunner {
    public init() {}
    public func run(_ job: RunnerJob, events: RunnerEvents) throws -> RunnerOutcome {
        RunnerOutcome(status: .succeeded, result: ["failed": false, "succeeded": true, "return_code": 0])
    }
}
