import SquallModel
import SquallTemplates
import XCTest

/// if/elif/else, for loops with the loop object, set and block set.
final class StatementTests: TemplateTestCase {
    func testIfElifElse() {
        let source = "{% if n > 10 %}big{% elif n > 5 %}medium{% elif n > 0 %}small{% else %}none{% endif %}"
        assertRenders(source, "big", ["n": 11])
        assertRenders(source, "medium", ["n": 6])
        assertRenders(source, "small", ["n": 1])
        assertRenders(source, "none", ["n": 0])
        assertRenders("{% if x %}yes{% endif %}", "", ["x": []])
    }

    func testNestedIf() {
        assertRenders("{% if a %}{% if b %}ab{% else %}a{% endif %}{% endif %}", "a", ["a": true, "b": false])
    }

    func testForOverListWithLoopVariables() {
        let source = "{% for x in items %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.length }}/{{ loop.revindex }}:{{ x }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %} {% endfor %}"
        assertRenders(source, "1/0/3/3:aF 2/1/3/2:b 3/2/3/1:cL ", ["items": ["a", "b", "c"]])
    }

    func testForOverDictItemsUnpacksPairs() {
        assertRenders("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "a=1;b=2;", ["d": ["b": 2, "a": 1]])
        assertRenders("{% for k in d %}{{ k }}{% endfor %}", "ab", ["d": ["b": 2, "a": 1]])
        assertRenders("{% for k, v in d|dictsort %}{{ k }}{{ v }}{% endfor %}", "a1b2", ["d": ["b": 2, "a": 1]])
    }

    func testForElseRunsOnlyWhenEmpty() {
        assertRenders("{% for x in items %}{{ x }}{% else %}empty{% endfor %}", "empty", ["items": []])
        assertRenders("{% for x in items %}{{ x }}{% else %}empty{% endfor %}", "1", ["items": [1]])
    }

    func testForWithFilterConditionAndStringIteration() {
        assertRenders("{% for x in range(6) if x is even %}{{ x }}{{ loop.length }} {% endfor %}", "03 23 43 ")
        assertRenders("{% for c in 'abc' %}{{ c }}.{% endfor %}", "a.b.c.")
    }

    func testNestedLoopsHaveTheirOwnLoopObject() {
        let source = "{% for a in [1, 2] %}{% for b in ['x', 'y'] %}{{ loop.index }}{{ b }}{% endfor %}{{ loop.index }}|{% endfor %}"
        assertRenders(source, "1x2y1|1x2y2|")
    }

    func testLoopCycleAndPrevItem() {
        assertRenders("{% for x in [1, 2, 3] %}{{ loop.cycle('odd', 'even') }}{% if loop.previtem is defined %}<{{ loop.previtem }}{% endif %} {% endfor %}",
                      "odd even<1 odd<2 ")
    }

    func testLoopObjectAsAWholeAndNextItem() {
        assertRenders("{% for x in [7, 8] %}{{ loop['index'] }}{{ loop.nextitem|default('-') }}{{ loop.depth }} {% endfor %}", "181 2-1 ")
        assertRenders("{% for x in [7] %}{{ loop.length }}{% for y in [1, 2] %}{{ loop.depth }}{{ loop.length }}{% endfor %}{% endfor %}", "12222")
    }

    func testSetAssignsAndLoopScopeDoesNotLeak() {
        assertRenders("{% set x = 5 %}{{ x * 2 }}", "10")
        assertRenders("{% set a, b = 1, 2 %}{{ a }}{{ b }}", "12")
        assertRenders("{% set x = 1 %}{% for i in [1, 2] %}{% set x = i * 10 %}{{ x }} {% endfor %}{{ x }}", "10 20 1")
        assertRenders("{% set name = 'outer' %}{% if true %}{% set name = 'inner' %}{% endif %}{{ name }}", "inner")
        assertRenders("{% set x = ctx_var %}{{ x }}", "from context", ["ctx_var": "from context"])
    }

    func testBlockSetCapturesRenderedText() {
        assertRenders("{% set greeting %}Hi {{ who }}{% endset %}[{{ greeting }}]", "[Hi you]", ["who": "you"])
    }

    func testLoopVariableShadowsContextAndRestores() {
        assertRenders("{{ x }}{% for x in [1, 2] %}{{ x }}{% endfor %}{{ x }}", "o12o", ["x": "o"])
    }
}
