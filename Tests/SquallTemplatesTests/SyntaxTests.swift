import SquallModel
import SquallTemplates
import XCTest

/// Text, comments, whitespace control, raw blocks and newline handling.
final class SyntaxTests: TemplateTestCase {
    func testPlainTextPassesThroughUnchanged() {
        assertRenders("hello { world } % # }} %}", "hello { world } % # }} %}")
        assertRenders("", "")
        assertRenders("ünïcödé ✓ 日本", "ünïcödé ✓ 日本")
    }

    func testVariableOutput() {
        assertRenders("Hello {{ name }}!", "Hello World!", ["name": "World"])
        assertRenders("{{name}}{{name}}", "aa", ["name": "a"])
    }

    func testCommentsVanish() {
        assertRenders("a{# a comment {{ x }} #}b", "ab")
        assertRenders("a{# multi\nline #}b", "ab")
    }

    func testWhitespaceControlStripsTowardTheDash() {
        assertRenders("a   {{- 'b' -}}   c", "abc")
        assertRenders("a  \n {%- if true %} b {% endif -%} \n c", "a b c")
        assertRenders("x \n {#- comment -#} \n y", "xy")
        assertRenders("a  {{ 'b' -}}  c", "a  bc")
    }

    func testLoopWithWhitespaceControlJoinsLines() {
        let source = """
        {% for h in hosts -%}
        {{ h }}
        {% endfor -%}
        """
        assertRenders(source, "a\nb\n", ["hosts": ["a", "b"]])
    }

    func testTrailingNewlineIsDroppedLikeJinja() throws {
        assertRenders("line\n", "line")
        assertRenders("line\n\n", "line\n")
        let keeping = TemplateEnvironment(options: .init(strictUndefined: true, keepTrailingNewline: true))
        XCTAssertEqual(try keeping.render("line\n", context: [:]), "line\n")
    }

    func testNewlinesAreNormalized() {
        assertRenders("a\r\nb\rc", "a\nb\nc")
    }

    func testRawBlockKeepsTagsAsText() {
        assertRenders("{% raw %}{{ not_rendered }} {% if %}{% endraw %}", "{{ not_rendered }} {% if %}")
        assertRenders("a {%- raw -%}  x  {%- endraw -%} b", "axb")
    }

    func testDictLiteralInsideOutputIsNotCutAtClosingBraces() {
        assertRenders("{{ {'a': {'b': 1}}['a']['b'] }}", "1")
    }

    func testColumnsAndLinesInErrors() {
        let error = renderError("line one\n  {{ missing }}")
        XCTAssertEqual(error?.position, SourcePosition(line: 2, column: 6))
    }

    func testContainsTemplate() {
        XCTAssertTrue(TemplateEnvironment.containsTemplate("echo {{ x }}"))
        XCTAssertTrue(TemplateEnvironment.containsTemplate("{% if x %}y{% endif %}"))
        XCTAssertFalse(TemplateEnvironment.containsTemplate("plain { text } with % and }}"))
        XCTAssertFalse(TemplateEnvironment.containsTemplate(""))
    }
}
