import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallRunners
import XCTest

/// A warm host never serves stale state (the pack's config, its sandbox policy), and a wedged or
/// dying host costs only latency: the execution runs cold and the host comes back after a backoff
/// that grows while it keeps failing.
final class WarmHostLifecycleTests: XCTestCase {
    var harness: IntegrationHarness!
    var engine: Engine!
    var pool: WarmHostPool!
    let clock = TestClock()

    static let probe = """
    import resource
    from st2common.runners.base_action import Action

    class LifeProbe(Action):
        def run(self):
            return {"token": self.config.get("token"), "open_files": resource.getrlimit(resource.RLIMIT_NOFILE)[0]}
    """

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        let packs = try harness.quietFixturePackCopy()
        try Self.probe.write(toFile: packs + "/squall_tests/actions/life_probe.py", atomically: true, encoding: .utf8)
        try "name: life_probe\nrunner_type: python-script\nentry_point: life_probe.py\n"
            .write(toFile: packs + "/squall_tests/actions/life_probe.yaml", atomically: true, encoding: .utf8)
        let settings = Settings(home: IntegrationHarness.repositoryRoot, packsPath: [IntegrationHarness.repositoryRoot + "/Packs", packs],
                                dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
        engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        let clock = self.clock
        pool = WarmHostPool(backoff: .init(first: 1, maximum: 60), now: { clock.now })
        engine.useWarmHosts(pool)
    }

    override func tearDown() {
        pool?.stopAll()
        harness.remove()
        engine = nil
    }

    private func probe() throws -> Execution {
        let execution = try harness.run(engine, "squall_tests.life_probe", timeout: 60)
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        return execution
    }

    func testChangedConfigIsSeenByTheNextExecution() throws {
        XCTAssertEqual(try probe().resultObject["result"]?["token"], "s3cr3t-token-value")
        try "token: rotated-token\n".write(toFile: harness.dataDirectory + "/configs/squall_tests.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try probe().resultObject["result"]?["token"], "rotated-token")
        XCTAssertEqual(pool.status.first?.executionsServed, 2, "the config reaches each fork in its execute message: same host")
    }

    func testChangedPolicyReplacesTheHost() throws {
        XCTAssertEqual(try probe().resultObject["result"]?["open_files"], 1024, "the shipped policy's limit")
        let old = try XCTUnwrap(pool.status.first)
        // The operator narrows the pack's sandbox: the host was launched under the old limits.
        let directory = harness.dataDirectory + "/policy/packs"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try #"{"version": 1, "limits": {"open_files": 512}}"#.write(toFile: directory + "/squall_tests.json", atomically: true, encoding: .utf8)
        XCTAssertEqual(try probe().resultObject["result"]?["open_files"], 512)
        let new = try XCTUnwrap(pool.status.first)
        XCTAssertNotEqual(new.pid, old.pid, "a new host, launched under the new policy")
        XCTAssertEqual(new.executionsServed, 1)
        try eventually("the old host is gone") { kill(old.pid, 0) == -1 }
    }

    func testAWedgedHostCostsOnlyLatencyAndIsRestartedAfterABackoff() throws {
        _ = try probe()
        let wedged = try XCTUnwrap(pool.status.first)
        XCTAssertEqual(kill(wedged.pid, SIGSTOP), 0)
        defer { kill(wedged.pid, SIGKILL) }
        XCTAssertEqual(try probe().resultObject["result"]?["token"], "s3cr3t-token-value", "run cold")
        XCTAssertTrue(pool.lastProblem?.contains("did not fork") ?? false, pool.lastProblem ?? "no problem noted")
        try eventually("the wedged host is killed") { kill(wedged.pid, 0) == -1 }
        XCTAssertEqual(pool.backoff(pack: "squall_tests")?.failures, 1)
        XCTAssertEqual(pool.status.count, 0)
        XCTAssertEqual(pool.hostsStarted, 1, "no restart while the pack backs off")

        clock.advance(by: 1)
        _ = try probe()
        let new = try XCTUnwrap(pool.status.first)
        XCTAssertNotEqual(new.pid, wedged.pid)
        XCTAssertEqual(new.executionsServed, 1)
        XCTAssertEqual(pool.hostsStarted, 2)
    }

    func testAHostThatKeepsDyingIsRestartedOnlyAfterADoublingBackoff() throws {
        var waits: [Double] = []
        for round in 1...4 {
            _ = try probe()
            let host = try XCTUnwrap(pool.status.first, "round \(round)")
            XCTAssertEqual(host.executionsServed, 1)
            XCTAssertEqual(pool.hostsStarted, round)
            XCTAssertEqual(kill(host.pid, SIGKILL), 0)
            try eventually("the host is dead") { kill(host.pid, 0) == -1 }
            // While the pack backs off (the clock stands still), executions run cold and start nothing.
            for _ in 0..<2 { _ = try probe() }
            XCTAssertEqual(pool.hostsStarted, round, "no host started during the backoff")
            XCTAssertEqual(pool.status.count, 0)
            let backoff = try XCTUnwrap(pool.backoff(pack: "squall_tests"))
            XCTAssertEqual(backoff.failures, round)
            waits.append(backoff.seconds)
            clock.advance(by: backoff.seconds)
        }
        XCTAssertEqual(waits, [1, 2, 4, 8])
    }
}

/// A clock tests move by hand (WarmHostPool's backoff and idle times).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date = Date()
    var now: Date { lock.withLock { date } }
    func advance(by seconds: TimeInterval) { lock.withLock { date += seconds } }
}
