import Foundation
import SquallModel
import SquallTransport
import XCTest

/// The action_service datastore calls, answered by the test from a dictionary over the channel.
final class DatastoreTests: XCTestCase {
    func testEveryDatastoreCallRoundTripsWithLocalPrefixing() throws {
        var run = ChildRun(fixture: "datastore.py", pack: "mypack")
        run.datastore = DictionaryDatastore(["preset": "from-before", "prefixed": "p", "other": "o"])
        let outcome = try run.run()

        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        XCTAssertEqual(outcome.result?.value, [
            "set": true,
            "set_global": true,
            "get": "41",
            "get_global": "from-before",
            "get_missing": nil,
            "list_local": [["mypack.Store:counter", "41"]],
            "list_prefix": ["prefixed"],
            "delete": true,
            "delete_missing": false,
            "after_delete": nil,
            "user_scope": "Scope user is unsupported.",
            "user": "tester",
        ])
        // The supervisor only ever sees full key names.
        XCTAssertEqual(run.datastore.values, ["preset": "from-before", "prefixed": "p", "other": "o", "shared": "g"])
        let requests = run.datastore.requests
        XCTAssertEqual(requests.first?.op, "set_value")
        XCTAssertEqual(requests.first?.args["name"], "mypack.Store:counter")
        XCTAssertEqual(requests.first?.args["value"], "41")
        XCTAssertEqual(requests[1].args["ttl"], 30)
        XCTAssertEqual(requests.first { $0.op == "list_values" }?.args["prefix"], "mypack.Store:")
        XCTAssertFalse(requests.contains { $0.args["scope"] == "user" }, "a refused scope must not reach the supervisor")
    }
}
