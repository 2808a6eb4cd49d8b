import Foundation
import SquallBootstrap
import SquallStore
import XCTest

/// Tests that drive workflows with real `squall` processes on one data directory: the harness, the
/// CLI's environment naming a fixture packs directory, the store opened beside them, and a server
/// the test may start (stopped at tear-down).
class WorkflowProcessTestCase: XCTestCase {
    /// The packs directory under Tests/Fixtures the CLI sees.
    class var fixturePacks: String { "chains/packs" }

    var harness: IntegrationHarness!
    var environment: [String: String] = [:]
    var store: (any Store)!
    var server: Process?

    override func setUpWithError() throws {
        harness = try IntegrationHarness(config: nil)
        environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = IntegrationHarness.repositoryRoot + "/Tests/Fixtures/" + Self.fixturePacks
        store = try EngineBootstrap.openStore(settings: harness.settings)
    }

    override func tearDown() {
        if let server, server.isRunning { server.terminate(); server.waitUntilExit() }
        harness.remove()
    }
}
