import Foundation
import SquallEngine
import SquallModel
import XCTest

/// `squall run` (the real CLI binary) with a real `squall server` on the data directory: the
/// execution is handed over the control socket and runs in the server, from its warm host.
final class ServerHandoffTests: ServerProcessTestCase {

    /// Executions the server's warm hosts have forked.
    func warmServed() throws -> Int {
        let status = try ControlClient(dataDirectory: harness.dataDirectory).send(["op": "status"])["status"]
        return status?["warm_hosts"]?.arrayValue?.compactMap { $0["executions_served"]?.intValue }.reduce(0, +) ?? 0
    }

    /// `squall run` output without what differs between two runs (id, times).
    func comparable(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("id: ") && !$0.hasPrefix("start_timestamp: ") && !$0.hasPrefix("end_timestamp: ") }
            .map { $0.replacingOccurrences(of: #" \([0-9.]+s elapsed\)"#, with: "", options: .regularExpression) }
    }

    func auditLines(for id: String) throws -> [JSONValue] {
        let text = (try? String(contentsOfFile: harness.dataDirectory + "/audit.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
            .filter { $0["detail"]?["execution_id"]?.stringValue == id }
    }

    func testPythonRunIsServedByTheWarmHostAndMatchesALocalRun() throws {
        let arguments = ["run", "squall_tests.return_value", #"value={"a": [1, 2]}"#]
        let local = try squall(arguments)
        XCTAssertEqual(local.status, 0, local.stderr)
        try withServer { server in
            XCTAssertEqual(try warmServed(), 0)
            let handed = try squall(arguments)
            XCTAssertEqual(handed.status, 0, handed.stderr)
            XCTAssertEqual(handed.stderr, local.stderr)
            XCTAssertEqual(comparable(handed.stdout), comparable(local.stdout))
            XCTAssertEqual(try warmServed(), 1, "the server's warm host forked the execution")
            let id = try executionId(handed.stdout)
            XCTAssertEqual(try record(id).supervisorPid, server.processIdentifier, "the server ran it")
            let localRecord = try record(try executionId(local.stdout))
            let handedRecord = try record(id)
            XCTAssertEqual(handedRecord.result, localRecord.result)
            XCTAssertEqual(handedRecord.parameters, localRecord.parameters)
            XCTAssertEqual(handedRecord.context["user"], localRecord.context["user"])
            XCTAssertEqual(handedRecord.log.map(\.status), localRecord.log.map(\.status))
            // The actor is the unix user the kernel names for the connection, as a local run's.
            let audit = try auditLines(for: id)
            XCTAssertEqual(audit.map { $0["actor"] }, try auditLines(for: localRecord.id).map { $0["actor"] })
            XCTAssertEqual(audit.first?["action"], "execution.run")
        }
    }

    func testJSONOutputAndAFailedActionsExitCodeAreALocalRuns() throws {
        let arguments = ["run", "squall_tests.exits", "code=3", "-j"]
        let local = try squall(arguments)
        try withServer { server in
            let handed = try squall(arguments)
            XCTAssertEqual(handed.status, local.status)
            XCTAssertEqual(handed.status, 1)
            let id = try XCTUnwrap(try JSONValue.parse(Data(handed.stdout.utf8))["id"]?.stringValue)
            XCTAssertEqual(try record(id).supervisorPid, server.processIdentifier)
            XCTAssertEqual(try JSONValue.parse(Data(handed.stdout.utf8))["result"], try JSONValue.parse(Data(local.stdout.utf8))["result"])
        }
    }

    func testAsyncAnswersWithTheIdOnceRecorded() throws {
        try withServer { server in
            let started = try squall(["run", "-a", "squall_tests.sleeper", "seconds=60"])
            XCTAssertEqual(started.status, 0, started.stderr)
            XCTAssertTrue(started.stdout.hasPrefix("To get the results, execute:\n squall execution get "), started.stdout)
            let id = try executionId(started.stdout)
            XCTAssertEqual(try record(id).supervisorPid, server.processIdentifier, "the server runs it, no worker process")
            XCTAssertFalse(try record(id).status.isCompleted, "the command did not wait for the action")
            try eventually("running on the server") { try record(id).status == .running }
            XCTAssertEqual(try squall(["execution", "cancel", id]).status, 0)
            try eventually("canceled") { try record(id).status == .canceled }
        }
    }

    func testInterruptWhileWaitingCancelsTheExecutionOnTheServer() throws {
        try withServer { _ in
            for signal in [SIGINT, SIGTERM] {
                let (cli, id) = try startSleeperOnTheServer()
                kill(cli.process.processIdentifier, signal)
                cli.process.waitUntilExit()
                XCTAssertEqual(cli.process.terminationReason, .uncaughtSignal, "ended by the signal, as a local run")
                XCTAssertEqual(cli.process.terminationStatus, signal)
                XCTAssertEqual(try record(id).status, .canceled, "recorded before the CLI ended")
            }
        }
    }

    func testAParameterErrorIsTheLocalRunsLineAndRecordsNothing() throws {
        let arguments = ["run", "squall_tests.args", "second=many"]
        let local = try squall(arguments)
        XCTAssertEqual(local.status, 2)
        let unknown = try squall(["run", "squall_tests.nonesuch"])
        XCTAssertEqual(unknown.status, 2)
        try withServer { _ in
            let handed = try squall(arguments)
            XCTAssertEqual(handed.status, 2)
            XCTAssertEqual(handed.stderr, local.stderr)
            let handedUnknown = try squall(["run", "squall_tests.nonesuch"])
            XCTAssertEqual(handedUnknown.status, unknown.status)
            XCTAssertEqual(handedUnknown.stderr, unknown.stderr)
        }
        XCTAssertEqual(try executions(of: "squall_tests.args"), [])
    }

    func testShellActionsGoThroughTheServerToo() throws {
        try withServer { server in
            let handed = try squall(["run", "core.local", "cmd=echo handed over"])
            XCTAssertEqual(handed.status, 0, handed.stderr)
            XCTAssertTrue(handed.stdout.contains("stdout: handed over"), handed.stdout)
            XCTAssertEqual(try record(try executionId(handed.stdout)).supervisorPid, server.processIdentifier)
        }
    }

    func testWithoutAServerOrWithHandoffOffTheCLIRunsItItself() throws {
        let alone = try squall(["run", "core.local", "cmd=echo alone"])
        XCTAssertEqual(alone.status, 0, alone.stderr)
        XCTAssertEqual(alone.stderr, "")
        try withServer { server in
            environment["SQUALL_RUN_VIA_SERVER"] = "false"
            let off = try squall(["run", "core.local", "cmd=echo off"])
            XCTAssertEqual(off.status, 0, off.stderr)
            XCTAssertNotEqual(try record(try executionId(off.stdout)).supervisorPid, server.processIdentifier)
        }
    }

    func testAStoppingServerLeavesTheRunToTheCLI() throws {
        try withServer { server in
            // The server waits for this one within its grace period: it is stopping meanwhile.
            let busy = try startCLI(["run", "squall_tests.sleeper", "seconds=5"])
            try eventually("running on the server") { try executions(of: "squall_tests.sleeper").first?.status == .running }
            server.terminate()
            try eventually("the server stopping: its socket gone") {
                !FileManager.default.fileExists(atPath: harness.dataDirectory + "/control.sock")
            }
            XCTAssertTrue(server.isRunning, "still within its grace period")
            let local = try squall(["run", "core.local", "cmd=echo myself"])
            XCTAssertEqual(local.status, 0, local.stderr)
            XCTAssertEqual(local.stderr, "")
            XCTAssertNotEqual(try record(try executionId(local.stdout)).supervisorPid, server.processIdentifier)
            busy.process.waitUntilExit()
            XCTAssertEqual(busy.process.terminationStatus, 0, "the waiting CLI got its end within the grace period")
        }
    }

    func testTheServerDyingMidExecutionEndsTheCLIWithOneLine() throws {
        try withServer { server in
            let (cli, id) = try startSleeperOnTheServer()
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            cli.process.waitUntilExit()
            let stderr = String(decoding: cli.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(cli.process.terminationStatus, 1)
            XCTAssertEqual(stderr, "error: the squall server stopped before execution \(id) ended; it will be recorded abandoned\n")
            try eventually("abandoned by the sweep") {
                _ = try squall(["execution", "list"])
                return try record(id).status == .abandoned
            }
        }
    }
}
