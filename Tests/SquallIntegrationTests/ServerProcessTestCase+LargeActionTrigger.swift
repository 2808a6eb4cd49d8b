import Foundation
import SquallEngine
import SquallModel
import XCTest

/// The big-result action trigger checks LargeResultServerTests and LargeResultControlTriggerTests share.
extension ServerProcessTestCase {
    /// The id of execution `id`'s processed `core.st2.generic.actiontrigger` instance, once recorded.
    func actionTriggerInstance(of id: String) throws -> String {
        var found: String?
        try eventually("the action trigger of \(id) recorded") {
            found = try engine.store.triggerInstances(trigger: BuiltinTriggers.actionTrigger, status: .processed, limit: 5)
                .first { $0.payload["execution_id"]?.stringValue == id }?.id
            return found != nil
        }
        return try XCTUnwrap(found)
    }

    /// `trigger-instance get INSTANCE -j` shows execution `id` succeeded with the squall_bench
    /// large_result action's value of `size` bytes as its result (compared in Python, not rebuilt here).
    func assertActionTriggerHoldsLargeResult(instance: String, of id: String, size: Int, environment: [String: String]) throws {
        let printed = harness.dataDirectory + "/instance.json"
        let shown = try Outcome.run("/bin/sh", ["-c", #""$0" trigger-instance get "$1" -j > "$2""#, CommandLineTests.binary, instance, printed],
                                    environment: environment)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let library = IntegrationHarness.fixturePacks + "/squall_bench/actions/lib"
        let compare = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            from large_value import make
            payload = json.load(open(sys.argv[2]))["payload"]
            print(payload["execution_id"], payload["status"], payload["result"]["exit_code"],
                  payload["result"]["result"] == make(int(sys.argv[3])))
            """
        let checked = try Outcome.run("/usr/bin/python3", ["-c", compare, library, printed, "\(size)"], environment: [:])
        XCTAssertEqual(checked.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "\(id) succeeded 0 True", checked.stderr)
    }
}
