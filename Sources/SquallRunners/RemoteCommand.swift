import Foundation

/// The command line one host's shell runs, built as st2 builds it (`export` of the environment,
/// `cd` to `cwd`, `sudo -E -- bash -c` around it all), with every value quoted for a POSIX shell:
/// only `cmd` itself is shell code. What must not appear on any command line (the sudo password,
/// the script, the execution's API token) travels on ssh's standard input instead.
struct RemoteCommand: Equatable {
    var command: String
    var standardInput: Data?

    enum Work {
        /// remote-shell-cmd: the action's shell code.
        case shell(String)
        /// remote-shell-script: the script's bytes, uploaded to `directory/name` and run with
        /// `arguments` (already quoted), then the directory is removed, as st2 does.
        case script(contents: Data, directory: String, name: String, arguments: [String])
    }

    static func build(_ work: Work, environment: [String: String], cwd: String, sudo: Bool, sudoPassword: String?,
                      authToken: String? = nil) -> RemoteCommand {
        let quote = ShellArguments.quote
        var steps: [String] = []
        let exports = environment.keys.sorted().filter(isShellName).map { "\($0)=\(quote(environment[$0]!))" }
        if !exports.isEmpty { steps.append("export " + exports.joined(separator: " ")) }
        steps.append("cd -- \(quote(cwd))")
        switch work {
        case .shell(let cmd): steps.append(cmd)
        case .script(_, let directory, let name, let arguments):
            steps.append(([quote(directory + "/" + name)] + arguments).joined(separator: " "))
        }
        var run = steps.joined(separator: " && ")
        var input = Data()
        var prologue = ""
        if let authToken {
            // st2 exports ST2_ACTION_AUTH_TOKEN on the command line (and masks it in its logs); here the
            // remote shell reads it first from stdin, so it is on no argv, local or remote. Exported
            // before sudo, whose -E keeps it.
            prologue = "IFS= read -r \(authTokenVariable) && export \(authTokenVariable) && "
            input.append(Data((authToken + "\n").utf8))
        }
        if sudo {
            run = "sudo -E -- bash -c " + quote(run)
            if let sudoPassword {
                // Read from stdin by the shell's builtins, so it is never in any process's argv.
                prologue += "IFS= read -r squall_sudo_password && "
                run = "printf '%s\\n' \"$squall_sudo_password\" | sudo -S -p '' -E -- bash -c " + quote(steps.joined(separator: " && "))
                input.append(Data((sudoPassword + "\n").utf8))
            }
        }
        switch work {
        case .shell:
            return RemoteCommand(command: prologue + run, standardInput: input.isEmpty ? nil : input)
        case .script(let contents, let directory, let name, _):
            let dir = quote(directory)
            let path = quote(directory + "/" + name)
            input.append(contents)
            let upload = "mkdir -p -- \(dir) && cat > \(path) && chmod 0744 -- \(path)"
            let command = prologue + upload + " && " + run + "; squall_rc=$?; rm -rf -- \(dir); exit $squall_rc"
            return RemoteCommand(command: command, standardInput: input)
        }
    }

    static let authTokenVariable = "ST2_ACTION_AUTH_TOKEN"

    /// Names `export` accepts; anything else would make the whole command fail.
    static func isShellName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) }
    }
}
