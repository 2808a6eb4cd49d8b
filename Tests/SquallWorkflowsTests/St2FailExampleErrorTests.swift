import SquallModel
import SquallWorkflows
import XCTest

/// st2's error entries for the `orquesta-fail-*-rendering` and `orquesta-fail-start-task`
/// examples, word for word as st2's integration tests (test_wiring_error_handling) expect them.
final class St2FailExampleErrorTests: XCTestCase {
    private let tasks = #"""
    "tasks": {"task1": {"action": "core.echo message=<% ctx().name %>", "next": [{"when": "<% succeeded() %>", "publish": "greeting=<% result().stdout %>"}]}}
    """#
    private let unknownValue = "YaqlEvaluationException: Unable to evaluate expression '<% abs(8).value %>'. NoFunctionRegisteredException: Unknown function \"#property#value\""

    func testAnInputThatReadsAPropertyOfANumberFailsWithYaqlsUnknownFunctionWording() throws {
        let run = ConductorDriver(try workflow(#"{"version": 1.0, "input": [{"name": "<% abs(8).value %>"}], "vars": [{"greeting": null}], "output": [{"greeting": "<% ctx().greeting %>"}], "# + tasks + "}"))
        XCTAssertEqual(run.conductor.result, ["output": .null, "errors": [["type": "error", "message": .string(unknownValue)]]])
    }

    func testAVarsErrorIsWordedTheSameWay() throws {
        let run = ConductorDriver(try workflow(#"{"version": 1.0, "input": ["name"], "vars": [{"greeting": "<% abs(8).value %>"}], "# + tasks + "}"),
                                  input: ["name": "Lakshmi"])
        XCTAssertEqual(run.conductor.result, ["output": .null, "errors": [["type": "error", "message": .string(unknownValue)]]])
    }

    func testAnOutputErrorIsWordedTheSameWayAndLeavesNoOutput() throws {
        var run = ConductorDriver(try workflow(#"{"version": 1.0, "input": ["name"], "vars": [{"greeting": null}], "output": [{"greeting": "<% abs(8).value %>"}], "# + tasks + "}"),
                                  input: ["name": "Lakshmi"])
        run.complete("task1", result: ["stdout": "Lakshmi"])
        XCTAssertEqual(run.conductor.result, ["output": .null, "errors": [["type": "error", "message": .string(unknownValue)]]])
    }

    func testAStartTaskThatFailsToRenderFailsTheOutputInAnEmptyContext() throws {
        let run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "input": ["name"], "vars": [{"greeting": null}], "output": [{"greeting": "<% ctx().greeting %>"}],
         "tasks": {"task1": {"action": "core.echo message=<% ctx().name.value %>", "next": [{"when": "<% succeeded() %>", "publish": "greeting=<% result().stdout %>"}]}}}
        """#), input: ["name": "Lakshmi"])
        XCTAssertEqual(run.conductor.result, ["output": .null, "errors": [
            ["type": "error", "message": "YaqlEvaluationException: Unable to evaluate expression '<% ctx().name.value %>'. NoFunctionRegisteredException: Unknown function \"#property#value\"",
             "task_id": "task1", "route": 0],
            ["type": "error", "message": "YaqlEvaluationException: Unable to resolve key 'greeting' in expression '<% ctx().greeting %>' from context."]]])
    }
}
