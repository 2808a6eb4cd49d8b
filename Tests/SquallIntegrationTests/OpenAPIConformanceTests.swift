import Foundation
import SquallModel
import SquallPacks
import XCTest

/// The document served at `/api/v1/openapi.yaml` against the server that serves it: every route
/// it lists is called for real, and each reply's status, content type and JSON body must be what
/// the document says (schemas read with PayloadSchema, the subset the document keeps to). Every
/// operation of the document must have been exercised.
final class OpenAPIConformanceTests: APISessionTestCase {
    var document: JSONValue = .null
    var exercised: Set<String> = []

    override func setUpWithError() throws {
        try super.setUpWithError()
        let served = try session.reply("GET", "/api/v1/openapi.yaml")
        XCTAssertEqual(served.status, 200)
        document = try YAMLDocument.parse(served.body, file: "openapi.yaml")
        XCTAssertEqual(document["openapi"]?.stringValue?.hasPrefix("3."), true)
    }

    /// `value` with `{"$ref": "#/..."}` replaced by what it names.
    func resolved(_ value: JSONValue?, depth: Int = 0) -> JSONValue? {
        guard let value, depth < 32 else { return value }
        switch value {
        case .object(let members):
            if let reference = members["$ref"]?.stringValue {
                var target: JSONValue? = document
                for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
                return resolved(target, depth: depth + 1)
            }
            return .object(members.compactMapValues { resolved($0, depth: depth + 1) })
        case .array(let items):
            return .array(items.compactMap { resolved($0, depth: depth + 1) })
        default:
            return value
        }
    }

    /// Calls `path` (an instance of the document's `template`) and checks the reply against the document.
    @discardableResult
    func call(_ method: String, _ template: String, _ path: String? = nil, auth: String? = nil, body: String? = nil,
              expect status: Int, file: StaticString = #filePath, line: UInt = #line) throws -> APIReply {
        let reply = try session.reply(method, path ?? template, headers: auth.map { [$0] } ?? [], body: body)
        XCTAssertEqual(reply.status, status, "\(method) \(path ?? template): \(reply.body)", file: file, line: line)
        exercised.insert("\(method) \(template)")
        let operation = try XCTUnwrap(document["paths"]?[template]?[method.lowercased()], "\(method) \(template) is not in the document", file: file, line: line)
        let responses = operation["responses"]
        let response = try XCTUnwrap(resolved(responses?[String(reply.status)] ?? responses?["default"]),
                                     "\(method) \(template): status \(reply.status) is not documented", file: file, line: line)
        guard let content = response["content"]?.objectValue, let (mediaType, media) = content.first else {
            XCTAssertEqual(reply.body, "", "\(method) \(template): a reply documented without content has a body", file: file, line: line)
            return reply
        }
        XCTAssertEqual(reply.headers["content-type"]?.hasPrefix(mediaType), true,
                       "\(method) \(template): content type \(reply.headers["content-type"] ?? "none"), documented \(mediaType)", file: file, line: line)
        if mediaType == "application/json" {
            let body = try XCTUnwrap(reply.json, "\(method) \(template): not JSON: \(reply.body)", file: file, line: line)
            let schema = try XCTUnwrap(resolved(media["schema"]), file: file, line: line)
            XCTAssertNil(PayloadSchema.firstViolation(of: body, against: schema, path: "reply"), "\(method) \(template): \(reply.body)", file: file, line: line)
        }
        return reply
    }

    func testEveryDocumentedRouteAnswersAsTheDocumentSays() throws {
        let token = try session.token()
        let auth = "X-Auth-Token: \(token)"
        let basic = "Authorization: Basic \(Data("alice:\(St2Session.password)".utf8).base64EncodedString())"
        try call("POST", "/auth/v1/tokens", auth: basic, body: #"{"ttl": 60}"#, expect: 201)
        try call("POST", "/auth/v1/tokens/validate", body: "{\"token\": \"\(token)\"}", expect: 200)
        try call("GET", "/api/v1/user", auth: auth, expect: 200)
        try call("GET", "/api/v1/openapi.yaml", expect: 200)
        try call("GET", "/metrics", expect: 200)

        try call("GET", "/api/v1/actions", "/api/v1/actions?pack=core&limit=5", auth: auth, expect: 200)
        try call("GET", "/api/v1/actions/{ref_or_id}", "/api/v1/actions/core.echo", auth: auth, expect: 200)
        try call("GET", "/api/v1/actions/{ref_or_id}", "/api/v1/actions/nope.nothing", auth: auth, expect: 404)
        try call("GET", "/api/v1/runnertypes", auth: auth, expect: 200)
        try call("GET", "/api/v1/runnertypes/{name_or_id}", "/api/v1/runnertypes/local-shell-cmd", auth: auth, expect: 200)

        let created = try call("POST", "/api/v1/executions", auth: auth, body: #"{"action": "core.echo", "parameters": {"message": "hi"}, "user": null}"#, expect: 201)
        let id = try XCTUnwrap(created.json?["id"]?.stringValue)
        try call("POST", "/api/v1/executions", auth: auth, body: #"{"action": "core.echo", "surprise": 1}"#, expect: 400)
        try eventually("the execution succeeded") {
            try session.reply("GET", "/api/v1/executions/\(id)", headers: [auth]).json?["status"] == "succeeded"
        }
        try call("GET", "/api/v1/executions", "/api/v1/executions?limit=10&parent=null", auth: auth, expect: 200)
        try call("GET", "/api/v1/executions/{id}", "/api/v1/executions/\(id)", auth: auth, expect: 200)
        try call("GET", "/api/v1/executions/{id}/output", "/api/v1/executions/\(id)/output", auth: auth, expect: 200)
        try call("DELETE", "/api/v1/executions/{id}", "/api/v1/executions/\(id)", auth: auth, expect: 200)
        let rerun = try call("POST", "/api/v1/executions/{id}/re_run", "/api/v1/executions/\(id)/re_run", auth: auth,
                             body: #"{"parameters": {}, "tasks": [], "reset": [], "delay": 0}"#, expect: 201)
        let rerunID = try XCTUnwrap(rerun.json?["id"]?.stringValue)
        try eventually("the re-run ended") {
            try session.reply("GET", "/api/v1/executions/\(rerunID)", headers: [auth]).json?["status"] == "succeeded"
        }
        try call("GET", "/stream/v1/stream", "/stream/v1/stream?x-auth-token=\(token)&end_event=st2.execution__update&end_execution_id=\(id)&events=st2.execution__update", expect: 200)

        try call("PUT", "/api/v1/keys/{name}", "/api/v1/keys/conformance", auth: auth, body: #"{"name": "conformance", "value": "v", "scope": "system", "user": null, "ttl": 600}"#, expect: 200)
        try call("GET", "/api/v1/keys", auth: auth, expect: 200)
        try call("GET", "/api/v1/keys/{name}", "/api/v1/keys/conformance", auth: auth, expect: 200)
        try call("DELETE", "/api/v1/keys/{name}", "/api/v1/keys/conformance", auth: auth, expect: 204)

        let rule = try call("POST", "/api/v1/rules", auth: auth, body: """
            {"name": "conformance", "pack": "squall_tests", "enabled": true, "trigger": {"type": "squall_tests.manual"},
             "criteria": {}, "action": {"ref": "core.noop", "parameters": {}}}
            """, expect: 201)
        var ruleDocument = try XCTUnwrap(rule.json?.objectValue)
        ruleDocument["ref"] = nil
        ruleDocument["enabled"] = false
        try call("GET", "/api/v1/rules", auth: auth, expect: 200)
        try call("GET", "/api/v1/rules/{ref_or_id}", "/api/v1/rules/squall_tests.conformance", auth: auth, expect: 200)
        try call("PUT", "/api/v1/rules/{ref_or_id}", "/api/v1/rules/\(try XCTUnwrap(ruleDocument["id"]?.stringValue))", auth: auth,
                 body: JSONValue.object(ruleDocument).jsonString(), expect: 200)
        try call("DELETE", "/api/v1/rules/{ref_or_id}", "/api/v1/rules/squall_tests.conformance", auth: auth, expect: 204)

        try call("GET", "/api/v1/triggertypes", auth: auth, expect: 200)
        try call("GET", "/api/v1/triggertypes/{ref_or_id}", "/api/v1/triggertypes/squall_tests.manual", auth: auth, expect: 200)
        let instances = try call("GET", "/api/v1/triggerinstances", auth: auth, expect: 200)
        let instance = try XCTUnwrap(instances.json?.arrayValue?.first?["id"]?.stringValue, "the executions' action triggers were recorded")
        try call("GET", "/api/v1/triggerinstances/{id}", "/api/v1/triggerinstances/\(instance)", auth: auth, expect: 200)
        try call("GET", "/api/v1/ruleenforcements", auth: auth, expect: 200)
        try call("GET", "/api/v1/sensortypes", auth: auth, expect: 200)
        try call("GET", "/api/v1/sensortypes/{ref_or_id}", "/api/v1/sensortypes/squall_tests.Ticker", auth: auth, expect: 200)
        try call("GET", "/api/v1/packs", auth: auth, expect: 200)
        try call("GET", "/api/v1/packs/{ref_or_id}", "/api/v1/packs/squall_tests", auth: auth, expect: 200)
        try call("GET", "/api/v1/webhooks", auth: auth, expect: 200)

        let key = try call("POST", "/api/v1/apikeys", auth: auth, body: #"{"metadata": {"purpose": "conformance"}}"#, expect: 201)
        let keyID = try XCTUnwrap(key.json?["id"]?.stringValue)
        try call("GET", "/api/v1/apikeys", auth: auth, expect: 200)
        let shown = try call("GET", "/api/v1/apikeys/{id_or_key}", "/api/v1/apikeys/\(keyID)", auth: auth, expect: 200)
        var keyDocument = try XCTUnwrap(shown.json?.objectValue)
        keyDocument["enabled"] = false
        try call("PUT", "/api/v1/apikeys/{id_or_key}", "/api/v1/apikeys/\(keyID)", auth: auth, body: JSONValue.object(keyDocument).jsonString(), expect: 200)
        try call("DELETE", "/api/v1/apikeys/{id_or_key}", "/api/v1/apikeys/\(keyID)", auth: auth, expect: 204)

        var documented: Set<String> = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in (item.objectValue ?? [:]).keys where method != "parameters" { documented.insert("\(method.uppercased()) \(path)") }
        }
        XCTAssertEqual(documented.subtracting(exercised).sorted(), [], "documented but not exercised")
        XCTAssertEqual(exercised.subtracting(documented).sorted(), [], "exercised but not documented")
    }
}
