import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallRunners
import XCTest

/// The cold child's sandbox tests (SandboxedChildTests: denied syscalls, an environment built from
/// scratch, no leaked descriptors, secrets only over the channel) run again with every Python
/// execution forked from a warm host.
final class WarmSandboxedChildTests: SandboxedChildTests {
    private var pool: WarmHostPool!

    override func setUpWithError() throws {
        try super.setUpWithError()
        pool = WarmHostPool()
        engine.useWarmHosts(pool)
    }

    override func tearDown() {
        assertEveryPythonExecutionWasForked(engine: engine, pool: pool)
        pool.stopAll()
        super.tearDown()
    }

    // Declared again: XCTest on Linux finds only the test methods a class declares itself.
    override func testDeniedSyscallsReturnEPERM() throws { try super.testDeniedSyscallsReturnEPERM() }
    override func testEnvironmentIsBuiltFromScratchAndNoFdsLeak() throws { try super.testEnvironmentIsBuiltFromScratchAndNoFdsLeak() }
    override func testSecretsTravelOnlyOverTheChannel() throws { try super.testSecretsTravelOnlyOverTheChannel() }
}

/// The python-script runner's own tests (protocol, results, output, config, datastore, timeout
/// killing the action's children) with every execution forked from a warm host.
final class WarmPythonRunnerTests: PythonRunnerTests {
    private var pool: WarmHostPool!

    override func setUpWithError() throws {
        try super.setUpWithError()
        pool = WarmHostPool()
        engine.useWarmHosts(pool)
    }

    override func tearDown() {
        assertEveryPythonExecutionWasForked(engine: engine, pool: pool)
        pool.stopAll()
        super.tearDown()
    }

    // Declared again: XCTest on Linux finds only the test methods a class declares itself.
    override func testCoreUuid() throws { try super.testCoreUuid() }
    override func testAPrivateDataDirectoryStillRuns() throws { try super.testAPrivateDataDirectoryStillRuns() }
    override func testParametersAndResultRoundTrip() throws { try super.testParametersAndResultRoundTrip() }
    override func testStatusTupleDecidesTheStatus() throws { try super.testStatusTupleDecidesTheStatus() }
    override func testNonBoolStatusExits220() throws { try super.testNonBoolStatusExits220() }
    override func testUncaughtExceptionFailsWithTraceback() throws { try super.testUncaughtExceptionFailsWithTraceback() }
    override func testExitWithoutResultFollowsTheExitCode() throws { try super.testExitWithoutResultFollowsTheExitCode() }
    override func testNonJSONResultWithoutStatusIsWhatSt2sRunnerParses() throws { try super.testNonJSONResultWithoutStatusIsWhatSt2sRunnerParses() }
    override func testLegacyConstructorGetsServiceAfterwards() throws { try super.testLegacyConstructorGetsServiceAfterwards() }
    override func testPlainClassWithRunIsSelected() throws { try super.testPlainClassWithRunIsSelected() }
    override func testConfigWithDefaultsReachesTheAction() throws { try super.testConfigWithDefaultsReachesTheAction() }
    override func testDatastoreWithLocalPrefixingAndTTL() throws { try super.testDatastoreWithLocalPrefixingAndTTL() }
    override func testOutputLinesLoggerAndActionsLib() throws { try super.testOutputLinesLoggerAndActionsLib() }
    override func testTheChildsExitStillWaitsForThreadsRunsAtexitAndFlushes() throws { try super.testTheChildsExitStillWaitsForThreadsRunsAtexitAndFlushes() }
    override func testLogLevelParameterFiltersTheActionLogger() throws { try super.testLogLevelParameterFiltersTheActionLogger() }
    override func testTimeoutKillsPythonAndItsChildren() throws { try super.testTimeoutKillsPythonAndItsChildren() }
}

/// A fork's filesystem view is its pack's, as a cold child's (FilesystemViewTests): no host
/// secrets, no data directory, no other pack; the pack read-only; only /tmp writable.
final class WarmHostViewTests: XCTestCase {
    func testAForkSeesOnlyItsPacksView() throws {
        let harness = try IntegrationHarness()
        defer { harness.remove() }
        let packs = try harness.quietFixturePackCopy()
        try """
        import errno, os
        from st2common.runners.base_action import Action

        def writable(path):
            try:
                with open(path, "w") as handle:
                    handle.write("x")
                return "writable"
            except OSError as error:
                return errno.errorcode[error.errno]

        class ViewProbe(Action):
            def run(self, hidden):
                return {"visible": [path for path in hidden if os.path.exists(path)],
                        "pack": writable(os.path.join(os.path.dirname(__file__), "planted.py")),
                        "tmp": writable("/tmp/scratch")}
        """.write(toFile: packs + "/squall_tests/actions/view_probe.py", atomically: true, encoding: .utf8)
        try "name: view_probe\nrunner_type: python-script\nentry_point: view_probe.py\nparameters:\n  hidden: {type: array}\n"
            .write(toFile: packs + "/squall_tests/actions/view_probe.yaml", atomically: true, encoding: .utf8)
        var settings = harness.settings
        settings.packsPath = [IntegrationHarness.repositoryRoot + "/Packs", packs]
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        let pool = WarmHostPool()
        engine.useWarmHosts(pool)
        defer { pool.stopAll() }
        let hidden: [String] = ["/root", "/etc/shadow", "/home", harness.dataDirectory + "/squall.db",
                                harness.dataDirectory + "/configs", IntegrationHarness.repositoryRoot + "/Packs/core/pack.yaml",
                                IntegrationHarness.repositoryRoot + "/Sources"]
        let execution = try engine.run(ExecutionRequest(actionRef: "squall_tests.view_probe",
                                                        parameters: ["hidden": .array(hidden.map(JSONValue.string))], timeoutSeconds: 60))
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(pool.status.first?.executionsServed, 1, "forked from the warm host")
        let seen = execution.resultObject["result"]
        XCTAssertEqual(seen?["visible"], [], "nothing outside the pack's view")
        XCTAssertEqual(seen?["pack"], "EROFS", "the pack is read-only")
        XCTAssertEqual(seen?["tmp"], "writable")
    }
}

/// Every python-script execution this engine recorded was forked from `pool`'s hosts (none ran cold).
private func assertEveryPythonExecutionWasForked(engine: Engine, pool: WarmHostPool, file: StaticString = #filePath, line: UInt = #line) {
    let python = ((try? engine.store.executions(limit: 1000, action: nil, status: nil)) ?? []).filter { $0.runner == "python-script" }
    XCTAssertEqual(pool.status.reduce(0) { $0 + $1.executionsServed }, python.count, "executions forked", file: file, line: line)
    XCTAssertNil(pool.lastProblem, file: file, line: line)
}
