import Foundation
import SquallModel
import XCTest

/// `GET /api/v1/executions` reads results only when the client asks for them, as st2 keeps only
/// the fields `include_attributes` names (`st2 execution list` names no result).
final class APIExecutionListResultTests: St2SessionTestCase {
    func testAListReadsResultsOnlyWhenTheClientAsksForThem() throws {
        let basic = Data("alice:\(St2Session.password)".utf8).base64EncodedString()
        let login = try session.http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(basic)"], body: "{}")
        let auth = "X-Auth-Token: " + (try XCTUnwrap(try JSONValue.parse(login.body)["token"]?.stringValue, login.body))
        let run = try session.http("POST", "/api/v1/executions", headers: [auth], body: "{\"action\": \"core.echo\", \"parameters\": {\"message\": \"hi\"}}")
        XCTAssertEqual(run.status, 201, run.body)
        let id = try XCTUnwrap(try JSONValue.parse(run.body)["id"]?.stringValue)
        try eventually("the execution finished") {
            try JSONValue.parse(try session.http("GET", "/api/v1/executions/\(id)", headers: [auth]).body)["status"] == "succeeded"
        }
        func firstItem(_ query: String) throws -> JSONValue? {
            let reply = try session.http("GET", "/api/v1/executions?" + query, headers: [auth])
            XCTAssertEqual(reply.status, 200, "\(query): \(reply.body)")
            return try JSONValue.parse(reply.body).arrayValue?.first
        }
        XCTAssertEqual(try firstItem("limit=1")?["result"]?["stdout"], "hi")
        XCTAssertEqual(try firstItem("limit=1&include_attributes=id,result.stdout")?["result"]?["stdout"], "hi")
        XCTAssertNil(try firstItem("limit=1&include_attributes=id,status")?["result"])
        XCTAssertNil(try firstItem("limit=1&exclude_attributes=result")?["result"])

        // A result the store could not parse fails only the lists that read it. The execution is
        // one no list has rendered yet: a completed execution's document, once rendered, is kept
        // (ExecutionDocumentCache) and the list would not read its record again.
        let unlisted = try session.http("POST", "/api/v1/executions", headers: [auth], body: "{\"action\": \"core.echo\", \"parameters\": {\"message\": \"hi\"}}")
        let unlistedID = try XCTUnwrap(try JSONValue.parse(unlisted.body)["id"]?.stringValue, unlisted.body)
        try eventually("the second execution finished") {
            try JSONValue.parse(try session.http("GET", "/api/v1/executions/\(unlistedID)", headers: [auth]).body)["status"] == "succeeded"
        }
        let spoiled = try Outcome.run("/usr/bin/sqlite3", [harness.dataDirectory + "/squall.db", "UPDATE executions SET result = 'not json'"],
                                      environment: [:])
        XCTAssertEqual(spoiled.status, 0, spoiled.stderr)
        XCTAssertEqual(try firstItem("limit=1&include_attributes=id,action.ref,context.user,status,start_timestamp,end_timestamp")?["status"],
                       "succeeded")
        XCTAssertEqual(try session.http("GET", "/api/v1/executions?limit=1", headers: [auth]).status, 500)
    }
}
