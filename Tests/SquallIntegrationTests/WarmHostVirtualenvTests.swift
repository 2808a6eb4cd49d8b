import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallRunners
import XCTest

/// A pack's virtualenv rebuilt under a running warm host (its requirements changed): the next
/// execution forks from a new host that sees the new venv, never from the one holding the old.
final class WarmHostVirtualenvTests: XCTestCase {
    func testRebuiltVirtualenvReplacesTheHost() throws {
        let harness = try IntegrationHarness()
        defer { harness.remove() }
        let pack = try harness.writeProbePack("warm_venv_probe", files: ["actions/probe.py": """
        import sys

        class Probe(object):
            def run(self):
                try:
                    import tabulate
                except ImportError:
                    return "missing"
                return "present"
        """])
        // Its own venv directory: this test rebuilds on purpose.
        try FileManager.default.removeItem(atPath: harness.dataDirectory + "/virtualenvs")
        let engine = try EngineBootstrap.openEngine(settings: harness.probePackSettings, progress: { _ in })
        let pool = WarmHostPool()
        engine.useWarmHosts(pool)
        defer { pool.stopAll() }
        func probe() throws -> Execution {
            try engine.run(ExecutionRequest(actionRef: "warm_venv_probe.probe", timeoutSeconds: 60))
        }

        XCTAssertEqual(try probe().resultObject["result"], "missing")
        let old = try XCTUnwrap(pool.status.first)
        try "tabulate\n".write(toFile: pack + "/requirements.txt", atomically: true, encoding: .utf8)
        let rebuilt = try probe()
        XCTAssertEqual(rebuilt.resultObject["result"], "present", "\(rebuilt.result ?? .null)")
        let new = try XCTUnwrap(pool.status.first)
        XCTAssertNotEqual(new.pid, old.pid, "the host of the old venv was replaced")
        XCTAssertEqual(new.executionsServed, 1)
        XCTAssertNil(pool.lastProblem)
        try eventually("the old host is gone") { kill(old.pid, 0) == -1 }
    }
}
