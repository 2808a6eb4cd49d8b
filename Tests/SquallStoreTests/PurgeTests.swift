import Foundation
import SquallModel
import SquallStore
import XCTest

/// Garbage collection of old trigger instances, rule enforcements and executions on a real SQLite file.
final class PurgeTests: StoreContractTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    func instance(at date: Date) -> TriggerInstanceRecord {
        var record = TriggerInstanceRecord(id: ExecutionID.generate(at: date), trigger: "pack.alert", payload: ["n": 1], occurrenceTime: date)
        record.transition(to: .processed, at: date)
        return record
    }

    func enforcement(at date: Date) -> RuleEnforcement {
        RuleEnforcement(id: ExecutionID.generate(at: date), ruleRef: "pack.page", triggerInstanceId: "i", executionId: "e", enforcedAt: date)
    }

    func testOldTriggerInstancesAndEnforcementsGoAndRecentOnesStay() {
        eachImplementation {
            let store = try makeStore()
            let old = [instance(at: daysAgo(40)), instance(at: daysAgo(31))]
            let recent = [instance(at: daysAgo(29)), instance(at: daysAgo(0))]
            let oldEnforcements = [enforcement(at: daysAgo(45))]
            let recentEnforcements = [enforcement(at: daysAgo(1))]
            try store.record(RuleRecordBatch(instances: old + recent, enforcements: oldEnforcements + recentEnforcements))

            XCTAssertEqual(try store.purgeTriggerInstances(occurredBefore: daysAgo(30)), 2)
            XCTAssertEqual(try store.triggerInstances(trigger: nil, status: nil, limit: 10).map(\.id), recent.reversed().map(\.id))
            XCTAssertEqual(try store.purgeRuleEnforcements(enforcedBefore: daysAgo(30)), 1)
            XCTAssertEqual(try store.ruleEnforcements(rule: nil, triggerInstanceId: nil, limit: 10).map(\.id), recentEnforcements.map(\.id))
            XCTAssertEqual(try store.purgeTriggerInstances(occurredBefore: daysAgo(30)), 0, "nothing left to purge")
        }
    }

    func testARowRecordedOutOfOrderWaitsForTheYoungerRowsBeforeIt() {
        eachImplementation {
            let store = try makeStore()
            let first = instance(at: daysAgo(10)), young = instance(at: daysAgo(1)), late = instance(at: daysAgo(9))
            try store.record(RuleRecordBatch(instances: [first, young, late]))
            XCTAssertEqual(try store.purgeTriggerInstances(occurredBefore: daysAgo(5)), 1)
            XCTAssertNil(try store.triggerInstance(id: first.id))
            XCTAssertNotNil(try store.triggerInstance(id: late.id))
        }
    }

    func testOnlyCompletedExecutionsGoAndTheirOutputWithThem() {
        eachImplementation {
            let store = try makeStore()
            func execution(_ status: ExecutionStatus, started: Date, ended: Date?) throws -> Execution {
                var execution = makeExecution(status: status, start: started)
                execution.endTimestamp = ended
                try store.create(execution)
                try store.appendOutput([OutputLine(executionId: execution.id, sequence: 0, stream: .stdout, line: "hi", timestamp: started)])
                return execution
            }
            let oldDone = try execution(.succeeded, started: daysAgo(40), ended: daysAgo(40))
            let oldFailed = try execution(.failed, started: daysAgo(35), ended: daysAgo(34))
            let oldRunning = try execution(.running, started: daysAgo(40), ended: nil)
            let endedRecently = try execution(.succeeded, started: daysAgo(40), ended: daysAgo(2))
            let recent = try execution(.succeeded, started: daysAgo(1), ended: daysAgo(1))

            XCTAssertEqual(try store.purgeExecutions(completedBefore: daysAgo(30)), 2)
            for gone in [oldDone, oldFailed] {
                XCTAssertNil(try store.execution(id: gone.id))
                XCTAssertEqual(try store.output(executionId: gone.id, after: nil), [], "output goes with its execution")
            }
            for kept in [oldRunning, endedRecently, recent] {
                XCTAssertNotNil(try store.execution(id: kept.id))
                XCTAssertEqual(try store.output(executionId: kept.id, after: nil).count, 1)
            }
        }
    }
}
