import Foundation
import SquallModel
import XCTest

/// `GET /metrics` on a live `squall server`: real requests, executions, a fired trigger and a
/// crashing sensor move the counters a scrape shows.
final class APIMetricsTests: APISessionTestCase {
    func scrape() throws -> PrometheusScrape {
        let reply = try session.reply("GET", "/metrics")
        XCTAssertEqual(reply.status, 200, reply.body)
        XCTAssertTrue(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true, "\(reply.headers)")
        return PrometheusScrape(reply.body)
    }

    func testRequestsExecutionsRulesAndSensorsMoveTheCounters() throws {
        let auth = "X-Auth-Token: \(try session.token())"
        for _ in 0..<3 { XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: [auth]).status, 200) }
        XCTAssertEqual(try session.http("GET", "/api/v1/actions").status, 401)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions/core.echo", headers: [auth]).status, 200)

        let run = try session.http("POST", "/api/v1/executions", headers: [auth], body: #"{"action": "core.echo", "parameters": {"message": "counted"}}"#)
        XCTAssertEqual(run.status, 201, run.body)
        let id = try XCTUnwrap(try JSONValue.parse(run.body)["id"]?.stringValue)
        try eventually("the execution succeeded") {
            try JSONValue.parse(try session.http("GET", "/api/v1/executions/\(id)", headers: [auth]).body)["status"] == "succeeded"
        }
        // A trigger instance for the fixture rule on_manual: processed, enforced, its execution run.
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = session.environmentPacksPath
        let fire = try harness.squallWithInput(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "m"}"#], input: "", environment: environment)
        XCTAssertEqual(fire.status, 0, fire.stderr)
        // Run by the CLI in its own process, not by the server: counted all the same (from the store).
        let cliRun = try harness.squallWithInput(["run", "core.local", "cmd=true"], input: "", environment: environment)
        XCTAssertEqual(cliRun.status, 0, cliRun.stderr)

        var metrics = try scrape()
        try eventually("the rule's execution, the CLI's run and the crasher's restart were counted") {
            metrics = try scrape()
            return metrics.value("squall_executions_total", ["status": "succeeded", "runner": "local-shell-cmd"]) == 3
                && (metrics.value("squall_sensor_restarts_total", ["sensor": "squall_tests.Crasher"]) ?? 0) >= 1
        }
        XCTAssertEqual(metrics.value("squall_http_requests_total", ["route": "/api/v1/actions", "method": "GET", "status": "200"]), 3)
        XCTAssertEqual(metrics.value("squall_http_requests_total", ["route": "/api/v1/actions", "method": "GET", "status": "401"]), 1)
        XCTAssertEqual(metrics.value("squall_http_requests_total", ["route": "/api/v1/actions/{ref_or_id}", "method": "GET", "status": "200"]), 1)
        XCTAssertEqual(metrics.value("squall_http_request_duration_seconds_count", ["route": "/api/v1/actions", "method": "GET"]), 4)
        XCTAssertEqual(metrics.value("squall_execution_duration_seconds_count", ["runner": "local-shell-cmd"]), 3)
        XCTAssertEqual(metrics.value("squall_rule_enforcements_total", ["rule": "squall_tests.on_manual", "status": "succeeded"]), 1)
        XCTAssertEqual(metrics.value("squall_trigger_instances_total", ["trigger": "squall_tests.manual", "status": "processed"]), 1)
        // The server's two executions ended with an action trigger instance (no rule matches it in the quiet copy).
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(metrics.value("squall_trigger_instances_total", ["trigger": "core.st2.generic.actiontrigger", "status": "processed"])), 2)
        XCTAssertEqual(metrics.value("squall_trigger_queue_depth"), 0)
        XCTAssertEqual(metrics.value("squall_trigger_queue_dropped_total"), 0)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(metrics.value("squall_sensors_running")), 1, "the ticker runs")
    }
}

extension St2Session {
    /// The packs path the server was started with (tests firing triggers need the same packs).
    var environmentPacksPath: String { harness.dataDirectory + "/test-packs" }
}
