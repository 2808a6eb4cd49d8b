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

    /// st2's `orquesta-test-{yaql,jinja}-task-nonexistent`.
    func testTaskOfATaskThatNeverRanIsOrquestasExpressionEvaluationException() throws {
        for (expression, language) in [("<% task(\"task0\") %>", "Yaql"), ("{{ task(\"task0\") }}", "Jinja")] {
            var run = ConductorDriver(try workflow(#"{"version": 1.0, "tasks": {"task1": {"action": "core.noop"}}, "output": [{"x": "# + JSONValue.string(expression).jsonString() + "}]}"))
            run.complete("task1")
            XCTAssertEqual(run.conductor.result, ["output": .null, "errors": [["type": "error", "message": .string(
                "\(language)EvaluationException: Unable to evaluate expression '\(expression)'. ExpressionEvaluationException: Unable to find task execution for \"task0\".")]]])
        }
    }

    /// st2's `orquesta-st2kv-default`: `default` is the value of a key that does not exist.
    func testSt2kvDefaultStandsInForAMissingKey() throws {
        let expressions = WorkflowExpressions(st2kv: { key, _ in
            guard key == "system.present" else { throw ExpressionError(message: "The key \"\(key)\" does not exist in the StackStorm datastore.") }
            return "here"
        })
        var conductor = Conductor(spec: try workflow(#"""
        {"version": 1.0, "input": ["key_name", {"default": null}], "tasks": {"task1": {"action": "core.noop"}},
         "output": [{"value_from_yaql": "<% st2kv(ctx().key_name, decrypt => false, default => ctx().default) %>"},
                    {"value_from_jinja": "{{ st2kv(ctx().key_name, decrypt=false, default=ctx().default) }}"},
                    {"present": "<% st2kv('system.present', default => 'unused') %>"}]}
        """#), input: ["key_name": "system.absent", "default": "stone"], expressions: expressions)
        let started = conductor.start()
        _ = conductor.complete(started[0].id, succeeded: true, result: .null)
        XCTAssertEqual(conductor.result, ["output": ["value_from_yaql": "stone", "value_from_jinja": "stone", "present": "here"]])
    }
}
