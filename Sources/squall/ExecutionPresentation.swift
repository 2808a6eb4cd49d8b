import Foundation
import SquallCommandLine
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
        lines(execution).joined(separator: "\n")
    }

    /// `text`'s lines: `say(lines:)` prints a big result without joining it into one more copy.
    static func lines(_ execution: Execution) -> [String] {
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
            // As st2 prints it: keys and values, a multi-line string (a traceback, stderr) as its lines.
            lines.append("result:")
            // Its lines as one block: `say(lines:)` writes a big one straight out.
            let text = ResultText.text(result, indent: 2)
            if !text.isEmpty { lines.append(text) }
        }
        return lines
    }

    /// `execution list`'s default columns.
    static func table(_ executions: [Execution]) -> TextTable {
        var table = TextTable(["id", "action.ref", "context.user", "status", "start_timestamp", "elapsed"])
        for execution in executions {
            let elapsed = execution.endTimestamp.map { String(format: "%.3fs", $0.timeIntervalSince(execution.startTimestamp)) } ?? "-"
            table.add([execution.id, execution.action, execution.context["user"]?.stringValue ?? "", execution.status.rawValue,
                       Timestamps.format(execution.startTimestamp), elapsed])
        }
        return table
    }

    /// The top-level attributes `--attr` may name (then dotted paths into them, as st2's).
    static let attributeRoots: Set<String> = ["id", "action", "runner", "status", "parameters", "result", "context",
                                              "start_timestamp", "end_timestamp", "log", "elapsed_seconds"]

    /// Checks `--attr` names: an unknown top-level attribute is bad input.
    static func checkAttributes(_ attributes: [String]) throws {
        for attribute in attributes {
            let root = String(attribute.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
            guard attributeRoots.contains(root) else {
                throw CLIError.badInput("--attr: unknown attribute '\(attribute)' (one of \(attributeRoots.sorted().joined(separator: ", ")), or a dotted path in one)")
            }
        }
    }

    /// The columns `--attr` names; a value that is not a string is shown as compact JSON.
    static func table(_ executions: [Execution], attributes: [String]) -> TextTable {
        var table = TextTable(attributes)
        for execution in executions {
            let value = json(execution)
            table.add(attributes.map { path in
                guard let found = lookup(path, in: value) else { return "" }
                return found.stringValue ?? found.jsonString()
            })
        }
        return table
    }

    /// Only the attributes named (all when none), nested as in the full object: `action.ref` gives `{"action": {"ref": ...}}`.
    static func selecting(_ attributes: [String], of value: JSONValue) -> JSONValue {
        guard !attributes.isEmpty else { return value }
        var selected: JSONValue = .object([:])
        for path in attributes {
            guard let found = lookup(path, in: value) else { continue }
            selected = inserting(found, at: path.split(separator: ".").map(String.init), into: selected)
        }
        return selected
    }

    static func lookup(_ path: String, in value: JSONValue) -> JSONValue? {
        var current: JSONValue? = value
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current
    }

    private static func inserting(_ value: JSONValue, at path: [String], into object: JSONValue) -> JSONValue {
        guard let key = path.first, var fields = object.objectValue else { return value }
        fields[key] = path.count == 1 ? value : inserting(value, at: Array(path.dropFirst()), into: fields[key] ?? .object([:]))
        return .object(fields)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
