import Foundation
import SquallModel

/// A message a child sends to the supervisor (see ARCHITECTURE.md, "The child protocol").
public enum ChildMessage: Sendable, Equatable {
    /// First message: who the child claims to be.
    case hello(executionId: String, pid: Int32)
    /// A record from the action's logger.
    case log(level: String, logger: String, message: String)
    /// A datastore request; answer with `SupervisorMessage.datastoreReply` carrying the same id.
    /// Key names in `args` are already full names (the child applies the local prefix).
    case datastore(id: Int, op: String, args: [String: JSONValue])
    /// The action's outcome: `status` is the bool of a `(status, result)` tuple, nil without one.
    case result(status: Bool?, result: JSONValue)
    /// A `result` whose value is `largeResultBytes` or more of text: kept as its checked text.
    case largeResult(status: Bool?, text: JSONText)
    /// The wrapper refused the outcome (e.g. a non-bool status: exit code 220).
    case error(exitCode: Int32, message: String)
    /// A sensor dispatched a trigger instance.
    case dispatch(trigger: String, payload: JSONValue, traceTag: String?)
    /// A sensor finished setup() and is running.
    case sensorStarted
    /// A sensor ran cleanup() after a stop request and is exiting.
    case sensorStopped
}

extension ChildMessage {
    /// From this size on a result's value is kept as text (`largeResult`), not as a tree; smaller
    /// results are decoded (and stored) as before.
    public static let largeResultBytes = 1 << 20

    /// `largeResultBytes` is only lowered by the fuzz target (Fuzz/FuzzLargeResult), so that
    /// small inputs reach the big-result path.
    public static func decode(_ frame: Data, largeResultBytes: Int = largeResultBytes) throws(MessageDecodingError) -> ChildMessage {
        if frame.count >= largeResultBytes, let large = try LargeResultFrame.decode(frame, largeResultBytes: largeResultBytes) { return large }
        let wire = try WireObject.parse(frame)
        switch wire.type {
        case "hello":
            return .hello(executionId: try wire.string("execution_id"), pid: try wire.int32("pid"))
        case "log":
            return .log(level: try wire.string("level"), logger: try wire.string("logger"), message: try wire.string("message"))
        case "datastore":
            return .datastore(id: try wire.int("id"), op: try wire.string("op"), args: try wire.object("args"))
        case "result":
            return .result(status: try ChildMessage.status(wire.fields["status"]), result: try wire.value("result"))
        case "error":
            return .error(exitCode: try wire.int32("exit_code"), message: try wire.string("message"))
        case "dispatch":
            return .dispatch(trigger: try wire.string("trigger"), payload: wire.fields["payload"] ?? .null,
                             traceTag: try wire.optionalString("trace_tag"))
        case "sensor_started":
            return .sensorStarted
        case "sensor_stopped":
            return .sensorStopped
        default:
            throw .unknownType(wire.type)
        }
    }

    public var json: JSONValue {
        switch self {
        case .hello(let executionId, let pid):
            return ["type": "hello", "execution_id": .string(executionId), "pid": .int(Int(pid))]
        case .log(let level, let logger, let message):
            return ["type": "log", "level": .string(level), "logger": .string(logger), "message": .string(message)]
        case .datastore(let id, let op, let args):
            return ["type": "datastore", "id": .int(id), "op": .string(op), "args": .object(args)]
        case .result(let status, let result):
            return ["type": "result", "status": status.map(JSONValue.bool) ?? .null, "result": result]
        case .largeResult(let status, let text):
            return ["type": "result", "status": status.map(JSONValue.bool) ?? .null, "result": text.value]
        case .error(let exitCode, let message):
            return ["type": "error", "exit_code": .int(Int(exitCode)), "message": .string(message)]
        case .dispatch(let trigger, let payload, let traceTag):
            return ["type": "dispatch", "trigger": .string(trigger), "payload": payload,
                    "trace_tag": traceTag.map(JSONValue.string) ?? .null]
        case .sensorStarted:
            return ["type": "sensor_started"]
        case .sensorStopped:
            return ["type": "sensor_stopped"]
        }
    }

    public func encoded() -> Data { json.frame }
}
