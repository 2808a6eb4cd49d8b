import Foundation
import SquallEngine
import SquallModel
import SquallSandbox
import XCTest

/// The facade front ends call (Engine+*.swift), on a real data directory: its answers, and errors
/// that name parameters (never a CLI flag) and change nothing.
final class EngineFacadeTests: EngineTestCase {
    func badInput(_ body: () throws -> Any, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case EngineError.badInput(let message) = error else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(message, expected, file: file, line: line)
        }
    }

    func notFound(_ body: () throws -> Any, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case EngineError.notFound(let message) = error else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(message, expected, file: file, line: line)
        }
    }

    func testExecutionPagesCarryTheTotal() throws {
        let ids = try (0..<3).map { _ in try engine.record(try engine.prepare(ExecutionRequest(actionRef: "core.noop"))).id }
        let first = try engine.executions(ExecutionQuery(limit: 2))
        XCTAssertEqual(first.items.map(\.id), [ids[2], ids[1]])
        XCTAssertEqual(first.total, 3)
        let second = try engine.executions(ExecutionQuery(limit: 2, offset: 2))
        XCTAssertEqual(second.items.map(\.id), [ids[0]])
        XCTAssertEqual(second.total, 3)
        let pastTheEnd = try engine.executions(ExecutionQuery(limit: 2, offset: 5))
        XCTAssertEqual(pastTheEnd.items.count, 0)
        XCTAssertEqual(pastTheEnd.total, 3)
        XCTAssertEqual(try engine.executions(ExecutionQuery(user: "nobody")).total, 0)
        XCTAssertEqual(try engine.executions(ExecutionQuery(status: .requested, limit: 1, offset: 1)).total, 3)
        XCTAssertEqual(try engine.execution(id: ids[1]).id, ids[1])
        notFound({ try engine.execution(id: "ffffffffffffffffffffffff") }, "execution 'ffffffffffffffffffffffff' not found")
        badInput({ try engine.executions(ExecutionQuery(limit: 0)) }, "limit must be at least 1 (got 0)")
        badInput({ try engine.executions(ExecutionQuery(offset: -1)) }, "offset must not be negative (got -1)")
    }

    func testTimeoutErrorNamesTheParameter() throws {
        badInput({ try engine.run(ExecutionRequest(actionRef: "core.noop", timeoutSeconds: 0)) },
                 "timeout must be a positive number of seconds (got 0)")
        XCTAssertEqual(try engine.executions(ExecutionQuery()).total, 0)
    }

    func testKeysBySystemAndUserScope() throws {
        try engine.setKey("colour", value: "grey")
        try engine.setKey("colour", value: "blue", scope: .user("alice"))
        XCTAssertEqual(try engine.key("colour").value, "grey")
        let alices = try engine.key("colour", scope: .user("alice"))
        XCTAssertEqual([alices.name, alices.value, alices.scope], ["colour", "blue", "user"])
        XCTAssertEqual(try engine.keys(scope: .user("alice")).map(\.name), ["colour"])
        XCTAssertEqual(try engine.keys(scope: .user("bob")).map(\.name), [])
        XCTAssertEqual(try engine.keys().map(\.name), ["colour"])
        XCTAssertEqual(try engine.keys(prefix: "col").map(\.value), ["grey"])
        try engine.deleteKey("colour", scope: .user("alice"))
        notFound({ try engine.key("colour", scope: .user("alice")) }, "key 'colour' not found")
        notFound({ try engine.deleteKey("colour", scope: .user("alice")) }, "key 'colour' not found")
        XCTAssertEqual(try engine.key("colour").value, "grey")
        badInput({ try engine.setKey("x", value: "y", ttlSeconds: 0) }, "ttl must be a positive number of seconds (got 0)")
        badInput({ try engine.setKey("", value: "y") }, "key name must not be empty")
        badInput({ try engine.keys(limit: 0) }, "limit must be at least 1 (got 0)")
        XCTAssertEqual(try KeyScope(named: "st2kv.user", user: "carol"), .user("carol"))
        XCTAssertEqual(try KeyScope(named: "system", user: nil), .system)
        badInput({ try KeyScope(named: "user", user: nil) }, "scope 'user' needs a user")
        badInput({ try KeyScope(named: "all", user: nil) }, "scope 'all' is not one of system, user")
    }

    func testRulesThroughOneDoor() throws {
        let document: JSONValue = ["name": "made", "pack": "squall_tests", "enabled": false,
                                   "trigger": ["type": "squall_tests.job"], "action": ["ref": "core.noop"]]
        let created = try engine.createRule(document, source: "request body")
        XCTAssertEqual(created.ref, "squall_tests.made")
        XCTAssertEqual(try engine.rule("squall_tests.made").enabled, false)
        try engine.setRule("squall_tests.made", enabled: true)
        XCTAssertEqual(engine.rules().rule("squall_tests.made")?.enabled, true)
        badInput({ try engine.createRule(document, source: "request body") }, "request body: field 'name': rule 'squall_tests.made' already exists")
        try engine.deleteRule("squall_tests.made")
        notFound({ try engine.rule("squall_tests.made") }, "rule 'squall_tests.made' not found")
    }

    func testRecordsAndPacks() throws {
        notFound({ try engine.triggerInstance(id: "nope") }, "trigger instance 'nope' not found")
        XCTAssertEqual(try engine.triggerInstances(trigger: "squall_tests.job").count, 0)
        badInput({ try engine.ruleEnforcements(limit: 0) }, "limit must be at least 1 (got 0)")
        XCTAssertEqual(try engine.pack("squall_tests").ref, "squall_tests")
        notFound({ try engine.pack("nope") }, "pack 'nope' not found")
        XCTAssertEqual(engine.packs().map(\.ref), engine.packs().map(\.ref).sorted())
        XCTAssertGreaterThan(engine.packContents("squall_tests").actions, 0)
        notFound({ try engine.sensor("squall_tests.Nope") }, "sensor 'squall_tests.Nope' not found")
        XCTAssertNil(engine.sensorStatus("squall_tests.Ticker"))
        XCTAssertEqual(try engine.purge(.executions, olderThan: Date()), 0)
    }

    /// A process that runs one execution gets the launch warm-up from the engine (front ends do not
    /// start it); one that hands the execution to a worker does not; both load only the action (its
    /// ref narrows pack loading to its metadata).
    func testOneExecutionProcessesWarmTheCgroupMoveWhileThePackLoads() throws {
        waitForWarmupToEnd()
        var loaded: String?
        let here = try Engine.forOneExecution(of: "squall_tests.noop_like") { pack in
            loaded = pack
            XCTAssertTrue(CgroupMigrationWarmup.isRunning, "the warm-up runs while the engine opens")
            return try harness.engine()
        }
        XCTAssertEqual(loaded, "squall_tests.noop_like")
        _ = here
        waitForWarmupToEnd()
        _ = try Engine.forOneExecution(of: "core.local", inThisProcess: false) { pack in
            XCTAssertEqual(pack, "core.local")
            XCTAssertFalse(CgroupMigrationWarmup.isRunning, "no warm-up where nothing is launched")
            return try harness.engine()
        }
    }

    private func waitForWarmupToEnd() {
        let until = Date().addingTimeInterval(10)
        while CgroupMigrationWarmup.isRunning, Date() < until { Thread.sleep(forTimeInterval: 0.005) }
        XCTAssertFalse(CgroupMigrationWarmup.isRunning)
    }
}
