import Foundation
import SquallModel
import XCTest

/// `squall run` with the templates that crashed or hung it: each fails in one line naming the
/// parameter and the bound, records nothing, and runs under a 2 GB address-space cap (before,
/// `'x' * 10**9` took 3 GB and ended in a fatal error in GRDB; nested range loops never ended).
final class TemplateLimitCommandTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func assertRefused(_ template: String, _ expected: String, environment: [String: String]? = nil,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try harness.cappedSquall(["run", "core.local", "cmd=\(template)"], environment: environment)
        XCTAssertEqual(outcome.status, 2, outcome.stderr, file: file, line: line)
        XCTAssertTrue(outcome.stderr.hasPrefix("error: parameter 'cmd': cannot render template: \(expected)"), outcome.stderr, file: file, line: line)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr, file: file, line: line)
    }

    func testTheReportedTemplatesFailInOneLineNamingTheParameter() throws {
        try assertRefused("{{ 'x' * 10**9 }}", "string of 1000000000 bytes is longer than the 67108864 allowed (setting template_max_string_bytes)")
        try assertRefused("{{ range(10**9) | length }}", "range too big: 1000000000 items")
        try assertRefused("{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}",
                          "nested more than 200 deep (setting template_max_depth)")
        try assertRefused("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                          "rendering took more than 2000000 steps")
        try assertRefused("{{ 10**100 }}", "integer overflow: 10 ** 100 does not fit in 64 bits")
        let list = try harness.squall(["execution", "list", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertEqual(try JSONValue.parse(list.stdout).arrayValue?.count ?? -1, 0, "bad input records nothing: \(list.stdout)")
    }

    func testTheLimitsAreSettings() throws {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_TEMPLATE_MAX_STEPS"] = "20"
        try assertRefused("{% for i in range(30) %}{% endfor %}echo", "rendering took more than 20 steps", environment: environment)
        environment["SQUALL_TEMPLATE_MAX_STRING_BYTES"] = "0"
        let bad = try harness.squall(["run", "core.local", "cmd=echo"], environment: environment)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("template_max_string_bytes: '0' is not a whole number from 1 to 2^40 (SQUALL_TEMPLATE_MAX_STRING_BYTES)"), bad.stderr)
    }
}
