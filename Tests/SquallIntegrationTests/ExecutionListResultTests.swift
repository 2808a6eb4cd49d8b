import Foundation
import XCTest

/// `squall execution list` reads results only when it shows them: a result the store could not
/// parse fails the lists that show results and no other.
final class ExecutionListResultTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func testListsThatShowNoResultDoNotReadIt() throws {
        let run = try harness.squall(["run", "core.echo", "message=hi"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let spoiled = try Outcome.run("/usr/bin/sqlite3", [harness.dataDirectory + "/squall.db", "UPDATE executions SET result = 'not json'"],
                                      environment: [:])
        XCTAssertEqual(spoiled.status, 0, spoiled.stderr)

        for arguments in [[], ["-a", "id", "status"], ["--json", "-a", "id", "status"]] {
            let list = try harness.squall(["execution", "list"] + arguments)
            XCTAssertEqual(list.status, 0, "\(arguments): \(list.stderr)")
            XCTAssertTrue(list.stdout.contains("succeeded"), "\(arguments): \(list.stdout)")
        }
        for arguments in [["--json"], ["-a", "id", "result"], ["-a", "result.stdout"]] {
            let list = try harness.squall(["execution", "list"] + arguments)
            XCTAssertNotEqual(list.status, 0, "\(arguments) read no result: \(list.stdout)")
            XCTAssertTrue(list.stderr.contains("result is not JSON"), "\(arguments): \(list.stderr)")
        }
    }
}
