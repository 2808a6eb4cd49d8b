import SquallModel
import SquallWorkflows
import XCTest

/// Inspection lists every problem of a workflow at once, syntax included, sorted by type and
/// schema path with orquesta's shapes, as st2's `examples.orquesta-fail-inspection` shows them
/// (st2's integration test test_wiring_error_handling.test_inspection_error).
final class WorkflowInspectionListTests: XCTestCase {
    func testSyntaxExpressionContextAndContentErrorsAreAllListedInSt2sOrder() throws {
        let document = try JSONValue.parse(#"""
        {"version": 1.0, "vars": [{"macro": "polo"}], "tasks": {
          "task1": {"action": "core.local cmd=<% ctx().foobar %>", "next": [{"when": "<% succeeded() %>", "do": ["task2"]}]},
          "task2": {"action": "core.local", "input": [{"cmd": "echo <% ctx().macro %>"}], "next": [{"when": "<% <% succeeded() %>", "do": "task3"}]},
          "task3": {"action": "std.noop"}}}
        """#)
        let (spec, errors) = WorkflowInspector.inspectDocument(document) { ref in
            ref == "core.local" ? ActionSignature(parameters: ["cmd", "cwd"], required: ["cmd"]) : nil
        }
        XCTAssertNil(spec)
        // yaql's lexer runs as its parser asks for tokens, so the '<' its parser meets comes before
        // the '%' after it.
        let entries = errors.map(\.entry)
        XCTAssertEqual(entries, [
            ["type": "content", "message": "The action \"std.noop\" is not registered in the database.",
             "schema_path": #"properties.tasks.patternProperties.^\w+$.properties.action"#, "spec_path": "tasks.task3.action"],
            ["type": "context", "language": "yaql", "expression": "<% ctx().foobar %>",
             "message": "Variable \"foobar\" is referenced before assignment.",
             "schema_path": #"properties.tasks.patternProperties.^\w+$.properties.input"#, "spec_path": "tasks.task1.input"],
            ["type": "expression", "language": "yaql", "expression": "<% <% succeeded() %>",
             "message": "Parse error: unexpected '<' at position 0 of expression '<% succeeded()'",
             "schema_path": #"properties.tasks.patternProperties.^\w+$.properties.next.items.properties.when"#, "spec_path": "tasks.task2.next[0].when"],
            ["type": "syntax", "message": "[{'cmd': 'echo <% ctx().macro %>'}] is not valid under any of the given schemas",
             "schema_path": #"properties.tasks.patternProperties.^\w+$.properties.input.oneOf"#, "spec_path": "tasks.task2.input"],
        ])
    }

    func testAWorkflowWithoutProblemsGivesItsSpec() throws {
        let (spec, errors) = WorkflowInspector.inspectDocument(try JSONValue.parse(#"{"version": 1.0, "tasks": {"a": {"action": "core.noop"}}}"#))
        XCTAssertEqual(errors, [])
        XCTAssertEqual(spec?.taskOrder, ["a"])
    }
}
