import SquallModel
import SquallYAQL
import XCTest

/// The expressions of YAQLGeneratedCases.swift, whose results come from the real yaql.
final class YAQLConformanceTests: YAQLTestCase {
    func testEvaluatedCasesGiveYaqlsResults() throws {
        XCTAssertGreaterThan(evaluatedCases.count, 300)
        for c in evaluatedCases {
            let expected = try XCTUnwrap(c.expected)
            do {
                let value = try evaluate(c.expression, data: c.data)
                // Exact equality: 3 and 3.0 differ, as do 1 and true.
                XCTAssertEqual(value, expected, "expression: \(c.expression) data: \(c.data.jsonString())")
            } catch {
                XCTFail("\(c.expression) (data \(c.data.jsonString())) failed: \(error)")
            }
        }
    }

    func testFailingCasesFailWithOneLineError() {
        for c in failingCases {
            guard let error = error(c.expression, data: c.data) else { continue }
            XCTAssertTrue(error.description.hasPrefix("YAQL: "), error.description)
            XCTAssertFalse(error.description.contains("\n"), error.description)
            switch (c.failure, error.kind) {
            case (.missingKey, .missingKey), (.unknownFunction, .noFunction), (.unknownMethod, .noMethod), (.other, _): break
            default: XCTFail("\(c.expression): yaql failed with \(String(describing: c.failure)), we with \(error)")
            }
        }
    }

    func testUnparsableExpressionsAreSyntaxErrorsWithAPosition() {
        for expression in unparsableExpressions {
            do {
                _ = try YAQLExpression(expression)
                XCTFail("\(expression) parsed")
            } catch let error as YAQLError {
                XCTAssertEqual(error.kind, .syntax, "\(expression): \(error)")
                XCTAssertTrue(error.description.contains(" at "), error.description)
            } catch {
                XCTFail("\(expression): \(error)")
            }
        }
    }
}
