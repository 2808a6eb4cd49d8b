import Foundation
import SquallModel
import XCTest

/// A result of 1 MiB or more is stored as the child's text beside the execution's row
/// (StoredResultText); every API read shows it: the list with results (two steps: stamps, then
/// the records by id), `GET /executions/{id}` and the st2 client's `execution get`.
final class APIExecutionLargeResultTests: LargeResultSessionTestCase {
    func testABigResultShowsInTheListInGetAndInTheSt2Client() throws {
        let size = 3 << 19
        let (auth, id) = try startLargeResult(size: size)
        // Waited on through the CLI: an API read would render (and cache) the document first.
        try eventually("the execution finished") {
            let shown = try harness.squall(["execution", "get", id, "-j"])
            return shown.status == 0 && (try? JSONValue.parse(shown.stdout)["status"]) == "succeeded"
        }
        // large_value.make(size): records of 245 bytes each until `size` is reached.
        let count = JSONValue.int((size + 244) / 245)

        let listed = try session.http("GET", "/api/v1/executions?limit=1", headers: [auth])
        XCTAssertEqual(listed.status, 200, listed.body)
        let item = try JSONValue.parse(listed.body).arrayValue?.first
        XCTAssertEqual(item?["id"]?.stringValue, id)
        XCTAssertEqual(item?["result"]?["result"]?["count"], count, "the list with results shows the big result")
        XCTAssertEqual(item?["result"]?["result"]?["records"]?.arrayValue?.count, count.intValue)

        let got = try session.http("GET", "/api/v1/executions/\(id)", headers: [auth])
        XCTAssertEqual(got.status, 200, got.body)
        XCTAssertEqual(try JSONValue.parse(got.body)["result"]?["result"]?["count"], count)

        let client = try session.st2(["execution", "get", id, "-j"])
        XCTAssertEqual(client.status, 0, client.stderr)
        XCTAssertEqual(try JSONValue.parse(client.stdout)["result"]?["result"]?["count"], count, "st2 execution get -j")
    }
}
