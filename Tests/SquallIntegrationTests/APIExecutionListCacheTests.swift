import Foundation
import SquallModel
import XCTest

/// `GET /api/v1/executions` splices the cached documents of completed executions
/// (ExecutionDocumentCache): the reply is byte for byte what the JSON writer makes of the page,
/// an execution that was running when first listed shows its new status, and the result is in a
/// document only when the client asked for it.
final class APIExecutionListCacheTests: St2SessionTestCase {
    func testPagesOfCachedDocumentsAreTheWritersBytesAndFollowStatusChanges() throws {
        let auth = "X-Auth-Token: " + (try session.token())
        func start(_ body: String) throws -> String {
            let run = try session.http("POST", "/api/v1/executions", headers: [auth], body: body)
            XCTAssertEqual(run.status, 201, run.body)
            return try XCTUnwrap(try JSONValue.parse(run.body)["id"]?.stringValue)
        }
        func status(_ id: String) throws -> JSONValue? {
            try JSONValue.parse(try session.http("GET", "/api/v1/executions/\(id)", headers: [auth]).body)["status"]
        }
        func page(_ query: String) throws -> String {
            let reply = try session.http("GET", "/api/v1/executions?" + query, headers: [auth])
            XCTAssertEqual(reply.status, 200, "\(query): \(reply.body)")
            return reply.body
        }
        func item(_ id: String, in body: String) throws -> JSONValue? {
            try JSONValue.parse(body).arrayValue?.first { $0["id"]?.stringValue == id }
        }
        var finished: [String] = []
        for message in ["one", "two"] {
            let id = try start("{\"action\": \"core.echo\", \"parameters\": {\"message\": \"\(message)\"}}")
            try eventually("\(message) finished") { try status(id) == "succeeded" }
            finished.append(id)
        }
        let sleeper = try start("{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"sleep 60\"}}")
        try eventually("the sleeper runs") { try status(sleeper) == "running" }

        let first = try page("limit=10")
        XCTAssertEqual(first, try JSONValue.parse(first).jsonString(), "the spliced page is not the writer's output")
        XCTAssertEqual(try item(sleeper, in: first)?["status"], "running")
        XCTAssertEqual(try item(finished[1], in: first)?["result"]?["stdout"], "two")
        XCTAssertEqual(try page("limit=10"), first)
        XCTAssertNil(try item(finished[1], in: try page("limit=10&exclude_attributes=result"))?["result"])
        XCTAssertEqual(try item(finished[1], in: try page("limit=10"))?["result"]?["stdout"], "two")
        let ascending = try page("limit=10&sort_asc=true")
        XCTAssertEqual(ascending, try JSONValue.parse(ascending).jsonString())
        XCTAssertEqual(try JSONValue.parse(ascending).arrayValue?.compactMap { $0["id"]?.stringValue },
                       try JSONValue.parse(first).arrayValue?.compactMap { $0["id"]?.stringValue }.reversed())

        XCTAssertEqual(try session.http("DELETE", "/api/v1/executions/\(sleeper)", headers: [auth]).status, 200)
        try eventually("the sleeper is listed canceled") { try item(sleeper, in: try page("limit=10"))?["status"] == "canceled" }
        let after = try page("limit=10")
        XCTAssertEqual(after, try JSONValue.parse(after).jsonString())
    }
}
