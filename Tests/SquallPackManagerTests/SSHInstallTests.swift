import Foundation
@testable import SquallPackManager
import XCTest

/// A private repository over SSH: a real sshd on 127.0.0.1 that accepts only the test's key
/// (scripts/install-deps.sh installs openssh-server), libgit2 cloning with the key given to install.
final class SSHInstallTests: PackInstallerTestCase {
    func testTheGivenKeyInstallsFromARealSSHServerAndAnotherKeyDoesNot() throws {
        let directory = fixtures.root + "/ssh"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in ["host", "client", "stranger"] { try keygen(directory + "/" + name) }
        try FileManager.default.copyItem(atPath: directory + "/client.pub", toPath: directory + "/authorized_keys")
        let port = try closedPort()
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory)/host
            AuthorizedKeysFile \(directory)/authorized_keys
            PidFile \(directory)/sshd.pid
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password

            """.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
        // sshd refuses to start without its privilege separation directory.
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        // posix_spawn, not Foundation's Process: Process's monitor blocks in wait4 on sshd (which
        // re-executes itself) and then never reaps the git processes the fixtures run.
        let arguments = ["/usr/sbin/sshd", "-D", "-f", directory + "/sshd_config"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var sshd: pid_t = 0
        XCTAssertEqual(posix_spawn(&sshd, arguments[0], nil, nil, &argv, environ), 0)
        defer { kill(sshd, SIGTERM); var status: Int32 = 0; waitpid(sshd, &status, 0) }
        try waitForListener(port: port)

        // libgit2 checks the server's key against ~/.ssh/known_hosts, as git does: a HOME of the
        // test's own that knows this server (restored afterwards).
        let home = fixtures.root + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        let hostKey = try String(contentsOfFile: directory + "/host.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
        let previousHome = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", home, 1)
        defer { if let previousHome { setenv("HOME", previousHome, 1) } else { unsetenv("HOME") } }

        let repository = try fixtures.workingRepository("private")
        try repository.commitPack("secretive", version: "1.2.0")
        try repository.tag("v1.2.0")
        let bare = String(try repository.serve(as: "private").dropFirst("file://".count))
        let url = "ssh://\(NSUserName())@127.0.0.1:\(port)\(bare)"

        let refused: PackManagerError? = {
            do { try installer(sshKeyPath: directory + "/stranger").install([url]) { _ in }; return nil }
            catch { return error as? PackManagerError }
        }()
        XCTAssertEqual(refused?.step, .clone, "\(String(describing: refused))")
        XCTAssertFalse(refused?.description.contains("hostkey") ?? true, "refused for its key, not the host's: \(String(describing: refused))")
        XCTAssertEqual(installedPacks(), [])

        let records = try installer(sshKeyPath: directory + "/client").install([url]) { _ in }
        XCTAssertEqual(records.map(\.pack), ["secretive"])
        XCTAssertEqual(installedVersion("secretive"), "1.2.0")
        // Stored without the URL's user part, as every source is (userinfo may carry a token).
        XCTAssertEqual(record("secretive")?.source, "ssh://127.0.0.1:\(port)\(bare)")
    }

    private func keygen(_ path: String) throws {
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        // ECDSA: what both this libssh2 and OpenSSH's current defaults accept.
        keygen.arguments = ["-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", path]
        try keygen.run(); keygen.waitUntilExit()
        XCTAssertEqual(keygen.terminationStatus, 0)
    }

    private func waitForListener(port: Int) throws {
        let until = Date().addingTimeInterval(10)
        while Date() < until {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("sshd did not listen on 127.0.0.1:\(port)")
    }
}
