import Foundation
import SquallEngine
import SquallModel
import XCTest

/// `squall server` in-process with real sensor children, real timers and real executions.
final class ServerTests: EngineTestCase {
    func testSensorsTimersAndRulesEndToEnd() throws {
        let server = Server(engine: engine, options: .init(concurrency: 2, backoff: .init(initial: 0.2, maximum: 1, resetAfter: 60)))
        // The bundled packs' rules (chatops.notify, enabled as in st2) are loaded too; these are the fixture's.
        XCTAssertEqual(Set(server.rules.map(\.ref).filter { $0.hasPrefix("squall_tests.") }), ["squall_tests.on_second_tick", "squall_tests.every_second",
                                                     "squall_tests.on_manual", "squall_tests.chain_after_echo",
                                                     "squall_tests.run_job"])
        XCTAssertTrue(server.ruleProblems.contains { $0.contains("unknown_trigger.yaml") && $0.contains("trigger.type") }, "\(server.ruleProblems)")
        try server.start()

        // A second server on the same data directory refuses to start.
        XCTAssertThrowsError(try Server(engine: try harness.engine()).start()) { error in
            XCTAssertTrue("\(error)".contains("another squall server"), "\(error)")
        }

        // The sensor's second tick matched the rule; its rendered parameters reached a real action.
        try eventually("the rule's execution") { try executions(of: "core.echo").contains { $0.status == .succeeded } }
        let echo = try XCTUnwrap(try executions(of: "core.echo").first)
        XCTAssertEqual(echo.resultObject["stdout"], "tick 2 from http://localhost:8080")
        XCTAssertEqual(echo.context["rule"]?["ref"], "squall_tests.on_second_tick")
        XCTAssertEqual(try executions(of: "core.echo").count, 1, "only the second tick matches")

        // Every completed execution emits core.st2.generic.actiontrigger, so rules can chain actions.
        try eventually("the chained execution") { try executions(of: "squall_tests.return_value").contains { $0.status.isCompleted } }
        let chained = try XCTUnwrap(try executions(of: "squall_tests.return_value").first)
        XCTAssertEqual(chained.resultObject["result"]?["value"], ["after": .string(echo.id), "echoed": "tick 2 from http://localhost:8080"])

        // The interval timer fires every second.
        try eventually("two timer executions") { try executions(of: "core.noop").count >= 2 }

        // The crashing sensor is restarted with backoff, never left dead, and says why it died.
        try eventually("crash restarts") { (server.sensorStatuses.first { $0.sensor == "squall_tests.Crasher" }?.restarts ?? 0) >= 2 }
        let crasher = try XCTUnwrap(server.sensorStatuses.first { $0.sensor == "squall_tests.Crasher" })
        XCTAssertEqual(crasher.lastExitCode, 1)
        XCTAssertEqual(crasher.lastErrorLine, "RuntimeError: sensor exploded")

        // The status file shows sensors and counters for the CLI.
        try eventually("the status file") { FileManager.default.fileExists(atPath: server.statusFile) }

        server.stop(grace: 30)
        // Sensors got cleanup() before exiting; the rule that is not enabled never ran.
        XCTAssertEqual(try engine.store.value(scope: "system", name: "squall_tests.Ticker:cleaned")?.value, "yes")
        XCTAssertEqual(try executions(of: "core.local").count, 0)
        let status = try JSONValue.parse(try String(contentsOfFile: server.statusFile, encoding: .utf8))
        XCTAssertGreaterThanOrEqual(status["trigger_instances"]?["received"]?.intValue ?? 0, 2)
        XCTAssertEqual(status["sensors"]?.arrayValue?.count, 3)
        XCTAssertTrue(status["sensors"]?.arrayValue?.allSatisfy { $0["state"] == "stopped" } == true, "\(status)")
    }

    func testTriggerFiredByHandReachesTheRunningServerProcess() throws {
        let server = try harness.startServer()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        try eventually("the server's status file") { FileManager.default.fileExists(atPath: harness.dataDirectory + "/server-status.json") }

        let fire = try harness.squall(["trigger", "fire", "squall_tests.manual", "--payload", "{\"message\": \"hello\"}"])
        XCTAssertEqual(fire.status, 0, fire.stderr)

        try eventually("the manual rule's execution") {
            try executions(of: "core.echo").contains { $0.resultObject["stdout"] == "manual: hello" }
        }

        // core.inject_trigger run from the command line reaches the server the same way.
        let inject = try harness.squall(["run", "core.inject_trigger", "trigger=squall_tests.manual", "payload={\"message\": \"injected\"}"])
        XCTAssertEqual(inject.status, 0, inject.stderr)
        try eventually("the injected trigger's execution") {
            try executions(of: "core.echo").contains { $0.resultObject["stdout"] == "manual: injected" }
        }
        // The Ticker has polled (its second tick fired a rule), so its setup() is done: a stop that
        // came earlier would end a sensor that never set up, with no cleanup() to run.
        try eventually("the Ticker's second tick") {
            try executions(of: "core.echo").contains { $0.resultObject["stdout"]?.stringValue?.hasPrefix("tick 2") == true }
        }
        // SIGTERM: sensors clean up, the server exits 0.
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
        XCTAssertEqual(try engine.store.value(scope: "system", name: "squall_tests.Ticker:cleaned")?.value, "yes")
    }

    func testAnActionOfTheServersOwnEngineInjectsIntoItsQueue() throws {
        let server = Server(engine: engine)
        try server.start()
        defer { server.stop(grace: 30) }
        let injected = try harness.run(engine, "core.inject_trigger", ["trigger": "squall_tests.manual",
                                                                       "payload": "{\"message\": \"in-process\", \"n\": 1}"])
        XCTAssertEqual(injected.status, .succeeded, "\(injected.result ?? .null)")
        XCTAssertEqual(injected.resultObject["result"], ["trigger": "squall_tests.manual", "payload": ["message": "in-process", "n": 1], "trace_tag": .null])
        try eventually("the rule's execution") {
            try executions(of: "core.echo").contains { $0.resultObject["stdout"] == "manual: in-process" }
        }
        // An instance the server refuses is not silent: the execution fails and its output says why.
        let refused = try harness.run(engine, "core.inject_trigger", ["trigger": "squall_tests.tick", "payload": "{\"count\": \"two\"}"])
        XCTAssertEqual(refused.status, .failed)
        XCTAssertEqual(refused.resultObject["error"], "trigger 'squall_tests.tick' not dispatched (see stderr)")
        XCTAssertTrue(refused.resultObject["stderr"]?.stringValue?.contains("squall: trigger 'squall_tests.tick' not dispatched: the server dropped it") == true,
                      "\(refused.result ?? .null)")
    }

    func testInvalidPayloadsAreDroppedWithAReason() throws {
        let server = Server(engine: engine)
        XCTAssertFalse(server.dispatch(trigger: "squall_tests.tick", payload: ["count": "two"]))
        XCTAssertTrue(server.dispatch(trigger: "squall_tests.tick", payload: ["count": 3]))
        XCTAssertEqual(server.currentCounters.invalid, 1)
    }
}
