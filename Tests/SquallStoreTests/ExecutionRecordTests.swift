import Foundation
import SquallModel
import SquallStore
import XCTest

final class ExecutionRecordTests: StoreContractTestCase {
    func testCreateThenReadReturnsTheSameRecord() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution(supervisorPid: 4242, supervisorStartTime: 987_654_321)
            try store.create(execution)
            XCTAssertEqual(try store.execution(id: execution.id), execution)
            XCTAssertNil(try store.execution(id: "000000000000000000000000"))
        }
    }

    func testIdLookupIsExactNotByPrefix() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            XCTAssertNil(try store.execution(id: String(execution.id.prefix(20))))
        }
    }

    func testDuplicateIdIsRejectedAndTheOriginalKept() {
        eachImplementation {
            let store = try makeStore()
            let original = makeExecution(id: "aaaaaaaaaaaaaaaaaaaaaaaa", action: "core.local")
            try store.create(original)
            let duplicate = makeExecution(id: original.id, action: "core.noop")
            XCTAssertThrowsError(try store.create(duplicate)) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .duplicateID)
            }
            XCTAssertEqual(try store.execution(id: original.id)?.action, "core.local")
        }
    }

    func testUpdateReplacesTheWholeRecord() {
        eachImplementation {
            let store = try makeStore()
            var execution = makeExecution(status: .running)
            try store.create(execution)
            let end = date(1_700_000_005.654321)
            execution.status = .succeeded
            execution.log.append(StatusTransition(status: .succeeded, timestamp: end))
            execution.endTimestamp = end
            execution.result = ["stdout": "hi", "return_code": 0]
            execution.parameters = [:]
            execution.supervisorPid = 17
            try store.update(execution)
            XCTAssertEqual(try store.execution(id: execution.id), execution)
        }
    }

    func testUpdateOfAMissingExecutionFails() {
        eachImplementation {
            let store = try makeStore()
            XCTAssertThrowsError(try store.update(makeExecution())) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .notFound)
            }
        }
    }

    func testJSONColumnsRoundTripNestedValuesAndUnicode() {
        eachImplementation {
            let store = try makeStore()
            var execution = makeExecution()
            execution.parameters = [
                "cmd": "echo 'héllo wörld' \"quoted\" \\ back\nslash\ttab",
                "nested": ["list": [1, 2.5, true, nil, "日本語 🌩"], "empty": [:], "none": []],
                "negative": -42, "big": .int(Int.max),
            ]
            execution.context = ["user": "stänley", "parent": ["execution_id": "x", "chain": ["a", ["b": false]]]]
            execution.result = .array(["ünïcode", ["deep": ["deeper": ["deepest": "✓"]]], .null, -0.25])
            try store.create(execution)
            let stored = try XCTUnwrap(try store.execution(id: execution.id))
            XCTAssertEqual(stored.parameters, execution.parameters)
            XCTAssertEqual(stored.context, execution.context)
            XCTAssertEqual(stored.result, execution.result)
        }
    }

    func testScalarAndNullResultsStayDistinctFromNoResult() {
        eachImplementation {
            let store = try makeStore()
            let withNull = { () -> Execution in var e = self.makeExecution(); e.result = .null; return e }()
            let withString = { () -> Execution in var e = self.makeExecution(); e.result = "done"; return e }()
            let without = makeExecution()
            for execution in [withNull, withString, without] { try store.create(execution) }
            XCTAssertEqual(try store.execution(id: withNull.id)?.result, .some(.null))
            XCTAssertEqual(try store.execution(id: withString.id)?.result, "done")
            XCTAssertNil(try XCTUnwrap(try store.execution(id: without.id)).result)
        }
    }

    func testTimestampsRoundTripWithMicrosecondPrecision() {
        eachImplementation {
            let store = try makeStore()
            var execution = makeExecution(start: date(1_712_345_678.000001))
            execution.endTimestamp = date(1_712_345_679.999999)
            execution.log = [
                StatusTransition(status: .requested, timestamp: date(1_712_345_678.000001)),
                StatusTransition(status: .running, timestamp: date(1_712_345_678.500123)),
                StatusTransition(status: .succeeded, timestamp: date(1_712_345_679.999999)),
            ]
            try store.create(execution)
            let stored = try XCTUnwrap(try store.execution(id: execution.id))
            XCTAssertEqual(micros(stored.startTimestamp), 1_712_345_678_000_001)
            XCTAssertEqual(micros(stored.endTimestamp), 1_712_345_679_999_999)
            XCTAssertEqual(stored.log.map { micros($0.timestamp) }, execution.log.map { micros($0.timestamp) })
            XCTAssertEqual(stored.log.map(\.status), [.requested, .running, .succeeded])
        }
    }

    func testListIsNewestFirstAndHonoursLimit() {
        eachImplementation {
            let store = try makeStore()
            let starts = [5.0, 1.0, 3.0, 4.0, 2.0].map { date(1_700_000_000 + $0) }
            for start in starts { try store.create(makeExecution(start: start)) }
            let all = try store.executions(limit: 100, action: nil, status: nil)
            XCTAssertEqual(all.map { micros($0.startTimestamp) }, [5.0, 4.0, 3.0, 2.0, 1.0].map { micros(date(1_700_000_000 + $0)) })
            let firstTwo = try store.executions(limit: 2, action: nil, status: nil)
            XCTAssertEqual(firstTwo.map(\.id), Array(all.prefix(2)).map(\.id))
            XCTAssertEqual(try store.executions(limit: 0, action: nil, status: nil), [])
        }
    }

    func testListFiltersByActionAndStatus() {
        eachImplementation {
            let store = try makeStore()
            let a1 = makeExecution(action: "core.local", status: .succeeded, start: date(1_700_000_001))
            let a2 = makeExecution(action: "core.local", status: .failed, start: date(1_700_000_002))
            let b1 = makeExecution(action: "core.noop", status: .succeeded, start: date(1_700_000_003))
            for execution in [a1, a2, b1] { try store.create(execution) }
            XCTAssertEqual(try store.executions(limit: 10, action: "core.local", status: nil).map(\.id), [a2.id, a1.id])
            XCTAssertEqual(try store.executions(limit: 10, action: nil, status: .succeeded).map(\.id), [b1.id, a1.id])
            XCTAssertEqual(try store.executions(limit: 10, action: "core.local", status: .succeeded).map(\.id), [a1.id])
            XCTAssertEqual(try store.executions(limit: 10, action: "core.missing", status: nil), [])
        }
    }

    func testQueryFiltersOnContextFieldsTimesAndPages() {
        eachImplementation {
            let store = try makeStore()
            var child = makeExecution(action: "core.echo", start: date(1_700_000_001))
            child.context = ["user": "alice", "parent": ["execution_id": "P1"]]
            var ruled = makeExecution(action: "core.echo", start: date(1_700_000_002))
            ruled.context = ["user": "bob", "rule": ["ref": "pk.r1"], "trigger_instance": ["id": "T1"]]
            let plain = makeExecution(action: "core.local", start: date(1_700_000_003))
            for execution in [child, ruled, plain] { try store.create(execution) }
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(user: "alice")).map(\.id), [child.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(parent: "P1")).map(\.id), [child.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(rule: "pk.r1")).map(\.id), [ruled.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(triggerInstance: "T1")).map(\.id), [ruled.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(startedAfter: date(1_700_000_001))).map(\.id), [plain.id, ruled.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(startedBefore: date(1_700_000_003))).map(\.id), [ruled.id, child.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(limit: 1, offset: 1)).map(\.id), [ruled.id])
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(limit: 5, offset: 3)), [])
            XCTAssertEqual(try store.countExecutions(matching: ExecutionQuery(action: "core.echo", limit: 1)), 2)
            // The same filters as a store without SQL applies them.
            for query in [ExecutionQuery(user: "bob"), ExecutionQuery(parent: "P1"), ExecutionQuery(action: "core.local")] {
                XCTAssertEqual(try store.executions(matching: query).map(\.id), [plain, ruled, child].filter(query.matches).map(\.id))
            }
        }
    }

    func testRecordsSurviveReopeningTheFile() {
        eachImplementation {
            let execution = makeExecution()
            try makeStore("reopen.sqlite").create(execution)
            XCTAssertEqual(try makeStore("reopen.sqlite").execution(id: execution.id), execution)
        }
    }
}
