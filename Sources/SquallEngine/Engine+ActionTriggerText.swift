import Foundation
import SquallModel

/// A big action result (kept as the child's text, Execution.actionResultText) reaches a server in
/// this process's action trigger as that text: the server queues, matches and records the
/// instance without building the result's tree unless a rule on the trigger reads it (issue 15).
extension Engine {
    /// A server running on this engine takes action triggers whose result is text; set after
    /// `setTriggerDispatcher`, which clears it.
    public func setActionTriggerTextDispatcher(_ dispatch: (@Sendable (JSONValue, JSONText) -> Bool)?) {
        triggerDispatcher.withLock { $0?.dispatchActionTriggerWithText = dispatch }
    }

    /// Dispatches `execution`'s action trigger with its result as text; false when it has none or
    /// no server here takes text (the caller then builds the value).
    func emitActionTriggerWithText(_ execution: Execution) -> Bool {
        guard let text = execution.actionResultText,
              let dispatch = triggerDispatcher.withLock({ $0 })?.dispatchActionTriggerWithText else { return false }
        _ = dispatch(Self.actionTriggerPayload(execution), text)
        return true
    }
}
