import Foundation
import SquallModel

/// A message the supervisor sends to a child.
public enum SupervisorMessage: Sendable, Equatable {
    case execute(ExecuteRequest)
    /// The answer to `ChildMessage.datastore` with the same id. `ok == false` carries `error`.
    case datastoreReply(id: Int, ok: Bool, value: JSONValue, error: String?)
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
        default:
            throw .unknownType(wire.type)
        }
    }
}
