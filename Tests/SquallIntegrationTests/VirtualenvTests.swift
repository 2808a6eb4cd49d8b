import XCTest
import SquallBootstrap
import SquallEngine
import SquallModel

/// Per-pack virtualenvs built with the real `python -m venv` and pip, rebuilt when requirements
/// change, and left untouched when a rebuild fails.
final class VirtualenvTests: XCTestCase {
    var harness: IntegrationHarness!
    var packDirectory: String!
    var settings: Settings!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        packDirectory = try harness.writeProbePack("venv_probe", files: ["actions/probe.py": """
        class Probe(object):
            def run(self):
                try:
                    import tabulate
                except ImportError:
                    return "missing"
                return "present"
        """])
        // Its own venv directory: this test rebuilds on purpose.
        try? FileManager.default.removeItem(atPath: harness.dataDirectory + "/virtualenvs")
        settings = harness.probePackSettings
    }

    override func tearDown() { harness.remove() }

    func probe() throws -> Execution {
        try EngineBootstrap.openEngine(settings: settings).run(ExecutionRequest(actionRef: "venv_probe.probe"))
    }

    func testRebuiltWhenRequirementsChangeAndKeptWhenPipFails() throws {
        XCTAssertEqual(try probe().resultObject["result"], "missing")

        try "tabulate\n".write(toFile: packDirectory + "/requirements.txt", atomically: true, encoding: .utf8)
        let rebuilt = try probe()
        XCTAssertEqual(rebuilt.resultObject["result"], "present", "\(rebuilt.result ?? .null)")

        try "squall-no-such-package-for-tests==0.0.1\n".write(toFile: packDirectory + "/requirements.txt", atomically: true, encoding: .utf8)
        let failed = try probe()
        XCTAssertEqual(failed.status, .failed)
        let error = failed.resultObject["error"]?.stringValue ?? ""
        XCTAssertTrue(error.contains("pip install"), error)
        XCTAssertTrue(error.contains("squall-no-such-package-for-tests"), "pip's output tail is missing: \(error)")

        // The previous venv is intact: back to the requirements it was built from, no rebuild needed.
        try "tabulate\n".write(toFile: packDirectory + "/requirements.txt", atomically: true, encoding: .utf8)
        let engine = try EngineBootstrap.openEngine(settings: settings)
        XCTAssertTrue(engine.virtualenvs.isCurrent(try XCTUnwrap(engine.catalog.packs["venv_probe"])))
        XCTAssertEqual(try probe().resultObject["result"], "present")
    }
}
