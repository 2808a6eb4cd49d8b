import Foundation
import SquallModel
import XCTest

/// st2client inside an action talks to the API of the server running it, with a token of the
/// execution's own that dies when the execution ends (Engine+ActionAPITokens). A real `squall
/// server` with its API, the real st2 client outside and st2client from the st2 runtime layer
/// inside a real Python action. Fixture pack: Tests/Fixtures/st2api.
final class St2ActionAPITests: XCTestCase {
    static let fixturePacks = IntegrationHarness.repositoryRoot + "/Tests/Fixtures/st2api"
    var harness: IntegrationHarness!
    var session: St2Session!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": Self.fixturePacks])
        try session.logIn()
    }

    /// A listener on 127.0.0.1 the fixture action sends its token to (one connection, one line).
    final class TokenSink {
        let process = Process()
        let output = Pipe()
        let port: Int

        init() throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", """
                import socket, sys
                listener = socket.create_server(("127.0.0.1", 0))
                print(listener.getsockname()[1], flush=True)
                connection, _ = listener.accept()
                print(connection.makefile().readline().strip(), flush=True)
                """]
            process.standardOutput = output
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        /// What the action sent (the listener ends after one connection).
        func received() -> String {
            let rest = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: rest, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func stop() { if process.isRunning { process.terminate(); process.waitUntilExit() } }
    }

    override func tearDown() {
        session?.stop()
        harness.remove()
    }

    func testActionsSt2ClientUsesTheServersAPIWithATokenThatEndsWithTheExecution() throws {
        XCTAssertEqual(try session.st2(["key", "set", "probe_key", "v1"]).status, 0)
        let sink = try TokenSink()
        defer { sink.stop() }
        let run = try session.st2(["run", "st2_api_probe.use_client", "sink_port=\(sink.port)", "-j"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let execution = try JSONValue.parse(run.stdout)
        XCTAssertEqual(execution["status"], "succeeded", run.stdout)
        let result = try XCTUnwrap(execution["result"]?["result"], run.stdout)
        let api = session.baseURL + "/api/v1"
        XCTAssertEqual(result["api_url"], .string(api))
        XCTAssertEqual(result["action_api_url"], .string(api))
        XCTAssertEqual(result["same_token"], true)
        XCTAssertEqual(result["client_endpoints"], [.string(api), .string(session.baseURL + "/auth/v1")])
        XCTAssertEqual(result["keys"], ["probe_key"])
        XCTAssertEqual(result["own_status"], "running", "the action read its own execution while it ran")
        XCTAssertEqual(result["own_action"], "st2_api_probe.use_client")

        let token = sink.received()
        XCTAssertEqual(token.count, 64)
        XCTAssertNotEqual(token, session.environment["ST2_AUTH_TOKEN"], "the execution's own token, not alice's")
        let after = try session.http("GET", "/api/v1/keys", headers: ["X-Auth-Token: \(token)"])
        XCTAssertEqual(after.status, 401, "the token ended with the execution: \(after.body)")
        // alice's token still works.
        XCTAssertEqual(try session.http("GET", "/api/v1/keys", headers: ["X-Auth-Token: \(session.environment["ST2_AUTH_TOKEN"]!)"]).status, 200)

        // Nowhere in the records, the audit log or the execution as the API shows it.
        XCTAssertFalse(run.stdout.contains(token))
        let shown = try session.http("GET", "/api/v1/executions/\(execution["id"]?.stringValue ?? "")",
                                     headers: ["X-Auth-Token: \(session.environment["ST2_AUTH_TOKEN"]!)"])
        XCTAssertEqual(shown.status, 200)
        XCTAssertFalse(shown.body.contains(token))
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: harness.dataDirectory))
        for case let relative as String in enumerator where !relative.hasPrefix("runtime")
            && !relative.hasPrefix("virtualenvs") {
            let path = harness.dataDirectory + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            XCTAssertNil(data.range(of: Data(token.utf8)), "the token is in \(relative)")
        }
    }

    /// `squall run` with the server running hands the execution over (run_via_server), so the
    /// action gets the server's API and a token of its own, as an API-started one does.
    func testSquallRunHandedToTheServerGetsTheAPIAndAToken() throws {
        XCTAssertEqual(try session.st2(["key", "set", "probe_key", "v1"]).status, 0)
        let sink = try TokenSink()
        defer { sink.stop() }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = Self.fixturePacks
        let outcome = try harness.squall(["run", "st2_api_probe.use_client", "sink_port=\(sink.port)", "--json"], environment: environment)
        let execution = try JSONValue.parse(outcome.stdout)
        XCTAssertEqual(execution["status"], "succeeded", outcome.stdout + outcome.stderr)
        XCTAssertEqual(execution["result"]?["result"]?["keys"], ["probe_key"])
        XCTAssertEqual(execution["result"]?["result"]?["api_url"], .string(session.baseURL + "/api/v1"))
        let token = sink.received()
        XCTAssertEqual(token.count, 64)
        XCTAssertEqual(try session.http("GET", "/api/v1/keys", headers: ["X-Auth-Token: \(token)"]).status, 401,
                       "the token ended with the execution")
    }

    func testWithoutTheAPIActionsGetNoToken() throws {
        session.stop()
        let sink = try TokenSink()
        defer { sink.stop() }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = Self.fixturePacks
        let outcome = try harness.squall(["run", "st2_api_probe.use_client", "sink_port=\(sink.port)", "--json"], environment: environment)
        XCTAssertEqual(sink.received(), "", "no token without a server serving the API")
        let execution = try JSONValue.parse(outcome.stdout)
        XCTAssertEqual(execution["status"], "failed", "st2client has no API to reach: \(outcome.stdout)")
    }
}
