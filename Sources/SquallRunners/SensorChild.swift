import Foundation
import SquallModel
import SquallPacks
import SquallSandbox
import SquallTransport

/// One running sensor child: launched through the sandbox like an action, then served for as long
/// as it lives: dispatches and datastore calls come in, trigger updates and stop go out.
/// `run()` blocks on its own thread; `send` may be called from any other thread.
public final class SensorChild: @unchecked Sendable {
    public struct Events: Sendable {
        public var started: @Sendable () -> Void
        public var dispatched: @Sendable (_ trigger: String, _ payload: JSONValue, _ traceTag: String?) -> Void
        public var output: @Sendable (_ stream: OutputStreamKind, _ line: String) -> Void
        public var datastore: @Sendable (_ operation: String, _ arguments: [String: JSONValue]) throws -> JSONValue

        public init(started: @escaping @Sendable () -> Void,
                    dispatched: @escaping @Sendable (String, JSONValue, String?) -> Void,
                    output: @escaping @Sendable (OutputStreamKind, String) -> Void,
                    datastore: @escaping @Sendable (String, [String: JSONValue]) throws -> JSONValue) {
            self.started = started; self.dispatched = dispatched; self.output = output; self.datastore = datastore
        }
    }

    /// How the child ended, with the last line it wrote on stderr (why it crashed, usually).
    public struct Ending: Sendable, Equatable {
        public var termination: ChildTermination
        public var lastErrorLine: String?
    }

    public private(set) var request: StartSensorRequest
    private let spec: LaunchSpec
    private let runDirectory: String
    private let events: Events
    private let lock = NSLock()
    private var outbox: [SupervisorMessage] = []
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private var process: SandboxedProcess?
    /// Whether the sensor said it finished setup() (`sensorStarted`).
    private var hasStarted = false
    /// Why the supervisor killed the child, reported as its last error line.
    private var killReason: String?

    /// Prepares the launch; `runDirectory` must exist, be private (0700) and hold nothing else.
    /// `st2Layer`: the st2 runtime layer the wrapper appends to sys.path after the venv's packages.
    public init(sensor: SensorDefinition, sensorId: String, interpreter: String, runtimeDirectory: String,
                config: [String: JSONValue], triggers: [JSONValue], policy: SandboxPolicy, runDirectory: String,
                st2Layer: String? = nil, events: Events) {
        request = StartSensorRequest(sensorId: sensorId, sensor: sensor.ref, pack: sensor.pack,
                                     entryPoint: sensor.entryPointPath, className: sensor.className, config: config,
                                     pollInterval: sensor.pollInterval, triggers: triggers)
        var environment: [String: String] = [
            "PATH": ChildEnvironment.basePath, "HOME": "/tmp", "LANG": "C.UTF-8",
            "PYTHONPATH": [sensor.packPath + "/sensors", sensor.packPath + "/actions/lib", runtimeDirectory].joined(separator: ":"),
            "PYTHONUNBUFFERED": "1",
            "ST2_SENSOR_PACK_NAME": sensor.pack,
        ]
        environment[St2RuntimeLayer.environmentName] = st2Layer
        spec = LaunchSpec(executable: interpreter, arguments: ["-s", runtimeDirectory + "/squall_sensor_wrapper.py"],
                          environment: environment, workingDirectory: sensor.packPath + "/sensors", policy: policy)
        self.runDirectory = runDirectory
        self.events = events
        let venvDirectory = ((interpreter as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        readOnlyPaths = [sensor.packPath, venvDirectory, runtimeDirectory] + (st2Layer.map { [$0] } ?? [])
    }

    /// What the child sees of the host besides the system: its pack, its venv, squall's runtime, the st2 layer.
    private let readOnlyPaths: [String]

    /// Replaces the trigger dicts the child starts with; only before `run()`.
    public func setInitialTriggers(_ triggers: [JSONValue]) {
        lock.lock(); request.triggers = triggers; lock.unlock()
    }

    /// The running child's pid (in the supervisor's pid namespace), nil before launch and after exit.
    public var pid: Int32? { lock.lock(); defer { lock.unlock() }; return process?.pid }

    /// The sensor program's own pid (under squall-init, init's child); nil before launch and after exit.
    public var programPid: Int32? { lock.lock(); defer { lock.unlock() }; return process?.programPid }

    /// Queues a message for the child (trigger updates, stop); safe from any thread.
    public func send(_ message: SupervisorMessage) {
        lock.lock()
        outbox.append(message)
        let fd = wakeWrite
        lock.unlock()
        if fd >= 0 { var byte: UInt8 = 1; _ = write(fd, &byte, 1) }
    }

    /// Asks the child to clean up and exit; after `grace` seconds its process group is killed.
    /// A child still in setup() cannot hear the request (the wrapper reads messages once setup
    /// returns) and has nothing to clean up: it is killed at once.
    public func stop(grace: TimeInterval = 5) {
        lock.lock(); let started = hasStarted; let running = process; lock.unlock()
        if !started, let running {
            running.signalGroup(SIGKILL)
            return
        }
        send(.stop)
        let deadline = Date().addingTimeInterval(grace)
        DispatchQueue.global().async { [weak self] in
            while Date() < deadline {
                usleep(50_000)
                guard let self else { return }
                self.lock.lock(); let running = self.process != nil; self.lock.unlock()
                if !running { return }
            }
            self?.lock.lock()
            let process = self?.process
            self?.lock.unlock()
            process?.signalGroup(SIGKILL)
        }
    }

    /// Kills a child that never finished setup(); `reason` becomes its ending's last error line.
    /// Returns false when it has started meanwhile (or is not running), and then does nothing.
    @discardableResult
    public func abandonSetup(reason: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !hasStarted, let process else { return false }
        killReason = reason
        process.signalGroup(SIGKILL)
        return true
    }

    /// Launches the child and serves it until it exits. Never returns while the child lives.
    public func run() throws -> Ending {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw RunnerError("cannot create a wake-up pipe") }
        for fd in pipeEnds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        defer { close(pipeEnds[0]); close(pipeEnds[1]) }
        let channel = try ChildChannel(context: try ZmqContext.shared(), directory: runDirectory, executionId: request.sensorId)
        defer { channel.close() }
        var environment = spec.environment
        environment["SQUALL_CHANNEL"] = channel.endpoint
        environment["SQUALL_EXECUTION_ID"] = request.sensorId
        var launch = spec
        launch.environment = environment
        let sandbox = try ChildSandbox(name: "sensor-\(request.sensorId)", pack: request.pack, runDirectory: runDirectory,
                                       limits: spec.policy.limits, readOnlyPaths: readOnlyPaths, hasChannel: true)
        defer { sandbox.release() }
        sandbox.apply(to: &launch)
        let process = try Launcher.launch(launch)
        lock.lock(); self.process = process; wakeRead = pipeEnds[0]; wakeWrite = pipeEnds[1]; lock.unlock()
        defer { lock.lock(); self.process = nil; wakeWrite = -1; lock.unlock(); process.close() }

        var lastErrorLine: String?
        let stdout = OutputAccumulator(stream: .stdout) { [events] in events.output($0, $1) }
        let stderr = OutputAccumulator(stream: .stderr) { [events] stream, line in
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { lastErrorLine = line }
            events.output(stream, line)
        }
        stdout.keepsText = false
        stderr.keepsText = false
        var open: [Int32: OutputAccumulator] = [process.stdoutFD: stdout, process.stderrFD: stderr]
        var termination: ChildTermination?
        while termination == nil || !open.isEmpty {
            // The exit descriptor wakes us when the sensor exits, not at the next 250 ms tick.
            let exitFDs = termination == nil && process.exitFD >= 0 ? [process.exitFD] : []
            let ready = try channel.poll(fds: Array(open.keys) + [pipeEnds[0]] + exitFDs, timeoutMilliseconds: termination == nil ? 250 : 20)
            for fd in ready.readableFds {
                if fd == pipeEnds[0] {
                    var drain = [UInt8](repeating: 0, count: 64)
                    _ = read(fd, &drain, drain.count)
                } else if open[fd]?.read(from: fd) == false {
                    open[fd] = nil
                }
            }
            try serve(channel)
            if termination == nil { termination = process.tryWait() }
            // Output pipes held open by an escaped grandchild must not keep a dead sensor "running".
            if termination != nil, !ready.readableFds.contains(where: { open[$0] != nil }) { break }
        }
        lock.lock(); let reason = killReason; lock.unlock()
        return Ending(termination: termination!, lastErrorLine: reason ?? lastErrorLine)
    }

    private func serve(_ channel: ChildChannel) throws {
        while let event = try channel.receive() {
            guard case .message(let message) = event else { continue }
            switch message {
            case .hello:
                // A send fails only when the child is already gone; the loop then sees it exit.
                lock.lock(); let request = self.request; lock.unlock()
                try? channel.send(.startSensor(request))
            case .sensorStarted:
                lock.lock(); hasStarted = true; lock.unlock()
                events.started()
            case .dispatch(let trigger, let payload, let traceTag):
                events.dispatched(trigger, payload, traceTag)
            case .datastore(let id, let operation, let arguments):
                do {
                    try channel.send(.datastoreSuccess(id: id, value: try events.datastore(operation, arguments)))
                } catch {
                    try? channel.send(.datastoreFailure(id: id, error: "\(error)"))
                }
            case .log, .result, .largeResult, .error, .sensorStopped:
                break
            }
        }
        guard channel.hasChild else { return }
        lock.lock()
        let pending = outbox
        outbox.removeAll()
        lock.unlock()
        for message in pending { try? channel.send(message) }
    }
}
