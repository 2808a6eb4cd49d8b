import Foundation
import SquallModel
import XCTest

/// `squall pack get`: content counts from the same views `pack register` and the list verbs use.
final class PackGetTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func testCountsActionsSensorsRulesAndTriggersAndFollowsRuleChanges() throws {
        func json(_ arguments: [String]) throws -> JSONValue {
            let outcome = try harness.squall(arguments)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            return try JSONValue.parse(outcome.stdout)
        }
        let pack = try json(["pack", "get", "squall_tests", "--json"])
        XCTAssertEqual(pack["actions"]?.intValue, try json(["action", "list", "--pack", "squall_tests", "--json"]).arrayValue?.count)
        let triggers = try json(["trigger", "list", "--json"]).arrayValue?.filter { $0["ref"]?.stringValue?.hasPrefix("squall_tests.") == true }
        XCTAssertEqual(pack["triggers"]?.intValue, triggers?.count)
        let rules = try json(["rule", "list", "--json"])["rules"]?.arrayValue?.filter { $0["ref"]?.stringValue?.hasPrefix("squall_tests.") == true }
        XCTAssertEqual(pack["rules"]?.intValue, rules?.count)
        let sensorFiles = try FileManager.default.contentsOfDirectory(atPath: IntegrationHarness.fixturePacks + "/squall_tests/sensors")
        XCTAssertEqual(pack["sensors"]?.intValue, sensorFiles.filter { $0.hasSuffix(".yaml") }.count)
        XCTAssertEqual(pack["virtualenv"]?.stringValue.map { ["ready", "not built"].contains($0) }, true)

        // A deleted rule no longer counts, as with `pack register`.
        XCTAssertEqual(try harness.squall(["rule", "delete", "squall_tests.on_manual"]).status, 0)
        XCTAssertEqual(try json(["pack", "get", "squall_tests", "--json"])["rules"]?.intValue, (pack["rules"]?.intValue ?? 0) - 1)
    }
}
