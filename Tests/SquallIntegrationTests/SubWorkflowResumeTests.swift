import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallStore
import XCTest

/// `kill -9` of the worker running an orquesta workflow while its running task is a sub-workflow:
/// `squall server` resumes the parent, which resumes the sub-workflow from its own saved state
/// (not abandoned); no completed task of either runs again.
final class SubWorkflowResumeTests: WorkflowProcessTestCase {
    private func children(of id: String) throws -> [Execution] { try store.executions(matching: ExecutionQuery(parent: id)) }

    func testAParentAndItsSubWorkflowBothGoOnAfterTheWorkerIsKilled() throws {
        let started = try harness.squall(["run", "squall_chains.durable_parent", "--async", "--json"], environment: environment)
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
        var sub: Execution?
        eventually("the sub-workflow's wait task runs") {
            sub = try? children(of: id).first { $0.action == "squall_chains.durable_flow" }
            guard let sub else { return false }
            return (try? children(of: sub.id).contains { $0.parameters["cmd"] == "sleep 300" && $0.context["child_pid"] != nil }) == true
        }
        let subId = try XCTUnwrap(sub?.id)
        let worker = try XCTUnwrap(try store.execution(id: id)?.supervisorPid)
        XCTAssertEqual(kill(worker, SIGKILL), 0)
        eventually("the worker is gone") { kill(worker, 0) != 0 }
        XCTAssertEqual(try store.execution(id: subId)?.status, .running)

        server = try harness.startServer(environment: environment)
        eventually("the parent completes") { (try? store.execution(id: id))?.status.isCompleted == true }
        let parent = try XCTUnwrap(try store.execution(id: id))
        XCTAssertEqual(parent.status, .succeeded, "\(parent.result ?? .null)")
        XCTAssertEqual(parent.result, ["output": ["said": "first"]])
        // The sub-workflow was resumed, not abandoned: its abandoned `wait` took its failure
        // transition to `after`, and it ended succeeded with its output.
        let resumed = try XCTUnwrap(try store.execution(id: subId))
        XCTAssertEqual(resumed.status, .succeeded, "\(resumed.result ?? .null)")
        XCTAssertEqual(resumed.result, ["output": ["said": "first"]])
        // Every task of either ran once.
        XCTAssertEqual(try children(of: id).compactMap { $0.parameters["cmd"]?.stringValue ?? $0.action }.sorted(),
                       ["echo before", "echo parent after first", "squall_chains.durable_flow"])
        let inner = try children(of: subId)
        XCTAssertEqual(inner.compactMap { $0.parameters["cmd"]?.stringValue }.sorted(), ["echo after first", "echo first", "sleep 300"])
        XCTAssertEqual(inner.first { $0.parameters["cmd"] == "sleep 300" }?.status, .abandoned)
        XCTAssertEqual(try store.workflowTasks(workflowId: id).map(\.taskName), ["before", "sub", "after"])
        XCTAssertEqual(try store.workflowTasks(workflowId: id).map(\.status), [.succeeded, .succeeded, .succeeded])
    }
}
