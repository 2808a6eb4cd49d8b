import Foundation
import SquallModel
import XCTest

/// A rule's criteria may compare with a secret's clear text (`{{ st2kv.system.x | decrypt_kv }}`,
/// the key set with `--encrypt`): through a live server, a webhook carrying the secret fires the
/// rule and one carrying anything else (the stored ciphertext included) does not.
final class RuleCriteriaSecretTests: EngineTestCase {
    func testACriterionComparingWithADecryptedSecretFiresThroughALiveServer() throws {
        let packs = try harness.quietFixturePackCopy()
        try """
            name: on_signed
            pack: squall_tests
            enabled: true
            trigger: {type: core.st2.webhook, parameters: {url: signed}}
            criteria:
              trigger.body.token: {type: equals, pattern: "{{ st2kv.system.hook_token | decrypt_kv }}"}
            action: {ref: core.echo, parameters: {message: "signed {{ trigger.body.n }}"}}
            """.write(toFile: packs + "/squall_tests/rules/on_signed.yaml", atomically: true, encoding: .utf8)
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
        let set = try harness.squall(["key", "set", "hook_token", "t0ken-in-clear", "--encrypt"], environment: environment)
        XCTAssertEqual(set.status, 0, set.stderr)
        let stored = try harness.squall(["key", "get", "hook_token"], environment: environment).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(stored.isEmpty)
        XCTAssertNotEqual(stored, "t0ken-in-clear")

        let session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": packs])
        defer { session.stop() }
        let auth = "X-Auth-Token: " + (try session.token())
        func post(_ token: String, _ n: Int) throws {
            let reply = try session.http("POST", "/api/v1/webhooks/signed", headers: [auth],
                                         body: "{\"token\": \(JSONValue.string(token).jsonString()), \"n\": \(n)}")
            XCTAssertEqual(reply.status, 202, reply.body)
        }
        try post("wrong", 1)
        try post(stored, 2)
        try post("t0ken-in-clear", 3)
        var messages: [String] = []
        try eventually("the rule fired for the clear-text token") {
            let list = try JSONValue.parse(try session.http("GET", "/api/v1/executions?action=core.echo&limit=-1", headers: [auth]).body)
            messages = list.arrayValue?.compactMap { $0["parameters"]?["message"]?.stringValue } ?? []
            return messages.contains("signed 3")
        }
        // The three instances were queued in order and matched in order: the first two are decided.
        let instances = try JSONValue.parse(try session.http("GET", "/api/v1/triggerinstances?trigger=core.st2.webhook", headers: [auth]).body)
        XCTAssertEqual(instances.arrayValue?.count, 3, "\(instances)")
        XCTAssertEqual(messages, ["signed 3"])
    }
}
