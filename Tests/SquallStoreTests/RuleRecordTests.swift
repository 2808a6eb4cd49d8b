import Foundation
import SquallModel
import SquallStore
import XCTest

/// Trigger instances, rule enforcements and the datastore generation on a real SQLite file.
final class RuleRecordTests: StoreContractTestCase {
    func instance(_ trigger: String, at seconds: Double, status: TriggerInstanceStatus = .pending) -> TriggerInstanceRecord {
        var record = TriggerInstanceRecord(id: ExecutionID.generate(), trigger: trigger, payload: ["n": .int(Int(seconds))],
                                           occurrenceTime: date(seconds))
        if status != .pending {
            record.transition(to: .processing, at: date(seconds + 0.25))
            record.transition(to: status, at: date(seconds + 0.5))
        }
        return record
    }

    func testABatchIsWrittenWholeAndReadBackWithItsLog() {
        eachImplementation {
            let store = try makeStore()
            let first = instance("pack.alert", at: 1_700_000_000.5, status: .processed)
            let execution = makeExecution()
            let enforcement = RuleEnforcement(id: ExecutionID.generate(), ruleRef: "pack.page", triggerInstanceId: first.id,
                                              executionId: execution.id, enforcedAt: date(1_700_000_000.75))
            try store.record(RuleRecordBatch(instances: [first], enforcements: [enforcement], executions: [execution]))

            let read = try XCTUnwrap(try store.triggerInstance(id: first.id))
            XCTAssertEqual(read.payload, ["n": 1_700_000_000])
            XCTAssertEqual(read.log.map(\.status), [.pending, .processing, .processed])
            XCTAssertEqual(read.log.map { micros($0.timestamp) }, first.log.map { micros($0.timestamp) })
            XCTAssertEqual(try store.ruleEnforcements(rule: "pack.page", triggerInstanceId: nil, limit: 10), [enforcement])
            XCTAssertEqual(try store.execution(id: execution.id)?.status, execution.status)
            XCTAssertNil(try store.triggerInstance(id: "ffffffffffffffffffffffff"))
        }
    }

    func testAPendingInstanceIsReplacedByItsFinalRecord() {
        eachImplementation {
            let store = try makeStore()
            var record = instance("pack.alert", at: 1_700_000_000)
            try store.record(RuleRecordBatch(instances: [record]))
            XCTAssertEqual(try store.triggerInstance(id: record.id)?.status, .pending)
            record.transition(to: .processing)
            record.transition(to: .processingFailed)
            try store.record(RuleRecordBatch(updatedInstances: [record]))
            let read = try XCTUnwrap(try store.triggerInstance(id: record.id))
            XCTAssertEqual(read.status, .processingFailed)
            XCTAssertEqual(read.log.map(\.status), [.pending, .processing, .processingFailed])
            XCTAssertEqual(read.payload, record.payload)
            XCTAssertEqual(try store.triggerInstances(trigger: nil, status: nil, limit: 10).count, 1)
        }
    }

    func testAnUpdateWhosePendingRowIsMissingWritesTheWholeRecord() {
        eachImplementation {
            let store = try makeStore()
            let record = instance("pack.alert", at: 1_700_000_000, status: .processed)
            try store.record(RuleRecordBatch(updatedInstances: [record]))
            XCTAssertEqual(try store.triggerInstance(id: record.id)?.payload, record.payload)
            XCTAssertEqual(try store.triggerInstance(id: record.id)?.status, .processed)
        }
    }

    func testListsAreNewestFirstAndFiltered() {
        eachImplementation {
            let store = try makeStore()
            let old = instance("pack.alert", at: 1_700_000_000, status: .processed)
            let failed = instance("pack.alert", at: 1_700_000_010, status: .processingFailed)
            let other = instance("pack.other", at: 1_700_000_020, status: .processed)
            let enforcements = [
                RuleEnforcement(id: ExecutionID.generate(), ruleRef: "pack.a", triggerInstanceId: old.id, executionId: "e1", enforcedAt: date(1_700_000_001)),
                RuleEnforcement(id: ExecutionID.generate(), ruleRef: "pack.b", triggerInstanceId: failed.id,
                                failureReason: "parameter 'timeout': cannot cast", enforcedAt: date(1_700_000_011)),
                RuleEnforcement(id: ExecutionID.generate(), ruleRef: "pack.a", triggerInstanceId: other.id, executionId: "e2", enforcedAt: date(1_700_000_021)),
            ]
            try store.record(RuleRecordBatch(instances: [old, failed, other], enforcements: enforcements))

            XCTAssertEqual(try store.triggerInstances(trigger: nil, status: nil, limit: 10).map(\.id), [other.id, failed.id, old.id])
            XCTAssertEqual(try store.triggerInstances(trigger: "pack.alert", status: nil, limit: 10).map(\.id), [failed.id, old.id])
            XCTAssertEqual(try store.triggerInstances(trigger: nil, status: .processingFailed, limit: 10).map(\.id), [failed.id])
            XCTAssertEqual(try store.triggerInstances(trigger: nil, status: nil, limit: 1).map(\.id), [other.id])
            XCTAssertEqual(try store.ruleEnforcements(rule: "pack.a", triggerInstanceId: nil, limit: 10).compactMap(\.executionId), ["e2", "e1"])
            let failure = try XCTUnwrap(try store.ruleEnforcements(rule: nil, triggerInstanceId: failed.id, limit: 10).first)
            XCTAssertEqual(failure.status, .failed)
            XCTAssertNil(failure.executionId)
        }
    }

    func testTextKeepsEveryCharacterAndEmptyTextIsNotNull() {
        eachImplementation {
            let store = try makeStore()
            var record = instance("pack.alert", at: 1_700_000_000, status: .processed)
            record.payload = ["text": "é \"q\" \\ \n\t\u{1}", "empty": "", "emoji": "🌧"]
            var execution = makeExecution()
            execution.parameters = ["cmd": "echo 'ü'", "none": ""]
            execution.result = nil
            let enforcement = RuleEnforcement(id: ExecutionID.generate(), ruleRef: "pack.page", triggerInstanceId: record.id,
                                              failureReason: "", enforcedAt: date(1_700_000_001))
            try store.record(RuleRecordBatch(instances: [record], enforcements: [enforcement], executions: [execution]))
            XCTAssertEqual(try store.triggerInstance(id: record.id)?.payload, record.payload)
            let stored = try XCTUnwrap(try store.execution(id: execution.id))
            XCTAssertEqual(stored.parameters, execution.parameters)
            XCTAssertNil(stored.result)
            XCTAssertNil(stored.endTimestamp)
            let read = try XCTUnwrap(try store.ruleEnforcements(rule: "pack.page", triggerInstanceId: nil, limit: 1).first)
            XCTAssertEqual(read.failureReason, "", "an empty reason stays text, not NULL")
            XCTAssertNil(read.executionId)
        }
    }

    func testAFailingBatchWritesNothing() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            let record = instance("pack.alert", at: 1_700_000_000, status: .processed)
            // The execution id is taken: the whole batch, instance included, is rolled back.
            XCTAssertThrowsError(try store.record(RuleRecordBatch(instances: [record], executions: [execution])))
            XCTAssertNil(try store.triggerInstance(id: record.id))
        }
    }

    func testTheDatastoreGenerationMovesOnEveryKeyWriteOfAnyConnection() {
        eachImplementation {
            let store = try makeStore()
            let other = try makeStore()   // another process's view of the same file
            let start = try store.keyValueGeneration()
            try other.setValue(KeyValuePair(scope: "system", name: "a", value: "1"))
            let afterSet = try store.keyValueGeneration()
            XCTAssertGreaterThan(afterSet, start)
            try other.setValue(KeyValuePair(scope: "system", name: "a", value: "2"))
            let afterUpdate = try store.keyValueGeneration()
            XCTAssertGreaterThan(afterUpdate, afterSet)
            try other.deleteValue(scope: "system", name: "a")
            XCTAssertGreaterThan(try store.keyValueGeneration(), afterUpdate)
            _ = try store.values(scope: "system", prefix: nil, limit: nil, offset: nil)
            XCTAssertEqual(try store.keyValueGeneration(), try other.keyValueGeneration(), "reads do not move it")
        }
    }
}
