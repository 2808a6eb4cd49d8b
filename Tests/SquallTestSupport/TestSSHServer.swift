import Foundation

/// A real OpenSSH server for tests (scripts/install-deps.sh installs openssh-server): its own
/// config, host key and authorized key in `directory`, listening on a free port of the given
/// loopback addresses, logging in as the user the tests run as. With `rootPassword`, password
/// logins work too: sshd runs in a private mount namespace where /etc/shadow is a copy giving root
/// that password (the host's own file is never touched). With `sudoUser` as well, that namespace's
/// /etc/passwd, /etc/shadow and /etc/sudoers also have an unprivileged user who logs in with its
/// password and may use sudo only by giving that password again.
public final class TestSSHServer {
    public let directory: String
    public let port: Int
    /// The key sshd accepts, and one it does not.
    public let clientKeyPath: String
    public let strangerKeyPath: String
    /// "<type> <base64>", for known_hosts lines.
    public let hostPublicKey: String
    private var pid: pid_t = 0

    public init(directory: String, listenAddresses: [String] = ["127.0.0.1"], rootPassword: String? = nil,
                sudoUser: (name: String, password: String)? = nil) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in ["host", "client", "stranger"] { try Self.keygen(directory + "/" + name) }
        try FileManager.default.copyItem(atPath: directory + "/client.pub", toPath: directory + "/authorized_keys")
        clientKeyPath = directory + "/client"
        strangerKeyPath = directory + "/stranger"
        hostPublicKey = try String(contentsOfFile: directory + "/host.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        port = try FreePort.closed()
        let config = directory + "/sshd_config"
        try ("Port \(port)\n" + listenAddresses.map { "ListenAddress \($0)\n" }.joined() + """
            HostKey \(directory)/host
            AuthorizedKeysFile \(directory)/authorized_keys
            PidFile \(directory)/sshd.pid
            StrictModes no
            UsePAM no
            PasswordAuthentication \(rootPassword == nil ? "no" : "yes")
            KbdInteractiveAuthentication no
            PermitRootLogin \(rootPassword == nil ? "prohibit-password" : "yes")

            """).write(toFile: config, atomically: true, encoding: .utf8)
        // sshd refuses to start without its privilege separation directory.
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        var arguments = ["/usr/sbin/sshd", "-D", "-f", config, "-E", directory + "/sshd.log"]
        if let rootPassword {
            let etc = directory + "/etc"
            try FileManager.default.createDirectory(atPath: etc, withIntermediateDirectories: true)
            var passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
            var shadow = try Self.shadow(rootPassword: rootPassword)
            var sudoers = "root ALL=(ALL:ALL) ALL\n"
            if let sudoUser {
                passwd += "\(sudoUser.name):x:4242:65534::/tmp:/bin/sh\n"
                shadow += "\(sudoUser.name):\(try Self.hash(sudoUser.password)):19000:0:99999:7:::\n"
                sudoers += "\(sudoUser.name) ALL=(ALL:ALL) ALL\n"
            }
            for (name, text, mode) in [("passwd", passwd, 0o644), ("shadow", shadow, 0o640), ("sudoers", sudoers, 0o440)] {
                try text.write(toFile: etc + "/" + name, atomically: true, encoding: .utf8)
                chmod(etc + "/" + name, mode_t(mode))
            }
            arguments = ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                         "for f in passwd shadow sudoers; do mount --bind \"$1/$f\" /etc/$f || exit 1; done; shift; exec \"$@\"",
                         "sh", etc] + arguments
        }
        // posix_spawn, not Foundation's Process: Process's monitor blocks in wait4 on sshd (which
        // re-executes itself) and then never reaps other children of the test.
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, arguments[0], nil, nil, &argv, environ)
        guard spawned == 0 else { throw TestSupportError("cannot start sshd: \(String(cString: strerror(spawned)))") }
        for address in listenAddresses { try FreePort.waitForListener(address: address, port: port, what: "sshd") }
    }

    /// Makes a new key pair at `path` (with `passphrase`, if given) that sshd accepts from now on.
    public func addClientKey(at path: String, passphrase: String = "") throws {
        _ = try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ecdsa", "-b", "256", "-N", passphrase, "-f", path])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/authorized_keys"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: path + ".pub")))
    }

    public func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        pid = 0
    }

    deinit { stop() }

    /// The host's shadow file with root's password hash replaced.
    private static func shadow(rootPassword: String) throws -> String {
        let hash = try hash(rootPassword)
        let lines = try String(contentsOfFile: "/etc/shadow", encoding: .utf8).split(separator: "\n").map { line -> String in
            var fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if fields.first == "root", fields.count > 1 { fields[1] = hash }
            return fields.joined(separator: ":")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// openssl's SHA-512 crypt, as /etc/shadow holds it.
    private static func hash(_ password: String) throws -> String {
        try run("/usr/bin/openssl", ["passwd", "-6", "-salt", "squalltest", password]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func keygen(_ path: String) throws {
        // ECDSA: what both libssh2 and OpenSSH's current defaults accept.
        _ = try run("/usr/bin/ssh-keygen", ["-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", path])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSupportError("\(executable) exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
