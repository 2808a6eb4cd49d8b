import Foundation
import SquallModel

/// The task executions of a workflow under its record in `execution get`, as st2's client prints
/// them (`id, status, task, action, start_timestamp`, oldest first, status with its elapsed time).
enum WorkflowTaskTable {
    static func table(_ children: [Execution]) -> TextTable {
        var table = TextTable(["id", "status", "task", "action", "start_timestamp"])
        for child in children.sorted(by: { ($0.startTimestamp, $0.id) < ($1.startTimestamp, $1.id) }) {
            var status = child.status.rawValue
            if let end = child.endTimestamp { status += String(format: " (%.3fs elapsed)", end.timeIntervalSince(child.startTimestamp)) }
            table.add([child.id, status, taskName(child), child.action, Timestamps.format(child.startTimestamp)])
        }
        return table
    }

    /// The orquesta task or chain node the child ran (st2 reads the same context keys).
    static func taskName(_ child: Execution) -> String {
        child.context["orquesta"]?["task_name"]?.stringValue ?? child.context["chain"]?["name"]?.stringValue ?? ""
    }
}
