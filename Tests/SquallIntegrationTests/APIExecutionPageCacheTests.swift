import Foundation
import SquallModel
import XCTest

/// `GET /api/v1/executions` serves a page again while the store is unchanged (ExecutionPageCache),
/// and any commit shows in the very next reply, no waiting: one made through this server, one by
/// `squall run` in another process, and one by a plain SQLite client that no squall code sees.
final class APIExecutionPageCacheTests: St2SessionTestCase {
    func testARepeatedPageShowsEveryCommitAtOnce() throws {
        let auth = "X-Auth-Token: " + (try session.token())
        func ids() throws -> [String] {
            let reply = try session.http("GET", "/api/v1/executions?limit=10", headers: [auth])
            XCTAssertEqual(reply.status, 200, reply.body)
            return try JSONValue.parse(reply.body).arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        for _ in 0..<2 { XCTAssertEqual(try harness.squall(["run", "core.noop"]).status, 0) }
        let first = try ids()
        XCTAssertEqual(first.count, 2)
        XCTAssertEqual(try ids(), first)

        // Another process: the CLI records its run in the same database.
        XCTAssertEqual(try harness.squall(["run", "core.noop"]).status, 0)
        let afterCLI = try ids()
        XCTAssertEqual(afterCLI.count, 3, "the CLI's run is not listed: \(afterCLI)")
        XCTAssertEqual(Array(afterCLI.dropFirst()), first)

        // This server: a run through the API is listed by the next request.
        let run = try session.http("POST", "/api/v1/executions", headers: [auth], body: "{\"action\": \"core.noop\"}")
        XCTAssertEqual(run.status, 201, run.body)
        let started = try XCTUnwrap(try JSONValue.parse(run.body)["id"]?.stringValue)
        XCTAssertEqual(try ids().first, started)

        // A plain SQLite client.
        let removed = afterCLI[1]
        let delete = try Outcome.run("/usr/bin/sqlite3", [harness.dataDirectory + "/squall.db", "PRAGMA foreign_keys = ON; DELETE FROM executions WHERE id = '\(removed)'"],
                                     environment: [:])
        XCTAssertEqual(delete.status, 0, delete.stderr)
        let afterDelete = try ids()
        XCTAssertFalse(afterDelete.contains(removed), "a deleted execution is still listed: \(afterDelete)")
        XCTAssertEqual(afterDelete.count, 3)
    }
}
