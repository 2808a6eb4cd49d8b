import SquallModel
import SquallWorkflows
import XCTest

final class WorkflowReaderTests: XCTestCase {
    func testReadsEveryPartOfADefinition() throws {
        let spec = try workflow(#"""
        {"version": 1.0, "description": "d",
         "input": ["a", {"b": 2}], "vars": [{"f": 4}],
         "tasks": {
           "one": {"action": "pack.act x=<% ctx().a %> y=3 s='two words' bare z=[1, 2]",
                   "input": {"y": 5},
                   "next": [{"when": "<% succeeded() %>", "publish": [{"p": 1}, {"q": 2}], "do": "two, three"},
                            {"publish": "r=<% result() %>", "do": ["noop"]}]},
           "two": {"join": "all", "action": "core.noop", "retry": {"count": 2, "when": "<% failed() %>"}, "delay": 1},
           "three": {"join": 2, "with": {"items": "x, y in <% ctx().xs %>, <% ctx().ys %>", "concurrency": 3}, "action": "core.noop"}
         },
         "output": [{"o": "<% ctx().p %>"}]}
        """#)
        XCTAssertEqual(spec.input.map(\.name), ["a", "b"])
        XCTAssertEqual(spec.input[1].defaultValue, 2)
        XCTAssertEqual(spec.vars.map(\.name), ["f"])
        let one = try XCTUnwrap(spec.tasks["one"])
        XCTAssertEqual(one.action, "pack.act")
        // Inline parameters: expressions, numbers, quoted strings, JSON lists; the bare word is dropped;
        // an explicit `input` wins over the inline value.
        XCTAssertEqual(one.input, ["x": "<% ctx().a %>", "y": 5, "s": "two words", "z": [1, 2]])
        XCTAssertEqual(one.next[0].targets, ["two", "three"])
        XCTAssertEqual(one.next[0].publish.map(\.name), ["p", "q"])
        XCTAssertEqual(one.next[1].publish.map(\.name), ["r"])
        XCTAssertEqual(one.next[1].targets, ["noop"])
        XCTAssertEqual(spec.tasks["two"]?.join, .all)
        XCTAssertEqual(spec.tasks["two"]?.retry?.count, 2)
        XCTAssertEqual(spec.tasks["three"]?.join, .count(2))
        XCTAssertEqual(spec.tasks["three"]?.with?.names, ["x", "y"])
        XCTAssertEqual(spec.tasks["three"]?.with?.lists, ["<% ctx().xs %>", "<% ctx().ys %>"])
        XCTAssertEqual(spec.startTasks, ["one"])
        XCTAssertEqual(spec.output?.map(\.name), ["o"])
    }

    func testAQuotedInlineValueHoldingAnExpressionLosesItsQuotesAsInOrquesta() throws {
        let spec = try workflow(#"{"version": 1.0, "tasks": {"t": {"action": "core.local cmd=\"echo -n '<% ctx(x) %>' | wc -c\""}}}"#)
        XCTAssertEqual(spec.tasks["t"]?.input, ["cmd": "echo -n '<% ctx(x) %>' | wc -c"])
    }

    func testShapeProblemsAreSyntaxErrorsWithTheirPaths() {
        XCTAssertThrowsError(try workflow(#"{"version": 2, "tasks": {"t": {"action": 1, "bogus": 1}}, "extra": 1}"#)) { error in
            let errors = (error as? InspectionErrors)?.errors ?? []
            XCTAssertEqual(Set(errors.map(\.type)), ["syntax"])
            XCTAssertEqual(Set(errors.map(\.specPath)), ["extra", "version", "tasks.t", "tasks.t.action"])
        }
        XCTAssertThrowsError(try workflow(#"{"version": 1.0}"#)) { error in
            XCTAssertEqual((error as? InspectionErrors)?.errors.map(\.message), ["'tasks' is a required property"])
        }
        XCTAssertThrowsError(try workflow(#"["not", "a", "mapping"]"#))
    }
}
