import Foundation
import SquallModel

/// Requests other processes send through the control socket (see ControlClient): one JSON object
/// per line, `op` naming the request; every answer has `ok`, and `error` when it is false.
///   fire   {trigger, payload}  -> {ok, trigger_instance}
///   reload {scope: rules|packs} -> {ok, reloads, rules}, once the reload is applied (rules: enabled now)
///   ping                        -> {ok, pid}
///   status                      -> {ok, status, control_connections} (status: what server-status.json holds)
extension Server {
    func answerControl(_ request: JSONValue) -> JSONValue {
        guard let op = request["op"]?.stringValue else {
            return ControlSocket.refusal("request has no \"op\" (fire, reload, ping or status)")
        }
        guard lifecycleState == .running else {
            return ControlSocket.refusal("the server is \(lifecycleState.rawValue); request '\(op)' refused")
        }
        switch op {
        case "ping":
            return ["ok": true, "pid": .int(Int(getpid()))]
        case "status":
            let connections = stateLock.withLock { () -> Int in
                guard case .running(let parts) = lifecycle else { return 0 }
                return parts.control.openConnections
            }
            return ["ok": true, "status": statusJSON(), "control_connections": .int(connections)]
        case "fire":
            guard let trigger = request["trigger"]?.stringValue, !trigger.isEmpty else {
                return ControlSocket.refusal("fire: \"trigger\" must be a trigger type's ref")
            }
            let payload = request["payload"] ?? .object([:])
            guard case .object = payload else { return ControlSocket.refusal("fire: \"payload\" must be a JSON object") }
            switch enqueue(trigger: trigger, payload: payload) {
            case .success(let id): return ["ok": true, "trigger_instance": .string(id)]
            case .failure(let dropped): return ControlSocket.refusal("trigger '\(trigger)' not dispatched: \(dropped.reason)")
            }
        case "reload":
            let name = request["scope"]?.stringValue ?? ReloadScope.rules.rawValue
            guard let scope = ReloadScope(rawValue: name) else {
                return ControlSocket.refusal("reload: unknown scope '\(name)' (rules or packs)")
            }
            guard let count = reloadUnlessStopping(scope) else {
                return ControlSocket.refusal("the server is stopping; reload refused")
            }
            return ["ok": true, "reloads": .int(count), "rules": .int(rules.count)]
        default:
            return ControlSocket.refusal("unknown op '\(op)' (fire, reload, ping or status)")
        }
    }
}
