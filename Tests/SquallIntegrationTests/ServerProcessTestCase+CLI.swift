import Foundation
import SquallModel
import XCTest

/// The CLI beside a real server: a `squall` left running, and the records its output names.
extension ServerProcessTestCase {
    /// A `squall` process left running (to be interrupted); its output is read once it ended.
    func startCLI(_ arguments: [String]) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
        try Outcome.start(CommandLineTests.binary, arguments, environment: environment)
    }

    /// `squall run` of a 60 s sleeper left waiting, once the server runs it: the CLI and the id.
    func startSleeperOnTheServer() throws -> (cli: (process: Process, stdout: Pipe, stderr: Pipe), id: String) {
        let cli = try startCLI(["run", "squall_tests.sleeper", "seconds=60"])
        var id = ""
        try eventually("the handed-over execution running") {
            id = try executions(of: "squall_tests.sleeper").first { $0.status == .running && $0.context["child_pid"] != nil }?.id ?? ""
            return !id.isEmpty
        }
        return (cli, id)
    }

    /// The id in `squall run` output (`id: ...`, or --async's `squall execution get ID`).
    func executionId(_ output: String) throws -> String {
        let line = try XCTUnwrap(output.split(separator: "\n").first { $0.hasPrefix("id: ") || $0.contains("execution get ") })
        return String(try XCTUnwrap(line.split(separator: " ").last))
    }

    func record(_ id: String) throws -> Execution { try XCTUnwrap(try engine.store.execution(id: id)) }
}
