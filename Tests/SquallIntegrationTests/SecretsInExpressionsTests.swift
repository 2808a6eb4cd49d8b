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
}
