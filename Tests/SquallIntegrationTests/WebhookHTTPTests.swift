import Foundation
import SquallModel
import XCTest

/// st2's webhooks over real HTTP (curl) to a live `squall server`: a POST to a rule's url fires it
/// with `{headers, headers_lower, body}`, the rule's action runs with parameters from the body.
final class WebhookHTTPTests: EngineTestCase {
    var session: St2Session!
    var auth = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        let packs = try harness.quietFixturePackCopy()
        let rules = packs + "/squall_tests/rules/"
        try """
            name: on_deploy
            pack: squall_tests
            enabled: true
            trigger: {type: core.st2.webhook, parameters: {url: deploy}}
            action:
              ref: core.echo
              parameters: {message: "{{ trigger.body.service }} by {{ trigger.headers['X-Deployer'] }} ({{ trigger.headers_lower['x-deployer'] }})"}
            """.write(toFile: rules + "on_deploy.yaml", atomically: true, encoding: .utf8)
        try """
            name: on_form
            pack: squall_tests
            enabled: true
            trigger: {type: core.st2.webhook, parameters: {url: /forms/signup/}}
            action:
              ref: core.echo
              parameters: {message: "form {{ trigger.body.name[0] }} {{ trigger.body.tag | join(',') }}"}
            """.write(toFile: rules + "on_form.yaml", atomically: true, encoding: .utf8)
        try """
            name: on_quiet
            pack: squall_tests
            enabled: false
            trigger: {type: core.st2.webhook, parameters: {url: quiet}}
            action: {ref: core.echo, parameters: {message: "quiet fired"}}
            """.write(toFile: rules + "on_quiet.yaml", atomically: true, encoding: .utf8)
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_API_MAX_BODY_BYTES": "4096", "SQUALL_PACKS_PATH": packs])
        let basic = Data("alice:\(St2Session.password)".utf8).base64EncodedString()
        let reply = try session.http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(basic)"], body: "{}")
        auth = "X-Auth-Token: " + (try XCTUnwrap(try JSONValue.parse(reply.body)["token"]?.stringValue))
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }

    /// The core.echo execution whose message starts with `prefix`, once one exists.
    func echoExecution(_ prefix: String) throws -> JSONValue {
        var found: JSONValue?
        try eventually("a core.echo execution saying '\(prefix)...'") {
            let list = try JSONValue.parse(try session.http("GET", "/api/v1/executions?action=core.echo&limit=-1", headers: [auth]).body)
            found = list.arrayValue?.first { $0["parameters"]?["message"]?.stringValue?.hasPrefix(prefix) == true }
            return found != nil
        }
        return try XCTUnwrap(found)
    }

    func faultstring(_ reply: (status: Int, body: String)) throws -> String {
        try XCTUnwrap(try JSONValue.parse(reply.body)["faultstring"]?.stringValue, "no faultstring in \(reply.body)")
    }

    func testAJSONPostFiresTheRuleWithTheBodyAndHeadersButNoCredentials() throws {
        let reply = try session.http("POST", "/api/v1/webhooks/deploy", headers: [auth, "X-Deployer: bob"],
                                     body: #"{"service": "web", "replicas": 3}"#)
        XCTAssertEqual(reply.status, 202, reply.body)
        XCTAssertEqual(try JSONValue.parse(reply.body), ["service": "web", "replicas": 3], "st2 echoes the body")
        let execution = try echoExecution("web by")
        XCTAssertEqual(execution["parameters"]?["message"], "web by bob (bob)")

        let instances = try JSONValue.parse(try session.http("GET", "/api/v1/triggerinstances?trigger=core.st2.webhook", headers: [auth]).body)
        let payload = try XCTUnwrap(instances.arrayValue?.first?["payload"])
        XCTAssertEqual(payload["body"], ["service": "web", "replicas": 3])
        XCTAssertEqual(payload["headers"]?["X-Deployer"], "bob")
        XCTAssertEqual(payload["headers_lower"]?["content-type"], "application/json")
        XCTAssertNil(payload["headers"]?["X-Auth-Token"], "credentials never reach rules")
        XCTAssertNil(payload["headers_lower"]?["x-auth-token"])

        // Leading and trailing slashes are ignored, as st2 strips them.
        XCTAssertEqual(try session.http("POST", "/api/v1/webhooks/deploy/", headers: [auth, "X-Deployer: eve"], body: #"{"service": "db"}"#).status, 202)
        XCTAssertEqual(try echoExecution("db by")["parameters"]?["message"], "db by eve (eve)")
    }

    func testAFormPostGivesListsOfValuesAndTheUrlMayHoldSlashes() throws {
        let reply = try session.http("POST", "/api/v1/webhooks/forms/signup", headers: [auth], body: "name=Ann+Lee&tag=a&tag=b%2Fc&empty=",
                                     contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(reply.status, 202, reply.body)
        XCTAssertEqual(try JSONValue.parse(reply.body), ["name": ["Ann Lee"], "tag": ["a", "b/c"]])
        XCTAssertEqual(try echoExecution("form ")["parameters"]?["message"], "form Ann Lee a,b/c")
    }

    /// An empty Content-Type header (curl's `-H 'Content-Type;'`) is read as JSON, as no header is
    /// (it made the server trap: the media type was the first of no parts).
    func testAnEmptyContentTypeIsReadAsJSON() throws {
        let post = try harness.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--noproxy", "*", "-X", "POST", "-H", auth,
                                                     "-H", "Content-Type;", "--data-binary", "@-", session.baseURL + "/api/v1/webhooks/deploy"],
                                   input: #"{"service": "blank"}"#)
        XCTAssertEqual(post.stdout, "202", post.stderr)
        XCTAssertEqual(try session.http("GET", "/api/v1/webhooks", headers: [auth]).status, 200, "the server is gone")
    }

    func testGetAndListShowRegisteredHooks() throws {
        let list = try JSONValue.parse(try session.http("GET", "/api/v1/webhooks", headers: [auth]).body)
        XCTAssertEqual(Set(list.arrayValue?.compactMap { $0["parameters"]?["url"]?.stringValue } ?? []), ["deploy", "forms/signup", "quiet"])
        XCTAssertEqual(try session.http("GET", "/api/v1/webhooks/forms/signup", headers: [auth]).status, 200)
        XCTAssertEqual(try session.http("GET", "/api/v1/webhooks/nothing", headers: [auth]).status, 404)
    }

    func testBadWebhookPostsGetSt2sCodesAndFireNothing() throws {
        let unregistered = try session.http("POST", "/api/v1/webhooks/nothing", headers: [auth], body: "{}")
        XCTAssertEqual(unregistered.status, 404, unregistered.body)
        XCTAssertEqual(try faultstring(unregistered), "Webhook nothing not registered with st2")

        let noCredentials = try session.http("POST", "/api/v1/webhooks/deploy", body: "{}")
        XCTAssertEqual(noCredentials.status, 401, noCredentials.body)

        let oversize = try session.http("POST", "/api/v1/webhooks/deploy", headers: [auth],
                                        body: "{\"service\": \"\(String(repeating: "x", count: 5000))\"}")
        XCTAssertEqual(oversize.status, 413, oversize.body)
        let oversizeForm = try session.http("POST", "/api/v1/webhooks/deploy", headers: [auth], body: "a=" + String(repeating: "x", count: 5000),
                                            contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(oversizeForm.status, 413, oversizeForm.body)

        let malformed = try session.http("POST", "/api/v1/webhooks/deploy", headers: [auth], body: "{\"service\": ")
        XCTAssertEqual(malformed.status, 400, malformed.body)
        XCTAssertTrue(try faultstring(malformed).hasPrefix("Failed to parse request body"), malformed.body)
        let scalar = try session.http("POST", "/api/v1/webhooks/deploy", headers: [auth], body: "42")
        XCTAssertEqual(scalar.status, 400, scalar.body)
        let otherType = try session.http("POST", "/api/v1/webhooks/deploy", headers: [auth], body: "<xml/>", contentType: "text/xml")
        XCTAssertEqual(otherType.status, 400, otherType.body)
        XCTAssertTrue(try faultstring(otherType).contains("text/xml"), otherType.body)

        let instances = try JSONValue.parse(try session.http("GET", "/api/v1/triggerinstances?trigger=core.st2.webhook", headers: [auth]).body)
        XCTAssertEqual(instances.arrayValue?.count, 0, "nothing was dispatched: \(instances)")
    }

    /// As in st2, a disabled rule keeps its url registered (202) but does not fire.
    func testAHookWhoseOnlyRuleIsDisabledAcceptsAndFiresNothing() throws {
        let reply = try session.http("POST", "/api/v1/webhooks/quiet", headers: [auth], body: #"{"n": 1}"#)
        XCTAssertEqual(reply.status, 202, reply.body)
        try eventually("the instance was processed") {
            let instances = try JSONValue.parse(try session.http("GET", "/api/v1/triggerinstances?trigger=core.st2.webhook", headers: [auth]).body)
            return instances.arrayValue?.first?["status"] == "processed"
        }
        let enforcements = try JSONValue.parse(try session.http("GET", "/api/v1/ruleenforcements?rule_ref=squall_tests.on_quiet", headers: [auth]).body)
        XCTAssertEqual(enforcements.arrayValue?.count, 0, "\(enforcements)")
    }

    func testTheGenericSt2HookDispatchesAnyTriggerTypeAfterCheckingItsPayload() throws {
        let reply = try session.http("POST", "/api/v1/webhooks/st2", headers: [auth],
                                     body: #"{"trigger": "squall_tests.manual", "payload": {"message": "via st2 hook"}}"#)
        XCTAssertEqual(reply.status, 202, reply.body)
        XCTAssertEqual(try echoExecution("manual: ")["parameters"]?["message"], "manual: via st2 hook")

        let noTrigger = try session.http("POST", "/api/v1/webhooks/st2", headers: [auth], body: #"{"payload": {}}"#)
        XCTAssertEqual(noTrigger.status, 400)
        XCTAssertEqual(try faultstring(noTrigger), "Trigger not specified.")
        let unknown = try session.http("POST", "/api/v1/webhooks/st2", headers: [auth], body: #"{"trigger": "nope.never", "payload": {}}"#)
        XCTAssertEqual(unknown.status, 400, unknown.body)
        XCTAssertTrue(try faultstring(unknown).contains("nope.never"), unknown.body)
        let invalid = try session.http("POST", "/api/v1/webhooks/st2", headers: [auth], body: #"{"trigger": "squall_tests.manual", "payload": {"message": 7}}"#)
        XCTAssertEqual(invalid.status, 400, invalid.body)
        XCTAssertTrue(try faultstring(invalid).contains("payload.message"), invalid.body)
    }
}
