import SquallModel
import SquallWorkflows
import XCTest

/// The conductor driven by completions the test chooses: what starts when, with which input,
/// and how the workflow ends (status, output, st2's error entries).
final class ConductorTests: XCTestCase {
    func testSequencePublishesAlongTransitionsAndRendersTheOutput() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "input": ["x", {"label": "<% ctx().x * 2 %>"}], "vars": [{"f": "<% ctx().label + 1 %>"}],
         "tasks": {
          "a": {"action": "p.a n=<% ctx().f %>", "next": [{"when": "<% succeeded() %>", "publish": [{"got": "<% result().v %>"}, {"twice": "<% ctx().got * 2 %>"}], "do": "b"}]},
          "b": {"action": "p.b", "input": {"text": "got {{ ctx().got }} and <% [1, 'two', null, true] %>"}}},
         "output": [{"twice": "<% ctx().twice %>"}, {"again": "<% ctx().twice %>"}, {"status": "<% task_status(b) %>"}, {"never": "<% task_status(zzz) %>"}]}
        """#), input: ["x": 3])
        XCTAssertEqual(run.started.map(\.input), [["n": 7]])
        run.complete("a", result: ["v": 5])
        XCTAssertEqual(run.started.last?.taskName, "b")
        // YAQL interpolation writes values as Python's str(); Jinja sees the published value.
        XCTAssertEqual(run.started.last?.input, ["text": "got {{ ctx().got }} and [1, 'two', None, True]"])
        XCTAssertEqual(run.conductor.status, .running)
        run.complete("b")
        XCTAssertEqual(run.conductor.status, .succeeded)
        XCTAssertEqual(run.conductor.result, ["output": ["twice": 10, "again": 10, "status": "succeeded", "never": "null"]])
    }

    func testJinjaAloneRendersWithOrquestaFunctions() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "input": ["names"], "tasks": {
          "a": {"action": "p.a", "input": {"joined": "{{ ctx().names | join(',') }}", "count": "{{ ctx('names') | length }}"},
                "next": [{"when": "{{ failed() }}", "do": "b"}, {"when": "{{ succeeded() and result().ok }}", "do": "c"}]},
          "b": {"action": "p.b"}, "c": {"action": "p.c"}}}
        """#), input: ["names": ["x", "y"]])
        XCTAssertEqual(run.started.first?.input, ["joined": "x,y", "count": 2])
        run.complete("a", result: ["ok": true])
        XCTAssertEqual(run.inFlightNames, ["c"])
    }

    func testJoinAllWaitsForEveryBranchAndMergesTheirContexts() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {
          "start": {"action": "p.s", "next": [{"do": ["l", "r"]}]},
          "l": {"action": "p.l", "next": [{"publish": "left=<% result() %>", "do": "j"}]},
          "r": {"action": "p.r", "next": [{"publish": "right=<% result() %>", "do": "j"}]},
          "j": {"join": "all", "action": "p.j", "input": {"both": ["<% ctx().left %>", "<% ctx().right %>"]}}}}
        """#))
        run.complete("start")
        XCTAssertEqual(run.inFlightNames, ["l", "r"])
        run.complete("r", result: 2)
        XCTAssertEqual(run.inFlightNames, ["l"], "the join waits for the other branch")
        run.complete("l", result: 1)
        XCTAssertEqual(run.inFlightNames, ["j"])
        XCTAssertEqual(run.started.last?.input, ["both": [1, 2]])
    }

    func testATaskReachedFromTwoBranchesWithoutAJoinRunsOncePerBranch() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {
          "start": {"action": "p.s", "next": [{"do": ["l", "r"]}]},
          "l": {"action": "p.l", "next": [{"do": "after"}]}, "r": {"action": "p.r", "next": [{"do": "after"}]},
          "after": {"action": "p.after"}}}
        """#))
        run.complete("start"); run.complete("l"); run.complete("r")
        // Orquesta's routes: each branch into a split task starts a route of its own (TaskRouteTests).
        XCTAssertEqual(run.started.filter { $0.taskName == "after" }.map(\.route), [1, 2])
        run.complete("after"); run.complete("after")
        XCTAssertEqual(run.conductor.status, .succeeded)
    }

    func testWithItemsKeepsTheConcurrencyLimitAndCollectsResultsInItemOrder() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "input": ["xs", "ys"], "tasks": {
          "each": {"with": {"items": "x, y in <% ctx().xs %>, <% ctx().ys %>", "concurrency": 2},
                   "action": "p.add a=<% item(x) %> b=<% item(y) %>",
                   "next": [{"publish": "sums=<% result() %>"}]}},
         "output": [{"sums": "<% ctx().sums %>"}]}
        """#), input: ["xs": [1, 2, 3], "ys": [10, 20, 30, 40]])
        XCTAssertEqual(run.inFlight.map(\.itemID), [0, 1])
        XCTAssertEqual(run.inFlight.map(\.input), [["a": 1, "b": 10], ["a": 2, "b": 20]])
        run.complete("each", result: 11)
        XCTAssertEqual(run.inFlight.map(\.itemID), [1, 2], "a finished item frees a slot for the next")
        run.complete("each", result: 22); run.complete("each", result: 33)
        XCTAssertEqual(run.conductor.result, ["output": ["sums": [11, 22, 33]]])
    }

    func testAFailedItemStopsNewItemsAndFailsTheWorkflowOnceStartedOnesEnd() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"each": {"with": {"items": "<% [1, 2, 3, 4] %>", "concurrency": 2}, "action": "p.x v=<% item() %>"}}}
        """#))
        run.complete("each", succeeded: false, result: ["why": "bad"])
        XCTAssertEqual(run.inFlight.map(\.itemID), [1], "no item starts after one failed")
        XCTAssertEqual(run.conductor.status, .running)
        run.complete("each")
        XCTAssertEqual(run.conductor.status, .failed)
        XCTAssertEqual(run.conductor.result, ["output": .null, "errors": [
            ["type": "error", "message": "Execution failed. See result for details.", "task_id": "each", "result": ["why": "bad"]]]])
    }

    func testRetryRunsAFailingTaskCountPlusOneTimesWhileWhenHolds() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {
          "flaky": {"action": "p.f", "retry": {"count": 2, "when": "<% result().code = 503 %>"}}}}
        """#))
        run.complete("flaky", succeeded: false, result: ["code": 503])
        run.complete("flaky", succeeded: false, result: ["code": 404])
        XCTAssertEqual(run.started.count, 2, "retry.when sees the failed attempt's result")
        XCTAssertEqual(run.conductor.status, .failed)
        XCTAssertEqual(run.conductor.errors.first?["result"], ["code": 404])
    }

    func testRemediationNoopContinueAndFail() throws {
        let spec = try workflow(#"""
        {"version": 1.0, "input": ["how"], "vars": [{"handled": "no"}], "tasks": {
          "a": {"action": "p.a", "next": [
              {"when": "<% failed() and ctx().how = 'task' %>", "publish": "handled='yes' dropped=bare", "do": "fix"},
              {"when": "<% failed() and ctx().how = 'noop' %>", "do": "noop"},
              {"when": "<% failed() and ctx().how = 'continue' %>", "do": "continue"},
              {"when": "<% succeeded() %>", "do": ["fail", "b"]}]},
          "fix": {"action": "p.fix"}, "b": {"action": "p.b"}},
         "output": [{"handled": "<% ctx().handled %>"}]}
        """#)
        var fixed = ConductorDriver(spec, input: ["how": "task"])
        fixed.complete("a", succeeded: false); fixed.complete("fix")
        XCTAssertEqual(fixed.conductor.result, ["output": ["handled": "yes"]])

        var noop = ConductorDriver(spec, input: ["how": "noop"])
        noop.complete("a", succeeded: false)
        XCTAssertEqual(noop.conductor.result, ["output": ["handled": "no"]])

        var continued = ConductorDriver(spec, input: ["how": "continue"])
        continued.complete("a", succeeded: false, result: "r")
        XCTAssertEqual(continued.conductor.status, .failed)
        XCTAssertEqual(continued.conductor.errors.first?["task_id"], "a")

        // `fail` fails the workflow; the other task of the same `do` still runs.
        var failed = ConductorDriver(spec, input: ["how": "x"])
        failed.complete("a")
        XCTAssertEqual(failed.inFlightNames, ["b"])
        failed.complete("b")
        XCTAssertEqual(failed.conductor.status, .failed)
        XCTAssertEqual(failed.conductor.errors, [["type": "error", "message": "Execution failed. See result for details.", "task_id": "fail"]])
    }

    func testExpressionErrorsCarryWhereTheyHappened() throws {
        var publish = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"a": {"action": "p.a", "next": [{"publish": "o=<% result().missing %>", "do": "b"}]}, "b": {"action": "p.b"}},
         "output": [{"o": "<% ctx().o %>"}]}
        """#))
        publish.complete("a", result: ["present": 1])
        XCTAssertEqual(publish.conductor.status, .failed)
        XCTAssertEqual(publish.conductor.errors, [
            ["type": "error", "task_id": "a", "route": 0, "task_transition_id": "b__t0",
             "message": "YaqlEvaluationException: Unable to resolve key 'missing' in expression '<% result().missing %>' from context."],
            ["type": "error", "message": "YaqlEvaluationException: Unable to resolve key 'o' in expression '<% ctx().o %>' from context."],
        ])
        XCTAssertEqual(publish.conductor.output, .null)

        let input = ConductorDriver(try workflow(#"""
        {"version": 1.0, "input": ["s"], "tasks": {"a": {"action": "p.a", "input": {"v": "{{ ctx().s.nothing }}"}}}}
        """#), input: ["s": "text"])
        XCTAssertTrue(input.started.isEmpty)
        XCTAssertEqual(input.conductor.errors, [["type": "error", "task_id": "a", "route": 0,
                                                  "message": "JinjaEvaluationException: There are unresolved variables: ctx().s.nothing"]])
    }

    func testAnEmptyItemListAndTasksWithoutActionsRunNothing() throws {
        let run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"none": {"with": "<% [] %>", "action": "p.x", "next": [{"do": "plain"}]}, "plain": {}},
         "output": [{"r": "<% task_status(plain) %>"}]}
        """#))
        XCTAssertTrue(run.started.isEmpty)
        XCTAssertEqual(run.conductor.result, ["output": ["r": "succeeded"]])
    }
}

/// Bad input: loops and huge item lists end the workflow as failed with a clear error.
final class ConductorLimitTests: XCTestCase {
    func testALoopWithoutActionsStopsAtTheTaskLimitInsteadOfRecursing() throws {
        let run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"s": {"next": [{"do": "a"}]}, "a": {"next": [{"do": "b"}]}, "b": {"next": [{"do": "a"}]}}}
        """#), limits: .init(maxTasks: 50_000))
        XCTAssertEqual(run.conductor.status, .failed)
        XCTAssertEqual(run.conductor.errors, [["type": "error", "message": "The workflow ran 50000 tasks, its limit (a loop without end?); it is stopped."]])
    }

    func testALoopOfActionsStopsAtTheTaskLimit() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"s": {"next": [{"do": "a"}]}, "a": {"action": "p.a", "next": [{"do": "a"}]}}}
        """#), limits: .init(maxTasks: 4))
        for _ in 0..<3 { run.complete("a") }
        XCTAssertEqual(run.started.count, 3)
        XCTAssertEqual(run.conductor.status, .failed)
    }

    func testTooManyItemsFailTheTaskBeforeAnyStarts() throws {
        let run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "input": ["xs"], "tasks": {"each": {"with": "<% ctx().xs %>", "action": "p.x"}}}
        """#), input: ["xs": .array(Array(repeating: 1, count: 11))], limits: .init(maxItems: 10))
        XCTAssertTrue(run.started.isEmpty)
        XCTAssertEqual(run.conductor.errors, [["type": "error", "task_id": "each", "route": 0,
                                               "message": "The task has 11 items, more than the limit of 10."]])
    }
}
