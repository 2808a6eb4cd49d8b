import Foundation
import SquallModel
import SquallStore
import XCTest

/// A workflow's task child recorded with the workflow's state in one transaction, the workflow's
/// status read in it, and the status read alone.
final class WorkflowTaskStartStoreTests: StoreContractTestCase {
    func testTheChildAndTheStateAreSavedTogetherAndTheWorkflowStatusComesBack() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "p.flow")
            try store.create(workflow)
            let save = WorkflowStateSave(
                record: WorkflowStateRecord(executionId: workflow.id, runner: "orquesta", state: ["header": 1], updatedAt: date(1_700_000_001)),
                parts: WorkflowStatePartChanges(replacingAll: true, upserted: ["outstanding:0": ["task": "t0"]]),
                tasks: [WorkflowTaskRecord(workflowId: workflow.id, key: 7, taskName: "before", executionId: "c7", status: .succeeded)])
            let child = makeExecution(action: "core.noop", status: .requested)
            XCTAssertEqual(try store.createWorkflowChild(child, of: workflow.id, saving: save), .running)

            let reopened = try makeStore()
            XCTAssertEqual(try reopened.execution(id: child.id), child)
            XCTAssertEqual(try reopened.workflowState(executionId: workflow.id), save.record)
            XCTAssertEqual(try reopened.workflowStateParts(executionId: workflow.id), ["outstanding:0": ["task": "t0"]])
            XCTAssertEqual(try reopened.workflowTasks(workflowId: workflow.id), save.tasks)

            // A cancel marked before the child is recorded is what the recording sees.
            try reopened.update(id: workflow.id) { $0.status = .canceling }
            XCTAssertEqual(try reopened.createWorkflowChild(makeExecution(status: .requested), of: workflow.id, saving: nil), .canceling)
            XCTAssertEqual(try reopened.executionStatus(id: workflow.id), .canceling)
            XCTAssertEqual(try reopened.executionStatus(id: child.id), .requested)
            XCTAssertNil(try reopened.executionStatus(id: "nope"))
        }
    }

    func testAPauseOrCancelAskedForHoldsTheChildBackButNotTheState() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "p.flow")
            try store.create(workflow)
            let held: Set<ExecutionStatus> = [.pausing, .canceling]
            for (number, status) in [ExecutionStatus.pausing, .canceling].enumerated() {
                try store.update(id: workflow.id) { $0.status = status }
                let save = WorkflowStateSave(record: WorkflowStateRecord(executionId: workflow.id, runner: "orquesta", state: ["header": .int(number)]),
                                             parts: WorkflowStatePartChanges(replacingAll: true, upserted: ["outstanding:\(number)": ["task": "t"]]), tasks: [])
                let child = makeExecution(status: .requested)
                XCTAssertEqual(try store.createWorkflowChild(child, of: workflow.id, saving: save, unlessWorkflowIs: held), status)
                XCTAssertNil(try store.execution(id: child.id))
                XCTAssertEqual(try store.workflowState(executionId: workflow.id)?.state, ["header": .int(number)])
                XCTAssertEqual(try store.workflowStateParts(executionId: workflow.id), ["outstanding:\(number)": ["task": "t"]])
            }
            // Running: recorded as before.
            try store.update(id: workflow.id) { $0.status = .running }
            let child = makeExecution(status: .requested)
            XCTAssertEqual(try store.createWorkflowChild(child, of: workflow.id, saving: nil, unlessWorkflowIs: held), .running)
            XCTAssertEqual(try store.execution(id: child.id), child)
        }
    }

    func testNeitherIsSavedWhenEitherIsRefused() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "p.flow")
            try store.create(workflow)
            let first = WorkflowStateSave(record: WorkflowStateRecord(executionId: workflow.id, runner: "orquesta", state: ["header": 1]),
                                          parts: WorkflowStatePartChanges(replacingAll: true, upserted: ["a": 1]), tasks: [])
            let child = makeExecution(status: .requested)
            XCTAssertEqual(try store.createWorkflowChild(child, of: workflow.id, saving: first), .running)

            // The child's id is taken: the state is not saved either.
            var second = first
            second.record.state = ["header": 2]
            second.parts = WorkflowStatePartChanges(upserted: ["b": 2], removed: ["a"])
            XCTAssertThrowsError(try store.createWorkflowChild(child, of: workflow.id, saving: second)) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .duplicateID)
            }
            XCTAssertEqual(try store.workflowState(executionId: workflow.id)?.state, ["header": 1])
            XCTAssertEqual(try store.workflowStateParts(executionId: workflow.id), ["a": 1])

            // The state names no execution: the child is not recorded either.
            let orphan = makeExecution(status: .requested)
            var unknown = second
            unknown.record.executionId = "nope"
            XCTAssertThrowsError(try store.createWorkflowChild(orphan, of: "nope", saving: unknown)) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .notFound)
            }
            XCTAssertNil(try store.execution(id: orphan.id))
        }
    }
}
