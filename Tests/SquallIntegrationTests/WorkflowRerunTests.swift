import Foundation
import SquallBootstrap
import SquallModel
import SquallStore
import XCTest

/// `execution re-run ID --tasks ... [--no-reset ...]` of a failed orquesta workflow (st2's): a new
/// workflow execution goes on from the failed one's state, keeps what succeeded, and runs the
/// named failed tasks again; with-items tasks run all items, or with --no-reset only the failed
/// and never-started ones. Naming a task that did not fail is a one-line error.
final class WorkflowRerunTests: WorkflowProcessTestCase {

    /// What ran under workflow `id`: task name, item (if any), status, oldest first.
    private func ran(_ id: String) throws -> [String] {
        try store.executions(matching: ExecutionQuery(parent: id)).sorted { $0.startTimestamp < $1.startTimestamp }.map { child in
            let orquesta = child.context["orquesta"]
            return (orquesta?["task_name"]?.stringValue ?? "?") + (orquesta?["item_id"]?.intValue.map { "[\($0)]" } ?? "") + " " + child.status.rawValue
        }
    }

    private func rerun(_ arguments: [String]) throws -> (status: Int32, id: String?, stderr: String) {
        let done = try harness.squall(["execution", "re-run"] + arguments + ["--json"], environment: environment)
        return (done.status, (try? JSONValue.parse(done.stdout))?["id"]?.stringValue, done.stderr)
    }

    func testAReRunFromFailedTasksKeepsWhatSucceededAndRunsOnlyThoseTasks() throws {
        try store.setValue(KeyValuePair(name: "code", value: "3"))
        try store.setValue(KeyValuePair(name: "bad", value: "1"))
        let first = try harness.squall(["run", "squall_chains.rerun_flow", "--json"], environment: environment)
        XCTAssertEqual(first.status, 1, first.stderr)
        let failed = try XCTUnwrap(JSONValue.parse(first.stdout)["id"]?.stringValue, first.stdout)
        XCTAssertEqual(try ran(failed).sorted(), ["first succeeded", "flaky failed", "items[0] succeeded", "items[1] failed"])

        // Refused, changing nothing: a task that succeeded, one not in the workflow, a stray --no-reset.
        let succeededTask = try rerun([failed, "--tasks", "first"])
        XCTAssertEqual(succeededTask.stderr, "error: execution '\(failed)': task 'first' did not fail (succeeded): only failed tasks re-run\n")
        XCTAssertNotEqual(succeededTask.status, 0)
        XCTAssertEqual(try rerun([failed, "--tasks", "flaky,nope"]).stderr, "error: execution '\(failed)': task 'nope' is not in the workflow\n")
        XCTAssertEqual(try rerun([failed, "--tasks", "flaky", "--no-reset", "items"]).stderr, "error: --no-reset: task 'items' is not one of --tasks\n")
        XCTAssertEqual(try store.executions(matching: ExecutionQuery(limit: 100)).count, 5)

        try store.setValue(KeyValuePair(name: "code", value: "0"))
        try store.setValue(KeyValuePair(name: "bad", value: "9"))
        let kept = try rerun([failed, "--tasks", "flaky,items", "--no-reset", "items"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        let keptId = try XCTUnwrap(kept.id)
        let keptRun = try XCTUnwrap(try store.execution(id: keptId))
        XCTAssertEqual(keptRun.status, .succeeded, "\(keptRun.result ?? .null)")
        XCTAssertEqual(keptRun.result, ["output": ["one": "one", "ran": 3]])
        XCTAssertEqual(keptRun.context["re-run"], ["ref": .string(failed), "tasks": ["flaky", "items"], "reset": ["flaky"]])
        XCTAssertEqual(try ran(keptId).sorted(), ["flaky succeeded", "items[1] succeeded", "items[2] succeeded"])

        // Reset (the default): every item runs again.
        let reset = try rerun([failed, "--tasks", "items", "--tasks", "flaky"])
        XCTAssertEqual(reset.status, 0, reset.stderr)
        XCTAssertEqual(try ran(try XCTUnwrap(reset.id)).sorted(),
                       ["flaky succeeded", "items[0] succeeded", "items[1] succeeded", "items[2] succeeded"])
    }
}
