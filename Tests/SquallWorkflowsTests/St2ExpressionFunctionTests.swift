import SquallModel
import SquallWorkflows
import XCTest

/// st2's functions as its orquesta runner registers them, in YAQL and Jinja alike (StackStorm's
/// examples pack calls `basename(...)`, `regex_match(...)`, `json_dump(...)` as functions), yaql's
/// `random`, and `task(name).result` of a with-items task in st2's `{"items": [...]}` shape.
final class St2ExpressionFunctionTests: XCTestCase {
    private func output(_ outputs: String) throws -> JSONValue? {
        var run = ConductorDriver(try workflow(#"{"version": 1.0, "tasks": {"a": {"action": "p.a"}}, "output": \#(outputs)}"#))
        run.complete("a")
        XCTAssertEqual(run.conductor.status, .succeeded, "\(run.conductor.errors)")
        return run.conductor.result["output"]
    }

    func testSt2FunctionsAreCallableInBothLanguages() throws {
        let result = try output(#"""
        [{"y_base": "<% basename('/a/b/file.txt') %>"}, {"j_dir": "{{ dirname('/a/b/file.txt') }}"},
         {"y_match": "<% regex_match('xyz', 'x') %>"}, {"j_sub": "{{ regex_substring('at 668 Infinite Dr', '([0-9]{3} \\w+ Dr)') }}"},
         {"y_json": "<% json_dump({a => 1}) %>"}, {"j_parse": "{{ json_parse('{\"k\": [1]}') }}"},
         {"y_yaml": "<% yaml_dump({k => 'v'}) %>"}, {"j_version": "{{ version_compare('0.10.0', '0.10.1') }}"},
         {"y_time": "<% to_human_time_from_seconds(12345) %>"}, {"j_none": "{{ use_none(None) }}"},
         {"y_bump": "<% version_bump_minor('0.10.0') %>"}]
        """#)
        XCTAssertEqual(result, ["y_base": "file.txt", "j_dir": "/a/b", "y_match": true, "j_sub": "668 Infinite Dr",
                                "y_json": #"{"a": 1}"#, "j_parse": ["k": [1]], "y_yaml": "k: v\n", "j_version": -1,
                                "y_time": "3h25m45s", "j_none": "%*****__%NONE%__*****%", "y_bump": "0.11.0"])
    }

    func testYaqlRandomGivesAnIntegerInItsClosedRangeOrAFraction() throws {
        let result = try output(#"[{"one": "<% random(1, 1) %>"}, {"fraction": "<% random() < 1 and random() >= 0 %>"}]"#)
        XCTAssertEqual(result, ["one": 1, "fraction": true])
    }

    func testTaskResultOfAWithItemsTaskHoldsEachItemsStatusAndResult() throws {
        var run = ConductorDriver(try workflow(#"""
        {"version": 1.0, "tasks": {"a": {"with": "<% [1, 2] %>", "action": "p.a"}},
         "output": [{"items": "<% task(a).result.items.select($.result.stdout) %>"}, {"raw": "<% task(a).result %>"}]}
        """#))
        run.complete("a", result: ["stdout": "one"])
        run.complete("a", result: ["stdout": "two"])
        XCTAssertEqual(run.conductor.status, .succeeded, "\(run.conductor.errors)")
        XCTAssertEqual(run.conductor.result["output"]?["items"], ["one", "two"])
        XCTAssertEqual(run.conductor.result["output"]?["raw"], ["items": [["status": "succeeded", "result": ["stdout": "one"]],
                                                                          ["status": "succeeded", "result": ["stdout": "two"]]]])
    }
}
