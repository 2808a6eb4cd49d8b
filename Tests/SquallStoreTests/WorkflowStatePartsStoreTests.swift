import Foundation
import SquallModel
import SquallStore
import XCTest

/// Parts of a workflow's state saved one by one beside its header: upserted, removed, replaced
/// all at once, read back from a reopened store, gone with the state or the purged execution.
final class WorkflowStatePartsStoreTests: StoreContractTestCase {
    func testPartsAreUpsertedAndRemovedByKeyAndReadBackAfterReopening() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "p.flow"), other = makeExecution(action: "p.flow")
            try store.create(workflow)
            try store.create(other)
            let header = WorkflowStateRecord(executionId: workflow.id, runner: "orquesta", state: ["header": 1], updatedAt: date(1_700_000_001))
            try store.saveWorkflowState(header, parts: WorkflowStatePartChanges(replacingAll: true, upserted: ["a": 1, "b": ["x": "y"], "c": .null]), tasks: [])
            try store.saveWorkflowState(WorkflowStateRecord(executionId: other.id, runner: "orquesta", state: [:]),
                                        parts: WorkflowStatePartChanges(upserted: ["a": "other"]), tasks: [])
            var next = header
            next.state = ["header": 2]
            let task = WorkflowTaskRecord(workflowId: workflow.id, key: 0, taskName: "t", executionId: "c0", status: .succeeded)
            try store.saveWorkflowState(next, parts: WorkflowStatePartChanges(upserted: ["a": 2, "d": [1, 2]], removed: ["b", "missing"]), tasks: [task])

            let reopened = try makeStore()
            XCTAssertEqual(try reopened.workflowState(executionId: workflow.id), next)
            XCTAssertEqual(try reopened.workflowStateParts(executionId: workflow.id), ["a": 2, "c": .null, "d": [1, 2]])
            XCTAssertEqual(try reopened.workflowStateParts(executionId: other.id), ["a": "other"])
            XCTAssertEqual(try reopened.workflowTasks(workflowId: workflow.id), [task])
            XCTAssertEqual(try reopened.workflowStateParts(executionId: "nope"), [:])

            // Replacing all: the parts are then exactly those given; a whole-state save drops them.
            try reopened.saveWorkflowState(next, parts: WorkflowStatePartChanges(replacingAll: true, upserted: ["e": true]), tasks: [])
            XCTAssertEqual(try reopened.workflowStateParts(executionId: workflow.id), ["e": true])
            try reopened.saveWorkflowState(WorkflowStateRecord(executionId: other.id, runner: "orquesta", state: ["whole": true]))
            XCTAssertEqual(try reopened.workflowStateParts(executionId: other.id), [:])

            XCTAssertTrue(try reopened.deleteWorkflowState(executionId: workflow.id))
            XCTAssertEqual(try reopened.workflowStateParts(executionId: workflow.id), [:])
        }
    }

    func testPartsOfAnUnknownExecutionAreRefusedAndPurgeTakesThemWithTheirExecution() {
        eachImplementation {
            let store = try makeStore()
            XCTAssertThrowsError(try store.saveWorkflowState(WorkflowStateRecord(executionId: "nope", runner: "orquesta", state: [:]),
                                                             parts: WorkflowStatePartChanges(upserted: ["a": 1]), tasks: [])) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .notFound)
            }
            XCTAssertEqual(try store.workflowStateParts(executionId: "nope"), [:])
            var done = makeExecution(status: .succeeded, start: Date(timeIntervalSince1970: 1_000))
            done.endTimestamp = Date(timeIntervalSince1970: 1_001)
            try store.create(done)
            try store.saveWorkflowState(WorkflowStateRecord(executionId: done.id, runner: "orquesta", state: [:]),
                                        parts: WorkflowStatePartChanges(upserted: ["a": 1]), tasks: [])
            XCTAssertEqual(try store.purgeExecutions(completedBefore: Date(timeIntervalSince1970: 2_000)), 1)
            XCTAssertEqual(try store.workflowStateParts(executionId: done.id), [:])
        }
    }
}
