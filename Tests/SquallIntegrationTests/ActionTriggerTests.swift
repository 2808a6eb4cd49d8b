import Foundation
import SquallModel
import XCTest

/// core.st2.generic.actiontrigger is emitted for every completed execution, however it started:
/// a real `squall server` process enforces a rule on it for an execution `squall run` made.
final class ActionTriggerTests: EngineTestCase {
    func json(_ arguments: [String], _ environment: [String: String]) throws -> JSONValue {
        let outcome = try harness.squall(arguments, environment: environment)
        XCTAssertEqual(outcome.status, 0, "\(arguments): \(outcome.stderr)")
        return try JSONValue.parse(outcome.stdout)
    }

    /// The action trigger instances recorded for one execution.
    func actionTriggers(of execution: String, _ environment: [String: String]) throws -> [JSONValue] {
        try (json(["trigger-instance", "list", "--trigger", "core.st2.generic.actiontrigger", "--limit", "1000", "--json"], environment)
            .arrayValue ?? []).filter { $0["payload"]?["execution_id"] == .string(execution) }
    }

    func testACommandLineRunFiresARuleOfTheRunningServer() throws {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = try harness.quietFixturePackCopy()
        let rule = harness.dataDirectory + "/after_cli_echo.yaml"
        try """
            name: after_cli_echo
            pack: squall_tests
            enabled: true
            trigger:
              type: core.st2.generic.actiontrigger
            criteria:
              trigger.action_ref: {type: equals, pattern: core.echo}
              trigger.parameters.message: {type: startswith, pattern: from the command line}
            action:
              ref: core.noop
            """.write(toFile: rule, atomically: true, encoding: .utf8)
        XCTAssertEqual(try harness.squall(["rule", "create", rule], environment: environment).status, 0)

        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        XCTAssertTrue(server.isRunning)

        let echo = try json(["run", "core.echo", "message=from the command line", "--json"], environment)
        let echoId = try XCTUnwrap(echo["id"]?.stringValue)
        XCTAssertEqual(echo["status"], "succeeded")

        var enforced: JSONValue = .null
        try eventually("the rule's enforcement") {
            enforced = try json(["rule-enforcement", "list", "--rule", "squall_tests.after_cli_echo", "--json"], environment)
                .arrayValue?.first ?? .null
            return enforced["execution_id"]?.stringValue != nil
        }
        let noopId = try XCTUnwrap(enforced["execution_id"]?.stringValue)
        let noop = try json(["execution", "get", noopId, "--json"], environment)
        XCTAssertEqual(noop["action"]?["ref"], "core.noop")
        XCTAssertEqual(noop["context"]?["rule"]?["ref"], "squall_tests.after_cli_echo")
        XCTAssertEqual(try actionTriggers(of: echoId, environment).count, 1)

        // The server's own execution emits one action trigger too, not two: once a later run's
        // instance is processed, every earlier one is (the queue is in order).
        let later = try json(["run", "core.echo", "message=from the command line, later", "--json"], environment)
        let laterId = try XCTUnwrap(later["id"]?.stringValue)
        try eventually("the later run's action trigger processed") {
            try actionTriggers(of: laterId, environment).first?["status"] == "processed"
        }
        XCTAssertEqual(try actionTriggers(of: noopId, environment).count, 1)
    }
}
