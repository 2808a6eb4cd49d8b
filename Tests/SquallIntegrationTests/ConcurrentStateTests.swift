import Foundation
import SquallModel
import SquallSQLiteStore
import SquallStore
import XCTest

/// Real `squall` processes changing the same executions at once (cancels, supervisors, a server):
/// afterwards every execution is completed, a succeeded one has its result, a canceled one says
/// so, and nothing follows a completed status in its log. Each change is one store transaction
/// (`ExecutionStore.update(id:_:)`); a read and a write in two transactions lost some of these.
final class ConcurrentStateTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    /// Cancels landing at varying moments of short runs: before they start, while they run, as
    /// they complete, after they completed.
    func testCancelRacingCompletionLeavesEveryExecutionCompletedWithItsResult() throws {
        var ids: [String] = []
        var cancels: [Process] = []
        for round in 0..<16 {
            let id = try startAsync("sleep 0.0\(round % 5)")
            ids.append(id)
            usleep(UInt32(round % 4) * 15_000)
            cancels.append(try spawn(["execution", "cancel", id]))
        }
        // Both ends for certain: one run canceled long before it could finish, one canceled after it finished.
        let long = try startAsync("sleep 5")
        cancels.append(try spawn(["execution", "cancel", long]))
        let finished = try startAsync("true")
        try eventually("execution \(finished) completed") { try store().execution(id: finished)?.status.isCompleted == true }
        cancels.append(try spawn(["execution", "cancel", finished]))
        for cancel in cancels { cancel.waitUntilExit() }
        let executions = try settled(ids + [long, finished])
        for execution in executions { assertFinal(execution) }
        XCTAssertEqual(executions.first { $0.id == long }?.status, .canceled)
        XCTAssertEqual(executions.first { $0.id == finished }?.status, .succeeded)
    }

    /// Several cancels of one running execution at once, beside its supervisor recording the
    /// child's pid and then the end: no write lost (the child was killed through the recorded pid,
    /// the final record holds the result and ends canceled).
    func testConcurrentCancelsAndTheSupervisorLoseNoWrite() throws {
        var ids: [String] = []
        for round in 0..<4 {
            let id = try startAsync("sleep 3")
            ids.append(id)
            // Round 0 races the start (requested, scheduled, child not yet recorded); later rounds wait for the child.
            if round > 0 {
                try eventually("execution \(id) running its child") {
                    try store().execution(id: id)?.context["child_pid"] != nil
                }
            }
            let cancels = try (0..<4).map { _ in try spawn(["execution", "cancel", id]) }
            for cancel in cancels { cancel.waitUntilExit() }
        }
        for execution in try settled(ids) {
            assertFinal(execution)
            XCTAssertEqual(execution.status, .canceled, execution.id)
            XCTAssertEqual(execution.log.filter { $0.status == .canceling }.count <= 1, true, "\(execution.log.map(\.status))")
            if execution.log.contains(where: { $0.status == .running }) {
                // The child was killed (the sleep did not run out) and the supervisor's result kept.
                XCTAssertNotNil(execution.context["child_pid"], execution.id)
                XCTAssertNotEqual(execution.result?["return_code"], 0, "\(String(describing: execution.result))")
                XCTAssertNotNil(execution.result, execution.id)
            }
        }
    }

    /// A server running a rule's executions and CLI processes running and canceling others (and
    /// the server's) on one data directory.
    func testAServerAndCLIProcessesOnOneDataDirectory() throws {
        let packs = try harness.quietFixturePackCopy()
        try """
            ---
            name: race_timer
            pack: squall_tests
            enabled: true
            trigger:
              type: core.st2.IntervalTimer
              parameters:
                unit: seconds
                delta: 1
            action:
              ref: core.local
              parameters:
                cmd: sleep 0.3
            """.write(toFile: packs + "/squall_tests/rules/race_timer.yaml", atomically: true, encoding: .utf8)
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }

        var cliIds: [String] = []
        var cancels: [Process] = []
        var canceledByRule = Set<String>()
        for round in 0..<8 {
            let id = try startAsync("sleep 0.0\(round % 4)", environment: environment)
            cliIds.append(id)
            cancels.append(try spawn(["execution", "cancel", id], environment: environment))
            // Cancel the server's newest rule execution too, whatever state it is in.
            let ruled = try store().executions(matching: ExecutionQuery(rule: "squall_tests.race_timer", limit: 1))
            if let newest = ruled.first, canceledByRule.insert(newest.id).inserted {
                cancels.append(try spawn(["execution", "cancel", newest.id], environment: environment))
            }
            usleep(UInt32(round % 3) * 100_000)
        }
        try eventually("a rule execution") {
            try store().countExecutions(matching: ExecutionQuery(rule: "squall_tests.race_timer")) >= 2
        }
        if let newest = try store().executions(matching: ExecutionQuery(rule: "squall_tests.race_timer", limit: 1)).first {
            cancels.append(try spawn(["execution", "cancel", newest.id], environment: environment))
        }
        for cancel in cancels { cancel.waitUntilExit() }
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)

        let all = try store().executions(matching: ExecutionQuery(limit: 10_000))
        XCTAssertTrue(Set(cliIds).isSubset(of: Set(all.map(\.id))))
        for execution in try settled(all.map(\.id)) { assertFinal(execution) }
    }

    // MARK: - Helpers

    /// The data directory's store, read directly: opening an engine would abandon what is left
    /// unfinished, hiding exactly what these tests look for.
    private func store() throws -> SQLiteStore { try SQLiteStore(path: harness.settings.databasePath) }

    /// `squall run core.local cmd=<cmd> --async`: the id of the execution a worker process runs.
    private func startAsync(_ cmd: String, environment: [String: String]? = nil) throws -> String {
        let outcome = try harness.squall(["run", "core.local", "cmd=\(cmd)", "--async", "--json"], environment: environment)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return try XCTUnwrap(try JSONValue.parse(outcome.stdout)["id"]?.stringValue, outcome.stdout)
    }

    /// Starts `squall <arguments>` without waiting for it.
    private func spawn(_ arguments: [String], environment: [String: String]? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = arguments
        process.environment = environment ?? harness.commandLineEnvironment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The executions once each is completed or its supervisor has exited (then it stays as it is).
    private func settled(_ ids: [String]) throws -> [Execution] {
        var records: [Execution] = []
        try eventually("every execution completed or its supervisor gone") {
            records = try ids.map { id in try XCTUnwrap(try store().execution(id: id), id) }
            return records.allSatisfy { record in
                record.status.isCompleted
                    || !(record.supervisorPid.map { ProcessLiveness.isAlive(pid: $0, startTime: record.supervisorStartTime) } ?? false)
            }
        }
        return records
    }

    private func assertFinal(_ execution: Execution, file: StaticString = #filePath, line: UInt = #line) {
        let statuses = execution.log.map(\.status)
        XCTAssertTrue(execution.status == .succeeded || execution.status == .canceled,
                      "\(execution.id) ended \(execution.status.rawValue): \(statuses)", file: file, line: line)
        XCTAssertEqual(statuses.last, execution.status, "\(statuses)", file: file, line: line)
        XCTAssertEqual(statuses.firstIndex(where: \.isCompleted), statuses.count - 1,
                       "nothing follows a completed status: \(statuses)", file: file, line: line)
        XCTAssertNotNil(execution.endTimestamp, execution.id, file: file, line: line)
        if execution.status == .succeeded {
            XCTAssertEqual(execution.result?["return_code"], 0, "\(String(describing: execution.result))", file: file, line: line)
        }
    }
}
