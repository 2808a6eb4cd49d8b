import Foundation
import SquallModel
import SquallSandbox

/// local-shell-cmd and local-shell-script: a shell command (or a script with st2's argument
/// building) in a sandboxed child; stdout/stderr become the result.
public struct LocalShellRunner: ActionRunner {
    public enum Mode: Sendable { case command, script }
    let mode: Mode
    /// st2 runs a local command as `sudo -u <system user> -- bash -c CMD` (its default install runs
    /// actions as another user than the runner's), so commands may use bash syntax. /bin/sh only
    /// where there is no bash.
    static let shell = FileManager.default.isExecutableFile(atPath: "/bin/bash") ? "/bin/bash" : "/bin/sh"

    public init(mode: Mode) { self.mode = mode }

    public func run(_ job: RunnerJob, events: RunnerEvents) throws -> RunnerOutcome {
        if job.parameters["sudo"]?.boolValue == true {
            return RunnerOutcome(status: .failed, result: [
                "succeeded": false, "failed": true, "return_code": 1, "stdout": "",
                "stderr": "sudo is not available: squall runs every child with no_new_privs, so privileges cannot be raised",
            ])
        }
        let command = try commandLine(job)
        let workingDirectory = job.parameters["cwd"]?.stringValue ?? "/tmp"
        var spec = LaunchSpec(executable: Self.shell, arguments: ["-c", command], argv0: (Self.shell as NSString).lastPathComponent,
                              environment: ChildEnvironment.build(job: job), workingDirectory: workingDirectory,
                              policy: job.policy)
        let sandbox = try ChildSandbox(job: job, readOnlyPaths: [job.action.packPath], hasChannel: false)
        defer { sandbox.release() }
        sandbox.apply(to: &spec)
        let process = try Launcher.launch(spec)
        events.childStarted(pid: process.pid)
        let completion = try ChildSupervisor(process: process, channel: nil, events: events)
            .run(timeoutSeconds: job.timeoutSeconds)
        var outcome = ShellResult.outcome(completion, timeoutSeconds: job.timeoutSeconds)
        outcome.noteKill(completion, sandbox: sandbox, limits: job.policy.limits)
        return outcome
    }

    func commandLine(_ job: RunnerJob) throws -> String {
        switch mode {
        case .command:
            guard let cmd = job.parameters["cmd"]?.stringValue, !cmd.isEmpty else {
                throw RunnerError("action '\(job.action.ref)' has no command: parameter 'cmd' is empty")
            }
            return cmd
        case .script:
            guard let script = job.action.entryPointPath else {
                throw RunnerError("action '\(job.action.ref)' has no entry_point")
            }
            guard FileManager.default.fileExists(atPath: script) else {
                throw RunnerError("entry point of action '\(job.action.ref)' not found: \(script)")
            }
            let kwargOperator = job.parameters["kwarg_op"]?.stringValue ?? "--"
            let arguments = ShellArguments.build(parameters: job.parameters, specs: job.action.parameters, kwargOperator: kwargOperator)
            return ([ShellArguments.quote(script)] + arguments).joined(separator: " ")
        }
    }
}
