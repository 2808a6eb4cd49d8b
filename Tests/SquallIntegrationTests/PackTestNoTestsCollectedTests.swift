import Foundation
import SquallModel
import XCTest

/// A pack whose tests/ holds no Python tests (elasticsearch's holds two shell scripts): pytest
/// collects nothing and exits 5, and st2-run-pack-tests (pytest since st2 3.9) returns that unchanged,
/// so `squall pack test` does too, and says why in one line.
final class PackTestNoTestsCollectedTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness(config: nil) }
    override func tearDown() { harness.remove() }

    func testShellScriptsOnlyExitFiveAsSt2AndSayWhy() throws {
        let name = "shelltests" + String(UUID().uuidString.prefix(8)).lowercased().filter(\.isLetter)
        _ = try harness.writeProbePack(name, files: [
            "actions/probe.py": "from st2common.runners.base_action import Action\n\nclass Probe(Action):\n    def run(self):\n        return 'ran'\n",
            "tests/st2.sh": "#!/bin/sh\nexit 1\n",
            "tests/README.md": "Run st2.sh against a live st2.\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: harness.dataDirectory + "/virtualenvs/" + name) }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = harness.dataDirectory + "/extra-packs"
        let tested = try harness.squall(["pack", "test", name], environment: environment)
        XCTAssertEqual(tested.status, 5, "pytest's and st2-run-pack-tests' code: \(tested.stdout + tested.stderr)")
        XCTAssertTrue(tested.stdout.contains("no tests ran"), tested.stdout)
        XCTAssertTrue(tested.stderr.hasSuffix("pack '\(name)': pytest ran no tests (tests/ holds no test_*.py, only files "
                                              + "neither runs: README.md, st2.sh); exit 5, as st2-run-pack-tests returns since st2 3.9 "
                                              + "(st2 3.8 and older ran nose, which passed with 0 tests)\n"), tested.stderr)

        // With Python tests there, an empty selection exits 5 too, without the tests/ remark.
        try "def test_one():\n    pass\n".write(toFile: harness.dataDirectory + "/extra-packs/\(name)/tests/test_one.py",
                                                 atomically: true, encoding: .utf8)
        let deselected = try harness.squall(["pack", "test", name, "--", "-k", "no_such_test"], environment: environment)
        XCTAssertEqual(deselected.status, 5)
        XCTAssertTrue(deselected.stderr.hasSuffix("pack '\(name)': pytest ran no tests; exit 5, as st2-run-pack-tests "
                                                  + "returns since st2 3.9 (st2 3.8 and older ran nose, which passed with 0 tests)\n"),
                      deselected.stderr)
    }
}
