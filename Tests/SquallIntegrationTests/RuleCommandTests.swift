import Foundation
import SquallEngine
import SquallModel
import XCTest

/// `squall rule get|create|enable|disable|delete` and `pack register` through the real binary:
/// changes persist in the store across processes, bad input changes nothing.
final class RuleCommandTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments) }

    func json(_ arguments: [String], status: Int32 = 0) throws -> JSONValue {
        let outcome = try squall(arguments)
        XCTAssertEqual(outcome.status, status, "\(arguments): \(outcome.stderr)")
        return try JSONValue.parse(outcome.stdout)
    }

    func ruleFile(_ name: String, _ text: String) throws -> String {
        let path = harness.dataDirectory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func listed() throws -> [String: Bool] {
        let rules = try json(["rule", "list", "--json"])["rules"]?.arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: rules.map { ($0["ref"]?.stringValue ?? "", $0["enabled"]?.boolValue ?? false) })
    }

    func testGetEnableDisableOfPackFileRules() throws {
        let list = try json(["rule", "list", "--json"])
        XCTAssertTrue(list["problems"]?.arrayValue?.contains { $0.stringValue?.contains("unknown_trigger.yaml: field 'trigger.type'") == true } == true)
        XCTAssertEqual(try listed()["squall_tests.not_enabled"], false, "pack-file rules default to disabled (st2)")

        let rule = try json(["rule", "get", "squall_tests.on_manual", "--json"])
        XCTAssertEqual(rule["enabled"], true)
        XCTAssertEqual(rule["trigger"]?["type"], "squall_tests.manual")
        XCTAssertEqual(rule["action"]?["ref"], "core.echo")
        XCTAssertEqual(rule["action"]?["parameters"]?["message"], "manual: {{ trigger.message }}")
        XCTAssertEqual(rule["source"], "pack")
        XCTAssertTrue(rule["metadata_file"]?.stringValue?.hasSuffix("/rules/on_manual.yaml") == true)

        XCTAssertEqual(try squall(["rule", "disable", "squall_tests.on_manual"]).status, 0)
        XCTAssertEqual(try squall(["rule", "enable", "squall_tests.not_enabled"]).status, 0)
        XCTAssertEqual(try json(["rule", "get", "squall_tests.on_manual", "--json"])["enabled"], false)
        XCTAssertEqual(try listed()["squall_tests.not_enabled"], true)

        let missing = try squall(["rule", "enable", "squall_tests.nope"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "error: rule 'squall_tests.nope' not found\n")
        // A rule that cannot load is named with its problem, not reported missing.
        let broken = try squall(["rule", "disable", "squall_tests.unknown_trigger"])
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains("unknown_trigger.yaml: field 'trigger.type'"), broken.stderr)

        // Deleting a pack-file rule hides it until `pack register` re-reads the pack's files,
        // which also drops the enable/disable changes (the files decide again, as in st2).
        XCTAssertEqual(try squall(["rule", "delete", "squall_tests.on_second_tick"]).status, 0)
        XCTAssertEqual(try squall(["rule", "get", "squall_tests.on_second_tick"]).status, 2)
        XCTAssertNil(try listed()["squall_tests.on_second_tick"])

        let register = try squall(["pack", "register", "squall_tests", "--json"])
        XCTAssertEqual(register.status, 1, "the unknown_trigger rule is reported and skipped")
        let report = try JSONValue.parse(register.stdout)
        let pack = try XCTUnwrap(report["packs"]?.arrayValue?.first)
        XCTAssertEqual(pack["ref"], "squall_tests")
        let ruleFiles = try FileManager.default.contentsOfDirectory(atPath: IntegrationHarness.fixturePacks + "/squall_tests/rules")
        XCTAssertEqual(pack["rules"]?.intValue, ruleFiles.count - 1, "every rule file but unknown_trigger.yaml")
        XCTAssertEqual(pack["sensors"], 3)
        let triggerTypes = try json(["trigger", "list", "--json"]).arrayValue?.filter { $0["ref"]?.stringValue?.hasPrefix("squall_tests.") == true }
        XCTAssertEqual(pack["triggers"]?.intValue, triggerTypes?.count)
        XCTAssertEqual(pack["actions"]?.intValue, try json(["action", "list", "--pack", "squall_tests", "--json"]).arrayValue?.count)
        XCTAssertEqual(pack["problems"]?.arrayValue?.count, 1)
        XCTAssertFalse(register.stdout.contains("s3cr3t") || register.stderr.contains("s3cr3t"), "the config's secret stays out")
        let after = try listed()
        XCTAssertEqual(after["squall_tests.on_manual"], true)
        XCTAssertEqual(after["squall_tests.not_enabled"], false)
        XCTAssertEqual(after["squall_tests.on_second_tick"], true)

        let unknown = try squall(["pack", "register", "no_such_pack", "core"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stdout.hasPrefix("registered core: "), unknown.stdout)
        XCTAssertTrue(unknown.stderr.contains("pack 'no_such_pack' not found"), unknown.stderr)
    }

    func testRegisterReportsABadPackAndRegistersTheOthers() throws {
        let packs = harness.dataDirectory + "/more-packs"
        try FileManager.default.createDirectory(atPath: packs + "/broken", withIntermediateDirectories: true)
        try "name: broken\nversion: 1.0.0\nauthor: me\n".write(toFile: packs + "/broken/pack.yaml", atomically: true, encoding: .utf8)
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = IntegrationHarness.fixturePacks + ":" + packs
        let outcome = try harness.squall(["pack", "register", "--json"], environment: environment)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let report = try JSONValue.parse(outcome.stdout)
        XCTAssertEqual(Set(report["packs"]?.arrayValue?.compactMap { $0["ref"]?.stringValue } ?? []), ["core", "linux", "chatops", "packs", "default", "squall_bench", "squall_tests"])
        let failed = report["failed"]?.arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertEqual(failed.count, 1)
        XCTAssertTrue(failed.first?.hasPrefix(packs + "/broken/pack.yaml: field 'description'") == true, "\(failed)")
        let named = try harness.squall(["pack", "register", "broken", "core"], environment: environment)
        XCTAssertEqual(named.status, 1)
        XCTAssertTrue(named.stdout.hasPrefix("registered core: "), named.stdout)
        XCTAssertTrue(named.stderr.contains("/broken/pack.yaml: field 'description'"), named.stderr)
    }

    func testCreateValidatesPersistsAndDeletes() throws {
        let before = try listed()
        // (A rule without `pack` goes to `default`, as in st2: St2CommandLineTests.)
        let bad: [(String, String)] = [
            ("name: x\npack: squall_tests\ntrigger: {type: core.st2.webhook}\naction: {ref: core.echo}\n", "field 'trigger.parameters': trigger.parameters.url is required"),
            ("name: x\npack: squall_tests\ntrigger: {type: nope.nope}\naction: {ref: core.echo}\n", "field 'trigger.type': unknown trigger type"),
            ("name: x\npack: no_pack\ntrigger: {type: squall_tests.tick}\naction: {ref: core.echo}\n", "field 'pack': unknown pack 'no_pack'"),
            ("name: x\npack: squall_tests\ntrigger: {type: squall_tests.tick}\naction: {ref: core.echo}\ncriteria:\n  trigger.count: {type: bogus_op, pattern: 1}\n",
             "field 'criteria.trigger.count'"),
            ("name: x\npack: squall_tests\nenabled: yes please\ntrigger: {type: squall_tests.tick}\naction: {ref: core.echo}\n", "field 'enabled'"),
            ("name: x\npack: squall_tests\ntrigger: {type: squall_tests.tick}\naction: {ref: core.echo}\nsurprise: 1\n", "field 'surprise'"),
        ]
        for (index, (text, expected)) in bad.enumerated() {
            let file = try ruleFile("bad\(index).yaml", text)
            let outcome = try squall(["rule", "create", file])
            XCTAssertEqual(outcome.status, 2, text)
            XCTAssertTrue(outcome.stderr.hasPrefix("error: \(file): "), outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(expected), "\(expected) not in \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        }
        let unreadable = try squall(["rule", "create", harness.dataDirectory + "/none.yaml"])
        XCTAssertEqual(unreadable.status, 2)
        XCTAssertTrue(unreadable.stderr.contains("none.yaml: cannot be read"), unreadable.stderr)
        XCTAssertEqual(try listed(), before, "bad input changes nothing")

        let good = try ruleFile("made.yaml", """
            name: made
            pack: squall_tests
            description: Made by hand.
            trigger:
              type: squall_tests.tick
              parameters: {label: made}
            criteria:
              trigger.count: {type: gt, pattern: 3}
            action:
              ref: core.echo
              parameters: {message: "made {{ trigger.count }}"}
            """)
        let created = try json(["rule", "create", good, "--json"])
        XCTAssertEqual(created["ref"], "squall_tests.made")
        XCTAssertEqual(created["enabled"], false, "st2's default")
        let again = try squall(["rule", "create", good])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("field 'name': rule 'squall_tests.made' already exists"), again.stderr)

        // Kept in the store: other processes see it after the file is gone.
        try FileManager.default.removeItem(atPath: good)
        XCTAssertEqual(try squall(["rule", "enable", "squall_tests.made"]).status, 0)
        let stored = try json(["rule", "get", "squall_tests.made", "--json"])
        XCTAssertEqual(stored["enabled"], true)
        XCTAssertEqual(stored["source"], "created")
        XCTAssertEqual(stored["metadata_file"], .null)
        XCTAssertEqual(stored["description"], "Made by hand.")
        XCTAssertEqual(stored["trigger"]?["parameters"], ["label": "made"])
        XCTAssertEqual(stored["criteria"]?["trigger.count"], ["type": "gt", "pattern": 3])
        // A server started now (a restart) runs it.
        XCTAssertTrue(Server(engine: try harness.engine()).rules.contains { $0.ref == "squall_tests.made" })

        // `pack register` re-reads files; created rules stay.
        _ = try squall(["pack", "register", "squall_tests"])
        XCTAssertEqual(try listed()["squall_tests.made"], true)
        XCTAssertEqual(try squall(["rule", "delete", "squall_tests.made"]).status, 0)
        XCTAssertEqual(try squall(["rule", "get", "squall_tests.made"]).status, 2)
        XCTAssertEqual(try listed(), before)
    }
}
