import SquallModel
import SquallTemplates
import XCTest

/// Strict mode (StrictUndefined, st2's choice) against lenient mode (Jinja's default Undefined).
final class UndefinedTests: TemplateTestCase {
    func testStrictModeRejectsAnyUseOfUndefined() {
        XCTAssertEqual(renderError("{{ foo }}")?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{% if foo %}x{% endif %}")?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{% for x in foo %}x{% endfor %}")?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{{ 'a' ~ foo }}")?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{{ foo|length }}")?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{{ foo == 1 }}")?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{{ foo|upper }}")?.message, "undefined variable 'foo'")
    }

    func testStrictModeNamesTheMissingMember() {
        let context: [String: JSONValue] = ["trigger": ["body": ["a": 1], "list": [1]]]
        XCTAssertEqual(renderError("{{ trigger.body.name }}", context)?.message, "undefined attribute 'name' of 'trigger.body'")
        XCTAssertEqual(renderError("{{ trigger['body']['x'] }}", context)?.message, "undefined item 'x' of 'trigger['body']'")
        XCTAssertEqual(renderError("{{ trigger.list[5] }}", context)?.message, "undefined item 5 of 'trigger.list'")
    }

    func testStrictModeStillAllowsDefinedTestsAndDefault() {
        assertRenders("{{ foo is defined }} {{ foo|default('d') }} {{ foo is none }}", "False d False")
        assertRenders("{% if foo is defined and foo %}x{% else %}y{% endif %}", "y")
    }

    func testLenientModeRendersEmptyAndFalsy() {
        assertRenders("[{{ foo }}]", "[]", strictMode: false)
        assertRenders("{% if foo %}x{% else %}y{% endif %}", "y", strictMode: false)
        assertRenders("{% for x in foo %}x{% else %}none{% endfor %}", "none", strictMode: false)
        assertRenders("{{ 'a' ~ foo ~ 'b' }} {{ foo|length }} [{{ foo|upper }}] {{ foo == 1 }} {{ not foo }}", "ab 0 [] False True", strictMode: false)
        assertRenders("[{{ d.missing }}]", "[]", ["d": [:]], strictMode: false)
    }

    func testAttributeOfUndefinedFailsInBothModesLikeJinja() {
        // Jinja's default Undefined raises on attribute access too; only its own printing is lenient.
        XCTAssertEqual(renderError("{{ foo.bar }}", strictMode: false)?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{{ foo.bar }}")?.message, "undefined variable 'foo'")
        XCTAssertEqual(renderError("{{ foo + 1 }}", strictMode: false)?.message, "undefined variable 'foo'")
    }

    func testNullIsNotUndefined() {
        assertRenders("{{ x }} {{ x is defined }} {{ x is none }} {{ x|default('d') }}", "None True True None", ["x": nil])
    }

    func testRegisteredFiltersSeeNullForLenientUndefined() throws {
        let env = TemplateEnvironment(options: .init(strictUndefined: false))
        env.register(filter: "kind") { value, _, _ in .string(value.schemaTypeName) }
        XCTAssertEqual(try env.render("{{ missing|kind }}", context: [:]), "null")
        let strictEnv = TemplateEnvironment()
        strictEnv.register(filter: "kind") { value, _, _ in .string(value.schemaTypeName) }
        XCTAssertThrowsError(try strictEnv.render("{{ missing|kind }}", context: [:]))
    }
}
