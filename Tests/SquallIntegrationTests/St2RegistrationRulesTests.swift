import XCTest
import SquallBootstrap
import SquallEngine
import SquallModel

/// st2's registration rules: a rule whose action does not exist (yet) is registered and its firing
/// is a recorded enforcement failure naming the action; rules on every system trigger type st2
/// defines load (a webhook rule needs its `url`); `squall trigger list` shows those types.
final class St2RegistrationRulesTests: EngineTestCase {
    /// st2's system trigger types (st2common/constants/triggers.py), timers included.
    static let st2SystemTriggers = [
        "core.st2.webhook", "core.st2.generic.actiontrigger", "core.st2.generic.notifytrigger",
        "core.st2.action.file_written", "core.st2.generic.inquiry", "core.st2.sensor.process_spawn",
        "core.st2.sensor.process_exit", "core.st2.key_value_pair.create", "core.st2.key_value_pair.update",
        "core.st2.key_value_pair.value_change", "core.st2.key_value_pair.delete",
        "core.st2.IntervalTimer", "core.st2.DateTimer", "core.st2.CronTimer",
    ]

    var packs: String { harness.dataDirectory + "/rule-packs" }

    /// A pack with a trigger type of its own, a rule on it whose action does not exist, one rule
    /// per st2 system trigger (webhook with its url) and a webhook rule without a url.
    func writePack() throws -> Engine {
        var files: [String: String] = [
            "pack.yaml": "name: regrules\ndescription: rules\nversion: 1.0.0\nauthor: test\n",
            "triggers/ping.yaml": "name: ping\ndescription: fired by the test\n",
            "rules/later.yaml": """
            name: later
            pack: regrules
            enabled: true
            trigger: {type: regrules.ping}
            action: {ref: regrules.not_written_yet}
            """,
            "rules/webhook_without_url.yaml": """
            name: webhook_without_url
            pack: regrules
            trigger: {type: core.st2.webhook}
            action: {ref: core.noop}
            """,
        ]
        let parameters: [String: String] = [
            "core.st2.webhook": "{url: sample}", "core.st2.IntervalTimer": "{unit: hours, delta: 1}",
            "core.st2.DateTimer": "{date: '2099-01-01 00:00:00'}", "core.st2.CronTimer": "{hour: 3}",
        ]
        for (index, trigger) in Self.st2SystemTriggers.enumerated() {
            files["rules/system\(index).yaml"] = """
            name: system\(index)
            pack: regrules
            trigger: {type: \(trigger), parameters: \(parameters[trigger] ?? "{}")}
            action: {ref: core.noop}
            """
        }
        for (path, text) in files {
            let file = packs + "/regrules/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let settings = Settings(home: IntegrationHarness.repositoryRoot, packsPath: [IntegrationHarness.repositoryRoot + "/Packs", packs],
                                dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
        return try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
    }

    func testRulesOnMissingActionsAndSystemTriggersAreRegistered() throws {
        let engine = try writePack()
        let set = RuleSet.load(catalog: engine.catalog, store: engine.store)
        let expected = ["regrules.later"] + Self.st2SystemTriggers.indices.map { "regrules.system\($0)" }
        // (The bundled packs' own rules, such as chatops.notify, are left out.)
        XCTAssertEqual(Set(set.rules.map(\.ref).filter { $0.hasPrefix("regrules.") }), Set(expected))
        XCTAssertEqual(set.problems, [
            packs + "/regrules/rules/webhook_without_url.yaml: field 'trigger.parameters': trigger.parameters.url is required",
        ])
    }

    func testFiringARuleWhoseActionIsMissingRecordsAFailedEnforcementNamingIt() throws {
        let engine = try writePack()
        let server = Server(engine: engine)
        try server.start()
        defer { server.stop(grace: 30) }
        XCTAssertTrue(server.dispatch(trigger: "regrules.ping", payload: [:]))
        try eventually("the ping handled") {
            try engine.store.triggerInstances(trigger: "regrules.ping", status: .processingFailed, limit: 10).count == 1
        }
        let instance = try XCTUnwrap(try engine.store.triggerInstances(trigger: "regrules.ping", status: nil, limit: 10).first)
        let enforcement = try XCTUnwrap(try engine.store.ruleEnforcements(rule: "regrules.later", triggerInstanceId: instance.id, limit: 10).first)
        XCTAssertNil(enforcement.executionId)
        XCTAssertEqual(enforcement.failureReason, "action 'regrules.not_written_yet' not found")
    }

    func testTriggerListShowsSt2sSystemTriggers() throws {
        let listed = try harness.squall(["trigger", "list", "--json"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let refs = Set(try JSONValue.parse(listed.stdout).arrayValue?.compactMap { $0["ref"]?.stringValue } ?? [])
        XCTAssertTrue(refs.isSuperset(of: Self.st2SystemTriggers), "missing: \(Set(Self.st2SystemTriggers).subtracting(refs).sorted())")
        XCTAssertEqual(BuiltinTriggers.types["core.st2.webhook"]?.parametersSchema?["properties"]?["url"], ["type": "string", "required": true])
    }
}
