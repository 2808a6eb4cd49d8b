import Foundation
import SquallEngine
import SquallModel
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `squall run` when the server on the data directory cannot take the execution (busy, older
/// than the `run` op) or stops answering while it runs: the real CLI, a real server or socket.
final class ServerHandoffFallbackTests: ServerProcessTestCase {
    var socketPath: String { harness.dataDirectory + "/control.sock" }

    func testABusyServerLeavesTheRunToTheCLI() throws {
        try withServer { server in
            // The server serves 16 control connections at once; these hold every one (each answered
            // a ping, so the server counts it; a ping each every second keeps them from idling out).
            let keeping = try HeldConnections(path: socketPath, count: 16)
            defer { keeping.release() }
            XCTAssertTrue(isBusy())
            let local = try squall(["run", "core.local", "cmd=echo myself"])
            XCTAssertEqual(local.status, 0, local.stderr)
            XCTAssertEqual(local.stderr, "")
            XCTAssertTrue(local.stdout.contains("stdout: myself"), local.stdout)
            XCTAssertTrue(isBusy(), "the server stayed busy while the CLI ran it")
            XCTAssertNotEqual(try record(try executionId(local.stdout)).supervisorPid, server.processIdentifier, "the CLI ran it")
        }
    }

    func testAServerThatDoesNotKnowRunLeavesTheRunToTheCLI() throws {
        // What a server from before the `run` op answers to it (Server+Control's unknown-op refusal then).
        let older = try OlderControlServer(path: socketPath,
                                           answer: #"{"error": "unknown op 'run' (fire, reload, ping or status)", "ok": false}"#)
        defer { older.stop() }
        let local = try squall(["run", "core.local", "cmd=echo myself"])
        XCTAssertEqual(local.status, 0, local.stderr)
        XCTAssertEqual(local.stderr, "")
        XCTAssertTrue(local.stdout.contains("stdout: myself"), local.stdout)
        // (then core.local's action trigger goes to the same socket: `fire`, refused too)
        XCTAssertEqual(older.requests.first?["op"], "run", "the CLI asked the server first")
        XCTAssertEqual(try record(try executionId(local.stdout)).status, .succeeded)
    }

    /// A handed-off run reads no pack and opens no store: here the CLI's data directory holds only
    /// a link to the server's socket, and its output is still the record `execution get` shows.
    func testAHandedOffRunOpensNoStore() throws {
        try withServer { server in
            let cliData = harness.dataDirectory + "/cli-data"
            try FileManager.default.createDirectory(atPath: cliData, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: cliData + "/control.sock", withDestinationPath: socketPath)
            var cli = environment
            cli["SQUALL_DATA_DIR"] = cliData
            let handed = try harness.squall(["run", "squall_tests.return_value", #"value={"a": 1}"#, "-j"], environment: cli)
            XCTAssertEqual(handed.status, 0, handed.stderr)
            let id = try XCTUnwrap(try JSONValue.parse(Data(handed.stdout.utf8))["id"]?.stringValue)
            XCTAssertEqual(try record(id).supervisorPid, server.processIdentifier, "the server ran it")
            XCTAssertEqual(handed.stdout, try squall(["execution", "get", id, "-j"]).stdout)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cliData), ["control.sock"], "the CLI created no store")
        }
    }

    /// The server sends the finished record with its last answer, unless it is over 512 KiB (a
    /// 4 MiB result): then the CLI reads it from the store. Either way it prints `execution get`'s record.
    func testARecordTooBigForTheAnswerIsReadFromTheStore() throws {
        try FileManager.default.copyItem(atPath: IntegrationHarness.fixturePacks + "/squall_bench",
                                         toPath: try XCTUnwrap(environment["SQUALL_PACKS_PATH"]) + "/squall_bench")
        try withServer { server in
            for (action, big) in [("squall_bench.large_result", true), ("squall_tests.return_value", false)] {
                let handed = try squall(["run", action, "-j"])
                XCTAssertEqual(handed.status, 0, handed.stderr)
                XCTAssertGreaterThan(handed.stdout.utf8.count, big ? 4 << 20 : 100)
                let id = try XCTUnwrap(try JSONValue.parse(Data(handed.stdout.utf8))["id"]?.stringValue)
                XCTAssertEqual(try record(id).supervisorPid, server.processIdentifier, "the server ran it")
                let shown = try squall(["execution", "get", id, "-j"])
                XCTAssertEqual(handed.stdout, shown.stdout)
            }
        }
    }

    /// A SIGSTOPped server sends no heartbeat: the waiting CLI gives up after 10 s of silence with
    /// one line (before, it waited until Ctrl-C); the execution goes on once the server continues.
    func testAFrozenServerDoesNotHoldAWaitingRunForever() throws {
        try withServer { server in
            let (cli, id) = try startSleeperOnTheServer()
            kill(server.processIdentifier, SIGSTOP)
            defer { kill(server.processIdentifier, SIGCONT) }
            // Bounded so that a CLI that does not give up fails the test instead of hanging it.
            try eventually("the CLI giving up on the frozen server") { !cli.process.isRunning }
            if cli.process.isRunning { cli.process.terminate() }
            cli.process.waitUntilExit()
            let stderr = String(decoding: cli.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(cli.process.terminationReason, .exit)
            XCTAssertEqual(cli.process.terminationStatus, 1)
            XCTAssertEqual(stderr, "error: the squall server gave no sign of life for 10 s while execution \(id) ran; "
                                   + "stopped waiting (squall execution get \(id) shows how it ends)\n")
        }
    }

    /// True when the server turns a new control connection away as busy.
    func isBusy() -> Bool {
        do {
            _ = try ControlClient(dataDirectory: harness.dataDirectory, timeout: 10).send(["op": "ping"])
            return false
        } catch {
            return "\(error)".hasPrefix("busy:")
        }
    }
}

/// Control connections the server serves, kept open, each sending a ping every second until released.
private final class HeldConnections: @unchecked Sendable {
    private var fds: [Int32] = []
    private let done = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Returns once `count` connections each got a ping answered (one turned away as busy, while
    /// the server had not yet let go of an earlier client's connection, is opened again).
    init(path: String, count: Int) throws {
        let deadline = Date().addingTimeInterval(60)
        while fds.count < count {
            guard Date() < deadline else { throw POSIXError(.ETIMEDOUT) }
            let fd = try connectUnix(path)
            if Self.ping(fd)?["ok"] == true { fds.append(fd) } else { close(fd); usleep(50_000) }
        }
        Thread.detachNewThread { [self] in
            repeat {
                for fd in fds { _ = Self.ping(fd) }
            } while done.wait(timeout: .now() + 1) == .timedOut
            stopped.signal()
        }
    }

    /// Sends a ping and reads its one-line answer.
    private static func ping(_ fd: Int32) -> JSONValue? {
        _ = "{\"op\": \"ping\"}\n".withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        var line = Data()
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        return try? JSONValue.parse(line)
    }

    func release() {
        done.signal()
        stopped.wait()
        for fd in fds { close(fd) }
    }
}

/// A unix socket at `path` that answers every request line with `answer`, as a squall server
/// from before the `run` op did, and keeps the requests it got.
private final class OlderControlServer: @unchecked Sendable {
    private let listener: Int32
    private let lock = NSLock()
    private var received: [JSONValue] = []

    var requests: [JSONValue] { lock.withLock { received } }

    init(path: String, answer: String) throws {
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = unixAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        Thread.detachNewThread { [self] in
            while true {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { return }
                var line = Data()
                var byte: UInt8 = 0
                while recv(fd, &byte, 1, 0) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
                if let request = try? JSONValue.parse(line) { lock.withLock { received.append(request) } }
                _ = (answer + "\n").withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(fd)
            }
        }
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }
}

private func unixAddress(_ path: String) -> sockaddr_un {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        let bytes = Array(path.utf8)
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    return address
}

private func connectUnix(_ path: String) throws -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = unixAddress(path)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    // A server that never answers fails the test instead of hanging it.
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    return fd
}
