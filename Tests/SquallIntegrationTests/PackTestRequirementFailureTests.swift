import Foundation
import SquallModel
import XCTest

/// `squall pack test` runs the tests even when some requirements fail to install, as
/// st2-run-pack-tests does, and says which failed; actions still refuse the incomplete venv.
final class PackTestRequirementFailureTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness(config: nil) }
    override func tearDown() { harness.remove() }

    func testTestsRunWithoutTheRequirementThatFailedAndItIsNamed() throws {
        let missing = harness.dataDirectory + "/no-such-archive-1.0.tar.gz"
        // A fresh pack name per run: virtualenvs are shared between tests.
        let name = "halfreq" + String(UUID().uuidString.prefix(8)).lowercased().filter(\.isLetter)
        _ = try harness.writeProbePack(name, files: [
            "actions/probe.py": "from st2common.runners.base_action import Action\n\nclass Probe(Action):\n    def run(self):\n        return 'ran'\n",
            "requirements.txt": "six  # installs\n\(missing)\n",
            "tests/test_half.py": "import six\n\ndef test_six_is_there():\n    assert six.PY3\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: harness.dataDirectory + "/virtualenvs/" + name) }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = harness.dataDirectory + "/extra-packs"
        let tested = try harness.squall(["pack", "test", name], environment: environment)
        XCTAssertEqual(tested.status, 0, tested.stdout + tested.stderr)
        XCTAssertTrue(tested.stdout.contains("1 passed"), tested.stdout)
        let warning = "warning: pack '\(name)': requirements that failed to install (the tests ran without them): \(missing); pip's output: "
        XCTAssertEqual(tested.stderr.components(separatedBy: warning).count - 1, 2, "before the tests and after them: \(tested.stderr)")
        XCTAssertFalse(tested.stderr.contains("not a problem with pip"), "pip's own output stays in the build log: \(tested.stderr)")

        let run = try harness.squall(["run", "\(name).probe"], environment: environment)
        XCTAssertEqual(run.status, 1, "the incomplete venv is not taken for a complete one")
        XCTAssertTrue(run.stdout.contains("virtualenv step 'pip install' failed"), run.stdout)
    }
}
