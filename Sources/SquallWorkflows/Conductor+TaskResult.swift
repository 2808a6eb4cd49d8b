import Foundation
import SquallModel

extension Conductor {
    /// What `task(name).result` shows, as st2 records a task execution's result: the action's
    /// result, or for a with-items task `{"items": [{"status", "result"}, ...]}` (null for items
    /// never started), not the plain list `result()` gives its transitions.
    static func taskFunctionResult(_ instance: TaskInstance, _ result: JSONValue) -> JSONValue {
        guard instance.items != nil else { return result }
        let failed = Set(instance.failedItems ?? [])
        let items: [JSONValue] = instance.itemResults.enumerated().map { index, itemResult in
            guard let itemResult else { return .null }
            return ["status": .string(failed.contains(index) ? "failed" : "succeeded"), "result": itemResult]
        }
        return ["items": .array(items)]
    }
}
