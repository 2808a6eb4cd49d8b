import SquallModel
import SquallTemplates
import XCTest

/// renderValue keeps the type of a lone `{{ expr }}`, as st2 does for parameters and criteria.
final class WholeValueTests: TemplateTestCase {
    let context: [String: JSONValue] = [
        "trigger": ["list": [1, "two", ["three": 3]], "count": 5, "ratio": 0.5, "flag": false, "nothing": nil, "name": "n"],
    ]

    func testLoneExpressionKeepsItsType() throws {
        XCTAssertEqual(try strict.renderValue("{{ trigger.list }}", context: context), [1, "two", ["three": 3]])
        XCTAssertEqual(try strict.renderValue("{{ trigger.count }}", context: context), 5)
        XCTAssertEqual(try strict.renderValue("  {{ trigger.ratio }}\n", context: context), 0.5)
        XCTAssertEqual(try strict.renderValue("{{trigger.flag}}", context: context), false)
        XCTAssertEqual(try strict.renderValue("{{ trigger.nothing }}", context: context), .null)
        XCTAssertEqual(try strict.renderValue("{{ trigger.count + 1 }}", context: context), 6)
        XCTAssertEqual(try strict.renderValue("{{ trigger.list|length }}", context: context), 3)
        XCTAssertEqual(try strict.renderValue("{{ trigger }}", context: context), context["trigger"])
    }

    func testAnythingElseRendersToString() throws {
        XCTAssertEqual(try strict.renderValue("count: {{ trigger.count }}", context: context), "count: 5")
        XCTAssertEqual(try strict.renderValue("{{ trigger.count }}{{ trigger.count }}", context: context), "55")
        XCTAssertEqual(try strict.renderValue("{% if true %}{{ trigger.count }}{% endif %}", context: context), "5")
        XCTAssertEqual(try strict.renderValue("plain", context: context), "plain")
        XCTAssertEqual(try strict.renderValue("{{ trigger.list }} ", context: context), [1, "two", ["three": 3]])
    }

    func testUndefinedWholeValue() throws {
        XCTAssertThrowsError(try strict.renderValue("{{ nope }}", context: context))
        XCTAssertEqual(try lenient.renderValue("{{ nope }}", context: context), "")
    }

    func testCompiledTemplateReportsSingleExpression() throws {
        XCTAssertTrue(try strict.compile(" {{ a }} ").isSingleExpression)
        XCTAssertFalse(try strict.compile("a {{ a }}").isSingleExpression)
        XCTAssertFalse(try strict.compile("{{ a }}{{ b }}").isSingleExpression)
    }
}
