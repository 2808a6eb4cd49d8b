import SquallYAQL
import XCTest

/// A syntax error carries yaql's own message, which orquesta's inspection reports word for word.
/// yaql's lexer runs as its parser asks for tokens: a grammar error before a character the lexer
/// cannot read is the one raised. Expected messages are yaql 3.2.0's, from running it.
final class YAQLSyntaxMessageTests: XCTestCase {
    private func yaqlMessage(_ expression: String) -> String? {
        do {
            _ = try YAQLExpression(expression)
            return "parsed"
        } catch {
            return (error as? YAQLError)?.yaqlMessage
        }
    }

    func testAGrammarErrorBeforeAnIllegalCharacterIsTheOneReported() {
        // st2's examples.orquesta-fail-inspection: `<% <% succeeded() %>` leaves this inside.
        XCTAssertEqual(yaqlMessage("<% succeeded()"), "Parse error: unexpected '<' at position 0 of expression '<% succeeded()'")
        XCTAssertEqual(yaqlMessage("1 2 #"), "Parse error: unexpected '2' at position 2 of expression '1 2 #'")
        XCTAssertEqual(yaqlMessage("2 1.5e3"), "Parse error: unexpected '1' at position 2 of expression '2 1.5e3'")
    }

    func testAnIllegalCharacterTheParserReachesIsALexicalError() {
        XCTAssertEqual(yaqlMessage("1 #"), "Lexical error: illegal character '#' at position 2")
        XCTAssertEqual(yaqlMessage("succeeded() %>"), "Lexical error: illegal character '%' at position 12")
        XCTAssertEqual(yaqlMessage("1.5e3"), "Lexical error: illegal character '5' at position 2")
        XCTAssertEqual(yaqlMessage("12abc"), "Lexical error: illegal character '1' at position 0")
        XCTAssertEqual(yaqlMessage("1 'abc"), "Lexical error: illegal character ''' at position 2")
        XCTAssertEqual(yaqlMessage("1 \"q"), "Lexical error: illegal character '\"' at position 2")
        XCTAssertEqual(yaqlMessage("1 __x"), "Lexical error: illegal character '_' at position 2")
    }

    func testAnUnexpectedTokenIsNamedByItsValueInYaql() {
        for (expression, value) in [("1 true", "True"), ("1 null", "None"), ("1 2.50", "2.5"), ("1 2.0", "2.0"), ("1 $x", "$x"),
                                    ("1 f(2)", "f"), ("1 'a b'", "a b"), ("  )", ")")] {
            XCTAssertEqual(yaqlMessage(expression), "Parse error: unexpected '\(value)' at position 2 of expression '\(expression)'")
        }
        XCTAssertEqual(yaqlMessage("f(a => 1, 2)"), "Parse error: unexpected ')' at position 11 of expression 'f(a => 1, 2)'")
        XCTAssertEqual(yaqlMessage("$x.y("), "Parse error: unexpected end of statement")
    }

    /// Each of YAQLGeneratedCases' unparsable expressions, against the yaql error its comment records.
    func testTheGeneratedUnparsableExpressionsGetYaqlsMessage() throws {
        let source = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("YAQLGeneratedCases.swift").path, encoding: .utf8)
        var compared = 0
        for expression in unparsableExpressions {
            let line = try XCTUnwrap(source.split(separator: "\n").first { $0.hasPrefix("    " + Self.swiftLiteral(expression) + ", //") })
            let recorded = String(line.split(separator: "//", maxSplits: 1)[1].drop { $0 == " " })
            guard let colon = recorded.range(of: "Exception: ") else { continue }
            XCTAssertEqual(yaqlMessage(expression), String(recorded[colon.upperBound...]), expression)
            compared += 1
        }
        XCTAssertEqual(compared, unparsableExpressions.count)
    }

    private static func swiftLiteral(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
