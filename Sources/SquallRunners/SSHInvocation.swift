import Foundation

/// How the remote runners log in: st2's credential parameters.
struct SSHCredentials: Sendable {
    var username: String
    var password: String?
    /// Key material (never a path: a path given by the action is read by the supervisor first).
    var privateKey: String?
    var passphrase: String?
}

/// One OpenSSH client run: its argv and environment, and the files it reads, all written into a
/// directory private to this host's child (the child sees it at the same path). Secrets live only in
/// 0600 files there: the key (`-i`), the password and passphrase (read by a tiny SSH_ASKPASS
/// program), the sudo password and script (standard input). None is ever on an argv or in an environment.
///
/// Host keys: st2 accepts any host key (paramiko's AutoAddPolicy). squall does the same for hosts it
/// does not know (`StrictHostKeyChecking=accept-new` on a per-run copy, nothing persisted), but a
/// host listed in the operator's known_hosts file (`<data dir>/ssh/known_hosts`) must present that key.
struct SSHInvocation {
    static let ssh = "/usr/bin/ssh"
    static let shell = "/bin/sh"

    var executable: String
    var arguments: [String]
    var environment: [String: String]
    /// ssh's own messages (`-E`): why a connection failed, and whether it got as far as logging in.
    var logPath: String

    static func prepare(host: RemoteHost, command: RemoteCommand, credentials: SSHCredentials, bastion: RemoteHost?,
                        connectTimeout: Int, knownHosts: String?, directory: String) throws -> SSHInvocation {
        let knownHostsPath = directory + "/known_hosts"
        let known = knownHosts.flatMap { FileManager.default.contents(atPath: $0) } ?? Data()
        try write(known, to: knownHostsPath, mode: 0o600)
        var options: [(String, String)] = [
            ("StrictHostKeyChecking", "accept-new"), ("UserKnownHostsFile", knownHostsPath),
            ("GlobalKnownHostsFile", "/dev/null"), ("UpdateHostKeys", "no"), ("HashKnownHosts", "no"),
            ("ConnectTimeout", String(max(1, connectTimeout))), ("ServerAliveInterval", "15"), ("ServerAliveCountMax", "4"),
            ("ForwardAgent", "no"), ("ForwardX11", "no"), ("ClearAllForwardings", "yes"), ("PermitLocalCommand", "no"),
            ("ControlMaster", "no"), ("ControlPath", "none"), ("IdentitiesOnly", "yes"), ("LogLevel", "VERBOSE"),
            ("NumberOfPasswordPrompts", "1"),
        ]
        var environment = ["PATH": ChildEnvironment.basePath, "HOME": directory, "LANG": "C.UTF-8", "SHELL": shell]
        if let key = credentials.privateKey {
            let keyPath = directory + "/identity"
            try write(Data(key.hasSuffix("\n") ? key.utf8 : (key + "\n").utf8), to: keyPath, mode: 0o600)
            options.append(("IdentityFile", keyPath))
        }
        // The key first, then the password, when both are given (as paramiko tries them for st2).
        let usesKey = credentials.privateKey != nil, usesPassword = credentials.password != nil
        options += [("PubkeyAuthentication", usesKey ? "yes" : "no"),
                    ("PasswordAuthentication", usesPassword ? "yes" : "no"),
                    ("KbdInteractiveAuthentication", usesPassword ? "yes" : "no")]
        let asksForSecrets = usesPassword || credentials.passphrase != nil
        options.append(("BatchMode", asksForSecrets ? "no" : "yes"))
        if asksForSecrets {
            let askpass = directory + "/askpass"
            let passwordPath = directory + "/password", passphrasePath = directory + "/passphrase"
            if let password = credentials.password { try write(Data(password.utf8), to: passwordPath, mode: 0o600) }
            if let passphrase = credentials.passphrase { try write(Data(passphrase.utf8), to: passphrasePath, mode: 0o600) }
            // ssh passes its prompt as $1: a key's passphrase prompt names the key, a login's does not.
            let program = """
                #!/bin/sh
                case "$1" in
                  *assphrase*) exec cat \(ShellArguments.quote(passphrasePath)) ;;
                  *) exec cat \(ShellArguments.quote(passwordPath)) ;;
                esac

                """
            try write(Data(program.utf8), to: askpass, mode: 0o700)
            environment["SSH_ASKPASS"] = askpass
            environment["SSH_ASKPASS_REQUIRE"] = "force"
        }
        var common = ["-F", "/dev/null", "-T"]
        for (name, value) in options { common += ["-o", "\(name)=\(value)"] }
        var arguments = common
        if let bastion {
            // The jump connection uses the same credentials and host-key rules, as st2's does.
            // ssh runs a ProxyCommand with $SHELL -c after expanding %-tokens: quote each word, double each '%'.
            let escaped = ([ssh] + common + ["-E", directory + "/ssh.log", "-p", String(bastion.port), "-l", credentials.username])
                .map { ShellArguments.quote($0).replacingOccurrences(of: "%", with: "%%") }
            let proxyCommand = (escaped + ["-W", "%h:%p", "--", ShellArguments.quote(bastion.name).replacingOccurrences(of: "%", with: "%%")])
                .joined(separator: " ")
            arguments += ["-o", "ProxyCommand=" + proxyCommand]
        }
        let logPath = directory + "/ssh.log"
        arguments += ["-E", logPath, "-p", String(host.port), "-l", credentials.username, "--", host.name, command.command]
        guard let input = command.standardInput else {
            return SSHInvocation(executable: ssh, arguments: arguments, environment: environment, logPath: logPath)
        }
        let inputPath = directory + "/stdin"
        try write(input, to: inputPath, mode: 0o600)
        // The launcher gives children /dev/null as stdin: a shell opens the file for ssh, taking
        // its name and ssh's argv as arguments (nothing is parsed as shell code).
        return SSHInvocation(executable: shell, arguments: ["-c", "input=$1; shift; exec \"$@\" < \"$input\"", "ssh-with-input", inputPath, ssh] + arguments,
                             environment: environment, logPath: logPath)
    }

    private static func write(_ data: Data, to path: String, mode: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: mode]) else {
            throw RunnerError("cannot write \(path)")
        }
    }

    /// Whether ssh got as far as logging in (its VERBOSE log says "Authenticated to"): exit status
    /// 255 is then the remote command's own, not a connection failure.
    static func authenticated(log: String) -> Bool {
        log.contains("Authenticated to ")
    }

    /// The reason a connection failed: ssh's last message that is not chatter.
    static func failureReason(log: String) -> String {
        let lines = log.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let reasons = lines.filter { !$0.isEmpty && !$0.hasPrefix("Warning: Permanently added") && !$0.hasPrefix("debug") }
        return reasons.last ?? "ssh exited with status 255"
    }
}
