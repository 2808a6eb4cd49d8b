import SquallModel
import SquallWorkflows
import XCTest

final class WorkflowInspectorTests: XCTestCase {
    func testReservedNamesUnknownTargetsAndBadYAQL() throws {
        let spec = try workflow(#"""
        {"version": 1.0, "tasks": {
          "noop": {"action": "core.noop"},
          "a": {"action": "core.noop", "input": {"v": "<% 1 + %>"}, "next": [{"do": ["nowhere", "fail"]}]}}}
        """#)
        let errors = WorkflowInspector.inspect(spec)
        XCTAssertEqual(errors.map(\.type).sorted(), ["expression", "semantic", "semantic"])
        XCTAssertTrue(errors.contains { $0.message == "The task name \"noop\" is reserved with special function." && $0.specPath == "tasks.noop" })
        XCTAssertTrue(errors.contains { $0.message == "The task \"nowhere\" is not defined." && $0.specPath == "tasks.a.next[0].do" })
        XCTAssertTrue(errors.contains { $0.type == "expression" && $0.expression == "<% 1 + %>" && $0.language == "yaql" })
    }

    func testVariablesReadBeforeAnythingDefinesThem() throws {
        let spec = try workflow(#"""
        {"version": 1.0, "input": ["given"], "vars": [{"v": 1}], "tasks": {
          "a": {"action": "core.noop", "input": {"x": "<% ctx().given %> <% ctx(v) %> {{ ctx('published') }}", "y": "{{ ctx().missing }}"},
                "next": [{"publish": [{"published": 1}], "do": "b"}]},
          "b": {"action": "core.noop"}},
         "output": [{"o": "<% ctx().o2 %>"}, {"o2": 1}, {"o3": "<% ctx().o2 %>"}]}
        """#)
        let errors = WorkflowInspector.inspect(spec)
        XCTAssertEqual(errors.map(\.entry), [
            ["type": "context", "message": "Variable \"missing\" is referenced before assignment.", "expression": "{{ ctx().missing }}",
             "language": "jinja", "spec_path": "tasks.a.input", "schema_path": #"properties.tasks.patternProperties.^\w+$.properties.input"#],
            ["type": "context", "message": "Variable \"o2\" is referenced before assignment.", "expression": "<% ctx().o2 %>",
             "language": "yaql", "spec_path": "output.o", "schema_path": "properties.output"],
        ])
    }

    func testVariablesFollowTheGraph() throws {
        let spec = try workflow(#"""
        {"version": 1.0, "tasks": {
          "first": {"action": "core.noop", "input": {"v": "<% ctx().late %>"}, "next": [{"publish": [{"early": 1}, {"both": "<% ctx().early %>"}], "do": "second"}]},
          "second": {"action": "core.noop", "input": {"v": "<% ctx().early %> <% ctx().both %>"}, "next": [{"publish": [{"late": 2}], "do": "third"}]},
          "third": {"action": "core.noop", "input": {"v": "<% ctx().late %>"}, "next": [{"when": "<% ctx().late > 1 %>", "do": "second"}]}}}
        """#)
        let errors = WorkflowInspector.inspect(spec)
        XCTAssertEqual(errors.map(\.specPath), ["tasks.first.input"], "only `first` reads `late` before a path defines it")
    }

    func testActionsAreCheckedAgainstTheCatalog() throws {
        let spec = try workflow(#"""
        {"version": 1.0, "tasks": {
          "a": {"action": "p.known z=1"}, "b": {"action": "p.unknown"}, "c": {"action": "<% ctx().dynamic %>"},
          "d": {"action": "echo"}}, "input": ["dynamic"]}
        """#)
        let errors = WorkflowInspector.inspect(spec) { ref in
            ref == "p.known" ? ActionSignature(parameters: ["x"], required: ["x"]) : nil
        }
        XCTAssertEqual(errors.map(\.message).sorted(), [
            "Action \"p.known\" has unexpected input \"z\".",
            "Action \"p.known\" is missing required input \"x\".",
            "The action \"p.unknown\" is not registered in the database.",
            "The action reference \"echo\" is not formatted correctly.",
        ])
        XCTAssertEqual(errors.first { $0.message.contains("unexpected") }?.specPath, "tasks.a.input.z")
    }
}
