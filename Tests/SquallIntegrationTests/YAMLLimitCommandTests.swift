import Foundation
import SquallModel
import XCTest

/// The real `squall` binary refuses a "billion laughs" pack.yaml or rule file (aliases nested 9
/// deep: 10^9 nodes from 600 bytes) with one line naming the file, instead of expanding it (15 GB
/// and counting before). Each command runs under a 2 GB address-space cap, so a regression fails
/// here rather than exhausting the machine.
final class YAMLLimitCommandTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    static func laughs(_ header: String) -> String {
        var text = header + "l0: &l0 [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]\n"
        for level in 1..<9 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text
    }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testBillionLaughsPackAndRuleAreRefusedInOneLine() throws {
        let pack = harness.dataDirectory + "/laughs/evil"
        try write(Self.laughs("name: evil\ndescription: laughs\nversion: 1.0.0\nauthor: test\n"), to: pack + "/pack.yaml")
        let install = try harness.cappedSquall(["pack", "install", pack])
        XCTAssertEqual(install.status, 1, install.stderr)
        // Progress lines come first ("copying directory"); the error is one line naming the file.
        let errors = install.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        XCTAssertEqual(errors, ["error: \(pack): metadata failed: pack.yaml: expands to more than 1000000 nodes (aliases counted in full; line 10; setting yaml_max_nodes)"])

        let rule = harness.dataDirectory + "/laughs/rule.yaml"
        try write(Self.laughs("name: evil\npack: squall_tests\ntrigger: {type: squall_tests.tick}\naction: {ref: core.echo}\n"), to: rule)
        let create = try harness.cappedSquall(["rule", "create", rule])
        XCTAssertEqual(create.status, 2, create.stderr)
        XCTAssertTrue(create.stderr.hasPrefix("error: \(rule): expands to more than 1000000 nodes (aliases counted in full; line 10; setting yaml_max_nodes)"),
                      create.stderr)
        XCTAssertEqual(create.stderr.split(separator: "\n").count, 1, create.stderr)
    }

    func testTheLimitsAreSettings() throws {
        let rule = harness.dataDirectory + "/plain.yaml"
        try write("name: plain\npack: squall_tests\ntrigger: {type: squall_tests.tick}\naction: {ref: core.echo}\n", to: rule)
        var environment = harness.commandLineEnvironment
        environment["SQUALL_YAML_MAX_DEPTH"] = "1"
        let shallow = try harness.cappedSquall(["rule", "create", rule], environment: environment)
        XCTAssertEqual(shallow.status, 2)
        XCTAssertTrue(shallow.stderr.contains("\(rule): nests collections more than 1 deep (line 3; setting yaml_max_depth)"), shallow.stderr)
        environment["SQUALL_YAML_MAX_DEPTH"] = "lots"
        let bad = try harness.cappedSquall(["rule", "list"], environment: environment)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("yaml_max_depth: 'lots' is not a whole number from 1 to 2^40 (SQUALL_YAML_MAX_DEPTH)"), bad.stderr)
        environment["SQUALL_YAML_MAX_DEPTH"] = nil
        XCTAssertEqual(try harness.cappedSquall(["rule", "create", rule], environment: environment).status, 0)
    }
}
