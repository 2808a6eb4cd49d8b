import Foundation
import SquallModel

/// How executions are shown: st2-like text for people, JSON for programs.
enum ExecutionPresentation {
    static func json(_ execution: Execution) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(execution.id),
            "action": ["ref": .string(execution.action), "runner_type": .string(execution.runner)],
            "runner": .string(execution.runner),
            "status": .string(execution.status.rawValue),
            "parameters": .object(execution.parameters),
            "result": execution.result ?? .null,
            "context": .object(execution.context.filter { $0.key != "child_pid" }),
            "start_timestamp": .string(Timestamps.format(execution.startTimestamp)),
            "end_timestamp": execution.endTimestamp.map { .string(Timestamps.format($0)) } ?? .null,
            "log": .array(execution.log.map { ["status": .string($0.status.rawValue), "timestamp": .string(Timestamps.format($0.timestamp))] }),
        ]
        if let end = execution.endTimestamp {
            object["elapsed_seconds"] = .double((end.timeIntervalSince(execution.startTimestamp) * 1000).rounded() / 1000)
        }
        return .object(object)
    }

    static func text(_ execution: Execution) -> String {
        var lines = ["id: \(execution.id)", "action.ref: \(execution.action)"]
        lines.append("parameters: " + (execution.parameters.isEmpty ? "None" : JSONValue.object(execution.parameters).jsonString()))
        var status = "status: \(execution.status.rawValue)"
        if let end = execution.endTimestamp {
            status += String(format: " (%.3fs elapsed)", end.timeIntervalSince(execution.startTimestamp))
        }
        lines.append(status)
        lines.append("start_timestamp: \(Timestamps.format(execution.startTimestamp))")
        lines.append("end_timestamp: \(execution.endTimestamp.map(Timestamps.format) ?? "")")
        if let result = execution.result {
            lines.append("result:")
            lines.append(indent(result.jsonString(pretty: true)))
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ execution: Execution) -> String {
        let elapsed = execution.endTimestamp.map { String(format: "%.3fs", $0.timeIntervalSince(execution.startTimestamp)) } ?? "-"
        return [execution.id, pad(execution.action, 24), pad(execution.status.rawValue, 10),
                Timestamps.format(execution.startTimestamp), elapsed].joined(separator: "  ")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
