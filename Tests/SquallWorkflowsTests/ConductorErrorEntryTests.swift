import SquallModel
import SquallWorkflows
import XCTest

/// st2's error entries where a failed task is handled: orquesta logs every failed action as it
/// arrives, then what its transitions add (st2's `examples.orquesta-remediate-then-fail` and
/// `orquesta-error-handling-fail-manually`, whose integration tests list both entries).
final class ConductorErrorEntryTests: XCTestCase {
    private let failedEntry: JSONValue = ["type": "error", "message": "Execution failed. See result for details.", "task_id": "task1",
                                          "result": ["failed": true, "return_code": 1, "stderr": "", "stdout": "", "succeeded": false]]
    private let failResult: JSONValue = ["failed": true, "return_code": 1, "stderr": "", "stdout": "", "succeeded": false]

    func testAFailedTaskThatLogsThenFailsListsItsOwnFailureThenTheFailCommand() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {
          "task1": {"action": "core.local cmd=\"exit 1\"", "next": [{"when": "<% failed() %>",
                    "publish": [{"task_name": "<% task().task_name %>"}], "do": ["log", "fail"]}]},
          "log": {"action": "core.echo", "input": {"message": "<% ctx().task_name %> failed"}}}}
        """#))
        run.complete("task1", succeeded: false, result: failResult)
        XCTAssertEqual(run.inFlightNames, ["log"], "the log task still runs beside fail")
        run.complete("log")
        XCTAssertEqual(run.conductor.status, .failed)
        XCTAssertEqual(run.conductor.result, ["output": .null, "errors": [
            failedEntry, ["type": "error", "message": "Execution failed. See result for details.", "task_id": "fail"]]])
    }

    func testARemediatedFailureStillCountsWhenALaterTaskFailsTheWorkflow() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {
          "task1": {"action": "core.local", "next": [{"when": "<% failed() %>", "do": "task3"}]},
          "task3": {"action": "core.noop", "next": [{"when": "<% succeeded() %>", "publish": [{"message": "handled"}], "do": "fail"}]}},
         "output": [{"message": "<% ctx().message %>"}]}
        """#))
        run.complete("task1", succeeded: false, result: failResult)
        run.complete("task3")
        XCTAssertEqual(run.conductor.result, ["output": ["message": "handled"], "errors": [
            failedEntry, ["type": "error", "message": "Execution failed. See result for details.", "task_id": "fail"]]])
    }

    func testARemediatedFailureLeavesASucceededWorkflowWithoutErrors() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"task1": {"action": "core.local", "next": [{"when": "<% failed() %>", "do": "noop"}]}}}
        """#))
        run.complete("task1", succeeded: false, result: failResult)
        XCTAssertEqual(run.conductor.result, ["output": .null])
    }
}
