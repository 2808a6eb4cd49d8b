import SquallModel
import SquallWorkflows
import XCTest

/// How branch contexts combine where branches meet, as orquesta combines them (st2's
/// `examples.orquesta-join`): the first arrival's context, then only what later branches published.
final class ConductorJoinContextTests: XCTestCase {
    private let joinWorkflow = #"""
    {"version": 1.0, "vars": [{"msg1": "foobar"}, {"msg2": "fubar"}, {"deep": {"a": 1, "b": 1}}], "tasks": {
      "start": {"action": "p.s", "next": [{"do": ["b1", "b2", "b3"]}]},
      "b1": {"action": "p.b1", "next": [{"publish": [{"msg1": "<% result() %>"}, {"deep": {"a": 2}}], "do": "j"}]},
      "b2": {"action": "p.b2", "next": [{"publish": "msg2=<% result() %>", "do": "j"}]},
      "b3": {"action": "p.b3", "next": [{"do": "j"}]},
      "j": {"join": "all", "action": "p.j", "input": {"m1": "<% ctx().msg1 %>", "m2": "<% ctx().msg2 %>", "deep": "<% ctx().deep %>"}}},
     "output": [{"m1": "<% ctx().msg1 %>"}, {"m2": "<% ctx().msg2 %>"}]}
    """#

    func testALaterBranchThatLeftAVarAloneDoesNotUndoAnEarlierBranchsPublish() throws {
        var run = ConductorDriver(try workflow(joinWorkflow))
        run.complete("start")
        run.complete("b1", result: "Fee fi fo fum")
        run.complete("b2", result: "I smell")
        run.complete("b3")
        XCTAssertEqual(run.started.last?.taskName, "j")
        // b1's published {a: 2} merges into the var {a: 1, b: 1} (recorded from orquesta 1.6.0).
        XCTAssertEqual(run.started.last?.input, ["m1": "Fee fi fo fum", "m2": "I smell", "deep": ["a": 2, "b": 1]])
        run.complete("j")
        XCTAssertEqual(run.conductor.result, ["output": ["m1": "Fee fi fo fum", "m2": "I smell"]])
    }

    func testALaterBranchsPublishedObjectMergesIntoTheEarlierOneKeyByKey() throws {
        var run = ConductorDriver(try workflow(joinWorkflow))
        run.complete("start")
        run.complete("b3")
        run.complete("b2", result: "I smell")
        run.complete("b1", result: "Fee fi fo fum")
        // b3's whole context first (deep = {a: 1, b: 1}), then b1's publish merged into it.
        XCTAssertEqual(run.started.last?.input, ["m1": "Fee fi fo fum", "m2": "I smell", "deep": ["a": 2, "b": 1]])
    }

    func testTerminalBranchesCombineTheSameWay() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "vars": [{"x": "init"}, {"y": "init"}], "tasks": {
          "start": {"action": "p.s", "next": [{"do": ["l", "r"]}]},
          "l": {"action": "p.l", "next": [{"publish": [{"x": "left"}]}]},
          "r": {"action": "p.r", "next": [{"publish": [{"y": "right"}]}]}},
         "output": [{"x": "<% ctx().x %>"}, {"y": "<% ctx().y %>"}]}
        """#))
        run.complete("start")
        run.complete("l")
        run.complete("r")
        XCTAssertEqual(run.conductor.result, ["output": ["x": "left", "y": "right"]])
    }

    /// Orquesta merges what a branch published even when it equals the initial value: `b2`,
    /// arriving after `b1`, sets `msg1` back to "foobar" at the join (and in the output).
    private let republishWorkflow = #"""
    {"version": 1.0, "vars": [{"msg1": "foobar"}], "tasks": {
      "start": {"action": "p.s", "next": [{"do": ["b1", "b2"]}]},
      "b1": {"action": "p.b1", "next": [{"publish": [{"msg1": "<% result() %>"}], "do": "j"}]},
      "b2": {"action": "p.b2", "next": [{"publish": [{"msg1": "foobar"}], "do": "j"}]},
      "j": {"join": "all", "action": "p.j", "input": {"m1": "<% ctx().msg1 %>"}, "next": [{"do": "after"}]},
      "after": {"action": "p.a", "input": {"m1": "<% ctx().msg1 %>"}}},
     "output": [{"m1": "<% ctx().msg1 %>"}]}
    """#

    func testABranchRepublishingTheInitialValueIsAPublishAtTheJoin() throws {
        var run = ConductorDriver(try workflow(republishWorkflow))
        run.complete("start")
        run.complete("b1", result: "Fee fi fo fum")
        run.complete("b2")
        XCTAssertEqual(run.started.last?.input, ["m1": "foobar"])
        run.complete("j")
        run.complete("after")
        XCTAssertEqual(run.conductor.result, ["output": ["m1": "foobar"]])
    }

    /// The same after the conductor is saved as parts and restored between the two arrivals (a
    /// resume), and for the join task's own successors.
    func testARestoredConductorStillKnowsWhatEachBranchPublished() throws {
        let spec = try workflow(republishWorkflow)
        var run = ConductorDriver(spec)
        run.complete("start")
        run.complete("b1", result: "Fee fi fo fum")
        let parts = run.conductor.takeParts(all: true)
        run.conductor = Conductor(spec: spec, restoring: try ConductorSnapshot(header: parts.header, parts: parts.upserted))
        run.complete("b2")
        XCTAssertEqual(run.started.last?.input, ["m1": "foobar"])
        run.complete("j")
        XCTAssertEqual(run.started.last?.taskName, "after")
        XCTAssertEqual(run.started.last?.input, ["m1": "foobar"])
    }

    func testATerminalBranchRepublishingTheInitialValueCountsAsWell() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "vars": [{"x": "init"}], "tasks": {
          "start": {"action": "p.s", "next": [{"do": ["l", "r"]}]},
          "l": {"action": "p.l", "next": [{"publish": [{"x": "left"}]}]},
          "r": {"action": "p.r", "next": [{"publish": [{"x": "init"}]}]}},
         "output": [{"x": "<% ctx().x %>"}]}
        """#))
        run.complete("start")
        run.complete("l")
        run.complete("r")
        XCTAssertEqual(run.conductor.result, ["output": ["x": "init"]])
    }
}
