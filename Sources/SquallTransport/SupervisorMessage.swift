import Foundation
import SquallModel

/// A message the supervisor sends to a child.
public enum SupervisorMessage: Sendable, Equatable {
    case execute(ExecuteRequest)
    /// The answer to `ChildMessage.datastore` with the same id. `ok == false` carries `error`.
    case datastoreReply(id: Int, ok: Bool, value: JSONValue, error: String?)
    /// Starts the sensor a sensor child hosts (its first message, like `execute` for actions).
    case startSensor(StartSensorRequest)
    /// A rule started (`add`), changed (`update`) or stopped (`remove`) using one of the sensor's
    /// trigger types; `trigger` is st2's trigger dict {id, name, pack, type, parameters, ref, uid}.
    case triggerUpdate(operation: TriggerUpdateOperation, trigger: JSONValue)
    /// Asks a sensor child to run cleanup() and exit.
    case stop
}

public enum TriggerUpdateOperation: String, Sendable, Equatable {
    case add, update, remove
}

extension SupervisorMessage {
    public static func datastoreSuccess(id: Int, value: JSONValue) -> SupervisorMessage {
        .datastoreReply(id: id, ok: true, value: value, error: nil)
    }

    public static func datastoreFailure(id: Int, error: String) -> SupervisorMessage {
        .datastoreReply(id: id, ok: false, value: .null, error: error)
    }

    public var json: JSONValue {
        switch self {
        case .execute(let request):
            return [
                "type": "execute",
                "execution_id": .string(request.executionId),
                "pack": .string(request.pack),
                "action": .string(request.action),
                "entry_point": .string(request.entryPoint),
                "parameters": .object(request.parameters),
                "config": .object(request.config),
                "user": .string(request.user),
                "debug": .bool(request.debug),
                "log_level": .string(request.logLevel),
            ]
        case .datastoreReply(let id, let ok, let value, let error):
            if ok { return ["type": "datastore_reply", "id": .int(id), "ok": true, "value": value] }
            return ["type": "datastore_reply", "id": .int(id), "ok": false, "error": .string(error ?? "datastore error")]
        case .startSensor(let request):
            return [
                "type": "start_sensor", "sensor_id": .string(request.sensorId), "sensor": .string(request.sensor),
                "pack": .string(request.pack), "entry_point": .string(request.entryPoint),
                "class_name": .string(request.className), "config": .object(request.config),
                "poll_interval": request.pollInterval.map(JSONValue.double) ?? .null,
                "triggers": .array(request.triggers), "log_level": .string(request.logLevel),
            ]
        case .triggerUpdate(let operation, let trigger):
            return ["type": "trigger_update", "op": .string(operation.rawValue), "trigger": trigger]
        case .stop:
            return ["type": "stop"]
        }
    }

    public func encoded() -> Data { json.frame }

    /// Reads a supervisor message (used by Swift-side children such as a fork server, and tests).
    public static func decode(_ frame: Data) throws(MessageDecodingError) -> SupervisorMessage {
        let wire = try WireObject.parse(frame)
        switch wire.type {
        case "execute":
            return .execute(ExecuteRequest(
                executionId: try wire.string("execution_id"),
                pack: try wire.string("pack"),
                action: try wire.string("action"),
                entryPoint: try wire.string("entry_point"),
                parameters: try wire.object("parameters"),
                config: try wire.object("config"),
                user: try wire.string("user"),
                debug: try wire.bool("debug"),
                logLevel: try wire.optionalString("log_level") ?? "DEBUG"))
        case "datastore_reply":
            let ok = try wire.bool("ok")
            return .datastoreReply(
                id: try wire.int("id"), ok: ok, value: ok ? try wire.value("value") : .null,
                error: ok ? nil : try wire.optionalString("error"))
        case "start_sensor":
            return .startSensor(StartSensorRequest(
                sensorId: try wire.string("sensor_id"), sensor: try wire.string("sensor"), pack: try wire.string("pack"),
                entryPoint: try wire.string("entry_point"), className: try wire.string("class_name"),
                config: try wire.object("config"), pollInterval: wire.fields["poll_interval"]?.doubleValue,
                triggers: wire.fields["triggers"]?.arrayValue ?? [],
                logLevel: try wire.optionalString("log_level") ?? "DEBUG"))
        case "trigger_update":
            guard let operation = TriggerUpdateOperation(rawValue: try wire.string("op")) else {
                throw .wrongFieldType(type: wire.type, field: "op", expected: "add, update or remove")
            }
            return .triggerUpdate(operation: operation, trigger: try wire.value("trigger"))
        case "stop":
            return .stop
        default:
            throw .unknownType(wire.type)
        }
    }
}
