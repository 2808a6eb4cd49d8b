import Foundation
import SquallEngine
import SquallModel
import XCTest

/// `squall execution list`'s filters and paging on the real binary (the facade's `executions(_:)`,
/// as the HTTP API's `/executions` will use it).
final class ExecutionListCommandTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    /// Records `requested` executions of core.noop as a rule would start them (user, rule, trigger instance).
    func record(_ runs: [(user: String, context: [String: JSONValue])]) throws -> [String] {
        let engine = try harness.engine()
        return try runs.map { run in
            try engine.record(try engine.prepare(ExecutionRequest(actionRef: "core.noop", user: run.user, context: run.context))).id
        }
    }

    func listed(_ arguments: [String]) throws -> [String] {
        let outcome = try harness.squall(["execution", "list", "--json"] + arguments)
        XCTAssertEqual(outcome.status, 0, "\(arguments): \(outcome.stderr)")
        return try XCTUnwrap(try JSONValue.parse(outcome.stdout).arrayValue, outcome.stdout).compactMap { $0["id"]?.stringValue }
    }

    func testFiltersAndPaging() throws {
        let ids = try record([
            ("alice", ["rule": ["ref": "squall_tests.first"], "trigger_instance": ["id": "instance-1"]]),
            ("bob", ["rule": ["ref": "squall_tests.second"], "trigger_instance": ["id": "instance-2"]]),
            ("alice", [:]),
        ])
        let (a, b, c) = (ids[0], ids[1], ids[2])
        XCTAssertEqual(try listed([]), [c, b, a])
        XCTAssertEqual(try listed(["--user", "alice"]), [c, a])
        XCTAssertEqual(try listed(["--rule", "squall_tests.second"]), [b])
        XCTAssertEqual(try listed(["--trigger-instance", "instance-1"]), [a])
        XCTAssertEqual(try listed(["--user", "alice", "--action", "core.noop", "--status", "requested"]), [c, a])
        XCTAssertEqual(try listed(["--user", "alice", "--status", "succeeded"]), [])
        XCTAssertEqual(try listed(["-n", "1", "--offset", "1"]), [b])
        XCTAssertEqual(try listed(["-n", "2", "--offset", "1"]), [b, a])
        XCTAssertEqual(try listed(["--offset", "3"]), [])
        // The table shows the same rows, under st2's column headers.
        let table = try harness.squall(["execution", "list", "--user", "bob"])
        let rows = table.stdout.split(separator: "\n")
        XCTAssertEqual(rows.count, 2, table.stdout)
        XCTAssertTrue(rows[0].hasPrefix("id "), table.stdout)
        XCTAssertEqual(rows[0].split(separator: " ").map(String.init), ["id", "action.ref", "context.user", "status", "start_timestamp", "elapsed"])
        XCTAssertTrue(rows[1].hasPrefix(b + "  core.noop"), table.stdout)
    }

    func testBadInputIsOneLineAndExitTwo() throws {
        let cases: [([String], String)] = [
            (["execution", "list", "--offset=-1"], "error: --offset must not be negative\n"),
            (["execution", "list", "-n", "0"], "error: -n must be at least 1\n"),
            (["execution", "list", "--status", "done"], "error: unknown status 'done'\n"),
            // The engine names the `timeout` parameter; the CLI words it with its flag.
            (["run", "core.noop", "--timeout", "0"], "error: --timeout must be a positive number of seconds\n"),
        ]
        for (arguments, expected) in cases {
            let outcome = try harness.squall(arguments)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertEqual(outcome.stderr, expected, "\(arguments)")
            XCTAssertEqual(outcome.stdout, "", "\(arguments)")
        }
    }

    /// `execution cancel` on a running execution started by `run --async`: the facade's cancel marks
    /// it, kills the child and waits for the worker to record `canceled`; `tail` then ends with that status.
    func testCancelOfARunningExecutionWaitsForItsEnd() throws {
        let marker = "squall-cancel-\(UUID().uuidString)"
        let started = try harness.squall(["run", "core.local", "cmd=sleep 60 # \(marker)", "--async", "--json"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(try JSONValue.parse(started.stdout)["id"]?.stringValue)
        try eventually("the execution running") {
            try JSONValue.parse(try harness.squall(["execution", "get", id, "--json"]).stdout)["status"] == "running"
        }
        let cancel = try harness.squall(["execution", "cancel", id])
        XCTAssertEqual(cancel.status, 0, cancel.stderr)
        XCTAssertEqual(cancel.stdout, "execution \(id): canceled\n")
        XCTAssertEqual(processes(matching: marker), [])
        let tail = try harness.squall(["execution", "tail", id])
        XCTAssertEqual(tail.stdout, "Execution \(id) has completed (status canceled).\n")
        let again = try harness.squall(["execution", "cancel", id])
        XCTAssertEqual([String(again.status), again.stderr], ["2", "error: execution '\(id)' is already canceled\n"])
    }
}
