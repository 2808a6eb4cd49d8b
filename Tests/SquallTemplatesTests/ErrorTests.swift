import SquallModel
import SquallTemplates
import XCTest

/// Error messages name the problem and carry where it happened.
final class ErrorTests: TemplateTestCase {
    private func compileError(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> TemplateError? {
        do {
            _ = try strict.compile(source)
            XCTFail("\(source) compiled", file: file, line: line)
            return nil
        } catch {
            return error as? TemplateError
        }
    }

    func testUnclosedBlocks() {
        XCTAssertTrue(compileError("{% if x %}yes")?.message.hasPrefix("unexpected end of template, expected 'endif'") ?? false)
        XCTAssertTrue(compileError("{% for x in y %}")?.message.hasPrefix("unexpected end of template, expected 'endfor'") ?? false)
        XCTAssertEqual(compileError("{{ x ")?.message, "unexpected end of template, expected '}}'")
        XCTAssertEqual(compileError("{# never closed")?.message, "unexpected end of template, missing '#}' for the comment")
    }

    func testSyntaxErrors() {
        XCTAssertEqual(compileError("{% endif %}")?.message, "unexpected 'endif'")
        XCTAssertEqual(compileError("{% frobnicate %}")?.message, "unknown tag 'frobnicate'")
        XCTAssertEqual(compileError("{{ 'open }}")?.message, "unterminated string")
        XCTAssertEqual(compileError("{{ }}")?.message, "expected an expression, found '}}'")
        XCTAssertEqual(compileError("{{ a b }}")?.message, "expected '}}', found 'b'")
        XCTAssertEqual(compileError("{{ x is bogus }}")?.message, "unknown test 'bogus'")
        XCTAssertEqual(compileError("{{ x|nope }}")?.message, "unknown filter 'nope'")
        XCTAssertEqual(compileError("{{ a $ b }}")?.message, "unexpected character '$'")
    }

    func testErrorPositions() {
        let error = compileError("ok\n{{ x|nope }}")
        XCTAssertEqual(error?.position, SourcePosition(line: 2, column: 6))
        XCTAssertEqual(error?.description, "unknown filter 'nope' (line 2, column 6)")
    }

    func testRuntimeErrorsReadLikePython() {
        XCTAssertEqual(renderError("{{ 1 / 0 }}")?.message, "division by zero")
        XCTAssertEqual(renderError("{{ 'a' + 1 }}")?.message, "unsupported operand type(s) for +: 'str' and 'int'")
        XCTAssertEqual(renderError("{{ 'a' < 1 }}")?.message, "'<' not supported between instances of 'str' and 'int'")
        XCTAssertEqual(renderError("{{ 5 in 5 }}")?.message, "argument of type 'int' is not iterable")
        XCTAssertEqual(renderError("{% for x in 5 %}{% endfor %}")?.message, "'int' object is not iterable")
        XCTAssertEqual(renderError("{% for a, b in [[1, 2, 3]] %}{% endfor %}")?.message, "too many values to unpack (expected 2, got 3)")
        XCTAssertEqual(renderError("{{ 'x'.nope() }}")?.message, "'str' object has no attribute 'nope'")
        XCTAssertEqual(renderError("{{ nothing() }}")?.message, "undefined function 'nothing'")
        XCTAssertEqual(renderError("{{ 9223372036854775807 + 1 }}")?.message, "integer overflow")
    }

    func testRuntimeErrorCarriesPosition() {
        XCTAssertEqual(renderError("abc {{ 1 // 0 }}")?.position, SourcePosition(line: 1, column: 10))
    }
}
