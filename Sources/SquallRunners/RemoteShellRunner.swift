import Foundation
import SquallModel
import SquallPacks
import SquallSandbox

/// remote-shell-cmd and remote-shell-script: st2's SSH runners on OpenSSH's client. Each host gets
/// its own sandboxed `ssh` child (own cgroup, own private directory for key, askpass and
/// known_hosts); hosts run one after another, or side by side with `parallel: true`. The result is
/// st2's: one entry per host, and the execution succeeds only when every host did.
public struct RemoteShellRunner: ActionRunner {
    public enum Mode: Sendable { case command, script }
    let mode: Mode
    /// The operator's known_hosts (keys pinned for hosts listed there); nil or missing: none pinned.
    let knownHostsFile: String?
    /// How many hosts run at once with `parallel: true`.
    static let maximumParallelHosts = 32

    public init(mode: Mode, knownHostsFile: String? = nil) {
        self.mode = mode; self.knownHostsFile = knownHostsFile
    }

    public func run(_ job: RunnerJob, events: RunnerEvents) throws -> RunnerOutcome {
        let parameters = job.parameters
        let hosts = try RemoteHost.parse(parameters["hosts"]?.stringValue ?? "", defaultPort: parameters["port"]?.intValue)
        let bastion = try parameters["bastion_host"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            .map { try RemoteHost.parse($0, defaultPort: nil)[0] }
        let credentials = try Self.credentials(job)
        let command = RemoteCommand.build(try work(job), environment: Self.environment(job),
                                          cwd: parameters["cwd"]?.stringValue ?? "/tmp",
                                          sudo: parameters["sudo"]?.boolValue == true,
                                          sudoPassword: parameters["sudo_password"]?.stringValue,
                                          authToken: job.apiAccess?.token)
        // st2 keeps the connection timeout (60 s) under the action's, with 2 s to spare.
        let connectTimeout = max(1, min(60, job.timeoutSeconds - 2))
        let serialized = SerializedEvents(events)
        let entries = HostEntries(count: hosts.count)
        let runHost = { @Sendable (index: Int) in
            entries.set(index, self.runHost(hosts[index], index: index, job: job, command: command, credentials: credentials,
                                            bastion: bastion, connectTimeout: connectTimeout, events: serialized))
        }
        if parameters["parallel"]?.boolValue == true && hosts.count > 1 {
            let group = DispatchGroup()
            let slots = DispatchSemaphore(value: Self.maximumParallelHosts)
            for index in hosts.indices {
                slots.wait()
                group.enter()
                // A thread each: GCD's pool would run only as many blocking hosts as there are cores.
                Thread { runHost(index); slots.signal(); group.leave() }.start()
            }
            group.wait()
        } else {
            hosts.indices.forEach(runHost)
        }
        let result = Dictionary(uniqueKeysWithValues: zip(hosts.resultKeys, entries.all))
        return RunnerOutcome(status: RemoteHostResult.status(of: entries.all), result: .object(result))
    }

    private func runHost(_ host: RemoteHost, index: Int, job: RunnerJob, command: RemoteCommand, credentials: SSHCredentials,
                         bastion: RemoteHost?, connectTimeout: Int, events: RunnerEvents) -> JSONValue {
        let directory = job.runDirectory + "/host-\(index)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let invocation = try SSHInvocation.prepare(host: host, command: command, credentials: credentials, bastion: bastion,
                                                       connectTimeout: connectTimeout, knownHosts: knownHostsFile, directory: directory)
            var spec = LaunchSpec(executable: invocation.executable, arguments: invocation.arguments, argv0: "ssh",
                                  environment: invocation.environment, workingDirectory: directory, policy: job.policy)
            // The host's directory is bound at its own path (as a channel's run directory is), so the
            // paths on ssh's argv mean the same inside and outside.
            let sandbox = try ChildSandbox(name: "exec-\(job.executionId)-host\(index)", pack: job.action.pack, runDirectory: directory,
                                           limits: job.policy.limits, readOnlyPaths: [], hasChannel: true)
            defer { sandbox.release() }
            sandbox.apply(to: &spec)
            let process = try Launcher.launch(spec)
            events.childStarted(pid: process.pid)
            let completion = try ChildSupervisor(process: process, channel: nil, events: events).run(timeoutSeconds: job.timeoutSeconds)
            let log = (try? String(contentsOfFile: invocation.logPath, encoding: .utf8)) ?? ""
            return RemoteHostResult.entry(completion, host: host, sshLog: log, timeoutSeconds: job.timeoutSeconds, connectTimeout: connectTimeout)
        } catch {
            return ["failed": true, "succeeded": false, "timeout": false, "return_code": 255, "stdout": "", "stderr": "",
                    "error": .string("Failed executing command on host \"\(host.name)\". \(error)")]
        }
    }

    private func work(_ job: RunnerJob) throws -> RemoteCommand.Work {
        switch mode {
        case .command:
            guard let cmd = job.parameters["cmd"]?.stringValue, !cmd.isEmpty else {
                throw RunnerError("action '\(job.action.ref)' has no command: parameter 'cmd' is empty")
            }
            return .shell(cmd)
        case .script:
            guard let script = job.action.entryPointPath else { throw RunnerError("action '\(job.action.ref)' has no entry_point") }
            guard let contents = FileManager.default.contents(atPath: script) else {
                throw RunnerError("entry point of action '\(job.action.ref)' not found: \(script)")
            }
            let arguments = ShellArguments.build(parameters: job.parameters, specs: job.action.parameters,
                                                 kwargOperator: job.parameters["kwarg_op"]?.stringValue ?? "--",
                                                 runnerParameters: Self.runnerParameterNames)
            // st2 uploads into `dir/<execution id>` and removes that directory afterwards.
            let directory = (job.parameters["dir"]?.stringValue ?? "/tmp") + "/" + job.executionId
            return .script(contents: contents, directory: directory, name: (script as NSString).lastPathComponent, arguments: arguments)
        }
    }

    static let runnerParameterNames = Set(RunnerType.remoteShellScript.parameters.keys)

    /// st2's (`_get_common_action_env_variables`, which its SSH runners export on the remote host
    /// too): the action's `env`, then its own variables. With a server serving the API, the API's URL
    /// and the execution's token (RemoteCommand sends the token on stdin, so it is not exported here);
    /// without one, both empty.
    static func environment(_ job: RunnerJob) -> [String: String] {
        var environment: [String: String] = [:]
        if case .object(let given)? = job.parameters["env"] {
            for (name, value) in given { environment[name] = value.stringValue ?? value.jsonString() }
        }
        environment["ST2_ACTION_PACK_NAME"] = job.action.pack
        environment["ST2_ACTION_EXECUTION_ID"] = job.executionId
        environment["ST2_ACTION_DEBUG"] = job.parameters["debug"]?.boolValue == true ? "True" : "False"
        if let access = job.apiAccess {
            environment["ST2_ACTION_API_URL"] = access.environment["ST2_ACTION_API_URL"]
            environment[RemoteCommand.authTokenVariable] = nil
        } else {
            environment["ST2_ACTION_API_URL"] = ""
            environment[RemoteCommand.authTokenVariable] = ""
        }
        return environment
    }

    static func credentials(_ job: RunnerJob) throws -> SSHCredentials {
        let parameters = job.parameters
        func nonEmpty(_ name: String) -> String? {
            parameters[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        // st2 logs in as its system user by default; squall, as the user it runs as (what `ssh` does).
        let username = nonEmpty("username") ?? NSUserName()
        guard !username.hasPrefix("-"), !username.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw RunnerError("parameter 'username' is not a user name: \(username.debugDescription)")
        }
        var key = nonEmpty("private_key")
        if let given = key, !given.lowercased().contains("-----begin") {
            // A path (remote-shell-cmd accepts one, as st2 does): read here, so the child needs no view of it.
            guard let contents = FileManager.default.contents(atPath: given).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw RunnerError("parameter 'private_key': cannot read key file \(given.debugDescription)")
            }
            key = contents
        }
        let password = nonEmpty("password")
        guard key != nil || password != nil else {
            throw RunnerError("action '\(job.action.ref)' needs parameter 'private_key' or 'password' (squall has no system user key)")
        }
        return SSHCredentials(username: username, password: password, privateKey: key, passphrase: nonEmpty("passphrase"))
    }
}

/// Hands the events of several hosts' children to the engine one at a time.
final class SerializedEvents: RunnerEvents, @unchecked Sendable {
    private let wrapped: RunnerEvents
    private let lock = NSLock()
    init(_ wrapped: RunnerEvents) { self.wrapped = wrapped }
    func childStarted(pid: Int32) { lock.withLock { wrapped.childStarted(pid: pid) } }
    func output(_ stream: OutputStreamKind, line: String) { lock.withLock { wrapped.output(stream, line: line) } }
    func datastore(operation: String, arguments: [String: JSONValue]) throws -> JSONValue {
        try lock.withLock { try wrapped.datastore(operation: operation, arguments: arguments) }
    }
    func dispatch(trigger: String, payload: JSONValue, traceTag: String?) throws {
        try lock.withLock { try wrapped.dispatch(trigger: trigger, payload: payload, traceTag: traceTag) }
    }
}

/// Each host's result entry, filled from the hosts' threads.
final class HostEntries: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [JSONValue]
    init(count: Int) { entries = Array(repeating: .null, count: count) }
    func set(_ index: Int, _ entry: JSONValue) { lock.withLock { entries[index] = entry } }
    var all: [JSONValue] { lock.withLock { entries } }
}
