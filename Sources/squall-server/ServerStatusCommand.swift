import ArgumentParser
import Foundation
import SquallCommandLine
import SquallEngine
import SquallModel

/// `squall server status`: asks the server running on the data directory (its control socket's
/// `status` op) and prints its counters and its warm hosts: pack, pid, age, executions served, memory.
struct ServerStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show what the running server is doing, its warm hosts included.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.customShort("j"), .long], help: "Print JSON.") var json = false

    func run() throws {
        let settings = try global.settings()
        let answer = try reportingErrors { try ControlClient(dataDirectory: settings.dataDirectory, timeout: 10).send(["op": "status"]) }
        let status = answer["status"] ?? .object([:])
        if json { say(status.jsonString(pretty: true)); return }
        say(lines: Self.lines(status))
    }

    static func lines(_ status: JSONValue) -> [String] {
        func number(_ value: JSONValue?) -> String { value?.intValue.map(String.init) ?? "-" }
        var lines = [
            "pid: \(number(status["pid"]))",
            "rules: \(number(status["rules"]))",
            "sensors: \(status["sensors"]?.arrayValue?.count ?? 0)",
            "executions started: \(number(status["executions_started"]))",
            "trigger instances: received \(number(status["trigger_instances"]?["received"])), queued \(number(status["trigger_instances"]?["queued"]))",
        ]
        guard let hosts = status["warm_hosts"]?.arrayValue else { return lines + ["warm hosts: off"] }
        lines.append("warm hosts: \(hosts.count)")
        var rows = [["pack", "pid", "age_seconds", "executions_served", "rss_kib"]]
        for host in hosts {
            rows.append([host["pack"]?.stringValue ?? "?", number(host["pid"]), number(host["age_seconds"]),
                         number(host["executions_served"]), number(host["rss_kib"])])
        }
        if !hosts.isEmpty { lines += aligned(rows).map { "  " + $0 } }
        if let problem = status["warm_host_last_problem"]?.stringValue { lines.append("warm host last problem: \(problem)") }
        return lines
    }

    /// Columns padded to their widest cell, two spaces apart.
    private static func aligned(_ rows: [[String]]) -> [String] {
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
