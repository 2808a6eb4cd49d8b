import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallRunners
import XCTest

/// The st2 runtime layer (St2RuntimeLayer): packs import st2's packages without listing them, as
/// under st2, through the real pip-built layer (shared between tests like the venvs), and a pack's
/// own pins win over the layer's. Fixture packs: Tests/Fixtures/st2layer.
final class St2RuntimeLayerTests: XCTestCase {
    static let fixturePacks = IntegrationHarness.repositoryRoot + "/Tests/Fixtures/st2layer"
    var harness: IntegrationHarness!
    var settings: Settings!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        settings = Settings(home: IntegrationHarness.repositoryRoot, packsPath: [Self.fixturePacks],
                            dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
    }

    override func tearDown() { harness.remove() }

    func run(_ action: String, settings: Settings? = nil, pool: WarmHostPool? = nil) throws -> Execution {
        let engine = try EngineBootstrap.openEngine(settings: settings ?? self.settings, progress: { _ in })
        if let pool { engine.useWarmHosts(pool) }
        return try harness.run(engine, action, timeout: 120)
    }

    func testActionImportsSt2PackagesItDoesNotListAfterItsOwnSitePackages() throws {
        let execution = try run("st2_layer_probe.imports")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        let result = try XCTUnwrap(execution.resultObject["result"]?.objectValue, "\(execution.result ?? .null)")
        // st2 3.9's pins (Runners/python/st2-runtime-requirements.txt).
        XCTAssertEqual(result["requests"], "2.32.4")
        XCTAssertEqual(result["yaml"], "6.0.3")
        XCTAssertEqual(result["six"], "1.17.0")
        XCTAssertEqual(result["eventlet"], "0.39.1")
        XCTAssertEqual(result["packaging"], "1.0")
        XCTAssertEqual(result["msgpack"], "1.1.1")
        let sitePackages = try XCTUnwrap(result["site_packages_index"]?.intValue)
        let layer = try XCTUnwrap(result["layer_index"]?.intValue)
        XCTAssertGreaterThanOrEqual(sitePackages, 0)
        XCTAssertGreaterThan(layer, sitePackages, "the layer comes after the venv's site-packages")
    }

    func testPacksOwnPinWinsOverTheLayers() throws {
        let execution = try run("st2_layer_own_six.six_version")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        let result = try XCTUnwrap(execution.resultObject["result"]?.objectValue, "\(execution.result ?? .null)")
        XCTAssertEqual(result["six"], "1.16.0", "the pack's requirements.txt pins six==1.16.0; the layer has 1.17.0")
        XCTAssertTrue(result["six_file"]?.stringValue?.contains("/virtualenvs/st2_layer_own_six/") == true, "\(result)")
        XCTAssertEqual(result["yaml"], "6.0.3", "yaml still comes from the layer")
    }

    func testPackTestSeesTheLayerAfterThePacksOwnPins() throws {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = Self.fixturePacks
        let outcome = try harness.squall(["pack", "test", "st2_layer_own_six"], environment: environment)
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("1 passed"), outcome.stdout)
    }

    func testForkFromWarmHostImportsFromTheLayer() throws {
        let pool = WarmHostPool()
        defer { pool.stopAll() }
        let execution = try run("st2_layer_probe.imports", pool: pool)
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertNil(pool.lastProblem)
        XCTAssertEqual(pool.status.first?.executionsServed, 1, "forked from the warm host")
        XCTAssertEqual(execution.resultObject["result"]?["requests"], "2.32.4")
    }

    func testTurnedOffTheActionFailsAtImportAsBefore() throws {
        var off = settings!
        off.st2RuntimeLayerEnabled = false
        let execution = try run("st2_layer_probe.imports", settings: off)
        XCTAssertEqual(execution.status, .failed)
        let stderr = execution.resultObject["stderr"]?.stringValue ?? ""
        XCTAssertTrue(stderr.contains("No module named 'requests'"), stderr)
    }

    func testSensorImportsFromTheLayer() throws {
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        let pack = try XCTUnwrap(engine.catalog.packs["st2_layer_probe"])
        let sensor = try XCTUnwrap(engine.catalog.sensors["st2_layer_probe.LayerSensor"])
        let interpreter = try engine.virtualenvs.ensure(pack, progress: { _ in })
        let runDirectory = harness.dataDirectory + "/run/layer-sensor"
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let inbox = SensorChildTests.Inbox()
        let child = SensorChild(
            sensor: sensor, sensorId: "layer-sensor", interpreter: interpreter,
            runtimeDirectory: settings.pythonRuntimeDirectory, config: [:], triggers: [], policy: engine.policy,
            runDirectory: runDirectory, st2Layer: engine.virtualenvs.st2LayerPath(forPack: pack.ref),
            events: .init(started: { inbox.markStarted() }, dispatched: { trigger, payload, _ in inbox.add(trigger, payload) },
                          output: { _, _ in }, datastore: { _, _ in .null }))
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { _ = try? child.run(); done.signal() }
        inbox.wait("a dispatch") { !$0.payloads(of: "st2_layer_probe.imported").isEmpty }
        child.stop()
        _ = done.wait(timeout: .now() + 30)
        XCTAssertEqual(inbox.payloads(of: "st2_layer_probe.imported").first, ["requests": "2.32.4", "yaml": "6.0.3"])
    }

    func testALayerThatCannotBeBuiltWarnsAndTheVenvStillWorks() throws {
        let list = harness.dataDirectory + "/broken-requirements.txt"
        try "squall-no-such-package-for-tests==0.0.1\n".write(toFile: list, atomically: true, encoding: .utf8)
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        var virtualenvs = engine.virtualenvs
        virtualenvs.st2Layer = St2RuntimeLayer(root: harness.dataDirectory + "/broken-runtime", requirementsFile: list)
        let pack = try XCTUnwrap(engine.catalog.packs["st2_layer_probe"])
        var lines: [String] = []
        let interpreter = try virtualenvs.ensure(pack, progress: { lines.append($0) })
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: interpreter))
        let warnings = lines.filter { $0.contains("warning: st2 runtime layer not built") }
        XCTAssertEqual(warnings.count, 1, lines.joined(separator: "\n"))
        XCTAssertNil(virtualenvs.st2LayerPath(forPack: pack.ref))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: harness.dataDirectory + "/broken-runtime")
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".build.log") }
        XCTAssertEqual(leftovers.filter { !$0.hasSuffix(".failed") }, [], "a failed build leaves no layer behind")
        XCTAssertEqual(leftovers.filter { $0.hasSuffix(".failed") }.count, 1, "later processes skip it unless a venv is built")
        // Tried once per process: the next ensure does not run pip again.
        lines = []
        _ = try virtualenvs.ensure(pack, progress: { lines.append($0) })
        XCTAssertEqual(lines, [])
    }

    func testSettingTurnsTheLayerOffAndRefusesNonBooleans() throws {
        let environment = ["HOME": harness.dataDirectory, "SQUALL_HOME": IntegrationHarness.repositoryRoot,
                           "SQUALL_DATA_DIR": harness.dataDirectory]
        let on = try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: environment)
        XCTAssertEqual(on.st2RuntimeLayer?.root, harness.dataDirectory + "/runtime")
        XCTAssertEqual(on.st2RuntimeLayer?.requirements.contains("requests==2.32.4"), true)
        let off = try Settings.resolve(packsPath: nil, dataDirectory: nil,
                                       environment: environment.merging(["SQUALL_ST2_RUNTIME_LAYER": "false"]) { $1 })
        XCTAssertNil(off.st2RuntimeLayer)
        XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil,
                                                  environment: environment.merging(["SQUALL_ST2_RUNTIME_LAYER": "maybe"]) { $1 })) {
            XCTAssertEqual("\($0)", "st2_runtime_layer: 'maybe' is not true or false (SQUALL_ST2_RUNTIME_LAYER)")
        }
    }

    func testLayerIsNamedByInterpreterVersionAndList() throws {
        let venv = harness.dataDirectory + "/fake-venv"
        try FileManager.default.createDirectory(atPath: venv, withIntermediateDirectories: true)
        try "home = /usr/bin\nversion = 3.11.7\n".write(toFile: venv + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        let list = harness.dataDirectory + "/list.txt"
        try "# comment\nsix==1.17.0\n".write(toFile: list, atomically: true, encoding: .utf8)
        let first = try XCTUnwrap(St2RuntimeLayer(root: "/r", requirementsFile: list).path(forVirtualenv: venv))
        XCTAssertTrue(first.hasPrefix("/r/st2-3.11-"), first)
        try "# another comment\nsix==1.17.0\n".write(toFile: list, atomically: true, encoding: .utf8)
        XCTAssertEqual(St2RuntimeLayer(root: "/r", requirementsFile: list).path(forVirtualenv: venv), first, "comments do not count")
        try "six==1.16.0\n".write(toFile: list, atomically: true, encoding: .utf8)
        XCTAssertNotEqual(St2RuntimeLayer(root: "/r", requirementsFile: list).path(forVirtualenv: venv), first)
        try "home = /usr/bin\nversion = 3.12.1\n".write(toFile: venv + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        XCTAssertTrue(St2RuntimeLayer(root: "/r", requirementsFile: list).path(forVirtualenv: venv)?.hasPrefix("/r/st2-3.12-") == true)
    }
}
