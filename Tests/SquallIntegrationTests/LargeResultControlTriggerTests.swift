import Foundation
import SquallEngine
import SquallModel
import XCTest

/// Issue 15 over the control socket: a `run --async` worker (handoff off) with a server up sends
/// its 40 MiB result's action trigger to the server as the child's text (`fire_text`), so neither
/// builds the result's tree: each grows by at most about twice the result, and the recorded
/// instance's payload holds the child's result. Sent as a value, the worker built the tree, and
/// the 40 MB JSON line was longer than the control socket takes: the instance was never recorded.
final class LargeResultControlTriggerTests: ServerProcessTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try FileManager.default.copyItem(atPath: IntegrationHarness.fixturePacks + "/squall_bench",
                                         toPath: try XCTUnwrap(environment["SQUALL_PACKS_PATH"]) + "/squall_bench")
    }

    func testAWorkerSendsAFortyMegabyteResultsActionTriggerAsTextWithMemoryAboutTwiceItsSize() throws {
        let size = LargeResultMemoryTests.resultBytes
        try withServer { server in
            environment["SQUALL_RUN_VIA_SERVER"] = "false"
            // A tiny one first: the server's queue, store statements and rules worker are up.
            let tiny = try squall(["run", "squall_bench.large_result", "size=1000"])
            XCTAssertEqual(tiny.status, 0, tiny.stderr)
            _ = try actionTriggerInstance(of: try executionId(tiny.stdout))
            let serverBefore = try XCTUnwrap(ProcessPeakMemory.kilobytes(server.processIdentifier))

            let started = try squall(["run", "--async", "--json", "squall_bench.large_result", "size=\(size)"])
            XCTAssertEqual(started.status, 0, started.stderr)
            let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
            var worker: Int32?
            try eventually("the worker runs it") {
                guard let record = try engine.store.execution(id: id), record.status != .requested else { return false }
                worker = record.supervisorPid
                return true
            }
            let pid = try XCTUnwrap(worker)
            XCTAssertNotEqual(pid, server.processIdentifier, "the worker ran it, not the server")
            var workerFirst: Int?, workerLast = 0
            // VmHWM only grows, and the status file loses it once the worker has exited.
            while let kilobytes = ProcessPeakMemory.kilobytes(pid) {
                workerFirst = workerFirst ?? kilobytes
                workerLast = kilobytes
                usleep(2_000)
            }
            let first = try XCTUnwrap(workerFirst, "the worker was seen running")
            print("run --async worker sending a \(size >> 20) MiB result's action trigger: VmHWM \(first) -> \(workerLast) kB")
            XCTAssertLessThanOrEqual((workerLast - first) * 1024, size * 2,
                                     "the worker peaked at \(workerLast) kB, from \(first) kB")
            let instance = try actionTriggerInstance(of: id)
            let serverAfter = try XCTUnwrap(ProcessPeakMemory.kilobytes(server.processIdentifier))
            print("squall server taking it: VmHWM \(serverBefore) -> \(serverAfter) kB")
            XCTAssertLessThanOrEqual((serverAfter - serverBefore) * 1024, size * 2,
                                     "the server peaked at \(serverAfter) kB, from \(serverBefore) kB")

            try assertActionTriggerHoldsLargeResult(instance: instance, of: id, size: size, environment: environment)
        }
    }

    /// Bad `fire_text` requests get a one-line refusal naming the field, and the server goes on.
    func testABadFireTextRequestIsRefusedAndTheServerGoesOn() throws {
        let exchange = """
            import json, socket, sys
            def ask(line, raw=b""):
                s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(line.encode() + b"\\n")
                f = s.makefile("rb"); answer = json.loads(f.readline())
                if answer.get("send"): s.sendall(raw); answer = json.loads(f.readline())
                s.close(); return answer.get("error", "ok")
            base = {"op": "fire_text", "trigger": "core.st2.generic.actiontrigger", "payload": {"execution_id": "x"}}
            print(ask(json.dumps(dict(base, result_text_bytes=-1))))
            print(ask(json.dumps(dict(base, trigger="core.st2.webhook", result_text_bytes=2))))
            print(ask(json.dumps(dict(base, payload=[], result_text_bytes=2))))
            print(ask(json.dumps(dict(base, result_text_bytes=5)), b"{oops"))
            print(ask(json.dumps({"op": "ping"})))
            """
        try withServer { _ in
            let asked = try Outcome.run("/usr/bin/python3", ["-c", exchange, harness.dataDirectory + "/control.sock"], environment: [:])
            XCTAssertEqual(asked.status, 0, asked.stderr)
            let lines = asked.stdout.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 5, asked.stdout)
            guard lines.count == 5 else { return }
            XCTAssertTrue(lines[0].contains("\"result_text_bytes\" must be a size"), lines[0])
            XCTAssertTrue(lines[1].contains("\"trigger\" must be core.st2.generic.actiontrigger"), lines[1])
            XCTAssertTrue(lines[2].contains("\"payload\" must be a JSON object"), lines[2])
            XCTAssertTrue(lines[3].hasPrefix("fire_text: the result is not JSON"), lines[3])
            XCTAssertEqual(lines[4], "ok", "the server still answers")
        }
    }
}
