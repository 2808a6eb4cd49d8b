import Foundation
import XCTest

/// A real `squall server` and the real CLI on one data directory whose packs are a quiet copy of
/// the fixtures: the set-up ControlChannelTests and ServerHandoffTests share.
class ServerProcessTestCase: EngineTestCase {
    var environment: [String: String] = [:]

    override func setUpWithError() throws {
        try super.setUpWithError()
        environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = try harness.quietFixturePackCopy()
    }

    func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments, environment: environment) }

    func withServer(_ body: (Process) throws -> Void) throws {
        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        XCTAssertTrue(server.isRunning, "the server did not start")
        try body(server)
    }
}
