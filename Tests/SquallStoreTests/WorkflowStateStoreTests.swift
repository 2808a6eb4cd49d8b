import Foundation
import SquallModel
import SquallStore
import XCTest

/// Workflow snapshots and task instances: saved, replaced, read back from a reopened store,
/// forgotten with the workflow, purged with its execution.
final class WorkflowStateStoreTests: StoreContractTestCase {
    func testStatesAndTasksRoundTripAcrossOpeningsAndReplaceByKey() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "p.flow"), other = makeExecution(action: "p.chain")
            try store.create(workflow)
            try store.create(other)
            let saved = WorkflowStateRecord(executionId: workflow.id, runner: "orquesta", state: ["instances": [1, 2]], updatedAt: date(1_700_000_001.5))
            try store.saveWorkflowState(saved)
            try store.saveWorkflowState(WorkflowStateRecord(executionId: other.id, runner: "action-chain", state: ["next": "a"], updatedAt: date(1_700_000_002)))
            var replaced = saved
            replaced.state = ["instances": [1, 2, 3]]
            try store.saveWorkflowState(replaced)
            try store.saveWorkflowTask(WorkflowTaskRecord(workflowId: workflow.id, key: 1, taskName: "b", executionId: nil, status: .requested))
            try store.saveWorkflowTask(WorkflowTaskRecord(workflowId: workflow.id, key: 0, taskName: "a", executionId: "child0", status: .succeeded))
            try store.saveWorkflowTask(WorkflowTaskRecord(workflowId: workflow.id, key: 1, taskName: "b", executionId: "child1", status: .requested))

            let reopened = try makeStore()
            XCTAssertEqual(try reopened.workflowState(executionId: workflow.id), replaced)
            XCTAssertEqual(try reopened.workflowStates().map(\.executionId), [workflow.id, other.id].sorted())
            XCTAssertEqual(try reopened.workflowTasks(workflowId: workflow.id), [
                WorkflowTaskRecord(workflowId: workflow.id, key: 0, taskName: "a", executionId: "child0", status: .succeeded),
                WorkflowTaskRecord(workflowId: workflow.id, key: 1, taskName: "b", executionId: "child1", status: .requested),
            ])
            XCTAssertEqual(try reopened.workflowTasks(workflowId: other.id), [])

            XCTAssertTrue(try reopened.deleteWorkflowState(executionId: workflow.id))
            XCTAssertFalse(try reopened.deleteWorkflowState(executionId: workflow.id))
            XCTAssertNil(try reopened.workflowState(executionId: workflow.id))
            XCTAssertEqual(try reopened.workflowTasks(workflowId: workflow.id), [])
            XCTAssertEqual(try reopened.workflowStates().map(\.executionId), [other.id])
        }
    }

    func testStateOfAnUnknownExecutionIsRefusedAndPurgeTakesStateWithItsExecution() {
        eachImplementation {
            let store = try makeStore()
            XCTAssertThrowsError(try store.saveWorkflowState(WorkflowStateRecord(executionId: "nope", runner: "orquesta", state: [:]))) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .notFound)
            }
            XCTAssertThrowsError(try store.saveWorkflowTask(WorkflowTaskRecord(workflowId: "nope", key: 0, taskName: "a", executionId: nil, status: .requested))) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .notFound)
            }
            var done = makeExecution(status: .succeeded, start: Date(timeIntervalSince1970: 1_000))
            done.endTimestamp = Date(timeIntervalSince1970: 1_001)
            try store.create(done)
            try store.saveWorkflowState(WorkflowStateRecord(executionId: done.id, runner: "orquesta", state: [:]))
            try store.saveWorkflowTask(WorkflowTaskRecord(workflowId: done.id, key: 0, taskName: "a", executionId: nil, status: .failed))
            XCTAssertEqual(try store.purgeExecutions(completedBefore: Date(timeIntervalSince1970: 2_000)), 1)
            XCTAssertNil(try store.workflowState(executionId: done.id))
            XCTAssertEqual(try store.workflowTasks(workflowId: done.id), [])
        }
    }

    func testAbandonOrphansLeavesAWorkflowWithSavedStateForAServerToResume() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "p.chain", supervisorPid: 999_999), task = makeExecution(supervisorPid: 999_999)
            try store.create(workflow)
            try store.create(task)
            try store.saveWorkflowState(WorkflowStateRecord(executionId: workflow.id, runner: "action-chain", state: [:]))
            XCTAssertEqual(try store.abandonOrphans(isSupervisorAlive: { _, _ in false }), [task.id])
            XCTAssertEqual(try store.execution(id: workflow.id)?.status, .running)
        }
    }

    func testStateAndTasksSavedTogetherOrNotAtAll() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "p.flow")
            try store.create(workflow)
            let task = WorkflowTaskRecord(workflowId: workflow.id, key: 3, taskName: "t", executionId: "c", status: .succeeded)
            try store.saveWorkflowState(WorkflowStateRecord(executionId: workflow.id, runner: "orquesta", state: ["n": 1]), tasks: [task])
            XCTAssertEqual(try store.workflowTasks(workflowId: workflow.id), [task])
            XCTAssertEqual(try store.workflowState(executionId: workflow.id)?.state, ["n": 1])
            let stray = WorkflowTaskRecord(workflowId: "nope", key: 0, taskName: "t", executionId: nil, status: .failed)
            XCTAssertThrowsError(try store.saveWorkflowState(WorkflowStateRecord(executionId: "nope", runner: "orquesta", state: [:]), tasks: [stray]))
            XCTAssertEqual(try store.workflowTasks(workflowId: "nope"), [])
        }
    }
}
