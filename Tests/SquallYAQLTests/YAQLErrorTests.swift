import SquallModel
import SquallYAQL
import XCTest

/// Every error is one line naming the problem and where in the expression it happened.
final class YAQLErrorTests: YAQLTestCase {
    func testSyntaxErrorsNameTheTokenAndItsOffset() {
        XCTAssertEqual(message("ctx().a + (1 *)"), #"YAQL: unexpected token ')' at 14 in "ctx().a + (1 *)""#)
        XCTAssertEqual(message("(1"), #"YAQL: unexpected end of expression at 2 in "(1""#)
        XCTAssertEqual(message("1 2"), #"YAQL: unexpected token '2' at 2 in "1 2""#)
        XCTAssertEqual(message("[1, 2"), #"YAQL: unexpected end of expression at 5 in "[1, 2""#)
        XCTAssertEqual(message("'abc"), #"YAQL: unterminated string at 0 in "'abc""#)
        XCTAssertEqual(message("1 # 2"), #"YAQL: illegal character '#' at 2 in "1 # 2""#)
        // Where yaql's lexer stops: `1`, `.`, then `5e3`, which starts no token.
        XCTAssertEqual(message("1.5e3"), #"YAQL: illegal character '5' at 2 in "1.5e3""#)
        XCTAssertEqual(message("{a}"), #"YAQL: a dict item must be 'key => value' at 0 in "{a}""#)
        XCTAssertEqual(message("f(a => 1, 2)"), #"YAQL: a positional argument after a named one at 10 in "f(a => 1, 2)""#)
        XCTAssertEqual(message("1 -> 2"), #"YAQL: the '->' operator is not supported at 2 in "1 -> 2""#)
        XCTAssertEqual(message("'\\u00zz'"), #"YAQL: invalid escape '\u00zz' at 1 in "'\u00zz'""#)
        XCTAssertEqual(message(""), #"YAQL: unexpected end of expression at 0 in """#)
        // A string token is shown as its repr, so a newline in it does not break the line.
        XCTAssertEqual(message("1 'a\\nb'"), #"YAQL: unexpected token 'a\nb' at 2 in "1 'a\nb'""#)
    }

    func testLongExpressionsAreCutInTheMessage() {
        let text = message("1 + " + String(repeating: "1 + ", count: 100) + ")")
        XCTAssertTrue(text.hasPrefix("YAQL: unexpected token ')' at 404 in \"1 + 1 + "), text)
        XCTAssertTrue(text.hasSuffix("...\""), text)
        XCTAssertLessThan(text.count, 200)
    }

    func testUnknownFunctionsAndMethods() {
        XCTAssertEqual(error("foo(1)")?.kind, .noFunction("foo"))
        XCTAssertEqual(message("foo(1)"), #"YAQL: no function 'foo' at 0 in "foo(1)""#)
        XCTAssertEqual(error("[1].foo()")?.kind, .noMethod("foo"))
        XCTAssertEqual(message("[1].foo()"), #"YAQL: no method 'foo' for list at 3 in "[1].foo()""#)
        // yaql's own split between functions and methods.
        XCTAssertEqual(message("keys({a => 1})"), #"YAQL: no function 'keys' at 0 in "keys({a => 1})""#)
        XCTAssertEqual(message("3.range()"), #"YAQL: no method 'range' for integer at 1 in "3.range()""#)
        XCTAssertEqual(message("len(1, 2)"), #"YAQL: no function 'len' taking 2 argument(s) at 0 in "len(1, 2)""#)
        XCTAssertEqual(message("'a'.toUpper(1)"), #"YAQL: no method 'toUpper' taking 1 argument(s) at 3 in "'a'.toUpper(1)""#)
    }

    func testEvaluationErrorsNameTheProblemAndWhere() {
        XCTAssertEqual(error("$.a", data: ["b": 1])?.kind, .missingKey("a"))
        XCTAssertEqual(message("$.a", data: ["b": 1]), #"YAQL: no key 'a' in the dict at 1 in "$.a""#)
        XCTAssertEqual(message("$['x']", data: ["b": 1]), #"YAQL: no key 'x' in the dict at 1 in "$['x']""#)
        XCTAssertEqual(message("$.a.b", data: ["a": nil]), #"YAQL: cannot read 'b' of null at 3 in "$.a.b""#)
        XCTAssertEqual(message("$[5]", data: [1]), #"YAQL: index 5 is out of range for 1 elements at 1 in "$[5]""#)
        XCTAssertEqual(message("[1]['a']"), #"YAQL: an index must be an integer, not string at 3 in "[1]['a']""#)
        XCTAssertEqual(message("1 < 'a'"), #"YAQL: no operator '<' for integer and string at 2 in "1 < 'a'""#)
        XCTAssertEqual(message("'a' + 1"), #"YAQL: no operator '+' for string and integer at 4 in "'a' + 1""#)
        XCTAssertEqual(message("-'a'"), #"YAQL: no operator '-' for string at 0 in "-'a'""#)
        XCTAssertEqual(message("1 / 0"), #"YAQL: integer division by zero at 2 in "1 / 0""#)
        XCTAssertEqual(message("1.5 mod 0"), #"YAQL: float modulo by zero at 4 in "1.5 mod 0""#)
        XCTAssertEqual(message("len(1)"), #"YAQL: len() needs a string, list or dict as argument 1, not integer 1 at 0 in "len(1)""#)
        XCTAssertEqual(message("[].first()"), #"YAQL: first() of an empty list at 2 in "[].first()""#)
        XCTAssertEqual(message("int('x')"), #"YAQL: invalid literal for int(): 'x' at 0 in "int('x')""#)
        XCTAssertEqual(message("{1 => 2}"), #"YAQL: a dict key must be a string here, not integer 1 at 0 in "{1 => 2}""#)
        XCTAssertEqual(message("[1, 'a'].orderBy($)"), #"YAQL: no operator '<' for string and integer at 8 in "[1, 'a'].orderBy($)""#)
        XCTAssertEqual(message("'a' =~ '('"), #"YAQL: invalid regular expression '(' at 4 in "'a' =~ '('""#)
        XCTAssertEqual(message("$.a.(1)", data: ["a": 1]), #"YAQL: after '.' comes a name or a method call at 3 in "$.a.(1)""#)
    }

    func testValuesInMessagesStayOnOneLineAndShort() {
        XCTAssertEqual(message("'a\nb'.c"), #"YAQL: cannot read 'c' of string 'a\nb' at 5 in "'a b'.c""#)
        let long = message("$.c", data: .string(String(repeating: "x", count: 10_000)))
        XCTAssertEqual(long, "YAQL: cannot read 'c' of string '" + String(repeating: "x", count: 56) + #"... at 1 in "$.c""#)
    }

    func testTheInnermostFailingNodeGivesThePosition() {
        XCTAssertEqual(message("[1, 2].select(foo($))"), #"YAQL: no function 'foo' at 14 in "[1, 2].select(foo($))""#)
        XCTAssertEqual(message("[1, 0].select(10 / $)"), #"YAQL: integer division by zero at 17 in "[1, 0].select(10 / $)""#)
    }
}
