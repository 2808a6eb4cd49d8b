import XCTest
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
        let packs = harness.dataDirectory + "/extra-packs"
        packDirectory = packs + "/venv_probe"
        try FileManager.default.createDirectory(atPath: packDirectory + "/actions", withIntermediateDirectories: true)
        try "name: venv_probe\ndescription: probe\nversion: 1.0.0\nauthor: test\n"
            .write(toFile: packDirectory + "/pack.yaml", atomically: true, encoding: .utf8)
        try "name: probe\nrunner_type: python-script\nentry_point: probe.py\n"
            .write(toFile: packDirectory + "/actions/probe.yaml", atomically: true, encoding: .utf8)
        try """
        class Probe(object):
            def run(self):
                try:
                    import tabulate
                except ImportError:
                    return "missing"
                return "present"
        """.write(toFile: packDirectory + "/actions/probe.py", atomically: true, encoding: .utf8)
        // Its own venv directory: this test rebuilds on purpose.
        try? FileManager.default.removeItem(atPath: harness.dataDirectory + "/virtualenvs")
        settings = Settings(home: IntegrationHarness.repositoryRoot, packsPath: [packs],
                            dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
    }

    override func tearDown() { harness.remove() }

    func probe() throws -> Execution {
        try Engine(settings: settings).run(ExecutionRequest(actionRef: "venv_probe.probe"))
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
        let engine = try Engine(settings: settings)
        XCTAssertTrue(engine.virtualenvs.isCurrent(try XCTUnwrap(engine.catalog.packs["venv_probe"])))
        XCTAssertEqual(try probe().resultObject["result"], "present")
    }
}
