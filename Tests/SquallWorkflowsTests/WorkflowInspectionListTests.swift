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
        // yaql's lexer runs lazily, so it reports the '<' its parser meets first; squall's lexes the
        // whole expression first and reports the '%' after it. The rest is word for word st2's.
        var entries = errors.map(\.entry)
        XCTAssertEqual(entries[safe: 2]?["message"], "Parse error: illegal character '%' at position 1 of expression '<% succeeded()'")
        if entries.count > 2 { entries[2] = entries[2].removing("message") }
        XCTAssertEqual(entries, [
            ["type": "content", "message": "The action \"std.noop\" is not registered in the database.",
             "schema_path": #"properties.tasks.patternProperties.^\w+$.properties.action"#, "spec_path": "tasks.task3.action"],
            ["type": "context", "language": "yaql", "expression": "<% ctx().foobar %>",
             "message": "Variable \"foobar\" is referenced before assignment.",
             "schema_path": #"properties.tasks.patternProperties.^\w+$.properties.input"#, "spec_path": "tasks.task1.input"],
            ["type": "expression", "language": "yaql", "expression": "<% <% succeeded() %>",
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

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

private extension JSONValue {
    func removing(_ key: String) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object[key] = nil
        return .object(object)
    }
}
