import XCTest
import SquallEngine
import SquallModel

/// core.local's `cmd` runs under bash, as st2 runs it (`sudo -u <system user> -- bash -c CMD`):
/// st2's packs use bash syntax in commands.
final class LocalCommandShellTests: EngineTestCase {
    func testACommandUsingBashArraysAndDoubleBracketsRuns() throws {
        let execution = try harness.run(engine, "core.local", ["cmd": "words=(fee fi fo); [[ ${words[1]} == fi ]] && echo \"${words[2]}\""])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["stdout"], "fo")
    }
}
