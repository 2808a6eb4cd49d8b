import Foundation
import SquallModel
import XCTest

/// `trigger-instance`, `rule-enforcement`, `sensor get` and `trigger get` on the real binary,
/// against a real server process fed by `trigger fire`.
final class RuleRecordCommandTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func json(_ arguments: [String]) throws -> JSONValue {
        let outcome = try harness.squall(arguments + ["--json"])
        XCTAssertEqual(outcome.status, 0, "\(arguments): \(outcome.stderr)")
        return try JSONValue.parse(outcome.stdout)
    }

    func testRecordsAndStatesThroughTheCommandLine() throws {
        let server = try harness.startServer()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }

        XCTAssertEqual(try harness.squall(["trigger", "fire", "squall_tests.job", "--payload", #"{"name": "a", "timeout": 20}"#]).status, 0)
        XCTAssertEqual(try harness.squall(["trigger", "fire", "squall_tests.job", "--payload", #"{"name": "b", "timeout": "x"}"#]).status, 0)
        try eventually("both jobs handled") {
            (try json(["trigger-instance", "list", "--trigger", "squall_tests.job"]).arrayValue ?? [])
                .filter { $0["status"] == "processed" || $0["status"] == "processing_failed" }.count == 2
        }
        let failed = try XCTUnwrap(try json(["trigger-instance", "list", "--status", "processing_failed"]).arrayValue)
        XCTAssertEqual(failed.count, 1)
        let failedId = try XCTUnwrap(failed.first?["id"]?.stringValue)
        let record = try json(["trigger-instance", "get", failedId])
        XCTAssertEqual(record["trigger"], "squall_tests.job")
        XCTAssertEqual(record["payload"], ["name": "b", "timeout": "x"])
        XCTAssertEqual(record["log"]?.arrayValue?.compactMap { $0["status"]?.stringValue }, ["pending", "processing", "processing_failed"])
        XCTAssertEqual(try json(["trigger-instance", "list", "--trigger", "squall_tests.job", "--limit", "1"]).arrayValue?.count, 1)

        let enforcements = try XCTUnwrap(try json(["rule-enforcement", "list", "--rule", "squall_tests.run_job"]).arrayValue)
        XCTAssertEqual(enforcements.count, 2)
        let failure = try XCTUnwrap(enforcements.first { $0["trigger_instance_id"] == .string(failedId) })
        XCTAssertEqual(failure["status"], "failed")
        XCTAssertEqual(failure["execution_id"], .null)
        XCTAssertTrue(failure["failure_reason"]?.stringValue?.contains("parameter 'timeout'") == true, "\(failure)")
        let success = try XCTUnwrap(enforcements.first { $0["trigger_instance_id"] != .string(failedId) })
        XCTAssertEqual(success["rule"]?["ref"], "squall_tests.run_job")
        let executionId = try XCTUnwrap(success["execution_id"]?.stringValue)
        try eventually("the job's execution") { try json(["execution", "get", executionId])["status"] == "succeeded" }
        XCTAssertEqual(try json(["execution", "get", executionId])["context"]?["rule"]?["ref"], "squall_tests.run_job")

        // sensor get: metadata plus the running server's view.
        try eventually("the ticker running") {
            try json(["sensor", "get", "squall_tests.Ticker"])["live"]?["state"] == "running"
        }
        let ticker = try json(["sensor", "get", "squall_tests.Ticker"])
        XCTAssertEqual(ticker["trigger_types"], ["squall_tests.tick", "squall_tests.trigger_seen"])
        XCTAssertEqual(ticker["live"]?["server_running"], true)
        XCTAssertEqual(ticker["live"]?["server_pid"], .int(Int(server.processIdentifier)))

        // trigger get: schemas, the sensors that emit it, the enabled rules on it.
        let tick = try json(["trigger", "get", "squall_tests.tick"])
        XCTAssertEqual(tick["sensors"], ["squall_tests.Ticker"])
        XCTAssertEqual(tick["rules"], ["squall_tests.on_second_tick"])
        XCTAssertEqual(tick["payload_schema"]?["properties"]?["count"]?["type"], "integer")
        XCTAssertEqual(try json(["trigger", "get", "core.st2.IntervalTimer"])["builtin"], true)

        // The list verbs speak JSON too.
        XCTAssertTrue(try json(["sensor", "list"]).arrayValue?.contains { $0["ref"] == "squall_tests.Ticker" } == true)
        XCTAssertTrue(try json(["trigger", "list"]).arrayValue?.contains { $0["ref"] == "squall_tests.job" } == true)
        XCTAssertTrue(try json(["rule", "list"])["rules"]?.arrayValue?.contains { $0["ref"] == "squall_tests.run_job" } == true)

        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
        // After the server stopped, sensor get still shows the metadata and the last report.
        XCTAssertEqual(try json(["sensor", "get", "squall_tests.Ticker"])["live"]?["server_running"], false)
    }

    func testBadInputIsOneLineAndExitTwo() throws {
        let cases: [([String], String)] = [
            (["trigger-instance", "get", "ffffffffffffffffffffffff"], "error: trigger instance 'ffffffffffffffffffffffff' not found\n"),
            (["trigger-instance", "list", "--status", "done"], "error: --status: unknown status 'done' (one of pending, processing, processed, processing_failed)\n"),
            (["rule-enforcement", "list", "--limit", "0"], "error: --limit must be at least 1\n"),
            (["sensor", "get", "squall_tests.Nothing"], "error: sensor 'squall_tests.Nothing' not found\n"),
            (["trigger", "get", "squall_tests.nothing"], "error: trigger type 'squall_tests.nothing' not found\n"),
        ]
        for (arguments, message) in cases {
            let outcome = try harness.squall(arguments)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertEqual(outcome.stderr, message)
        }
        // No server ever ran here: the sensor's metadata is shown without a live state.
        let passive = try json(["sensor", "get", "squall_tests.Passive"])
        XCTAssertEqual(passive["live"], .null)
        XCTAssertEqual(try json(["trigger-instance", "list"]), [])
    }
}
