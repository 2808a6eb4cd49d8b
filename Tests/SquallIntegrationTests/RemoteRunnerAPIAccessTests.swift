import Foundation
import SquallModel
import XCTest

/// st2's SSH runners export ST2_ACTION_API_URL and ST2_ACTION_AUTH_TOKEN on the remote host, as its
/// local and Python runners do (`_get_common_action_env_variables`). squall does too when it serves
/// the API, with the token sent on ssh's stdin rather than on any command line. Same sshd as
/// RemoteRunnerTests (this file only adds cases to it).
extension RemoteRunnerTests {
    private func remoteParameters(_ cmd: String) -> [String: JSONValue] {
        ["cmd": .string(cmd), "hosts": .string("127.0.0.1:\(server.port)"), "private_key": .string(clientKey)]
    }

    func testRemoteCommandsGetTheAPIURLAndATokenOfTheirOwnThatEndsWithTheExecution() throws {
        engine.serveActionAPI(host: "0.0.0.0", port: 9101, https: false)
        let tokenFile = scratch + "/token"
        let proceed = scratch + "/proceed"
        // The remote shell's own command line is what ssh carried (locally it is ssh's argv).
        let cmd = "printf %s \"$ST2_ACTION_AUTH_TOKEN\" > \(tokenFile).part && mv \(tokenFile).part \(tokenFile)"
            + " && while [ ! -e \(proceed) ]; do sleep 0.05; done"
            + " && echo \"$ST2_ACTION_API_URL|$ST2_ACTION_DEBUG\" && tr '\\0' ' ' < /proc/$$/cmdline"
        nonisolated(unsafe) var finished: Result<Execution, any Error>?
        let ended = DispatchSemaphore(value: 0)
        let engine = self.engine!, harness = self.harness!, parameters = remoteParameters(cmd)
        // However this test ends, the remote command does not wait beyond it.
        defer { FileManager.default.createFile(atPath: proceed, contents: Data()) }
        Thread.detachNewThread {
            finished = Result { try harness.run(engine, "core.remote", parameters) }
            ended.signal()
        }

        eventually("the remote command wrote its token") { FileManager.default.fileExists(atPath: tokenFile) }
        let token = try String(contentsOfFile: tokenFile, encoding: .utf8)
        XCTAssertEqual(token.count, 64, "a token, not empty")
        let live = try engine.token(token)
        XCTAssertNotNil(live, "valid while the execution runs")
        FileManager.default.createFile(atPath: proceed, contents: Data())
        ended.wait()

        let execution = try XCTUnwrap(finished).get()
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(live?.user, execution.context["user"]?.stringValue, "the execution's user's token")
        let stdout = execution.resultObject["127.0.0.1"]?.objectValue?["stdout"]?.stringValue ?? ""
        let lines = stdout.components(separatedBy: "\n")
        XCTAssertEqual(lines.first, "http://127.0.0.1:9101/api/v1|False")
        XCTAssertTrue(lines.count > 1 && lines[1].contains("ST2_ACTION_API_URL="), "the command line: \(stdout)")
        XCTAssertFalse(stdout.contains(token), "the token is on no command line")
        XCTAssertNil(try engine.token(token), "revoked when the runner returned")
    }

    func testWithoutTheAPIRemoteCommandsGetEmptyValuesAsBefore() throws {
        let execution = try harness.run(engine, "core.remote", remoteParameters("echo \"[$ST2_ACTION_API_URL|${ST2_ACTION_AUTH_TOKEN-unset}]\""))
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["127.0.0.1"]?.objectValue?["stdout"], "[|]")
    }
}
