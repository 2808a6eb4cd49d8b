import Foundation
import SquallModel
import SquallStore
import XCTest

/// st2's `parent=null`: only executions that are no workflow's task, counted the same way.
final class TopLevelQueryTests: StoreContractTestCase {
    func testTopLevelOnlyLeavesOutChildrenInListsAndCounts() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "pk.flow", start: date(1_700_000_001))
            var child = makeExecution(action: "core.echo", start: date(1_700_000_002))
            child.context = ["user": "alice", "parent": ["execution_id": .string(workflow.id)]]
            let plain = makeExecution(action: "core.local", start: date(1_700_000_003))
            for execution in [workflow, child, plain] { try store.create(execution) }
            var query = ExecutionQuery()
            query.topLevelOnly = true
            XCTAssertEqual(try store.executions(matching: query).map(\.id), [plain.id, workflow.id])
            XCTAssertEqual(try store.countExecutions(matching: query), 2)
            XCTAssertEqual(try store.executions(matching: query).map(\.id), [plain, child, workflow].filter(query.matches).map(\.id))
            XCTAssertEqual(try store.executions(matching: ExecutionQuery()).count, 3)
        }
    }
}
