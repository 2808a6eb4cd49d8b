import Foundation
@testable import SquallEngine
import SquallModel
import XCTest

/// The control socket of a real `squall server` process, reached by real `squall` processes and
/// by raw unix-socket connections from this process (and from another uid through setpriv).
final class ControlChannelTests: ServerProcessTestCase {
    var socketPath: String { harness.dataDirectory + "/control.sock" }

    func status() throws -> JSONValue {
        try ControlClient(dataDirectory: harness.dataDirectory).send(["op": "status"])
    }

    func echoed(_ message: String) throws -> Bool {
        try executions(of: "core.echo").contains { $0.resultObject["stdout"]?.stringValue == "manual: " + message }
    }

    func testFireReachesTheServerAtOnceWithTheInstanceId() throws {
        try withServer { _ in
            let fire = try squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "now"}"#])
            XCTAssertEqual(fire.status, 0, fire.stderr)
            // The id comes from the server: it had the instance before the command ended.
            let prefix = "dispatched squall_tests.manual (trigger instance "
            XCTAssertTrue(fire.stdout.hasPrefix(prefix) && fire.stdout.hasSuffix(")\n"), fire.stdout)
            let id = String(fire.stdout.dropFirst(prefix.count).dropLast(2))
            eventually("the instance processed") {
                let record = try? JSONValue.parse(try squall(["trigger-instance", "get", id, "--json"]).stdout)
                return record?["status"] == "processed"
            }
            try eventually("the rule's execution") { try echoed("now") }
        }
    }

    func testRuleDisableAndEnableReachTheRunningServerBeforeTheyReturn() throws {
        try withServer { _ in
            let before = try status()["status"]
            XCTAssertEqual(before?["reloads"], 0)
            let rules = try XCTUnwrap(before?["rules"]?.intValue)

            XCTAssertEqual(try squall(["rule", "disable", "squall_tests.on_manual"]).status, 0)
            let disabled = try status()["status"]
            XCTAssertEqual(disabled?["reloads"], 1, "the reload answer came before the reload was applied")
            XCTAssertEqual(disabled?["rules"]?.intValue, rules - 1)

            XCTAssertEqual(try squall(["rule", "enable", "squall_tests.on_manual"]).status, 0)
            XCTAssertEqual(try status()["status"]?["reloads"], 2)
            XCTAssertEqual(try status()["status"]?["rules"]?.intValue, rules)
            XCTAssertEqual(try squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "enabled"}"#]).status, 0)
            try eventually("the re-enabled rule's execution") { try echoed("enabled") }
        }
    }

    func testTheReloadAnswerComesOnceTheReloadIsApplied() throws {
        try withServer { _ in
            let rules = try XCTUnwrap(try status()["status"]?["rules"]?.intValue)
            // A pack file changed behind the server's back: only a packs reload sees it.
            try FileManager.default.removeItem(atPath: environment["SQUALL_PACKS_PATH"]! + "/squall_tests/rules/on_manual.yaml")
            let answer = try ControlClient(dataDirectory: harness.dataDirectory).send(["op": "reload", "scope": "packs"])
            XCTAssertEqual(answer["reloads"], 1)
            XCTAssertEqual(answer["rules"]?.intValue, rules - 1, "answered before the reload was applied")
        }
    }

    /// A python client run as uid 65534: what it got when connecting and sending a fire request.
    func fireAsAnotherUser(message: String) throws -> String {
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(sys.argv[1])
            except PermissionError:
                print("EACCES"); sys.exit(0)
            try:
                s.sendall(b'{"op": "fire", "trigger": "squall_tests.manual", "payload": {"message": "%s"}}\\n' % sys.argv[2].encode())
            except BrokenPipeError:
                pass  # turned away before the request was read: the answer is still there
            print(s.makefile().readline().strip())
            """
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        client.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", "/usr/bin/python3", "-c", script, socketPath, message]
        let output = Pipe()
        client.standardOutput = output
        try client.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        client.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testAPeerOfAnotherUserIsRefused() throws {
        chmod(harness.dataDirectory, 0o755)
        try withServer { _ in
            // The socket's mode keeps other users out ...
            XCTAssertEqual(try fireAsAnotherUser(message: "intruder"), "EACCES")
            // ... and when an operator loosens it, the server checks the peer's uid itself.
            XCTAssertEqual(chmod(socketPath, 0o666), 0)
            let answer = try JSONValue.parse(try fireAsAnotherUser(message: "intruder"))
            XCTAssertEqual(answer["ok"], false)
            XCTAssertEqual(answer["error"], "refused: the server accepts requests from its own user only")

            // Our own request after it is handled; the refused one never was (the queue is in order).
            XCTAssertEqual(try squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "owner"}"#]).status, 0)
            try eventually("the owner's execution") { try echoed("owner") }
            XCTAssertFalse(try echoed("intruder"))
        }
    }

    func testGarbageAndOversizeLinesGetAnErrorAndTheServerCarriesOn() throws {
        try withServer { _ in
            let connection = try RawConnection(path: socketPath)
            let cases: [(String, String)] = [
                ("not json", "request is not a JSON object on one line"),
                ("[1, 2]", "request is not a JSON object on one line"),
                (#"{"trigger": "x"}"#, #"request has no "op" (fire, reload, ping or status)"#),
                (#"{"op": "launch"}"#, "unknown op 'launch' (fire, reload, ping or status)"),
                (#"{"op": "fire"}"#, #"fire: "trigger" must be a trigger type's ref"#),
                (#"{"op": "fire", "trigger": "squall_tests.manual", "payload": [1]}"#, #"fire: "payload" must be a JSON object"#),
                (#"{"op": "fire", "trigger": "squall_tests.tick", "payload": {"count": "two"}}"#,
                 "trigger 'squall_tests.tick' not dispatched: invalid payload: "),
                (#"{"op": "reload", "scope": "everything"}"#, "reload: unknown scope 'everything' (rules or packs)"),
            ]
            for (request, error) in cases {
                let answer = try connection.ask(request)
                XCTAssertEqual(answer["ok"], false, request)
                XCTAssertTrue(answer["error"]?.stringValue?.hasPrefix(error) == true, "\(request): \(answer)")
            }
            // The same connection still serves a good request.
            XCTAssertEqual(try connection.ask(#"{"op": "ping"}"#)["ok"], true)
            connection.close()

            // A line over the limit: an error, then the server hangs up (it holds no more than the limit).
            let flood = try RawConnection(path: socketPath)
            let answer = try flood.ask(String(repeating: "x", count: ControlSocket.maxLineBytes + 10))
            XCTAssertEqual(answer["error"], .string("request line longer than \(ControlSocket.maxLineBytes) bytes"))
            XCTAssertNil(flood.readLine(), "the connection is closed")
            flood.close()

            // At most 16 connections at once: the next is told so and closed.
            try eventually("only the asking connection open") { try status()["control_connections"] == 1 }
            var open: [RawConnection] = []
            for _ in 0..<16 {
                let connection = try RawConnection(path: socketPath)
                XCTAssertEqual(try connection.ask(#"{"op": "ping"}"#)["ok"], true)
                open.append(connection)
            }
            let extra = try RawConnection(path: socketPath)
            let busy = try XCTUnwrap(extra.readLine())
            XCTAssertTrue(busy.contains("busy: 16 control connections are open"), busy)
            extra.close()
            for connection in open { connection.close() }

            // None of it disturbed the server.
            XCTAssertEqual(try squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "after"}"#]).status, 0)
            try eventually("the execution after the garbage") { try echoed("after") }
        }
    }

    func testWithoutAServerInstancesWaitForTheNextStart() throws {
        let fire = try squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "early"}"#])
        XCTAssertEqual(fire.status, 0, fire.stderr)
        XCTAssertEqual(fire.stdout, "no squall server is running on \(harness.dataDirectory): the squall_tests.manual instance waits for the next start\n")

        let inject = try squall(["run", "core.inject_trigger", "trigger=squall_tests.manual", #"payload={"message": "injected"}"#, "--json"])
        XCTAssertEqual(inject.status, 0, inject.stderr)
        XCTAssertEqual(try JSONValue.parse(inject.stdout)["status"], "succeeded")
        // Rule changes need no server: the next one reads the store.
        XCTAssertEqual(try squall(["rule", "disable", "squall_tests.on_manual"]).status, 0)
        XCTAssertEqual(try squall(["rule", "enable", "squall_tests.on_manual"]).status, 0)
        XCTAssertFalse(try echoed("early"))

        try withServer { _ in
            try eventually("the instance fired before the start") { try echoed("early") }
            try eventually("the instance an action injected before the start") { try echoed("injected") }
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: harness.dataDirectory + "/pending-triggers")
        XCTAssertEqual(kept.filter { $0.hasSuffix(".json") }, [], "the server removes what it dispatched")
    }

    func testAStaleSocketOfAKilledServerIsReplaced() throws {
        let killed = try harness.startServer(environment: environment)
        XCTAssertTrue(killed.isRunning)
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        XCTAssertTrue(FileManager.default.fileExists(atPath: socketPath), "a killed server leaves its socket")
        let fire = try squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "stale"}"#])
        XCTAssertTrue(fire.stdout.hasSuffix("the squall_tests.manual instance waits for the next start\n"), fire.stdout + fire.stderr)

        try withServer { _ in
            XCTAssertEqual(try squall(["trigger", "fire", "squall_tests.manual", "--payload", #"{"message": "fresh"}"#]).status, 0)
            try eventually("the new server's execution") { try echoed("fresh") }
            try eventually("the instance kept while the socket was stale") { try echoed("stale") }
        }
    }

    func testSIGTERMStopsTheServiceCleanly() throws {
        let server = try harness.startServer(environment: environment)
        XCTAssertTrue(server.isRunning)
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: socketPath), "the socket is removed at stop")
        let written = try JSONValue.parse(try String(contentsOfFile: harness.dataDirectory + "/server-status.json", encoding: .utf8))
        XCTAssertEqual(written["sensors"]?.arrayValue?.count, 3)
        XCTAssertTrue(written["sensors"]?.arrayValue?.allSatisfy { $0["state"] == "stopped" } == true, "\(written)")
        // Another server can take the data directory at once.
        try withServer { _ in XCTAssertEqual(try status()["ok"], true) }
    }

    func testASilentOrDrippingPeerIsHungUpOn() throws {
        let path = harness.dataDirectory + "/probe.sock"
        let control = try ControlServer(path: path, limits: .init(idleTimeout: 0.5, maxConnections: 4)) { _ in ["ok": true] }
        control.start()
        defer { control.stop(deadline: .now() + 30) }
        let silent = try RawConnection(path: path)
        XCTAssertNil(silent.readLine(), "closed once no request came in time")
        silent.close()

        // One byte at a time, never a whole line: the line's deadline ends it, not each byte's.
        let drip = try RawConnection(path: path)
        var hungUp = false
        for _ in 0..<200 where !hungUp {
            hungUp = send(drip.fd, "x", 1, Int32(MSG_NOSIGNAL)) < 0
            usleep(50_000)
        }
        XCTAssertTrue(hungUp, "a dripping peer kept its connection")
        drip.close()
        XCTAssertEqual(try RawConnection(path: path).ask(#"{"op": "ping"}"#)["ok"], true)
    }

    func testRequestsAreRefusedUnlessTheServerRuns() throws {
        let server = Server(engine: engine)
        XCTAssertEqual(server.answerControl(["op": "reload"])["error"], "the server is created; request 'reload' refused")
        try server.start()
        XCTAssertEqual(server.lifecycleState, .running)
        XCTAssertEqual(server.answerControl(["op": "ping"])["ok"], true)
        server.stop(grace: 30)
        XCTAssertEqual(server.lifecycleState, .stopped)
        XCTAssertEqual(server.answerControl(["op": "fire", "trigger": "squall_tests.manual"])["error"],
                       "the server is stopped; request 'fire' refused")
        XCTAssertNil(server.reloadUnlessStopping(.rules), "a reload after stop does nothing")
        XCTAssertThrowsError(try server.start(), "a stopped server does not start again")
    }
}

/// A unix stream connection speaking the control protocol by hand, for requests no client would send.
final class RawConnection {
    let fd: Int32
    private var pending: [UInt8] = []

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard let address = ControlSocket.address(path),
              ControlSocket.withSockaddr(address, { connect(fd, $0, $1) }) == 0 else {
            throw EngineError.failure("cannot connect to \(path): \(String(cString: strerror(errno)))")
        }
        ControlSocket.setTimeouts(fd, seconds: 60)
    }

    func ask(_ line: String) throws -> JSONValue {
        _ = ControlSocket.writeLine(fd, line)
        guard let answer = readLine() else { throw EngineError.failure("no answer to \(line.prefix(60))") }
        return try JSONValue.parse(answer)
    }

    /// The next line the server sent, nil once it closed the connection.
    func readLine() -> String? {
        var reader = ControlLineReader(fd: fd)
        guard case .line(let bytes) = reader.next() else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    func close() { Glibc.close(fd) }
}
