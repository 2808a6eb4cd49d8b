import SquallModel
import SquallSandbox

/// st2's per-host entry of a remote runner's result (parallel_ssh.py) and its status rule.
enum RemoteHostResult {
    /// The host's command ran: `{stdout, stderr, return_code, succeeded, failed}`; output trimmed
    /// and JSON-decoded as the local runner's. A timeout or failed connection adds `timeout` and `error`.
    static func entry(_ completion: ChildSupervisor.Completion, host: RemoteHost, sshLog: String,
                      timeoutSeconds: Int, connectTimeout: Int) -> JSONValue {
        let stdout = ShellResult.decoded(ShellResult.trimmed(completion.stdout))
        let stderr = ShellResult.decoded(ShellResult.trimmed(completion.stderr))
        if completion.timedOut {
            return failure(returnCode: -9, timeout: true, stdout: stdout, stderr: stderr,
                           error: "Failed executing command on host \"\(host.name)\". Command didn't finish in \(timeoutSeconds) seconds "
                               + "or the SSH connection did not succeed in \(connectTimeout) seconds")
        }
        let returnCode: Int
        switch completion.termination {
        case .exited(let code): returnCode = Int(code)
        case .signaled(let signal): returnCode = -Int(signal)
        }
        if returnCode == 255 && !SSHInvocation.authenticated(log: sshLog) {
            return failure(returnCode: 255, timeout: false, stdout: "", stderr: "",
                           error: "Failed connecting to host \(host.name). \(SSHInvocation.failureReason(log: sshLog))")
        }
        return ["stdout": stdout, "stderr": stderr, "return_code": .int(returnCode),
                "succeeded": .bool(returnCode == 0), "failed": .bool(returnCode != 0)]
    }

    private static func failure(returnCode: Int, timeout: Bool, stdout: JSONValue, stderr: JSONValue, error: String) -> JSONValue {
        ["failed": true, "succeeded": false, "timeout": .bool(timeout), "return_code": .int(returnCode),
         "stdout": stdout, "stderr": stderr, "error": .string(error)]
    }

    /// Succeeded when every host did; timeout when every host timed out; failed otherwise.
    static func status(of entries: [JSONValue]) -> ExecutionStatus {
        if entries.allSatisfy({ $0.objectValue?["succeeded"] == .bool(true) }) { return .succeeded }
        if entries.allSatisfy({ $0.objectValue?["timeout"] == .bool(true) }) { return .timeout }
        return .failed
    }
}
