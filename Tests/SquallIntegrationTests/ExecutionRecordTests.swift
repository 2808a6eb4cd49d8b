import XCTest
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallStore

final class ExecutionRecordTests: EngineTestCase {
    func testLifecycleIsLoggedAndStored() throws {
        let execution = try harness.run(engine, "core.local", ["cmd": "echo one; echo two >&2; echo three"])
        let stored = try XCTUnwrap(try engine.store.execution(id: execution.id))
        XCTAssertEqual(stored.log.map(\.status), [.requested, .scheduled, .running, .succeeded])
        XCTAssertEqual(stored.status, .succeeded)
        XCTAssertNotNil(stored.endTimestamp)
        XCTAssertEqual(stored.result, execution.result)
        XCTAssertEqual(stored.context["user"], "squall")
        let lines = try engine.store.output(executionId: execution.id, after: nil)
        XCTAssertEqual(lines.filter { $0.stream == .stdout }.map(\.line), ["one", "three"])
        XCTAssertEqual(lines.filter { $0.stream == .stderr }.map(\.line), ["two"])
    }

    func testBadInputIsRefusedAndRecordsNothing() throws {
        let cases: [(String, [String: JSONValue], String)] = [
            ("core.nope", [:], "action 'core.nope' not found"),
            ("core.local", [:], "parameter 'cmd'"),
            ("core.local", ["cmd": "true", "bogus": "1"], "parameter 'bogus'"),
            ("core.echo", ["message": "x", "cmd": "rm -rf /"], "immutable"),
            ("core.pause", ["max_pause": "soon"], "parameter 'max_pause'"),
            ("core.uuid", ["uuid_type": "uuid7"], "parameter 'uuid_type'"),
            ("squall_tests.status_tuple", ["ok": "perhaps"], "parameter 'ok'"),
            ("squall_tests.return_value", ["value": "[1, 2]"], "parameter 'value'"),
            ("squall_tests.disabled", [:], "disabled"),
        ]
        for (action, parameters, expected) in cases {
            XCTAssertThrowsError(try harness.run(engine, action, parameters), action) { error in
                guard case EngineError.badInput(let message) = error else { return XCTFail("\(action): \(error)") }
                XCTAssertTrue(message.contains(expected), "\(action): \(message)")
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
        XCTAssertEqual(try engine.store.executions(limit: 100, action: nil, status: nil).count, 0)
    }

    func testActionThatFailedToLoadIsExplained() throws {
        let packs = harness.dataDirectory + "/broken-packs"
        try FileManager.default.createDirectory(atPath: packs + "/hp/actions", withIntermediateDirectories: true)
        try "name: hp\ndescription: d\nversion: 1.0.0\nauthor: a\n".write(toFile: packs + "/hp/pack.yaml", atomically: true, encoding: .utf8)
        try "name: broken\nrunner_type: nope\n".write(toFile: packs + "/hp/actions/broken.yaml", atomically: true, encoding: .utf8)
        var settings = harness.settings
        settings.packsPath.append(packs)
        XCTAssertThrowsError(try EngineBootstrap.openEngine(settings: settings).run(ExecutionRequest(actionRef: "hp.broken"))) { error in
            XCTAssertTrue("\(error)".contains("broken.yaml: field 'runner_type'"), "\(error)")
        }
    }

    func testMissingRequiredConfigKeyIsBadInputNamingTheFile() throws {
        let harness = try IntegrationHarness(config: "api_url: http://x\n")
        defer { harness.remove() }
        XCTAssertThrowsError(try harness.run(try harness.engine(), "squall_tests.config_reader")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("configs/squall_tests.yaml") && message.contains("token"), message)
        }
    }

    func testSecretParametersAreMaskedInTheRecord() throws {
        let execution = try harness.run(engine, "core.local", ["cmd": "true", "sudo_password": "topsecret"])
        XCTAssertEqual(execution.parameters["sudo_password"], "********")
        let stored = try XCTUnwrap(try engine.store.execution(id: execution.id))
        XCTAssertEqual(stored.parameters["sudo_password"], "********")
        let database = try Data(contentsOf: URL(fileURLWithPath: harness.settings.databasePath))
        XCTAssertNil(database.range(of: Data("topsecret".utf8)))
    }

    func testExecutionOfADeadSupervisorIsAbandonedOnNextStart() throws {
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let now = Date()
        try engine.store.create(Execution(
            id: ExecutionID.generate(), action: "core.local", runner: "local-shell-cmd", parameters: ["cmd": "sleep 100"],
            status: .running, log: [StatusTransition(status: .requested, timestamp: now), StatusTransition(status: .running, timestamp: now)],
            startTimestamp: now, supervisorPid: dead.processIdentifier, supervisorStartTime: 1))
        let running = try harness.run(engine, "core.noop")
        _ = try harness.engine()
        let all = try engine.store.executions(limit: 10, action: nil, status: nil)
        XCTAssertEqual(all.filter { $0.status == .abandoned }.count, 1)
        XCTAssertEqual(all.first { $0.id == running.id }?.status, .succeeded)
        XCTAssertEqual(all.first { $0.status == .abandoned }?.log.last?.status, .abandoned)
    }

    func testCancelARunningExecution() throws {
        let prepared = try engine.prepare(ExecutionRequest(actionRef: "core.local", parameters: ["cmd": "sleep 120"]))
        let recorded = try engine.record(prepared)
        let finished = expectation(description: "execution finished")
        let engine = self.engine!
        nonisolated(unsafe) var final: Execution?
        Thread.detachNewThread {
            final = engine.execute(prepared, recorded: recorded)
            finished.fulfill()
        }
        // Wait until the child runs, then cancel from "another process's" point of view: a new engine.
        let other = try harness.engine()
        for _ in 0..<100 {
            if try other.store.execution(id: recorded.id)?.context["child_pid"] != nil { break }
            usleep(50_000)
        }
        XCTAssertEqual(try other.cancel(id: recorded.id).status, .canceling)
        wait(for: [finished], timeout: 30)
        XCTAssertEqual(final?.status, .canceled)
        XCTAssertEqual(final?.log.map(\.status), [.requested, .scheduled, .running, .canceling, .canceled])
        XCTAssertThrowsError(try other.cancel(id: recorded.id))
    }

    func testCancelARequestedExecutionBeforeItRuns() throws {
        let prepared = try engine.prepare(ExecutionRequest(actionRef: "core.noop"))
        let recorded = try engine.record(prepared)
        XCTAssertEqual(try engine.cancel(id: recorded.id).status, .canceled)
        XCTAssertEqual(engine.execute(prepared, recorded: recorded).status, .canceled)
    }

    func testRerunReusesParametersAndRefusesMaskedSecrets() throws {
        let first = try harness.run(engine, "core.echo", ["message": "again"])
        let request = try engine.rerunRequest(id: first.id, overrides: [:])
        XCTAssertEqual(try engine.run(request).resultObject["stdout"], "again")
        let secret = try harness.run(engine, "squall_tests.secret_param", ["password": "pw"])
        XCTAssertThrowsError(try engine.rerunRequest(id: secret.id, overrides: [:]))
        let again = try engine.run(try engine.rerunRequest(id: secret.id, overrides: ["password": "pw2"]))
        XCTAssertEqual(again.resultObject["result"]?["length"], 3)
    }
}
