import Foundation
import SquallModel

// Closures the engine keeps in a Mutex are wrapped in a struct: a bare function type held in a
// Mutex is reabstracted through `withLock`'s generic `inout` and written back, so each access
// wrapped the stored closure in two more thunks. Calls then walked an ever longer chain (a fifth
// of a debug server's time after a few thousand webhook POSTs).

/// Where a server in this process takes trigger instances (Engine.setTriggerDispatcher).
struct TriggerDispatcher: Sendable {
    let dispatch: @Sendable (String, JSONValue, [String: JSONValue]?) -> Bool
    /// An action trigger whose payload's result is kept as text (Engine+ActionTriggerText); nil: built first.
    var dispatchActionTriggerWithText: (@Sendable (JSONValue, JSONText) -> Bool)? = nil
}

/// Where a server in this process takes the API's executions (Engine.setBackgroundLauncher).
struct BackgroundLauncher: Sendable {
    let launch: @Sendable (BackgroundExecution) -> Void
}
