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

extension Engine {
    /// Sends `execution`'s action trigger, its result as text, to the server running on the data
    /// directory (ControlClient+FireWithText); false when it has no text or the server wants the value.
    func fireActionTriggerWithTextToServer(_ execution: Execution) -> Bool {
        guard let text = execution.actionResultText else { return false }
        let client = ControlClient(dataDirectory: settings.dataDirectory, timeout: Self.fireTimeout)
        do {
            return try client.fireActionTrigger(payload: Self.actionTriggerPayload(execution), resultText: text) != nil
        } catch {
            // Refused or broken off: dropped, as a refused `fire` of the value is.
            return true
        }
    }
}
