import Foundation
import SquallEngine
import SquallModel
import XCTest

/// `squall server` with warm hosts, as a real process: hosts start with the server for packs
/// whose enabled rules run Python actions, stop after `warm_host_idle_seconds`, and
/// `squall server status` shows each (pack, pid, age, executions served, memory).
final class WarmHostServerTests: XCTestCase {
    var harness: IntegrationHarness!
    var environment: [String: String]!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        let packs = try harness.quietFixturePackCopy()
        try """
        name: warm_rule
        pack: squall_tests
        enabled: true
        trigger:
          type: squall_tests.manual
        action:
          ref: squall_tests.return_value
        """.write(toFile: packs + "/squall_tests/rules/warm_rule.yaml", atomically: true, encoding: .utf8)
        environment = harness.commandLineEnvironment.merging(["SQUALL_PACKS_PATH": packs]) { _, new in new }
    }

    override func tearDown() { harness.remove() }

    private func serverStatus() throws -> JSONValue {
        try ControlClient(dataDirectory: harness.dataDirectory, timeout: 30).send(["op": "status"])["status"] ?? .null
    }

    private func stop(_ server: Process) {
        server.terminate()
        server.waitUntilExit()
    }

    func testHostsStartWithTheServerAndShowInServerStatus() throws {
        let server = try harness.startServer(environment: environment)
        defer { stop(server) }
        try eventually("a host started ahead of any execution") { try serverStatus()["warm_hosts"]?.arrayValue?.count == 1 }
        let host = try XCTUnwrap(try serverStatus()["warm_hosts"]?.arrayValue?.first)
        XCTAssertEqual(host["pack"], "squall_tests")
        XCTAssertEqual(host["executions_served"], 0)
        let pid = try XCTUnwrap(host["pid"]?.intValue)
        XCTAssertEqual(kill(Int32(pid), 0), 0)

        let text = try harness.squall(["server", "status"], environment: environment)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("warm hosts: 1"), text.stdout)
        let row = try XCTUnwrap(text.stdout.split(separator: "\n").first { $0.contains("squall_tests") }, text.stdout)
        let cells = row.split(separator: " ").map(String.init)
        XCTAssertEqual(cells.count, 5, "pack, pid, age, executions served, rss: \(row)")
        XCTAssertEqual(cells[1], "\(pid)")
        XCTAssertEqual(cells[3], "0")
        XCTAssertGreaterThan(Int(cells[4]) ?? 0, 1000, "resident memory in KiB")

        let fire = try harness.squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "m"}"#], environment: environment)
        XCTAssertEqual(fire.status, 0, fire.stderr)
        try eventually("the rule's execution forked from that host") {
            try serverStatus()["warm_hosts"]?.arrayValue?.first?["executions_served"] == 1
        }
        let json = try harness.squall(["server", "status", "-j"], environment: environment)
        XCTAssertEqual(json.status, 0, json.stderr)
        let status = try JSONValue.parse(json.stdout)
        XCTAssertEqual(status["warm_hosts"]?.arrayValue?.first?["pid"], .int(pid))
        XCTAssertGreaterThan(status["warm_hosts"]?.arrayValue?.first?["rss_kib"]?.intValue ?? 0, 1000)
        XCTAssertNotNil(status["warm_hosts"]?.arrayValue?.first?["age_seconds"]?.intValue)
    }

    func testIdleTimeIsASetting() throws {
        var environment = self.environment!
        environment["SQUALL_WARM_HOST_IDLE_SECONDS"] = "0"
        let server = try harness.startServer(environment: environment)
        defer { stop(server) }
        // Started ahead (the rule), then idle at once: the server's housekeeping stops it.
        try eventually("the host was started, then stopped as idle") {
            let status = try serverStatus()
            return status["warm_hosts_started"] == 1 && status["warm_hosts"]?.arrayValue?.isEmpty == true && harness.runHostsSeen() == 0
        }

        environment["SQUALL_WARM_HOST_IDLE_SECONDS"] = "-1"
        let refused = try harness.squall(["server", "status"], environment: environment)
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("warm_host_idle_seconds: '-1'"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("SQUALL_WARM_HOST_IDLE_SECONDS"), refused.stderr)
    }

    func testServerStatusWithoutAServerIsOneLine() throws {
        let outcome = try harness.squall(["server", "status"], environment: environment)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("no squall server is running"), outcome.stderr)
    }
}

private extension IntegrationHarness {
    /// Warm hosts' run directories (`<data-dir>/run/w-*`), which exist exactly while a host does.
    func runHostsSeen() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/run")) ?? []).filter { $0.hasPrefix("w-") }.count
    }
}
