import Foundation
import SquallModel
import XCTest

/// Where st2 gives a secret's clear text to expressions: Orquesta's `st2kv(key, decrypt=true)`
/// (Jinja) / `decrypt => true` (YAQL) in workflows, and `{{ st2kv.system.x | decrypt_kv }}` in a
/// rule's criteria pattern. Without those, both see the stored ciphertext, as in st2.
final class SecretsInExpressionsTests: EngineTestCase {
    let secret = "wf-s3cr3t-value"
    var environment: [String: String] = [:]

    override func setUpWithError() throws {
        try super.setUpWithError()
        environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = try harness.quietFixturePackCopy() + ":" + harness.dataDirectory + "/extra-packs"
    }

    func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments, environment: environment) }

    @discardableResult
    func succeeding(_ arguments: [String]) throws -> String {
        let outcome = try squall(arguments)
        XCTAssertEqual(outcome.status, 0, "squall \(arguments): \(outcome.stdout)\(outcome.stderr)")
        return outcome.stdout.trimmingCharacters(in: .newlines)
    }

    func testWorkflowSt2kvDecryptsOnlyWhenAskedInBothLanguages() throws {
        _ = try harness.writeProbePack("wfsecret", files: [
            "actions/probe.yaml": "name: probe\nrunner_type: orquesta\nentry_point: workflows/probe.yaml\n",
            "actions/workflows/probe.yaml": """
            version: 1.0
            tasks:
              t:
                action: core.noop
            output:
              - yaql_clear: <% st2kv('system.db_password', decrypt => true) %>
              - yaql_stored: <% st2kv('system.db_password') %>
              - yaql_not: <% st2kv('system.db_password', decrypt => false) %>
              - jinja_clear: "{{ st2kv('system.db_password', decrypt=true) }}"
              - jinja_stored: "{{ st2kv('system.db_password') }}"
              - plain: <% st2kv('system.greeting', decrypt => true) %>
            """,
            "actions/bad.yaml": "name: bad\nrunner_type: orquesta\nentry_point: workflows/bad.yaml\n",
            "actions/workflows/bad.yaml": """
            version: 1.0
            tasks:
              t:
                action: core.noop
            output:
              - x: "{{ st2kv('system.db_password', decrpyt=true) }}"
            """,
        ])
        try succeeding(["key", "set", "db_password", secret, "--encrypt"])
        try succeeding(["key", "set", "greeting", "hello"])
        let stored = try succeeding(["key", "get", "db_password"])
        XCTAssertNotEqual(stored, secret)

        let run = try JSONValue.parse(try succeeding(["run", "wfsecret.probe", "-j"]))
        XCTAssertEqual(run["status"], "succeeded", "\(run)")
        XCTAssertEqual(run["result"]?["output"], [
            "yaql_clear": .string(secret), "yaql_stored": .string(stored), "yaql_not": .string(stored),
            "jinja_clear": .string(secret), "jinja_stored": .string(stored), "plain": "hello",
        ])

        let bad = try JSONValue.parse(try squall(["run", "wfsecret.bad", "-j"]).stdout)
        XCTAssertEqual(bad["status"], "failed")
        let message = bad["result"]?["errors"]?.arrayValue?.first?["message"]?.stringValue ?? ""
        XCTAssertTrue(message.contains("st2kv() got an unexpected keyword argument 'decrpyt'"), message)
    }

    func testRuleCriteriaCompareAgainstTheSecretThroughDecryptKv() throws {
        try succeeding(["key", "set", "api_secret", secret, "--encrypt"])
        let stored = try succeeding(["key", "get", "api_secret"])
        // The fixture's own rule on this trigger would echo the payload.
        try succeeding(["rule", "disable", "squall_tests.on_manual"])
        let file = harness.dataDirectory + "/secret_rule.yaml"
        try """
            name: on_secret
            pack: squall_tests
            enabled: true
            trigger: {type: squall_tests.manual}
            criteria:
              trigger.message: {type: equals, pattern: "{{ st2kv.system.api_secret | decrypt_kv }}"}
            action:
              ref: core.echo
              parameters: {message: "the secret matched"}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try succeeding(["rule", "create", file])

        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        var instances: [String] = []
        for message in ["wrong", stored, secret] {
            let fire = try squall(["trigger", "fire", "squall_tests.manual", "--payload", JSONValue.object(["message": .string(message)]).jsonString()])
            XCTAssertEqual(fire.status, 0, fire.stderr)
            let prefix = "dispatched squall_tests.manual (trigger instance "
            XCTAssertTrue(fire.stdout.hasPrefix(prefix) && fire.stdout.hasSuffix(")\n"), fire.stdout)
            instances.append(String(fire.stdout.dropFirst(prefix.count).dropLast(2)))
        }
        for id in instances {
            try eventually("trigger instance \(id) processed") {
                try JSONValue.parse(try squall(["trigger-instance", "get", id, "--json"]).stdout)["status"] == "processed"
            }
        }
        try eventually("the matched rule's execution ended") {
            try executions(of: "core.echo").contains { $0.status.isCompleted }
        }
        let echoes = try executions(of: "core.echo")
        XCTAssertEqual(echoes.count, 1, "only the clear secret matches")
        XCTAssertEqual(echoes.first?.context["trigger_instance"]?["id"]?.stringValue, instances[2])
    }
}
