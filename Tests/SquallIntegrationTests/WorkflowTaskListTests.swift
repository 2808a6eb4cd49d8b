import Foundation
import SquallBootstrap
import SquallModel
import SquallStore
import XCTest

/// `execution get` of a workflow lists its task executions under the record, as st2's client does.
final class WorkflowTaskListTests: XCTestCase {
    func testExecutionGetOfAWorkflowListsItsTasksAndJSONStaysOneDocument() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = IntegrationHarness.repositoryRoot + "/Tests/Fixtures/chains/packs"
        let ran = try harness.squall(["run", "squall_chains.flow", "text=abc", "--json"], environment: environment)
        XCTAssertEqual(ran.status, 0, ran.stderr)
        let id = try XCTUnwrap(JSONValue.parse(ran.stdout)["id"]?.stringValue, ran.stdout)
        let store = try EngineBootstrap.openStore(settings: harness.settings)
        let child = try XCTUnwrap(try store.executions(matching: ExecutionQuery(parent: id)).first)

        let shown = try harness.squall(["execution", "get", id], environment: environment)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("id") && $0.contains("status") && $0.hasSuffix("start_timestamp") }, shown.stdout)
        XCTAssertEqual(lines[header].split(separator: " ", omittingEmptySubsequences: true), ["id", "status", "task", "action", "start_timestamp"])
        XCTAssertEqual(lines.count, header + 2, shown.stdout)
        let row = lines[header + 1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        XCTAssertEqual(row.first, child.id)
        XCTAssertEqual(row[1], "succeeded")
        XCTAssertTrue(row[2].hasPrefix("(") && row[3] == "elapsed)", lines[header + 1])
        XCTAssertEqual(Array(row[4...5]), ["count", "core.local"])
        XCTAssertTrue(lines[header + 1].hasSuffix(Timestamps.format(child.startTimestamp)), lines[header + 1])

        let json = try harness.squall(["execution", "get", id, "--json"], environment: environment)
        XCTAssertEqual(try JSONValue.parse(json.stdout)["id"]?.stringValue, id, json.stdout)

        let plain = try harness.squall(["execution", "get", child.id], environment: environment)
        XCTAssertFalse(plain.stdout.contains("start_timestamp\n") || plain.stdout.contains("task  action"), plain.stdout)
    }
}
