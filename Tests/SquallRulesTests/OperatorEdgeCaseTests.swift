import Foundation
import SquallModel
import XCTest

@testable import SquallRules

/// Operator behaviour beyond st2's own cases: Python semantics, errors, aliases.
final class OperatorEdgeCaseTests: XCTestCase {
    func eval(_ op: String, _ value: JSONValue?, _ pattern: JSONValue?, now: Date = Date()) throws -> Bool {
        try CriteriaOperator.named(op).evaluate(value, pattern, now: now)
    }

    func testNamesAreCaseInsensitiveAndAliasesResolve() throws {
        XCTAssertEqual(try CriteriaOperator.named("EQUALS"), .equals)
        XCTAssertEqual(try CriteriaOperator.named("Eq"), .equals)
        let aliases: [String: CriteriaOperator] = [
            "neq": .nequals, "ieq": .iequals, "lt": .lessthan, "gt": .greaterthan, "td_lt": .timediffLessThan,
            "td_gt": .timediffGreaterThan, "in": .inside, "nin": .ninside,
        ]
        for (alias, op) in aliases { XCTAssertEqual(try CriteriaOperator.named(alias), op, alias) }
        XCTAssertThrowsError(try CriteriaOperator.named("contain")) { error in
            XCTAssertEqual("\(error)", "Invalid operator: contain")
        }
    }

    func testNonePatternIsFalseForAllButNequalsExistsNexists() throws {
        for op in CriteriaOperator.allCases where ![.nequals, .exists, .nexists, .search].contains(op) {
            XCTAssertFalse(try op.evaluate("x", nil), op.rawValue)
        }
        XCTAssertTrue(try eval("nequals", "x", nil))
        XCTAssertTrue(try eval("exists", "x", nil))
        XCTAssertFalse(try eval("nexists", "x", nil))
    }

    func testEqualityFollowsPython() throws {
        XCTAssertTrue(try eval("equals", 1, 1.0))
        XCTAssertTrue(try eval("equals", true, 1), "bool is an int in Python")
        XCTAssertFalse(try eval("equals", "1", 1))
        XCTAssertTrue(try eval("equals", ["a": [1, 2]], ["a": [1.0, 2]]))
        XCTAssertFalse(try eval("equals", "\u{e9}", "e\u{301}"), "Python compares code points, not canonical forms")
        XCTAssertTrue(try eval("nequals", "1", 1))
    }

    func testOrderingFollowsPythonAndMixedTypesRaise() throws {
        XCTAssertTrue(try eval("lt", 1, 1.5))
        XCTAssertTrue(try eval("gt", "b", "abc"))
        XCTAssertTrue(try eval("lt", [1, 2], [1, 3]))
        XCTAssertTrue(try eval("lt", [1], [1, 0]))
        XCTAssertThrowsError(try eval("lt", "10", 5)) { error in
            XCTAssertTrue("\(error)".contains("'<' not supported between instances of 'str' and 'int'"), "\(error)")
        }
        XCTAssertThrowsError(try eval("gt", nil, 5))
        XCTAssertThrowsError(try eval("gt", ["a": 1], ["a": 0]))
    }

    func testContainsAndInsideFollowPythonIn() throws {
        XCTAssertTrue(try eval("contains", ["a", "b"], "b"))
        XCTAssertFalse(try eval("contains", ["ab"], "a"), "list membership is by element")
        XCTAssertTrue(try eval("contains", ["k": 1], "k"), "dict membership is by key")
        XCTAssertTrue(try eval("contains", [1, 2], 2.0))
        XCTAssertThrowsError(try eval("contains", "abc", 1), "'in <string>' needs a string")
        XCTAssertThrowsError(try eval("contains", 123, "1"), "int is not iterable")
        XCTAssertTrue(try eval("ncontains", ["a"], "b"))
        XCTAssertTrue(try eval("inside", "b", ["a", "b"]))
        XCTAssertTrue(try eval("nin", "c", ["a", "b"]))
        XCTAssertThrowsError(try eval("icontains", ["A"], "a"), "lists have no lower()")
        XCTAssertTrue(try eval("contains", "cafe\u{301}", "e"), "substring by code point")
    }

    func testStringMethodsRaiseOnNonStrings() throws {
        XCTAssertThrowsError(try eval("startswith", 12, "1"))
        XCTAssertThrowsError(try eval("endswith", "12", 2))
        XCTAssertThrowsError(try eval("iequals", 1, "1"))
        XCTAssertThrowsError(try eval("matchwildcard", 1, "*"))
        XCTAssertThrowsError(try eval("regex", 1, "1"))
    }

    func testWildcardIsFnmatch() throws {
        XCTAssertTrue(try eval("matchwildcard", "a/b/c", "a*c"), "* crosses slashes")
        XCTAssertTrue(try eval("matchwildcard", "line1\nline2", "line1*"), "* crosses newlines")
        XCTAssertTrue(try eval("matchwildcard", "bat", "[bc]at"))
        XCTAssertFalse(try eval("matchwildcard", "rat", "[bc]at"))
        XCTAssertTrue(try eval("matchwildcard", "rat", "[!bc]at"))
        XCTAssertTrue(try eval("matchwildcard", "x5", "x[0-9]"))
        XCTAssertTrue(try eval("matchwildcard", "]", "[]]"))
        XCTAssertTrue(try eval("matchwildcard", "[ab", "[ab"), "an unclosed [ is literal")
        XCTAssertFalse(try eval("matchwildcard", "Bar", "bar"), "case-sensitive on POSIX")
        XCTAssertTrue(try eval("matchwildcard", "aXbXc", "*b*c"))
        XCTAssertFalse(try eval("matchwildcard", "abc", "*b"))
    }

    func testRegexFlavours() throws {
        XCTAssertFalse(try eval("matchregex", "xv1", "v1"), "matchregex is anchored at the start")
        XCTAssertTrue(try eval("regex", "xv1", "v1"), "regex searches")
        XCTAssertTrue(try eval("matchregex", "a\nb", "a.b"), "matchregex is DOTALL")
        XCTAssertFalse(try eval("regex", "a\nb", "a.b"), "regex is not DOTALL")
        XCTAssertTrue(try eval("regex", "a\rb", "a.b"), "only \\n is a line end, as in Python")
        XCTAssertTrue(try eval("iregex", "HELLO", "^hello$"))
        XCTAssertFalse(try eval("regex", "abc\n", "abc\\Z"), "\\Z is the very end in Python")
        XCTAssertTrue(try eval("regex", "abc\n", "abc$"), "$ also matches before a final newline")
        XCTAssertTrue(try eval("regex", "abab", "(?P<x>ab)(?P=x)"), "Python named groups")
        XCTAssertThrowsError(try eval("regex", "a", "(unclosed"))
    }

    /// Plain-text patterns skip the regex engine; they must answer exactly as it does.
    func testLiteralPatternsAnswerAsTheRegexEngine() throws {
        let patterns = ["host-5", "host-5$", "a b", "x", "é", "v1.0", "host-\\d"]
        let texts = ["host-5", "host-5\n", "host-50", "xhost-5", "xhost-5\n", "host-5\n\n", "a b c", "", "\n", "é", "v1x0", "host-7"]
        for pattern in patterns {
            for flavor in [PythonRegex.Flavor.match, .search] {
                let fast = try PythonRegex(pattern, flavor: flavor)
                // A group keeps the same meaning but makes it a regex again.
                let engine = try PythonRegex("(?:" + pattern.dropLast(pattern.hasSuffix("$") ? 1 : 0) + ")" + (pattern.hasSuffix("$") ? "$" : ""), flavor: flavor)
                XCTAssertNil(engine.literal)
                for text in texts {
                    XCTAssertEqual(fast.matches(text), engine.matches(text), "\(pattern) \(flavor) \(text.debugDescription)")
                }
            }
        }
        XCTAssertNotNil(try PythonRegex("host-5$", flavor: .match).literal)
        XCTAssertNil(try PythonRegex("v1.0", flavor: .match).literal, "'.' is special")
        XCTAssertNil(try PythonRegex("é", flavor: .search).literal, "only ASCII is compared as bytes")
    }

    func testTimeDifferences() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z
        XCTAssertTrue(try eval("timediff_lt", "2023-11-14T22:13:15", 10, now: now), "naive times are UTC")
        XCTAssertTrue(try eval("td_gt", "2023-11-14T22:13:15Z", "4.5", now: now), "pattern goes through float()")
        XCTAssertTrue(try eval("td_lt", "2023-11-14T23:13:15+01:00", 10, now: now), "offsets are honoured")
        XCTAssertTrue(try eval("td_lt", "2023-11-14 17:13:15.250-05:00", 5, now: now))
        XCTAssertTrue(try eval("td_gt", "2023-11-14", 79_999, now: now))
        XCTAssertThrowsError(try eval("td_lt", "yesterday", 10, now: now))
        XCTAssertThrowsError(try eval("td_lt", "2023-11-14T22:13:15", "ten", now: now))
        XCTAssertThrowsError(try eval("td_lt", 1_700_000_000, 10, now: now))
    }

    func testSearchNeedsCriteria() {
        XCTAssertThrowsError(try CriteriaOperator.search.evaluate(["a"], ["item.x": ["type": "exists"]]))
    }
}
