import Foundation
import SquallModel
import XCTest

/// An action trigger instance whose payload result is a big text (kept as the child's text in
/// `trigger_payload_texts`, issue 15) reads back as the value: through the API's list and get,
/// the st2 client, and `squall trigger-instance get` in both forms.
final class TriggerInstanceLargeResultTests: LargeResultSessionTestCase {
    func testABigResultInAnActionTriggerPayloadReadsBackAsItsValue() throws {
        let size = 3 << 19
        let (auth, id) = try startLargeResult(size: size)
        // large_value.make(size): records of 245 bytes each until `size` is reached.
        let count = JSONValue.int((size + 244) / 245)
        // Waited on through the CLI: an API read would render (and cache) the document first.
        var record: JSONValue?
        try eventually("the execution finished") {
            let shown = try harness.squall(["execution", "get", id, "-j"])
            record = shown.status == 0 ? try? JSONValue.parse(shown.stdout) : nil
            return record?["status"] == "succeeded"
        }
        let childResult = try XCTUnwrap(record?["result"]?["result"])

        var instanceId: String?
        try eventually("the action trigger of \(id) processed") {
            let listed = try harness.squall(["trigger-instance", "list", "--trigger", "core.st2.generic.actiontrigger", "-j"])
            guard listed.status == 0, let instances = try? JSONValue.parse(listed.stdout).arrayValue else { return false }
            instanceId = instances.first { $0["payload"]?["execution_id"]?.stringValue == id && $0["status"] == "processed" }?["id"]?.stringValue
            return instanceId != nil
        }
        let instance = try XCTUnwrap(instanceId)

        let got = try session.http("GET", "/api/v1/triggerinstances/\(instance)", headers: [auth])
        XCTAssertEqual(got.status, 200, String(got.body.prefix(300)))
        let payload = try JSONValue.parse(got.body)["payload"]
        XCTAssertEqual(payload?["execution_id"]?.stringValue, id)
        XCTAssertEqual(payload?["result"]?["result"], childResult, "GET /triggerinstances/{id} shows the child's result")
        XCTAssertEqual(payload?["result"]?["result"]?["count"], count)

        let listed = try session.http("GET", "/api/v1/triggerinstances?trigger=core.st2.generic.actiontrigger&limit=5", headers: [auth])
        XCTAssertEqual(listed.status, 200, String(listed.body.prefix(300)))
        let item = try JSONValue.parse(listed.body).arrayValue?.first { $0["id"]?.stringValue == instance }
        XCTAssertEqual(item?["payload"]?["result"]?["result"], childResult, "GET /triggerinstances lists the child's result")

        let client = try session.st2(["trigger-instance", "get", instance, "-j"])
        XCTAssertEqual(client.status, 0, client.stderr)
        XCTAssertEqual(try JSONValue.parse(client.stdout)["payload"]?["result"]?["result"]?["count"], count, "st2 trigger-instance get -j")

        let json = try harness.squall(["trigger-instance", "get", instance, "-j"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(try JSONValue.parse(json.stdout)["payload"]?["result"]?["result"], childResult, "squall trigger-instance get -j")
        let text = try harness.squall(["trigger-instance", "get", instance])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertGreaterThan(text.stdout.utf8.count, size, "squall trigger-instance get prints the payload's result")
        XCTAssertTrue(text.stdout.contains(id))
    }
}
