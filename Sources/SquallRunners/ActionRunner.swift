import Foundation
import SquallModel
import SquallSandbox

/// Everything a runner needs to run one execution. Parameters are final (rendered, cast) and
/// unmasked: a runner must never log or store them.
public struct RunnerJob: Sendable {
    public var executionId: String
    public var action: Action
    public var parameters: [String: JSONValue]
    /// The pack's config (secrets included): reaches Python children only over their channel.
    public var config: [String: JSONValue]
    public var user: String
    /// Seconds after which the whole process group is killed.
    public var timeoutSeconds: Int
    public var policy: SandboxPolicy
    /// A private directory for this execution (its channel socket lives here); removed afterwards.
    public var runDirectory: String
    /// The API's URLs and this execution's token when a server serves the API (ActionAPIAccess).
    public var apiAccess: ActionAPIAccess?

    public init(executionId: String, action: Action, parameters: [String: JSONValue], config: [String: JSONValue],
                user: String, timeoutSeconds: Int, policy: SandboxPolicy, runDirectory: String) {
        self.executionId = executionId; self.action = action; self.parameters = parameters; self.config = config
        self.user = user; self.timeoutSeconds = timeoutSeconds; self.policy = policy; self.runDirectory = runDirectory
    }
}

/// What a runner reports back while it runs: output lines as they arrive, datastore calls.
public protocol RunnerEvents: AnyObject {
    /// The child started (its pid in the supervisor's namespace).
    func childStarted(pid: Int32)
    /// One line of output, without its newline.
    func output(_ stream: OutputStreamKind, line: String)
    /// A datastore request from a child; returns the reply value or throws a one-line error.
    func datastore(operation: String, arguments: [String: JSONValue]) throws -> JSONValue
    /// A trigger instance an action dispatched (core.inject_trigger); throws a one-line error.
    func dispatch(trigger: String, payload: JSONValue, traceTag: String?) throws
}

/// How an execution ended, as far as its runner can tell.
public struct RunnerOutcome: Sendable, Equatable {
    public var status: ExecutionStatus
    public var result: JSONValue
    /// A big action result kept as text: `result["result"]` is absent then (Execution.actionResultText).
    public var actionResultText: JSONText?
    public init(status: ExecutionStatus, result: JSONValue) {
        self.status = status; self.result = result
    }
}

extension RunnerOutcome {
    /// A child the kernel killed for a limit (memory, forks, CPU time, file size) fails, saying which.
    mutating func noteKill(_ completion: ChildSupervisor.Completion, sandbox: ChildSandbox, limits: ResourceLimits) {
        guard !completion.timedOut, let reason = sandbox.killReason(completion.termination, limits: limits),
              case .object(var result) = result else { return }
        result["error"] = .string(reason)
        self.result = .object(result)
        if status == .succeeded { status = .failed }
    }
}

/// A runner turns a job into a sandboxed child and its outcome.
public protocol ActionRunner: Sendable {
    func run(_ job: RunnerJob, events: RunnerEvents) throws -> RunnerOutcome
}

/// A runner could not start the work at all (missing interpreter, venv failure...).
public struct RunnerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// st2's message for a killed-on-timeout execution.
func timeoutMessage(seconds: Int) -> String {
    "Action failed to complete in \(seconds) seconds"
}
