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

    /// A parent running a sub-workflow beside another branch, both resumed after `kill -9`: the
    /// other branch goes on while the resumed sub-workflow still runs (it is not made to wait for
    /// it), as before the kill.
    func testTheParentsOtherBranchGoesOnWhileItsResumedSubWorkflowRuns() throws {
        let started = try harness.squall(["run", "squall_chains.branch_parent", "--async", "--json"], environment: environment)
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
        func running(_ cmd: String, under parent: String) -> Execution? {
            try? children(of: parent).first { $0.parameters["cmd"]?.stringValue == cmd && $0.context["child_pid"] != nil && !$0.status.isCompleted }
        }
        var sub: Execution?
        eventually("both branches run") {
            sub = try? children(of: id).first { $0.action == "squall_chains.held_flow" }
            guard let sub else { return false }
            return running("sleep 300", under: sub.id) != nil && running("sleep 300", under: id) != nil
        }
        let subId = try XCTUnwrap(sub?.id)
        let worker = try XCTUnwrap(try store.execution(id: id)?.supervisorPid)
        XCTAssertEqual(kill(worker, SIGKILL), 0)
        eventually("the worker is gone") { kill(worker, 0) != 0 }

        server = try harness.startServer(environment: environment)
        var held: Execution?
        eventually("the other branch completes while the resumed sub-workflow's `held` task runs") {
            held = running("sleep 301", under: subId)
            return held != nil && (try? children(of: id).contains { $0.parameters["cmd"] == "echo other after" && $0.status == .succeeded }) == true
        }
        XCTAssertEqual(try store.execution(id: subId)?.status, .running)
        XCTAssertEqual(try store.execution(id: id)?.status, .running)
        // Killing `held` lets the sub-workflow (its failure handled), then the parent, end.
        let pid = try XCTUnwrap(held?.context["child_pid"]?.intValue)
        XCTAssertEqual(kill(-Int32(pid), SIGKILL), 0)
        eventually("the parent completes") { (try? store.execution(id: id))?.status.isCompleted == true }
        let parent = try XCTUnwrap(try store.execution(id: id))
        XCTAssertEqual(parent.status, .succeeded, "\(parent.result ?? .null)")
        XCTAssertEqual(try store.execution(id: subId)?.status, .succeeded)
        XCTAssertEqual(try children(of: id).compactMap { $0.parameters["cmd"]?.stringValue ?? $0.action }.sorted(),
                       ["core.noop", "echo other after", "sleep 300", "squall_chains.held_flow"])
        XCTAssertEqual(try children(of: subId).compactMap { $0.parameters["cmd"]?.stringValue }.sorted(), ["sleep 300", "sleep 301"])
        XCTAssertEqual(Set(try store.workflowTasks(workflowId: id).map(\.taskName)), ["start", "sub", "other", "other_after"])
    }
}
