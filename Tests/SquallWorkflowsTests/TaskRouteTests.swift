import SquallModel
import SquallWorkflows
import XCTest

/// Orquesta's routes and the keyword forms of its functions, as st2's
/// `orquesta-test-{yaql,jinja}-task-functions` examples use them: a task reached from two
/// branches (a split) runs on routes 1 and 2, the tasks after it stay on its route, and
/// `task(name, route => N)` / `task(name, route=N)` finds the instance of a route.
final class TaskRouteTests: XCTestCase {
    private func splitWorkflow(_ output: String) throws -> WorkflowSpec {
        try workflow(#"""
        {"version": 1.0, "tasks": {
          "task6": {"action": "p.n", "next": [{"do": "task8"}]},
          "task7": {"action": "p.n", "next": [{"do": "task8"}]},
          "task8": {"action": "p.n", "next": [{"do": "task9"}]},
          "task9": {"action": "core.echo", "input": {"message": "<% task(\"task8\").task_id + \"__\" + str(task(\"task8\").route) %>",
                                                      "own": "{{ task().route }}"}}},
         "output": \#(output)}
        """#)
    }

    private func runSplit(_ output: String) throws -> ConductorDriver {
        var run = ConductorDriver(try splitWorkflow(output))
        run.complete("task6"); run.complete("task7")
        run.complete("task8"); run.complete("task8")
        XCTAssertEqual(run.started.filter { $0.taskName == "task9" }.map(\.input),
                       [["message": "task8__1", "own": 1], ["message": "task8__2", "own": 2]])
        for request in run.started where request.taskName == "task9" { run.complete("task9", result: ["stdout": .string(request.input["message"]!.stringValue!)]) }
        return run
    }

    func testASplitTaskStartsARouteForEachBranchAndItsSuccessorsStayOnIt() throws {
        let run = try runSplit(#"[{"x": "<% ctx() %>"}]"#)
        XCTAssertEqual(run.started.map { "\($0.taskName):\($0.route)" },
                       ["task6:0", "task7:0", "task8:1", "task8:2", "task9:1", "task9:2"])
    }

    func testTaskTakesTheRouteAsAKeywordInYAQLAndJinja() throws {
        let run = try runSplit(#"""
        [{"y1": "<% task(\"task9\", route=>1).result.stdout %>"}, {"y2": "<% task(task_id => \"task9\", route => 2).result.stdout %>"},
         {"j1": "{{ task('task9', route=1).result.stdout }}"}, {"j2": "{{ task(task_id='task9', route=2).result.stdout }}"},
         {"before_split": "<% task(\"task6\", route => 2).route %>"}, {"ctx_key": "<% ctx(key => \"nothing\") %>"}]
        """#)
        XCTAssertEqual(run.conductor.status, .failed, "ctx(key => ...) of a missing key fails as ctx(name) does")
        XCTAssertEqual(run.conductor.errors.map { $0["message"] }, ["YaqlEvaluationException: Unable to resolve key 'nothing' in expression '<% ctx(key => \"nothing\") %>' from context."])
    }

    func testKeywordCallsGiveTheRoutesInstance() throws {
        let run = try runSplit(#"""
        [{"y1": "<% task(\"task9\", route=>1).result.stdout %>"}, {"y2": "<% task(task_id => \"task9\", route => 2).result.stdout %>"},
         {"j1": "{{ task('task9', route=1).result.stdout }}"}, {"j2": "{{ task(task_id='task9', route=2).result.stdout }}"},
         {"before_split": "<% task(\"task6\", route => 2).route %>"}]
        """#)
        XCTAssertEqual(run.conductor.result, ["output": ["y1": "task8__1", "y2": "task8__2", "j1": "task8__1", "j2": "task8__2", "before_split": 0]])
    }

    func testAWrongKeywordIsPythonsTypeError() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"a": {"action": "p.a"}}, "output": [{"x": "<% task(\"a\", path => 1) %>"}]}
        """#))
        run.complete("a")
        XCTAssertEqual(run.conductor.status, .failed)
        let message = run.conductor.errors.first?["message"]?.stringValue ?? ""
        XCTAssertTrue(message.contains("TypeError: task() got an unexpected keyword argument 'path'"), message)
    }

    func testRoutesSurviveASnapshot() throws {
        var run = ConductorDriver(try splitWorkflow(#"[{"y2": "<% task(\"task9\", route=>2).result %>"}]"#))
        run.complete("task6"); run.complete("task7")
        var restored = ConductorDriver(try splitWorkflow(#"[{"y2": "<% task(\"task9\", route=>2).result %>"}]"#))
        restored.conductor = Conductor(spec: run.conductor.spec, restoring: run.conductor.snapshot)
        restored.inFlight = run.inFlight
        restored.started = []
        restored.complete("task8"); restored.complete("task8")
        XCTAssertEqual(restored.started.map(\.route), [1, 2])
        restored.complete("task9", result: "one"); restored.complete("task9", result: "two")
        XCTAssertEqual(restored.conductor.result, ["output": ["y2": "two"]])
    }
}
