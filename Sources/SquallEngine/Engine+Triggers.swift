import Foundation
import SquallModel

/// Trigger instances dispatched by actions (core.inject_trigger) and by the engine itself
/// (core.st2.generic.actiontrigger when an execution completes).
extension Engine {
    /// A server running on this engine takes actions' trigger instances directly; `dispatcher`
    /// returns false when it dropped one (invalid payload, full queue).
    public func setTriggerDispatcher(_ dispatcher: (@Sendable (String, JSONValue, [String: JSONValue]?) -> Bool)?) {
        triggerDispatcher.withLock { $0 = dispatcher.map { TriggerDispatcher(dispatch: $0) } }
    }

    /// To this process's server, else through the control socket to the server running on the
    /// data directory; with none running, the instance waits for the next start (`PendingTriggers`).
    func dispatchTrigger(_ trigger: String, payload: JSONValue) throws {
        if let dispatcher = triggerDispatcher.withLock({ $0 })?.dispatch {
            guard dispatcher(trigger, payload, nil) else {
                throw EngineError.badInput("the server dropped it (invalid payload or full queue; see its log)")
            }
            return
        }
        _ = try fireTrigger(trigger, payload: payload)
    }

    /// `squall trigger fire` (and later the API's): hands one instance to the server running on the
    /// data directory, or keeps it for the next one to start.
    public func fireTrigger(_ trigger: String, payload: JSONValue) throws -> PendingTriggers.Delivery {
        try audited("trigger.fire", target: trigger) {
            do {
                return try PendingTriggers.deliver(trigger: trigger, payload: payload,
                                                   dataDirectory: settings.dataDirectory, timeout: Self.fireTimeout)
            } catch let failure as ControlClient.Failure {
                throw EngineError.badInput(failure.description)
            }
        }
    }

    /// Every completed execution emits core.st2.generic.actiontrigger, however it started: a
    /// server's own executions into its queue, a CLI run's to the running server. With no server
    /// running it is dropped: no rule could match it.
    func emitActionTrigger(_ execution: Execution) {
        // The payload holds the result: a big one's tree is built only when someone takes it.
        if emitActionTriggerWithText(execution) { return }
        if let dispatcher = triggerDispatcher.withLock({ $0 })?.dispatch {
            _ = dispatcher(BuiltinTriggers.actionTrigger, Self.actionTriggerPayload(execution.materialized()), nil)
            return
        }
        guard FileManager.default.fileExists(atPath: ControlSocket.path(dataDirectory: settings.dataDirectory)) else { return }
        if fireActionTriggerWithTextToServer(execution) { return }
        _ = try? ControlClient(dataDirectory: settings.dataDirectory, timeout: Self.fireTimeout)
            .fire(trigger: BuiltinTriggers.actionTrigger, payload: Self.actionTriggerPayload(execution.materialized()))
    }

    /// A server answers a fire at once (it only queues the instance): an execution's end never
    /// waits longer than this on a server that is stuck.
    static let fireTimeout: TimeInterval = 10

    /// st2's core.st2.generic.actiontrigger payload (parameters are already masked in the record).
    static func actionTriggerPayload(_ execution: Execution) -> JSONValue {
        let name = execution.action.split(separator: ".", maxSplits: 1).last.map(String.init) ?? execution.action
        return [
            "execution_id": .string(execution.id), "status": .string(execution.status.rawValue),
            "start_timestamp": .string(Timestamps.format(execution.startTimestamp)),
            "action_name": .string(name), "action_ref": .string(execution.action), "runner_ref": .string(execution.runner),
            "parameters": .object(execution.parameters), "result": execution.result ?? .null,
        ]
    }
}
