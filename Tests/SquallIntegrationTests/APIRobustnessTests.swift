import Foundation
import SquallModel
import XCTest

/// The API against clients that misbehave: request ids on every reply, bodies of the wrong shape,
/// idle and slow connections (api_idle_timeout 1 s here).
final class APIRobustnessTests: APISessionTestCase {
    override var serverEnvironment: [String: String] { ["SQUALL_API_IDLE_TIMEOUT": "1"] }

    func testEveryReplyCarriesARequestIdTheClientsOwnWhenItSentOne() throws {
        let auth = "X-Auth-Token: \(try session.token())"
        let given = try session.reply("GET", "/api/v1/actions", headers: [auth, "X-Request-ID: trace-42"])
        XCTAssertEqual(given.status, 200)
        XCTAssertEqual(given.headers["x-request-id"], "trace-42")
        // A header that could forge log lines is replaced, not echoed.
        let hostile = try session.reply("GET", "/api/v1/actions", headers: [auth, "X-Request-ID: a b"])
        XCTAssertNotEqual(hostile.headers["x-request-id"], "a b")
        var seen: Set<String> = []
        for (method, path, headers, expected) in [("GET", "/api/v1/actions", [auth], 200), ("GET", "/api/v1/actions", [], 401),
                                                  ("GET", "/api/v1/nothing-here", [auth], 404), ("GET", "/api/v1/executions?limit=0", [auth], 400),
                                                  ("GET", "/metrics", [], 200), ("GET", "/nowhere", [], 404)] {
            let reply = try session.reply(method, path, headers: headers)
            XCTAssertEqual(reply.status, expected, "\(path): \(reply.body)")
            let id = try XCTUnwrap(reply.headers["x-request-id"], "\(path) has no X-Request-ID: \(reply.headers)")
            XCTAssertEqual(id.count, 36, id)
            // Generated ids keep UUID()'s form: a lower-case random (version 4, RFC 4122 variant) UUID.
            XCTAssertNotNil(id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression), id)
            seen.insert(id)
        }
        XCTAssertEqual(seen.count, 6, "each request gets its own id")
    }

    /// Wrong types and unknown fields are refused with one line naming the field, before anything runs.
    func testBodiesOfTheWrongShapeAre400NamingTheFieldAndChangeNothing() throws {
        let auth = "X-Auth-Token: \(try session.token())"
        let cases: [(String, String, String, String)] = [
            ("POST", "/api/v1/executions", #"{"action": "core.echo", "parameters": {"message": "x"}, "colour": "red"}"#, "body.colour is not allowed"),
            ("POST", "/api/v1/executions", #"{"action": 5}"#, "body.action must be string, got integer"),
            ("POST", "/api/v1/executions", #"{"action": "core.echo", "parameters": [1]}"#, "body.parameters must be object or null, got array"),
            ("PUT", "/api/v1/keys/k1", #"{"value": 3}"#, "body.value must be string, got integer"),
            ("PUT", "/api/v1/keys/k1", #"{"value": "v", "ttl": "soon"}"#, "body.ttl must be integer or null, got string"),
            ("POST", "/api/v1/rules", #"{"name": "r", "pack": "squall_tests", "trigger": "x", "action": {"ref": "core.noop"}}"#, "body.trigger must be object or null, got string"),
            ("POST", "/api/v1/apikeys", #"{"metadata": "x"}"#, "body.metadata must be object, got string"),
        ]
        for (method, path, body, message) in cases {
            let reply = try session.http(method, path, headers: [auth], body: body)
            XCTAssertEqual(reply.status, 400, "\(body): \(reply.body)")
            XCTAssertEqual(try JSONValue.parse(reply.body)["faultstring"], .string(message), body)
        }
        let basic = "Authorization: Basic \(Data("alice:\(St2Session.password)".utf8).base64EncodedString())"
        let ttl = try session.http("POST", "/auth/v1/tokens", headers: [basic], body: #"{"ttl": "long"}"#)
        XCTAssertEqual(ttl.status, 400, ttl.body)
        XCTAssertEqual(try JSONValue.parse(ttl.body)["faultstring"], "body.ttl must be integer or null, got string")
        // Without credentials the answer is still 401, whatever the body.
        XCTAssertEqual(try session.http("POST", "/api/v1/executions", body: #"{"bogus": 1}"#).status, 401)

        XCTAssertEqual(try JSONValue.parse(try session.http("GET", "/api/v1/executions?limit=-1", headers: [auth]).body), [])
        XCTAssertEqual(try session.http("GET", "/api/v1/keys/k1", headers: [auth]).status, 404)
        XCTAssertEqual(try JSONValue.parse(try session.http("GET", "/api/v1/apikeys", headers: [auth]).body), [])
        XCTAssertEqual(try session.http("GET", "/api/v1/rules/squall_tests.r", headers: [auth]).status, 404)
    }

    /// With api_idle_timeout 1 s, a connection that sends nothing, or stops halfway through its
    /// request head, is closed by the server; a complete request is still answered.
    func testIdleAndSlowConnectionsAreClosed() throws {
        let idle = try TCPConnection(port: session.port)
        defer { idle.close() }
        let slow = try TCPConnection(port: session.port)
        defer { slow.close() }
        XCTAssertTrue(slow.send("GET /api/v1/actions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "))
        XCTAssertEqual(idle.readToEnd().end, .closed)
        let slowEnd = slow.readToEnd()
        XCTAssertNotEqual(slowEnd.end, .timedOut, "the half-sent request was not closed")
        XCTAssertFalse(slowEnd.text.contains("200 OK"), slowEnd.text)
        XCTAssertEqual(try session.http("GET", "/metrics").status, 200)
    }
}
