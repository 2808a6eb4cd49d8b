import Foundation
import SquallModel
import SquallTemplates
import XCTest

@testable import SquallRules

final class CriteriaTests: XCTestCase {
    let templates = TemplateEnvironment()
    let payload: JSONValue = [
        "body": ["name": "deploy", "count": 3, "tags": ["prod", "eu"], "limit": "3"],
        "fields": [["name": "Status", "value": "Approved"], ["name": "Owner", "value": "ann"]],
    ]

    func criteria(_ raw: [String: JSONValue]) throws -> Criteria { try Criteria(raw, templates: templates) }

    func testAllCriteriaAreAnded() throws {
        let c = try criteria([
            "trigger.body.name": ["type": "equals", "pattern": "deploy"],
            "trigger.body.count": ["type": "gt", "pattern": 2],
        ])
        XCTAssertTrue(c.evaluate(payload: payload).matched)
        let failing = try criteria([
            "trigger.body.name": ["type": "equals", "pattern": "deploy"],
            "trigger.body.count": ["type": "gt", "pattern": 5],
        ])
        let result = failing.evaluate(payload: payload)
        XCTAssertFalse(result.matched)
        XCTAssertEqual(result.failedKey, "trigger.body.count")
        XCTAssertNil(result.error)
    }

    func testSeveralChecksOnOneFieldWithHashKeys() throws {
        let c = try criteria([
            "trigger.body.count#low": ["type": "gt", "pattern": 1],
            "trigger.body.count#high": ["type": "lt", "pattern": 3],
        ])
        let result = c.evaluate(payload: payload)
        XCTAssertFalse(result.matched)
        XCTAssertEqual(result.failedKey, "trigger.body.count#high")
    }

    func testEmptyCriteriaMatchEverythingButNonEmptyNeverMatchAnEmptyPayload() throws {
        XCTAssertTrue(try criteria([:]).evaluate(payload: [:]).matched)
        let c = try criteria(["trigger.x": ["type": "nexists"]])
        XCTAssertFalse(c.evaluate(payload: [:]).matched)
        XCTAssertFalse(c.evaluate(payload: .null).matched)
        XCTAssertTrue(c.evaluate(payload: ["y": 1]).matched)
    }

    func testMissingKeysAreNone() throws {
        let c = try criteria(["trigger.body.absent": ["type": "equals", "pattern": "x"]])
        XCTAssertFalse(c.evaluate(payload: payload).matched)
        XCTAssertTrue(try criteria(["trigger.body.absent": ["type": "nexists"]]).evaluate(payload: payload).matched)
    }

    func testLoneExpressionPatternKeepsItsType() throws {
        // count is the int 3 and limit the string "3": a typed pattern tells them apart.
        let typed = try criteria(["trigger.body.count": ["type": "equals", "pattern": "{{ trigger.body.count }}"]])
        XCTAssertTrue(typed.evaluate(payload: payload).matched)
        let list = try criteria(["trigger.body.tags": ["type": "equals", "pattern": "{{ trigger.body.tags }}"]])
        XCTAssertTrue(list.evaluate(payload: payload).matched)
        let stringAgainstInt = try criteria(["trigger.body.count": ["type": "equals", "pattern": "{{ trigger.body.limit }}"]])
        XCTAssertFalse(stringAgainstInt.evaluate(payload: payload).matched)
        let mixedText = try criteria(["trigger.body.name": ["type": "equals", "pattern": "de{{ 'ploy' }}"]])
        XCTAssertTrue(mixedText.evaluate(payload: payload).matched)
    }

    func testPatternsSeeTheDatastore() throws {
        let c = try criteria(["trigger.body.name": ["type": "equals", "pattern": "{{ st2kv.system.app }}"]])
        XCTAssertTrue(c.evaluate(payload: payload, datastore: ["app": "deploy"]).matched)
        XCTAssertFalse(c.evaluate(payload: payload, datastore: ["app": "other"]).matched)
        let viaSystem = try criteria(["system.app": ["type": "equals", "pattern": "deploy"]])
        XCTAssertTrue(viaSystem.evaluate(payload: payload, datastore: ["app": "deploy"]).matched)
    }

    func testRenderingErrorsAreNoMatchWithAReason() throws {
        let undefined = try criteria(["trigger.body.name": ["type": "equals", "pattern": "{{ trigger.nothing.deeper }}"]])
        let result = undefined.evaluate(payload: payload)
        XCTAssertFalse(result.matched)
        XCTAssertEqual(result.failedKey, "trigger.body.name")
        XCTAssertTrue(result.error?.contains("Failed to render pattern value") == true, result.description)

        let broken = try criteria(["trigger.body.name": ["type": "equals", "pattern": "{{ unclosed"]])
        XCTAssertNotNil(broken.evaluate(payload: payload).error)
    }

    func testPythonErrorsAreNoMatchWithAReason() throws {
        let c = try criteria(["trigger.body.name": ["type": "lt", "pattern": 5]])
        let result = c.evaluate(payload: payload)
        XCTAssertFalse(result.matched)
        XCTAssertTrue(result.error?.contains("TypeError") == true, result.description)
    }

    func testNonStringPatternsAreNotRendered() throws {
        let c = try criteria(["trigger.body.tags": ["type": "equals", "pattern": ["{{ 'prod' }}", "eu"]]])
        XCTAssertFalse(c.evaluate(payload: payload).matched)
        XCTAssertTrue(try criteria(["trigger.body.tags": ["type": "contains", "pattern": "eu"]]).evaluate(payload: payload).matched)
    }

    func testConstantRegexPatternsAreCompiledOnce() throws {
        let c = try criteria(["trigger.body.name": ["type": "regex", "pattern": "^dep"]])
        guard case .constant(_, let regex) = c.criteria[0].pattern else { return XCTFail("expected a constant pattern") }
        XCTAssertNotNil(regex)
        XCTAssertTrue(c.evaluate(payload: payload).matched)
    }

    func search(_ condition: JSONValue, _ items: [String: JSONValue]) throws -> CriteriaResult {
        try criteria(["trigger.fields": ["type": "search", "condition": condition, "pattern": .object(items)]])
            .evaluate(payload: payload)
    }

    func testSearchConditions() throws {
        let statusApproved: [String: JSONValue] = [
            "item.name": ["type": "equals", "pattern": "Status"],
            "item.value": ["type": "equals", "pattern": "Approved"],
        ]
        XCTAssertTrue(try search("any", statusApproved).matched)
        XCTAssertFalse(try search("all", statusApproved).matched)
        let nameOrAnn: [String: JSONValue] = [
            "item.name": ["type": "equals", "pattern": "Status"],
            "item.value": ["type": "equals", "pattern": "ann"],
        ]
        XCTAssertFalse(try search("any", nameOrAnn).matched)
        XCTAssertTrue(try search("any2any", nameOrAnn).matched)
        XCTAssertTrue(try search("all2any", nameOrAnn).matched)
        XCTAssertTrue(try search("all", ["item.name": ["type": "exists"]]).matched)
        let itemTemplate: [String: JSONValue] = ["item.value": ["type": "equals", "pattern": "{{ item.value }}"]]
        XCTAssertTrue(try search("all", itemTemplate).matched, "item patterns render with the item")
    }

    func testSearchErrors() throws {
        let unknown = try search("some", ["item.name": ["type": "exists"]])
        XCTAssertTrue(unknown.error?.contains("search condition is not recognized") == true, unknown.description)
        XCTAssertNotNil(try search(.null, ["item.name": ["type": "exists"]]).error)
        let notAList = try criteria(["trigger.body.count": ["type": "search", "condition": "any",
                                                            "pattern": ["item.x": ["type": "exists"]]]])
        XCTAssertNotNil(notAList.evaluate(payload: payload).error)
        XCTAssertThrowsError(try criteria(["trigger.fields": ["type": "search", "condition": "any",
                                                              "pattern": ["item.x": ["type": "bogus"]]]]))
    }

    func testMalformedCriteriaAreRejected() {
        XCTAssertThrowsError(try criteria(["trigger.x": ["pattern": 1]])) { error in
            XCTAssertEqual("\(error)", "Operator not specified for field: trigger.x")
        }
        XCTAssertThrowsError(try criteria(["trigger.x": ["type": "nope", "pattern": 1]]))
        XCTAssertThrowsError(try criteria(["trigger.x": "equals"]))
        XCTAssertThrowsError(try criteria(["trigger..x": ["type": "exists"]]))
    }
}
