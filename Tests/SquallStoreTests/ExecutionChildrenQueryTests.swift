import Foundation
import SquallModel
import SquallStore
import XCTest

/// A workflow's children (`ExecutionQuery.parent`): only its direct children, newest first, as
/// st2's `children` field and `/executions/{id}/children` need them.
final class ExecutionChildrenQueryTests: StoreContractTestCase {
    func testParentFindsOnlyDirectChildrenNewestFirst() {
        eachImplementation {
            let store = try makeStore()
            let workflow = makeExecution(action: "pk.flow", start: date(1_700_000_001))
            let other = makeExecution(action: "pk.flow", start: date(1_700_000_002))
            func child(of parent: Execution, at second: Double) -> Execution {
                var child = makeExecution(action: "core.echo", start: date(second))
                child.context = ["user": "alice", "parent": ["execution_id": .string(parent.id)]]
                return child
            }
            let first = child(of: workflow, at: 1_700_000_003), second = child(of: workflow, at: 1_700_000_005)
            let grandchild = child(of: first, at: 1_700_000_004)
            let otherChild = child(of: other, at: 1_700_000_006)
            for execution in [workflow, other, first, second, grandchild, otherChild] { try store.create(execution) }

            XCTAssertEqual(try store.executions(matching: ExecutionQuery(parent: workflow.id)).map(\.id), [second.id, first.id])
            XCTAssertEqual(try store.countExecutions(matching: ExecutionQuery(parent: workflow.id)), 2)
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(parent: first.id)).map(\.id), [grandchild.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(parent: second.id)).map(\.id), [])
            // A child that moves to another parent (an update of its context) is found under the new one.
            var moved = second
            moved.context["parent"] = ["execution_id": .string(other.id)]
            try store.update(moved)
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(parent: workflow.id)).map(\.id), [first.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(parent: other.id)).map(\.id), [otherChild.id, second.id])
        }
    }
}

/// The SQLite store answers the children query from an index (v9-execution-parent-index), not by
/// scanning every execution once per workflow on a list page.
final class ExecutionChildrenIndexTests: SQLiteTestCase {
    func testTheChildrenQueryUsesTheParentIndexWithoutASort() throws {
        let path = directory.appendingPathComponent("db/squall.sqlite").path
        let store = try makeSQLiteStore()
        try store.create(makeExecution())
        // The store's own filter and order (SQLiteStore.whereClause, executions(matching:)).
        let plan = try sqlite3(path, """
            EXPLAIN QUERY PLAN SELECT id FROM executions
            WHERE json_extract(context, '$.parent.execution_id') = 'x'
            ORDER BY start_timestamp DESC, id DESC LIMIT 10
            """)
        XCTAssertTrue(plan.contains("USING INDEX executions_by_parent"), plan)
        XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
    }

    private func sqlite3(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
