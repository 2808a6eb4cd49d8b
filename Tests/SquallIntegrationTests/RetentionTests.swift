import Foundation
import SquallEngine
import SquallModel
import SquallSQLiteStore
import SquallStore
import XCTest

/// Garbage collection: the server purges what the `*_ttl` settings no longer keep, and the purge
/// verbs do it by hand; real SQLite, the real binary.
final class RetentionTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    /// An instance, an enforcement and a completed execution 40 days old, and the same made now.
    func recordOldAndNew() throws -> (old: [String], new: [String]) {
        let store = try SQLiteStore(path: harness.settings.databasePath)
        func record(daysAgo: Double) throws -> [String] {
            let when = Date().addingTimeInterval(-daysAgo * 86_400)
            let instance = TriggerInstanceRecord(id: ExecutionID.generate(at: when), trigger: "squall_tests.job", payload: ["n": 1],
                                                 occurrenceTime: when, status: .processed)
            let execution = Execution(id: ExecutionID.generate(at: when), action: "core.noop", runner: "noop", parameters: [:],
                                      status: .succeeded, log: [StatusTransition(status: .succeeded, timestamp: when)],
                                      startTimestamp: when, endTimestamp: when, context: [:])
            let enforcement = RuleEnforcement(id: ExecutionID.generate(at: when), ruleRef: "squall_tests.run_job",
                                              triggerInstanceId: instance.id, executionId: execution.id, enforcedAt: when)
            try store.record(RuleRecordBatch(instances: [instance], enforcements: [enforcement], executions: [execution]))
            return [instance.id, enforcement.id, execution.id]
        }
        return (try record(daysAgo: 40), try record(daysAgo: 0))
    }

    func surviving(_ store: any Store, _ ids: [String]) throws -> [String] {
        let enforcements = Set(try store.ruleEnforcements(rule: nil, triggerInstanceId: nil, limit: 100).map(\.id))
        return try ids.filter { id in
            try store.triggerInstance(id: id) != nil || enforcements.contains(id) || store.execution(id: id) != nil
        }
    }

    func testTheServerPurgesWhatTheTTLsNoLongerKeep() throws {
        let (old, new) = try recordOldAndNew()
        var environment = harness.commandLineEnvironment
        environment["SQUALL_TRIGGER_INSTANCES_TTL"] = "30"
        environment["SQUALL_RULE_ENFORCEMENTS_TTL"] = "30"
        environment["SQUALL_ACTION_EXECUTIONS_TTL"] = "30"
        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        let store = try SQLiteStore(path: harness.settings.databasePath)
        try eventually("the old records purged") { try surviving(store, old).isEmpty }
        XCTAssertEqual(try surviving(store, new), new)
        let statusFile = harness.dataDirectory + "/server-status.json"
        try eventually("the purge counted in the status file") {
            let status = try? JSONValue.parse(String(contentsOfFile: statusFile, encoding: .utf8))
            return status?["purged"] == ["trigger_instances": 1, "rule_enforcements": 1, "executions": 1]
        }
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
    }

    func testATTLKeepsItsKindOnlyAndNoTTLKeepsEverything() throws {
        let (old, new) = try recordOldAndNew()
        let engine = try harness.engine()
        XCTAssertFalse(Retention().isEnabled, "st2's default: no garbage collection")
        XCTAssertEqual(try engine.collectGarbage(Retention()), PurgeCounts())
        XCTAssertEqual(try surviving(engine.store, old), old)
        let purged = try engine.collectGarbage(Retention(ruleEnforcementsDays: 30))
        XCTAssertEqual([purged.triggerInstances, purged.ruleEnforcements, purged.executions], [0, 1, 0])
        XCTAssertEqual(try surviving(engine.store, old), [old[0], old[2]])
        XCTAssertEqual(try surviving(engine.store, new), new)
    }

    func testThePurgeVerbsDeleteOlderRecordsAndRefuseABadAge() throws {
        let (old, new) = try recordOldAndNew()
        let store = try SQLiteStore(path: harness.settings.databasePath)
        let refused = try harness.squall(["trigger-instance", "purge", "--older-than", "0"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("--older-than"), refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertEqual(try surviving(store, old), old, "a refused purge deletes nothing")

        let purged = try harness.squall(["trigger-instance", "purge", "--older-than", "30"])
        XCTAssertEqual(purged.status, 0, purged.stderr)
        XCTAssertTrue(purged.stdout.hasPrefix("purged 1 trigger instances older than "), purged.stdout)
        XCTAssertEqual(try harness.squall(["rule-enforcement", "purge", "--older-than", "30"]).stdout.prefix(30), "purged 1 rule enforcements old")
        XCTAssertEqual(try harness.squall(["execution", "purge", "--older-than", "30.5"]).status, 0)
        XCTAssertEqual(try surviving(store, old), [])
        XCTAssertEqual(try surviving(store, new), new)
    }
}
