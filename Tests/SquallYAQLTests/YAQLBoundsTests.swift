import SquallModel
import SquallYAQL
import XCTest

/// No expression may trap, overflow the stack, exhaust memory or run without end: each bound
/// in YAQLOptions gives a one-line error instead.
final class YAQLBoundsTests: YAQLTestCase {
    private func assertLimit(_ expression: String, mentions text: String, options: YAQLOptions = YAQLOptions(),
                             file: StaticString = #filePath, line: UInt = #line) {
        guard let error = error(expression, options: options, file: file, line: line) else { return }
        XCTAssertEqual(error.kind, .limit, error.description, file: file, line: line)
        XCTAssertTrue(error.description.contains(text), error.description, file: file, line: line)
        XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
    }

    func testTenThousandNestedBracketsAreRefusedNotAStackOverflow() {
        let depth = 10_000
        assertLimit(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth), mentions: "nested deeper than 128 levels")
        assertLimit(String(repeating: "[", count: depth) + String(repeating: "]", count: depth), mentions: "nested deeper")
        let long = YAQLOptions(maxExpressionLength: 1_000_000)
        assertLimit(String(repeating: "{a => ", count: depth) + "1" + String(repeating: "}", count: depth), mentions: "nested deeper", options: long)
        assertLimit(String(repeating: "len(", count: depth) + "1" + String(repeating: ")", count: depth), mentions: "nested deeper")
        assertLimit(String(repeating: "-", count: depth) + "1", mentions: "nested deeper")
        assertLimit(String(repeating: "not ", count: depth) + "true", mentions: "nested deeper")
        // Unclosed: refused for depth before the missing brackets are noticed, still without recursing 10,000 deep.
        assertLimit(String(repeating: "(", count: depth), mentions: "nested deeper")
    }

    func testLongOperatorChainsAreRefusedThoughTheyNestNoBracket() {
        // Left-associative chains build a tree as deep as they are long.
        let long = YAQLOptions(maxExpressionLength: 1_000_000)
        assertLimit(Array(repeating: "1", count: 20_000).joined(separator: " + "), mentions: "nested deeper", options: long)
        assertLimit("$" + String(repeating: ".a", count: 20_000), mentions: "nested deeper", options: long)
        assertLimit("[1]" + String(repeating: "[0]", count: 20_000), mentions: "nested deeper", options: long)
        assertLimit(Array(repeating: "true", count: 20_000).joined(separator: " and "), mentions: "nested deeper", options: long)
    }

    func testNestingWithinTheLimitEvaluates() {
        assertEvaluates(String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100), .int(1))
        assertEvaluates(Array(repeating: "1", count: 100).joined(separator: " + "), .int(100))
        let options = YAQLOptions(maxNestingDepth: 1_000)
        XCTAssertEqual(try evaluate(String(repeating: "(", count: 500) + "2" + String(repeating: ")", count: 500), options: options), .int(2))
    }

    func testExpressionLengthIsBounded() {
        assertLimit("'" + String(repeating: "a", count: 70_000) + "'", mentions: "more than the limit of 65536")
        assertLimit("1 + 2", mentions: "5 characters long", options: YAQLOptions(maxExpressionLength: 4))
        assertEvaluates("'" + String(repeating: "a", count: 60_000) + "'.len()", .int(60_000))
    }

    /// Found by fuzzing: an empty list times a huge count allocated one slot per repetition (7 EB).
    func testAnEmptySequenceTimesAHugeCountIsEmptyAtOnce() throws {
        XCTAssertEqual(try evaluate("[] * 929999999999999992"), .array([]))
        XCTAssertEqual(try evaluate("929999999999999992 * ''"), .string(""))
        XCTAssertEqual(try evaluate("[1] * 0"), .array([]))
        XCTAssertEqual(try evaluate("'ab' * 2"), .string("abab"))
    }

    func testBuiltCollectionsAreBounded() {
        assertLimit("range(100000000)", mentions: "range() would have 100000000 elements")
        assertLimit("range(-9223372036854775807 - 1, 9223372036854775807)", mentions: "range()")
        assertLimit("'ab' * 1000000000", mentions: "the string would have 2000000000")
        assertLimit("'ab' * 9223372036854775807", mentions: "the string")
        assertLimit("[1, 2] * 1000000000", mentions: "the list would have")
        assertLimit("1000000000 * [1]", mentions: "the list would have")
        let small = YAQLOptions(maxCollectionSize: 10)
        assertLimit("range(5) + range(6)", mentions: "the list would have 11 elements", options: small)
        assertLimit("'abcdef' + 'ghijk'", mentions: "the string would have 11", options: small)
        assertLimit("[range(6), range(6)].flatten()", mentions: "the flattened list", options: small)
        assertLimit("[1].concat(range(5), range(5))", mentions: "the list would have 11", options: small)
        assertLimit("['abcdef', 'ghijk'].join('')", mentions: "the string would have 11", options: small)
        assertLimit("'aaaaaa'.replace('a', 'bb')", mentions: "the string would have", options: small)
        XCTAssertEqual(try evaluate("range(5) + range(5)", options: small).arrayValue?.count, 10)
    }

    func testEvaluationStepsAreBounded() {
        let options = YAQLOptions(maxSteps: 10_000)
        assertLimit("range(1000).select(range(1000).sum())", mentions: "more than 10000 steps", options: options)
        assertLimit("range(200).select(range(200).where($ > 0)).len()", mentions: "steps", options: options)
        XCTAssertEqual(try evaluate("range(50).select($ * 2).sum()", options: options), .int(2450))
        // The default budget stops a quadratic expression over a large list.
        assertLimit("range(100000).select(range(100000).len())", mentions: "more than 10000000 steps")
    }

    func testIntegerOverflowIsAnErrorNotATrap() {
        let cases = [
            "9223372036854775807 + 1", "-9223372036854775807 - 2", "9223372036854775807 * 2",
            "-(-9223372036854775807 - 1)", "(-9223372036854775807 - 1) / -1", "[9223372036854775807, 1].sum()",
            "9223372036854775807 * -9223372036854775807",
        ]
        for expression in cases {
            XCTAssertTrue(message(expression).contains("integer overflow"), expression)
        }
        XCTAssertTrue(message("99999999999999999999").contains("integer 99999999999999999999 is too large"))
        XCTAssertTrue(message("int(float('1e300'))").contains("cannot convert float 1e+300 to integer"))
        XCTAssertTrue(message("int('99999999999999999999')").contains("invalid literal"))
        XCTAssertTrue(message("round(9223372036854775807, -1)").contains("integer overflow in round"))
        XCTAssertTrue(message("abs(-9223372036854775807 - 1)").contains("integer overflow in abs"))
        XCTAssertTrue(message("[1].enumerate(9223372036854775807)").contains("too large"))
        assertEvaluates("9223372036854775807 + 0", .int(Int.max))
        assertEvaluates("-9223372036854775807 - 1", .int(Int.min))
        assertEvaluates("(-9223372036854775807 - 1) mod -1", .int(0))
    }

    func testBacktrackingRegularExpressionIsStopped() {
        let subject = String(repeating: "a", count: 40) + "!"
        assertLimit("'\(subject)' =~ '(a+)+$'", mentions: "took too long to match")
        assertLimit("'\(subject)'.matches('(a|aa)+$')", mentions: "took too long to match")
    }
}
