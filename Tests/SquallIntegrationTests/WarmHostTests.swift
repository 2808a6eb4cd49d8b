import Foundation
import SquallEngine
import SquallModel
import SquallRunners
import SquallSandbox
import XCTest

/// Python executions forked from a warm per-pack host (the `warm_hosts` setting) under the shipped
/// default policy: the same results as cold children, and no execution can reach another.
final class WarmHostTests: XCTestCase {
    var harness: IntegrationHarness!
    var engine: Engine!
    var pool: WarmHostPool!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        engine = try harness.engine()
        pool = WarmHostPool()
        engine.useWarmHosts(pool)
    }

    override func tearDown() {
        pool?.stopAll()
        harness.remove()
        engine = nil
    }

    func testForkedExecutionSpeaksTheWholeProtocol() throws {
        let execution = try harness.run(engine, "squall_tests.datastore", timeout: 30)
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertNil(pool.lastProblem)
        XCTAssertEqual(execution.resultObject["result"]?["seen"], "hello")
        let secret = try harness.run(engine, "squall_tests.secret_param", ["password": "isolated-secret"], timeout: 30)
        XCTAssertEqual(secret.resultObject["result"], ["length": 15, "in_environ": false, "in_cmdline": false])
        XCTAssertEqual(pool.status.map(\.pack), ["squall_tests"])
        XCTAssertEqual(pool.status.first?.executionsServed, 2, "both executions were forked from the warm host")
    }

    func testHostRunsInThePacksSandbox() throws {
        _ = try harness.run(engine, "squall_tests.datastore", timeout: 30)
        let pid = try XCTUnwrap(pool.status.first?.pid)
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func field(_ name: String) -> String? {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
        }
        XCTAssertEqual(field("Uid")?.split(separator: "\t").first, "\(PackIdentity.forPack("squall_tests").uid)", "the pack's user")
        XCTAssertEqual(field("NoNewPrivs"), "1")
        XCTAssertEqual(field("Seccomp"), "2")
        XCTAssertEqual(field("CapEff"), "0000000000000000")
        XCTAssertEqual(field("NSpid")?.split(separator: "\t").count, 2, "in its own pid namespace, under its squall-init")
        let cmdline = try XCTUnwrap(FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"))
        XCTAssertTrue(String(decoding: cmdline, as: UTF8.self).contains("squall_warm_host.py"))
    }
}
