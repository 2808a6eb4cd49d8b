import Foundation

/// st2's execution states.
public enum ExecutionStatus: String, Sendable, Codable, CaseIterable {
    case requested, scheduled, delayed, running, succeeded, failed, timeout, abandoned
    case canceling, canceled, pending, pausing, paused, resuming

    /// States after which nothing more happens to an execution.
    public var isCompleted: Bool {
        switch self {
        case .succeeded, .failed, .timeout, .canceled, .abandoned: return true
        default: return false
        }
    }
}

/// One entry of an execution's `log`: a state it entered, and when.
public struct StatusTransition: Sendable, Hashable, Codable {
    public var status: ExecutionStatus
    public var timestamp: Date
    public init(status: ExecutionStatus, timestamp: Date) {
        self.status = status; self.timestamp = timestamp
    }
}

/// The record of one action execution. Parameters are stored masked.
public struct Execution: Sendable, Hashable {
    public var id: String
    public var action: String
    public var runner: String
    public var parameters: [String: JSONValue]
    public var status: ExecutionStatus
    public var log: [StatusTransition]
    public var startTimestamp: Date
    public var endTimestamp: Date?
    public var result: JSONValue?
    /// The action's own result (the `result` member of `result`, absent there) kept as text, when
    /// it is big: see `JSONText` and `materialized()`. Nil for every other record.
    public var actionResultText: JSONText?
    public var context: [String: JSONValue]
    /// The pid of the supervisor process that owns this execution while it runs.
    public var supervisorPid: Int32?
    /// When that supervisor started (clock ticks since boot), so a reused pid is not mistaken for it.
    public var supervisorStartTime: UInt64?

    public init(id: String, action: String, runner: String, parameters: [String: JSONValue],
                status: ExecutionStatus, log: [StatusTransition], startTimestamp: Date,
                endTimestamp: Date? = nil, result: JSONValue? = nil, context: [String: JSONValue] = [:],
                supervisorPid: Int32? = nil, supervisorStartTime: UInt64? = nil) {
        self.id = id; self.action = action; self.runner = runner; self.parameters = parameters
        self.status = status; self.log = log; self.startTimestamp = startTimestamp
        self.endTimestamp = endTimestamp; self.result = result; self.context = context
        self.supervisorPid = supervisorPid; self.supervisorStartTime = supervisorStartTime
    }
}

/// Which stream an output line came from.
public enum OutputStreamKind: String, Sendable, Codable {
    case stdout, stderr
}

/// One line of an execution's output, kept as it arrived.
public struct OutputLine: Sendable, Hashable {
    public var executionId: String
    public var sequence: Int
    public var stream: OutputStreamKind
    public var line: String
    public var timestamp: Date
    public init(executionId: String, sequence: Int, stream: OutputStreamKind, line: String, timestamp: Date) {
        self.executionId = executionId; self.sequence = sequence; self.stream = stream
        self.line = line; self.timestamp = timestamp
    }
}

/// A datastore entry (st2's key-value pair).
public struct KeyValuePair: Sendable, Hashable {
    public var scope: String
    public var name: String
    public var value: String
    public var secret: Bool
    /// `value` is the encrypted form of a secret (secrets set before encryption at rest are not).
    public var encrypted: Bool
    public var expireTimestamp: Date?
    public init(scope: String = "system", name: String, value: String, secret: Bool = false, encrypted: Bool = false,
                expireTimestamp: Date? = nil) {
        self.scope = scope; self.name = name; self.value = value; self.secret = secret; self.encrypted = encrypted
        self.expireTimestamp = expireTimestamp
    }
}

/// The text shown in place of a secret.
public let maskedSecret = "********"
