import Foundation
import SquallModel
import SquallStore
import XCTest

/// Lists in two reads (ExecutionPageStore): the stamps follow `executions(matching:)` exactly,
/// and `executions(ids:)` gives the records asked for, with or without results.
final class ExecutionPageStoreTests: StoreContractTestCase {
    func testStampsFollowTheQuerysPageAndRecordsComeByID() {
        eachImplementation {
            let store = try makeStore()
            var executions: [Execution] = []
            for index in 0..<7 {
                var execution = makeExecution(action: index % 2 == 0 ? "pk.even" : "pk.odd", start: date(1_700_000_000 + Double(index)))
                if index < 4 {
                    execution.status = .succeeded
                    execution.endTimestamp = date(1_700_000_100 + Double(index))
                    execution.result = ["stdout": .string("out \(index)")]
                }
                try store.create(execution)
                executions.append(execution)
            }
            for query in [ExecutionQuery(limit: 3), ExecutionQuery(limit: 3, offset: 2), ExecutionQuery(action: "pk.even", limit: 10),
                          ExecutionQuery(status: .succeeded, limit: 2)] {
                let expected = try store.executions(matching: query)
                let stamps = try store.executionStamps(matching: query)
                XCTAssertEqual(stamps.map(\.id), expected.map(\.id))
                XCTAssertEqual(stamps.map(\.status), expected.map(\.status))
                XCTAssertEqual(stamps.map(\.endTimestamp), expected.map(\.endTimestamp))
            }
            XCTAssertEqual(try store.executionStamps(matching: ExecutionQuery(limit: 1)).first?.status, .running)

            let wanted = [executions[1].id, executions[5].id, "no-such-execution"]
            let withResults = try store.executions(ids: wanted, includeResults: true).sorted { $0.id < $1.id }
            XCTAssertEqual(withResults, [executions[1], executions[5]].sorted { $0.id < $1.id })
            let withoutResults = try store.executions(ids: wanted, includeResults: false)
            XCTAssertEqual(Set(withoutResults.map(\.id)), [executions[1].id, executions[5].id])
            XCTAssertTrue(withoutResults.allSatisfy { $0.result == nil })
            XCTAssertEqual(try store.executions(ids: [], includeResults: true), [])
        }
    }

    /// The change version moves with every commit, by this connection or another (as another
    /// process's would), and not with reads: the HTTP API serves a page again while it holds.
    func testChangeVersionMovesWithEveryCommitFromAnyConnectionAndOnlyThen() {
        eachImplementation {
            let store = try makeStore(), other = try makeStore()
            var execution = makeExecution()
            try store.create(execution)
            let created = try XCTUnwrap(try store.changeVersion())
            _ = try store.executions(matching: ExecutionQuery(limit: 10))
            _ = try other.executionStamps(matching: ExecutionQuery(limit: 10))
            XCTAssertEqual(try store.changeVersion(), created, "a read moved it")

            try other.create(makeExecution())
            let otherCreated = try XCTUnwrap(try store.changeVersion())
            XCTAssertNotEqual(otherCreated, created, "another connection's commit did not move it")

            execution.status = .succeeded
            execution.endTimestamp = date(1_700_000_100)
            try store.update(execution)
            let updated = try XCTUnwrap(try store.changeVersion())
            XCTAssertNotEqual(updated, otherCreated, "this connection's own commit did not move it")
            XCTAssertEqual(try store.changeVersion(), updated)
        }
    }
}
