import Foundation
import SquallModel

/// Trigger instances dispatched by actions (core.inject_trigger).
extension Engine {
    /// A server running on this engine takes actions' trigger instances directly; `dispatcher`
    /// returns false when it dropped one (invalid payload, full queue).
    public func setTriggerDispatcher(_ dispatcher: (@Sendable (String, JSONValue) -> Bool)?) {
        triggerDispatcher.withLock { $0 = dispatcher }
    }

    /// To this process's server, else to the server inbox (as `squall trigger fire` does), where a
    /// running or the next server picks it up.
    func dispatchTrigger(_ trigger: String, payload: JSONValue) throws {
        if let dispatcher = triggerDispatcher.withLock({ $0 }) {
            guard dispatcher(trigger, payload) else {
                throw EngineError.badInput("the server dropped it (invalid payload or full queue; see its log)")
            }
            return
        }
        try Server.submit(trigger: trigger, payload: payload, dataDirectory: settings.dataDirectory)
    }
}
