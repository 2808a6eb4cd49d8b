import Foundation
import SquallModel
import XCTest

/// python-script actions get every declared parameter, None for those without a value, as st2
/// passes them (an action may declare `run(self, a, b)` and be called with only `a`).
final class PythonParameterDefaultsTests: WorkflowProcessTestCase {
    override class var fixturePacks: String { "python_params/packs" }

    func testUnsetParametersArriveAsNone() throws {
        let ran = try harness.squall(["run", "squall_pyparams.optional", "given=yes", "--json"], environment: environment)
        XCTAssertEqual(ran.status, 0, ran.stdout + ran.stderr)
        let result = try JSONValue.parse(ran.stdout)["result"]
        XCTAssertEqual(result?["result"], ["given": "yes", "unset": .null, "unset_object": .null, "defaulted": 3], "\(result ?? .null)")
    }
}
