import Foundation
import SquallModel
import SquallPacks
import SquallSandbox
import SquallTransport

/// python-script: the pack's entry point runs in a sandboxed child of the pack's virtualenv,
/// under squall's wrapper (Runners/python), speaking the child protocol over ZeroMQ.
public struct PythonScriptRunner: ActionRunner {
    let virtualenvs: VirtualenvManager
    /// The directory holding squall_action_wrapper.py and the st2-compatible SDK.
    let runtimeDirectory: String
    let packs: [String: Pack]
    let progress: @Sendable (String) -> Void
    /// With the `warm_hosts` setting: executions fork from the pack's warm host (WarmPythonLaunch).
    public var warmHosts: WarmHostPool?

    /// Runner parameters go to the runner, not to `run(**kwargs)`.
    static let runnerParameterNames: Set<String> = Set(RunnerType.pythonScript.parameters.keys)

    public init(virtualenvs: VirtualenvManager, runtimeDirectory: String,
                packs: [String: Pack], progress: @escaping @Sendable (String) -> Void) {
        self.virtualenvs = virtualenvs; self.runtimeDirectory = runtimeDirectory
        self.packs = packs; self.progress = progress
    }

    public func run(_ job: RunnerJob, events: RunnerEvents) throws -> RunnerOutcome {
        guard let pack = packs[job.action.pack] else { throw RunnerError("pack '\(job.action.pack)' is not loaded") }
        guard let entryPoint = job.action.entryPointPath, FileManager.default.fileExists(atPath: entryPoint) else {
            throw RunnerError("entry point of action '\(job.action.ref)' not found: \(job.action.entryPointPath ?? "(none)")")
        }
        let interpreter = try virtualenvs.ensure(pack, progress: progress)
        virtualenvs.ensureBytecode(pack, runtimeDirectory: runtimeDirectory, progress: progress)

        let warm = warmHosts.flatMap { WarmPythonLaunch.checkOut(pool: $0, pack: pack, interpreter: interpreter, job: job,
                                                                  runner: self) }
        var warmProblem: String?
        defer {
            if let warm {
                ScratchDirectory.remove(warm.channelDirectory, expected: ["channel"])
                warmHosts?.checkIn(warm.host, problem: warmProblem)
            }
        }

        let request = ExecuteRequest(
            executionId: job.executionId, pack: job.action.pack, action: job.action.ref, entryPoint: entryPoint,
            parameters: Self.actionArguments(job),
            config: job.config, user: job.user, debug: job.parameters["debug"]?.boolValue ?? false,
            logLevel: job.parameters["log_level"]?.stringValue ?? "DEBUG")

        let pythonPath = [pack.path + "/actions/lib", runtimeDirectory].joined(separator: ":")
        let protected: Set<String> = ["PYTHONPATH", "SQUALL_CHANNEL", "SQUALL_EXECUTION_ID", St2RuntimeLayer.environmentName]
        // Not in PYTHONPATH, which comes before site-packages: the wrapper appends it after them.
        let st2Layer = virtualenvs.st2LayerPath(forPack: pack.ref)
        func environment(channel: ChildChannel) -> [String: String] {
            var extra = [
                "PYTHONPATH": pythonPath,
                "PYTHONUNBUFFERED": "1",
                "SQUALL_CHANNEL": channel.endpoint,
                "SQUALL_EXECUTION_ID": job.executionId,
            ]
            extra[St2RuntimeLayer.environmentName] = st2Layer
            return ChildEnvironment.build(job: job, extra: extra, protected: protected)
        }
        let workingDirectory = (entryPoint as NSString).deletingLastPathComponent
        let sandbox = try ChildSandbox(job: job, readOnlyPaths: [pack.path, virtualenvs.path(forPack: pack.ref), runtimeDirectory]
                                           + (st2Layer.map { [$0] } ?? []),
                                       hasChannel: true, pool: warm == nil ? nil : warmHosts?.cgroups)
        defer { sandbox.release() }
        let channel: ChildChannel
        let process: any SupervisedChild
        if let warm, let forked = warm.fork(job: job, lease: sandbox.lease, directory: workingDirectory,
                                            environment: environment, problem: &warmProblem) {
            (process, channel) = forked
        } else {
            // No host, or it failed before the fork ran anything: a cold child, as without the setting.
            channel = try ChildChannel(context: try ZmqContext.shared(), directory: job.runDirectory, executionId: job.executionId)
            // argv[0] stays the venv interpreter's path: Python finds its venv (pyvenv.cfg) from it.
            var spec = LaunchSpec(executable: interpreter, arguments: ["-s", runtimeDirectory + "/squall_action_wrapper.py"],
                                  environment: environment(channel: channel), workingDirectory: workingDirectory, policy: job.policy)
            sandbox.apply(to: &spec)
            do {
                process = try Launcher.launch(spec)
            } catch {
                channel.close()
                throw error
            }
        }
        defer { channel.close() }
        events.childStarted(pid: process.pid)

        var session = PythonChildSession(channel: channel, request: request, events: events)
        let completion = try ChildSupervisor(process: process, channel: channel, events: events) { message in
            try session.handle(message)
        }.run(timeoutSeconds: job.timeoutSeconds, expectsFinalMessage: { termination in
            // A child that exited cleanly has sent its result; it may still be in flight.
            session.outcomeMessage == nil && termination == .exited(0)
        })
        var outcome = session.outcome(completion, timeoutSeconds: job.timeoutSeconds)
        outcome.noteKill(completion, sandbox: sandbox, limits: job.policy.limits)
        return outcome
    }
}

/// The supervisor's side of one Python child's conversation.
struct PythonChildSession {
    let channel: ChildChannel
    let request: ExecuteRequest
    let events: RunnerEvents
    private(set) var outcomeMessage: ChildMessage?
    /// Lines the supervisor adds to the child's stderr.
    private(set) var supervisorNotes: [String] = []
    /// Triggers the action dispatched that reached no server.
    private(set) var undelivered: [String] = []

    init(channel: ChildChannel, request: ExecuteRequest, events: RunnerEvents) {
        self.channel = channel; self.request = request; self.events = events
    }

    mutating func handle(_ message: ChildMessage) throws {
        switch message {
        case .hello:
            try channel.send(.execute(request))
        case .log:
            // The child's logger also writes the line to its stderr, which is recorded as output.
            break
        case .datastore(let id, let operation, let arguments):
            do {
                let value = try events.datastore(operation: operation, arguments: arguments)
                try channel.send(.datastoreReply(id: id, ok: true, value: value, error: nil))
            } catch {
                try channel.send(.datastoreReply(id: id, ok: false, value: .null, error: "\(error)"))
            }
        case .result, .largeResult, .error:
            outcomeMessage = message
        case .dispatch(let trigger, let payload, let traceTag):
            // core.inject_trigger: the child does not wait for an answer; a failure shows in stderr
            // and fails the execution (st2's action fails when its API refuses the instance).
            do {
                try events.dispatch(trigger: trigger, payload: payload, traceTag: traceTag)
            } catch {
                let line = "squall: trigger '\(trigger)' not dispatched: \(error)"
                events.output(.stderr, line: line)
                supervisorNotes.append(line)
                undelivered.append(trigger)
            }
        case .sensorStarted, .sensorStopped:
            // Sensor messages from an action child: not part of its protocol, ignored.
            break
        }
    }

    /// Adds a line of the supervisor's to the child's stderr text, on a line of its own.
    private func appendLine(_ line: String, to text: inout String) {
        text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + line + "\n"
    }

    /// st2's status rules: timeout wins; then a returned status; then the exit code.
    func outcome(_ completion: ChildSupervisor.Completion, timeoutSeconds: Int) -> RunnerOutcome {
        var exitCode: Int
        switch completion.termination {
        case .exited(let code): exitCode = Int(code)
        case .signaled(let signal): exitCode = -Int(signal)
        }
        var stderr = completion.stderr
        for note in supervisorNotes { appendLine(note, to: &stderr) }
        // st2 records the string "None" when the child printed no result (it raised, or timed out).
        var actionResult: JSONValue = "None"
        var returnedStatus: Bool? = nil
        var actionResultText: JSONText? = nil
        switch outcomeMessage {
        case .result(let status, let result)?:
            actionResult = result; returnedStatus = status
        case .largeResult(let status, let text)?:
            actionResultText = text; returnedStatus = status
        case .error(let code, let message)?:
            exitCode = Int(code)
            if !stderr.contains(message) { appendLine(message, to: &stderr) }
        case nil where exitCode > 0:
            // A run() that raised: st2's runner reports the missing result as str(None).
            actionResult = "None"
        default:
            break
        }
        var result: [String: JSONValue] = [
            "stdout": .string(completion.stdout), "stderr": .string(stderr),
            "exit_code": .int(exitCode),
        ]
        // A big result stays text beside the record (RunnerOutcome.actionResultText).
        if actionResultText == nil { result["result"] = actionResult }
        var status: ExecutionStatus
        if completion.timedOut {
            status = .timeout
            result["exit_code"] = -9
            result["error"] = .string(timeoutMessage(seconds: timeoutSeconds))
        } else if let returnedStatus, exitCode == 0 {
            status = returnedStatus ? .succeeded : .failed
        } else {
            status = exitCode == 0 ? .succeeded : .failed
        }
        if status == .succeeded, let trigger = undelivered.first {
            status = .failed
            result["error"] = .string("trigger '\(trigger)' not dispatched (see stderr)")
        }
        var outcome = RunnerOutcome(status: status, result: .object(result))
        outcome.actionResultText = actionResultText
        return outcome
    }
}
