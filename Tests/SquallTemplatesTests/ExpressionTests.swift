import SquallModel
import SquallTemplates
import XCTest

/// Literals, operators, lookups, tests and method calls, checked against Jinja2 3.1 output.
final class ExpressionTests: TemplateTestCase {
    func testLiterals() {
        assertRenders(#"{{ 'single' }} {{ "double" }} {{ 'it\'s' }} {{ "tab\there" }} {{ 'a' 'b' }}"#,
                      "single double it's tab\there ab")
        assertRenders(#"{{ '\u00e9\x41\n' }}"#, "éA\n")
        assertRenders("{{ 42 }} {{ -7 }} {{ 1_000 }} {{ 3.5 }} {{ 1e3 }} {{ 2.0 }}", "42 -7 1000 3.5 1000.0 2.0")
        assertRenders("{{ true }} {{ True }} {{ false }} {{ False }} {{ none }} {{ None }}", "True True False False None None")
        assertRenders("{{ [1, 'a', [true]] }} {{ {'k': 'v'} }} {{ (1, 2)|list }} {{ [] }} {{ {} }}",
                      "[1, 'a', [True]] {'k': 'v'} [1, 2] [] {}")
    }

    func testArithmeticFollowsPython() {
        assertRenders("{{ 1 + 2 }} {{ 7 - 10 }} {{ 3 * 4 }} {{ 7 / 2 }} {{ 6 / 3 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }}",
                      "3 -3 12 3.5 2.0 3 -4 1 2")
        assertRenders("{{ 1 + 0.5 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }}", "1.5 1024 0.5 3.0 0.5")
        assertRenders("{{ 'ab' + 'cd' }} {{ 'ab' * 3 }} {{ [1] + [2] }} {{ [0] * 3 }} {{ true + 1 }}", "abcd ababab [1, 2] [0, 0, 0] 2")
        assertRenders("{{ -x }} {{ - 2 + 3 }} {{ 2 + 3 * 4 }} {{ (2 + 3) * 4 }}", "-5 1 14 20", ["x": 5])
        assertRenders("{{ 0.1 + 0.2 }}", "0.30000000000000004")
    }

    func testStringConcatenationWithTilde() {
        assertRenders("{{ 'a' ~ 1 ~ none ~ true ~ [1] }}", "a1NoneTrue[1]")
        // `~` binds tighter than `+` in Jinja: 1 + (2 ~ 3) is a type error there too.
        assertRenders("{{ (1 + 2) ~ 3 }} {{ 2 * 3 ~ 1 }}", "33 61")
        XCTAssertEqual(renderError("{{ 1 + 2 ~ 3 }}")?.message, "unsupported operand type(s) for +: 'int' and 'str'")
    }

    func testComparisons() {
        assertRenders("{{ 1 == 1.0 }} {{ 1 != 2 }} {{ 'a' < 'b' }} {{ 2 <= 2 }} {{ 3 > 4 }} {{ 3 >= 3 }} {{ true == 1 }}",
                      "True True True True False True True")
        assertRenders("{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ [1, 2] < [1, 3] }} {{ 'a' == 'a' }} {{ none == none }} {{ '1' == 1 }}",
                      "True False True True True False")
        assertRenders("{{ {'a': 1} == {'a': 1} }} {{ [1, [2]] == [1, [2]] }}", "True True")
    }

    func testMembership() {
        assertRenders("{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1, 2] }} {{ 'z' not in 'abc' }}",
                      "True True True True True")
    }

    func testBooleanOperatorsReturnOperandsLikePython() {
        assertRenders("{{ 0 or 'x' }} {{ 'a' or 'b' }} {{ 'a' and 'b' }} {{ '' and 'b' }} {{ not 0 }} {{ not [1] }}",
                      "x a b  True False")
        assertRenders("{{ not 1 == 2 }} {{ true and not false or false }}", "True True")
    }

    func testInlineIf() {
        assertRenders("{{ 'yes' if flag else 'no' }} {{ 'yes' if not flag else 'no' }}", "yes no", ["flag": true])
        assertRenders("[{{ 'shown' if false }}]", "[]", strictMode: false)
        assertRenders("[{{ 'shown' if false }}]", "[]")
        assertRenders("{{ 1 if a else 2 if b else 3 }}", "2", ["a": false, "b": true])
    }

    func testAttributeAndIndexAccess() {
        let context: [String: JSONValue] = [
            "trigger": ["body": ["name": "n1", "tags": ["x", "y", "z"]], "list": [10, 20, 30]],
            "key": "name",
        ]
        assertRenders("{{ trigger.body.name }} {{ trigger['body']['name'] }} {{ trigger.body[key] }}", "n1 n1 n1", context)
        assertRenders("{{ trigger.list[0] }} {{ trigger.list[-1] }} {{ trigger.list.1 }} {{ trigger.body.tags[-2] }}",
                      "10 30 20 y", context)
        assertRenders("{{ 'hello'[1] }} {{ 'hello'[-1] }}", "e o")
    }

    func testSlicing() {
        assertRenders("{{ [1, 2, 3, 4][1:3] }} {{ [1, 2, 3][::-1] }} {{ 'abcdef'[:2] }} {{ 'abcdef'[-2:] }} {{ [1, 2, 3, 4, 5][::2] }}",
                      "[2, 3] [3, 2, 1] ab ef [1, 3, 5]")
    }

    func testJinjaTests() {
        let context: [String: JSONValue] = ["s": "x", "n": 3, "f": 1.5, "nothing": nil, "d": ["a": 1], "l": [1], "b": true]
        assertRenders("{{ s is defined }} {{ missing is defined }} {{ missing is not defined }} {{ missing is undefined }}",
                      "True False True True", context)
        assertRenders("{{ nothing is none }} {{ s is none }} {{ s is not none }} {{ s is string }} {{ n is string }}",
                      "True False True True False", context)
        assertRenders("{{ n is number }} {{ f is number }} {{ s is number }} {{ n is integer }} {{ f is float }} {{ b is boolean }}",
                      "True True False True True True", context)
        assertRenders("{{ d is mapping }} {{ l is sequence }} {{ l is iterable }} {{ n is odd }} {{ n is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(2) }}",
                      "True True True True False True False", context)
        assertRenders("{{ nothing is sameas none }} {{ b is sameas true }} {{ n is eq 3 }} {{ n is gt 2 }} {{ 2 is in [1, 2] }} {{ 'ab' is lower }}",
                      "True True True True True True", context)
        assertRenders("{{ not missing is defined }}", "True", context)
    }

    func testStringMethods() {
        let context: [String: JSONValue] = ["s": "  Hello World  ", "csv": "a,b,,c"]
        assertRenders("[{{ s.strip() }}] [{{ s.lstrip() }}] [{{ s.rstrip() }}] {{ s.upper() }} {{ s.lower() }}",
                      "[Hello World] [Hello World  ] [  Hello World] " + "  HELLO WORLD  " + " " + "  hello world  ", context)
        assertRenders("{{ csv.split(',') }} {{ s.split() }} {{ csv.split(',', 1) }} {{ 'a b'.split(none) }}",
                      "['a', 'b', '', 'c'] ['Hello', 'World'] ['a', 'b,,c'] ['a', 'b']", context)
        assertRenders("{{ 'abc'.startswith('ab') }} {{ 'abc'.endswith('bc') }} {{ 'abc'.startswith(('x', 'a')) }} {{ 'abc'.endswith('x') }}",
                      "True True True False")
        assertRenders("{{ 'aaa'.replace('a', 'b') }} {{ 'aaa'.replace('a', 'b', 2) }} {{ ', '.join(['x', 'y']) }} {{ '-'.join('abc') }}",
                      "bbb bba x, y a-b-c")
        assertRenders("{{ 'hello world'.capitalize() }} {{ \"they're here\".title() }} {{ 'abcb'.find('b') }} {{ 'abcb'.count('b') }} {{ '42'.isdigit() }}",
                      "Hello world They'Re Here 1 2 True")
        assertRenders("{{ 'xxhixx'.strip('x') }} {{ '{} and {}'.format(1, 'two') }} {{ '{name}!'.format(name='hi') }} {{ '7'.zfill(3) }}",
                      "hi 1 and two hi! 007")
    }

    func testDictAndListMethods() {
        let context: [String: JSONValue] = ["d": ["b": 2, "a": 1], "l": ["x", "y", "x"]]
        assertRenders("{{ d.keys() }} {{ d.values() }} {{ d.items() }}", "['a', 'b'] [1, 2] [['a', 1], ['b', 2]]", context)
        assertRenders("{{ d.get('a') }} {{ d.get('zz') }} {{ d.get('zz', 'fallback') }} {{ d.get('b', 0) }}", "1 None fallback 2", context)
        assertRenders("{{ l.index('y') }} {{ l.count('x') }}", "1 2", context)
    }

    func testPercentFormatting() {
        assertRenders("{{ '%s-%d' % ('a', 3) }} {{ 'v=%s' % 5 }} {{ '%05.1f' % 3.14159 }} {{ '%(k)s' % {'k': 'v'} }} {{ '100%%' % () }}",
                      "a-3 v=5 003.1 v 100%")
    }

    func testGlobalFunctions() {
        assertRenders("{{ range(3)|list }} {{ range(1, 7, 2)|list }} {{ dict(a=1) }}", "[0, 1, 2] [1, 3, 5] {'a': 1}")
    }

    func testFilterBindsTighterThanUnaryMinus() {
        assertRenders("{{ -3|abs }} {{ -(3|abs) }}", "3 -3")
    }
}
