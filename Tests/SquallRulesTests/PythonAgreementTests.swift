import SquallModel
import SquallTemplates
import XCTest

@testable import SquallRules

/// A rule criterion and a template ask the same Python question through the same module
/// (SquallPython), so they answer alike, and as Python does.
final class PythonAgreementTests: XCTestCase {
    let templates = TemplateEnvironment()
    let payload: JSONValue = ["text": "cafe\u{301}", "name": "\u{39F}\u{394}\u{3A5}\u{3A3}\u{3A3}\u{395}\u{3A5}\u{3A3}"]

    func testCriterionAndTemplateAgreeOnCodePointSubstring() throws {
        // Python: 'cafe' in 'cafe\u0301' is True (a code-point search; the accent is its own code point).
        let criteria = try Criteria(["trigger.text": ["type": "contains", "pattern": "cafe"]], templates: templates)
        let criterion = criteria.evaluate(payload: payload)
        let template = try templates.renderValue("{{ 'cafe' in trigger.text }}", context: ["trigger": payload])
        XCTAssertTrue(criterion.matched)
        XCTAssertEqual(template, .bool(true))
    }

    func testCriterionAndTemplateAgreeThatPrecomposedAndDecomposedDiffer() throws {
        // Python: 'caf\u00e9' == 'cafe\u0301' is False (no normalization).
        let criteria = try Criteria(["trigger.text": ["type": "equals", "pattern": "caf\u{E9}"]], templates: templates)
        let template = try templates.renderValue("{{ trigger.text == 'caf\u{E9}' }}", context: ["trigger": payload])
        XCTAssertFalse(criteria.evaluate(payload: payload).matched)
        XCTAssertEqual(template, .bool(false))
    }

    func testIequalsLowersWithPythonsFinalSigma() throws {
        // Python: 'ΟΔΥΣΣΕΥΣ'.lower() == 'οδυσσευς' (the last sigma becomes final 'ς').
        let criteria = try Criteria(
            ["trigger.name": ["type": "iequals", "pattern": "\u{3BF}\u{3B4}\u{3C5}\u{3C3}\u{3C3}\u{3B5}\u{3C5}\u{3C2}"]],
            templates: templates)
        XCTAssertTrue(criteria.evaluate(payload: payload).matched)
    }
}
