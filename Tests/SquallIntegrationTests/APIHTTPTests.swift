import Foundation
import SquallModel
import XCTest

/// The HTTP API's answers to bad requests, over real HTTP (curl) to a live `squall server`: st2's
/// status codes and `{"faultstring": ...}` bodies, and nothing recorded.
final class APIHTTPTests: EngineTestCase {
    var session: St2Session!
    var token = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_API_MAX_BODY_BYTES": "4096",
                                                                 "SQUALL_PACKS_PATH": try harness.quietFixturePackCopy()])
        let basic = Data("alice:\(St2Session.password)".utf8).base64EncodedString()
        let reply = try session.http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(basic)"], body: "{}")
        XCTAssertEqual(reply.status, 201, reply.body)
        let document = try JSONValue.parse(reply.body)
        token = try XCTUnwrap(document["token"]?.stringValue)
        XCTAssertEqual(document["user"], "alice")
        XCTAssertNotNil(document["expiry"]?.stringValue)
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }

    func faultstring(_ reply: (status: Int, body: String)) throws -> String {
        try XCTUnwrap(try JSONValue.parse(reply.body)["faultstring"]?.stringValue, "no faultstring in \(reply.body)")
    }

    func testCredentialsAreRequiredAndAcceptedInEveryFormSt2Accepts() throws {
        let none = try session.http("GET", "/api/v1/actions")
        XCTAssertEqual(none.status, 401)
        XCTAssertTrue(try faultstring(none).hasPrefix("Unauthorized"), none.body)
        let forged = try session.http("GET", "/api/v1/actions", headers: ["X-Auth-Token: 0123456789abcdef"])
        XCTAssertEqual(forged.status, 401)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["X-Auth-Token: \(token)"]).status, 200)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions/?x-auth-token=\(token)").status, 200)
        XCTAssertEqual(try session.http("GET", "/api/v1/actions", headers: ["Cookie: auth-token=\(token)"]).status, 200)

        let noBasic = try session.http("POST", "/auth/v1/tokens", body: "{}")
        XCTAssertEqual(noBasic.status, 401)
        XCTAssertEqual(try faultstring(noBasic), "Invalid or missing credentials")
        let tooLong = try session.http("POST", "/auth/v1/tokens",
                                       headers: ["Authorization: Basic \(Data("alice:\(St2Session.password)".utf8).base64EncodedString())"],
                                       body: "{\"ttl\": 86401}")
        XCTAssertEqual(tooLong.status, 400, tooLong.body)
    }

    /// A stream that opens after the execution it waits for has ended gets its final update at
    /// once and is closed (st2 itself would wait forever): curl returns by itself.
    func testTheStreamSendsAFinishedExecutionsEndAtOnceAndCloses() throws {
        let auth = "X-Auth-Token: \(token)"
        let run = try session.http("POST", "/api/v1/executions", headers: [auth], body: "{\"action\": \"core.echo\", \"parameters\": {\"message\": \"streamed\"}}")
        XCTAssertEqual(run.status, 201, run.body)
        let id = try XCTUnwrap(try JSONValue.parse(run.body)["id"]?.stringValue)
        try eventually("the execution finished") {
            try JSONValue.parse(try session.http("GET", "/api/v1/executions/\(id)", headers: [auth]).body)["status"] == "succeeded"
        }
        let stream = try session.http("GET", "/stream/v1/stream?x-auth-token=\(token)&end_event=st2.execution__update&end_execution_id=\(id)&events=st2.execution__update,st2.execution.output__create")
        XCTAssertEqual(stream.status, 200)
        XCTAssertTrue(stream.body.hasPrefix("\n"), stream.body)
        XCTAssertTrue(stream.body.contains("event: st2.execution.output__create\ndata: "), stream.body)
        XCTAssertTrue(stream.body.contains("\"data\": \"streamed\\n\""), stream.body)
        XCTAssertTrue(stream.body.hasSuffix("\n\n") && stream.body.contains("event: st2.execution__update\ndata: {"), stream.body)
        XCTAssertTrue(stream.body.contains("\"status\": \"succeeded\""), stream.body)
        XCTAssertEqual(try session.http("GET", "/stream/v1/stream?end_execution_id=\(id)").status, 401)
    }

    /// `re_run` with `tasks` (st2's workflow re-run) reaches the engine's checks: one-line 400s
    /// naming the field or the execution, nothing recorded.
    func testAReRunOfWorkflowTasksIsCheckedAndRefusedInOneLine() throws {
        let auth = "X-Auth-Token: \(token)"
        let run = try session.http("POST", "/api/v1/executions", headers: [auth], body: "{\"action\": \"core.echo\", \"parameters\": {\"message\": \"x\"}}")
        let id = try XCTUnwrap(try JSONValue.parse(run.body)["id"]?.stringValue, run.body)
        try eventually("the execution finished") {
            try JSONValue.parse(try session.http("GET", "/api/v1/executions/\(id)", headers: [auth]).body)["status"] == "succeeded"
        }
        let notList = try session.http("POST", "/api/v1/executions/\(id)/re_run", headers: [auth], body: "{\"tasks\": \"t1\"}")
        XCTAssertEqual(notList.status, 400, notList.body)
        // The body check against openapi.yaml answers before the controller sees it.
        XCTAssertEqual(try faultstring(notList), "body.tasks must be array or null, got string")
        // The document says nothing of the items: the controller's own check names the field.
        for (body, field) in [("{\"tasks\": [1]}", "tasks"), ("{\"tasks\": [\"t1\"], \"reset\": [null]}", "reset")] {
            let notNames = try session.http("POST", "/api/v1/executions/\(id)/re_run", headers: [auth], body: body)
            XCTAssertEqual(notNames.status, 400, notNames.body)
            XCTAssertEqual(try faultstring(notNames), "\(field): must be a list of task names")
        }
        let notWorkflow = try session.http("POST", "/api/v1/executions/\(id)/re_run", headers: [auth], body: "{\"tasks\": [\"t1\"], \"reset\": []}")
        XCTAssertEqual(notWorkflow.status, 400, notWorkflow.body)
        XCTAssertEqual(try faultstring(notWorkflow), "execution '\(id)' is not an orquesta workflow (runner local-shell-cmd): only an orquesta workflow re-runs tasks")
        let listed = try session.http("GET", "/api/v1/executions/?limit=-1&user=alice", headers: [auth])
        XCTAssertEqual(try JSONValue.parse(listed.body).arrayValue?.count, 1)
    }

    /// Five wrong passwords for one user from one source: the sixth try is refused even with the
    /// right password; another user from the same source is not affected.
    func testRepeatedFailedLoginsAreRefusedPerUserAndSource() throws {
        func login(_ user: String, _ password: String) throws -> (status: Int, body: String) {
            try session.http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"], body: "{}")
        }
        for _ in 0..<5 { XCTAssertEqual(try login("alice", "guess").status, 401) }
        let locked = try login("alice", St2Session.password)
        XCTAssertEqual(locked.status, 429, locked.body)
        XCTAssertTrue(try faultstring(locked).hasPrefix("Too many failed logins for user 'alice' from 127.0.0.1: try again in "), locked.body)
        XCTAssertEqual(try login("mallory", "guess").status, 401, "counted per user")
    }

    func testBadRequestsGetSt2sCodesAndChangeNothing() throws {
        let auth = "X-Auth-Token: \(token)"
        let badJSON = try session.http("POST", "/api/v1/executions", headers: [auth], body: "{\"action\": ")
        XCTAssertEqual(badJSON.status, 400)
        XCTAssertTrue(try faultstring(badJSON).hasPrefix("Failed to parse request body"), badJSON.body)
        XCTAssertFalse(try faultstring(badJSON).contains("NSCocoaErrorDomain"), badJSON.body)

        // Nesting deep enough to exhaust a recursive parser's stack is refused, and the server lives on.
        let deep = try session.http("POST", "/api/v1/executions", headers: [auth], body: String(repeating: "[", count: 4000))
        XCTAssertEqual(deep.status, 400, deep.body)
        XCTAssertTrue(try faultstring(deep).hasPrefix("Failed to parse request body"), deep.body)

        let notObject = try session.http("POST", "/api/v1/executions", headers: [auth], body: "[1, 2]")
        XCTAssertEqual(notObject.status, 400, notObject.body)

        let unknown = try session.http("POST", "/api/v1/executions", headers: [auth], body: "{\"action\": \"nope.nothing\"}")
        XCTAssertEqual(unknown.status, 400)
        XCTAssertEqual(try faultstring(unknown), "Action \"nope.nothing\" cannot be found.")

        let badParameter = try session.http("POST", "/api/v1/executions", headers: [auth],
                                            body: "{\"action\": \"core.local\", \"parameters\": {\"timeout\": \"soon\"}}")
        XCTAssertEqual(badParameter.status, 400, badParameter.body)

        let oversize = try session.http("POST", "/api/v1/executions", headers: [auth],
                                        body: "{\"action\": \"core.echo\", \"parameters\": {\"message\": \"\(String(repeating: "x", count: 5000))\"}}")
        XCTAssertEqual(oversize.status, 413, oversize.body)
        XCTAssertNotNil(try? faultstring(oversize))

        let noRoute = try session.http("GET", "/api/v1/no-such-thing", headers: [auth])
        XCTAssertEqual(noRoute.status, 404)
        XCTAssertNotNil(try? faultstring(noRoute))
        let missing = try session.http("GET", "/api/v1/executions/0123456789abcdef01234567", headers: [auth])
        XCTAssertEqual(missing.status, 404)

        let badLimit = try session.http("GET", "/api/v1/executions/?limit=0", headers: [auth])
        XCTAssertEqual(badLimit.status, 400, badLimit.body)

        // Nothing of the above was recorded.
        let listed = try session.http("GET", "/api/v1/executions/?limit=-1&user=alice", headers: [auth])
        XCTAssertEqual(listed.status, 200)
        XCTAssertEqual(try JSONValue.parse(listed.body), [])
    }

    /// A port already taken stops `squall server` with one line naming the setting.
    func testAPortInUseStopsTheServerWithALineNamingTheSetting() throws {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); print(s.getsockname()[1], flush=True); sys.stdin.read()"]
        let toHolder = Pipe(), fromHolder = Pipe()
        holder.standardInput = toHolder
        holder.standardOutput = fromHolder
        try holder.run()
        defer { try? toHolder.fileHandleForWriting.close(); holder.waitUntilExit() }
        var portText = ""
        while !portText.hasSuffix("\n") {
            let byte = fromHolder.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            portText += String(decoding: byte, as: UTF8.self)
        }
        let port = try XCTUnwrap(Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)))
        var environment = harness.commandLineEnvironment
        environment["SQUALL_API_LISTEN"] = "127.0.0.1:\(port)"
        environment["SQUALL_DATA_DIR"] = harness.dataDirectory + "/second"
        let server = try harness.squall(["server", "--log-level", "critical"], environment: environment)
        XCTAssertEqual(server.status, 1, server.stderr)
        XCTAssertTrue(server.stderr.contains("api_listen 127.0.0.1:\(port): cannot serve the HTTP API: "), server.stderr)
    }
}
