import Foundation
@testable import SquallPackManager
import SquallTestSupport
import XCTest

/// A private repository over SSH: a real sshd on 127.0.0.1 that accepts only the test's key
/// (TestSSHServer), libgit2 cloning with the key given to install.
final class SSHInstallTests: PackInstallerTestCase {
    func testTheGivenKeyInstallsFromARealSSHServerAndAnotherKeyDoesNot() throws {
        let server = try TestSSHServer(directory: fixtures.root + "/ssh")
        defer { server.stop() }
        let port = server.port

        // libgit2 checks the server's key against ~/.ssh/known_hosts, as git does: a HOME of the
        // test's own that knows this server (restored afterwards).
        let home = fixtures.root + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try "[127.0.0.1]:\(port) \(server.hostPublicKey)\n".write(toFile: home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
        let previousHome = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", home, 1)
        defer { if let previousHome { setenv("HOME", previousHome, 1) } else { unsetenv("HOME") } }

        let repository = try fixtures.workingRepository("private")
        try repository.commitPack("secretive", version: "1.2.0")
        try repository.tag("v1.2.0")
        let bare = String(try repository.serve(as: "private").dropFirst("file://".count))
        let url = "ssh://\(NSUserName())@127.0.0.1:\(port)\(bare)"

        let refused: PackManagerError? = {
            do { try installer(sshKeyPath: server.strangerKeyPath).install([url]) { _ in }; return nil }
            catch { return error as? PackManagerError }
        }()
        XCTAssertEqual(refused?.step, .clone, "\(String(describing: refused))")
        XCTAssertFalse(refused?.description.contains("hostkey") ?? true, "refused for its key, not the host's: \(String(describing: refused))")
        XCTAssertEqual(installedPacks(), [])

        let records = try installer(sshKeyPath: server.clientKeyPath).install([url]) { _ in }
        XCTAssertEqual(records.map(\.pack), ["secretive"])
        XCTAssertEqual(installedVersion("secretive"), "1.2.0")
        // Stored without the URL's user part, as every source is (userinfo may carry a token).
        XCTAssertEqual(record("secretive")?.source, "ssh://127.0.0.1:\(port)\(bare)")
    }
}
