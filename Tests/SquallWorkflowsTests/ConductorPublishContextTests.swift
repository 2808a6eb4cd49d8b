import SquallModel
import SquallWorkflows
import XCTest

/// What a task's transitions hand on, as the real orquesta engine does it. The expected values were
/// recorded from orquesta 1.6.0 (commit 8c67ef31f8af, yaql 3.2.0) driven as st2's workflow service
/// drives it (the conductor saved and restored between events), with the same workflows in YAML.
final class ConductorPublishContextTests: XCTestCase {
    /// orquesta: t2 gets {a: 2, b: 1, inner: {x: 2, y: 1}}; t3 gets that plus c: 3, and `seen`
    /// (published after `deep` in the same list) is {c: 3}: inside one publish a name is replaced,
    /// into the next task's context it is merged key by key.
    func testAPublishedObjectMergesDeeplyIntoTheNextTasksContext() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "vars": [{"deep": {"a": 1, "b": 1, "inner": {"x": 1, "y": 1}}}, {"flat": "s"}], "tasks": {
          "t1": {"action": "core.noop", "next": [{"publish": [{"deep": {"a": 2, "inner": {"x": 2}}}], "do": "t2"}]},
          "t2": {"action": "core.echo", "input": {"message": "<% ctx().deep %>"},
                 "next": [{"publish": [{"deep": {"c": 3}}, {"seen": "<% ctx().deep %>"}], "do": "t3"}]},
          "t3": {"action": "core.echo", "input": {"message": "<% ctx().deep %>", "seen": "<% ctx().seen %>"}}},
         "output": [{"deep": "<% ctx().deep %>"}, {"seen": "<% ctx().seen %>"}]}
        """#))
        run.complete("t1")
        XCTAssertEqual(run.started.last?.input, ["message": ["a": 2, "b": 1, "inner": ["x": 2, "y": 1]]])
        run.complete("t2")
        let merged: JSONValue = ["a": 2, "b": 1, "c": 3, "inner": ["x": 2, "y": 1]]
        XCTAssertEqual(run.started.last?.input, ["message": merged, "seen": ["c": 3]])
        run.complete("t3")
        XCTAssertEqual(run.conductor.result, ["output": ["deep": merged, "seen": ["c": 3]]])
    }

    /// orquesta: t2 gets x "from-first"; t3's `y: ctx().x` is "init" and t3 sees x "init" (each
    /// transition publishes from t1's own context); t4 sees neither publish. Output {x: from-first, y: init}.
    func testEachTransitionPublishesFromTheTasksOwnContext() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "vars": [{"x": "init"}, {"y": "init"}], "tasks": {
          "t1": {"action": "core.noop", "next": [
            {"publish": [{"x": "from-first"}], "do": "t2"},
            {"publish": [{"y": "<% ctx().x %>"}], "do": "t3"},
            {"do": "t4"}]},
          "t2": {"action": "core.echo", "input": {"message": "<% ctx().x %>", "y": "<% ctx().y %>"}},
          "t3": {"action": "core.echo", "input": {"message": "<% ctx().x %>", "y": "<% ctx().y %>"}},
          "t4": {"action": "core.echo", "input": {"message": "<% ctx().x %>", "y": "<% ctx().y %>"}}},
         "output": [{"x": "<% ctx().x %>"}, {"y": "<% ctx().y %>"}]}
        """#))
        run.complete("t1")
        let inputs = Dictionary(uniqueKeysWithValues: run.started.dropFirst().map { ($0.taskName, $0.input) })
        XCTAssertEqual(inputs["t2"], ["message": "from-first", "y": "init"])
        XCTAssertEqual(inputs["t3"], ["message": "init", "y": "init"])
        XCTAssertEqual(inputs["t4"], ["message": "init", "y": "init"])
        run.complete("t2")
        run.complete("t3")
        run.complete("t4")
        XCTAssertEqual(run.conductor.result, ["output": ["x": "from-first", "y": "init"]])
    }

    /// Transitions without `do` publish into the workflow's terminal context, each from the task's
    /// own context too. orquesta: output {x: first, y: init, deep: {a: 2, b: 1}}.
    func testPublishOnlyTransitionsEachStartFromTheTasksOwnContext() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "vars": [{"x": "init"}, {"y": "init"}, {"deep": {"a": 1, "b": 1}}], "tasks": {
          "t1": {"action": "core.noop", "next": [
            {"publish": [{"x": "first"}, {"deep": {"a": 2}}]},
            {"publish": [{"y": "<% ctx().x %>"}]}]}},
         "output": [{"x": "<% ctx().x %>"}, {"y": "<% ctx().y %>"}, {"deep": "<% ctx().deep %>"}]}
        """#))
        run.complete("t1")
        XCTAssertEqual(run.conductor.result, ["output": ["x": "first", "y": "init", "deep": ["a": 2, "b": 1]]])
    }

    /// A publish-only transition beside one that leads on: orquesta gives t2 x "init", and the
    /// output still has t1's x "first". orquesta: output {x: first, y: init}.
    func testAPublishOnlyTransitionBesideOneThatLeadsOn() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "vars": [{"x": "init"}, {"y": "init"}], "tasks": {
          "t1": {"action": "core.noop", "next": [
            {"publish": [{"x": "first"}]},
            {"publish": [{"y": "<% ctx().x %>"}], "do": "t2"}]},
          "t2": {"action": "core.echo", "input": {"message": "<% ctx().x %>", "y": "<% ctx().y %>"}}},
         "output": [{"x": "<% ctx().x %>"}, {"y": "<% ctx().y %>"}]}
        """#))
        run.complete("t1")
        XCTAssertEqual(run.started.last?.input, ["message": "init", "y": "init"])
        run.complete("t2")
        XCTAssertEqual(run.conductor.result, ["output": ["x": "first", "y": "init"]])
    }
}
