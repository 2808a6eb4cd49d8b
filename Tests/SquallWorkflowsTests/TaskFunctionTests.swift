import SquallModel
import SquallWorkflows
import XCTest

/// Orquesta's `task(name)`: the latest instance of a task (id, route, status, result), in YAQL and
/// Jinja; `task()` is the task whose transitions are evaluated; an unknown task is an error.
final class TaskFunctionTests: XCTestCase {
    func testTaskGivesTheLatestInstanceInBothLanguages() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {
          "a": {"action": "p.a", "next": [{"publish": [{"own": "<% task().result.v %>"}], "do": "b"}]},
          "b": {"action": "p.b", "input": {"from_a": "<% task(a).result.v %>", "status": "{{ task('a').status }}",
                                           "route": "{{ task('a').route }}"}}},
         "output": [{"a": "<% task(a) %>"}, {"b": "{{ task('b').result }}"}, {"own": "<% ctx().own %>"}]}
        """#))
        run.complete("a", result: ["v": 5])
        XCTAssertEqual(run.started.last?.input, ["from_a": 5, "status": "succeeded", "route": 0])
        run.complete("b", succeeded: true, result: ["w": "x"])
        XCTAssertEqual(run.conductor.status, .succeeded, "\(run.conductor.errors)")
        XCTAssertEqual(run.conductor.result, ["output": [
            "a": ["id": "a", "task_id": "a", "task_name": "a", "route": 0, "status": "succeeded", "result": ["v": 5]],
            "b": ["w": "x"], "own": 5]])
    }

    func testTaskOfATaskThatDidNotRunFailsTheWorkflowNamingIt() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"a": {"action": "p.a"}}, "output": [{"x": "<% task(nope).result %>"}]}
        """#))
        run.complete("a")
        XCTAssertEqual(run.conductor.status, .failed)
        let message = run.conductor.errors.first?["message"]?.stringValue ?? ""
        XCTAssertTrue(message.contains(#"Unable to find task execution for "nope"."#), message)
    }

    func testTheLatestInstanceSurvivesASnapshot() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"a": {"action": "p.a", "next": [{"do": "b"}]}, "b": {"action": "p.b"}},
         "output": [{"a": "<% task(a).result %>"}]}
        """#))
        run.complete("a", result: "first")
        let restored = Conductor(spec: run.conductor.spec, restoring: try ConductorSnapshot(json: try run.conductor.snapshot.json))
        run.conductor = restored
        run.complete("b")
        XCTAssertEqual(run.conductor.result, ["output": ["a": "first"]])
    }
}
