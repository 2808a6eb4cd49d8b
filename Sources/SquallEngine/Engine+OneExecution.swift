import Foundation
import SquallModel
import SquallSandbox

/// Processes that exist to run one execution (`squall run`, the worker of `run --async`) and the
/// hand-over from a front end to such a worker.
extension Engine {
    /// The pack an action ref names (`<pack>.<action>`): all a one-execution process loads.
    public static func pack(ofActionRef ref: String) -> String? {
        ref.split(separator: ".", maxSplits: 1).first.map(String.init)
    }

    /// Opens an engine (with `open`, given what to load: the action's ref, so only its pack's
    /// pack.yaml files and its own metadata are read) in a process that will run `actionRef` once. When it runs here (`inThisProcess`), the first cgroup move's grace period
    /// (~11-16 ms) is paid by a background thread while the pack loads (`CgroupMigrationWarmup`;
    /// the launcher ends it), instead of between the child's clone and exec.
    public static func forOneExecution(of actionRef: String, inThisProcess: Bool = true,
                                       open: (_ onlyPack: String?) throws -> Engine) rethrows -> Engine {
        if inThisProcess { CgroupMigrationWarmup.begin() }
        return try open(actionRef)
    }
}

/// How a front end starts a detached worker process that runs one recorded execution: its
/// executable and arguments (the CLI: itself with `execution work`). The engine writes the job to
/// the worker's stdin; the worker reads it with `BackgroundJob.read` and calls `run(_:)`.
public struct WorkerCommand: Sendable {
    public var executable: String
    public var arguments: [String]

    public init(executable: String, arguments: [String]) { self.executable = executable; self.arguments = arguments }

    /// A started worker, waiting on its stdin for the job.
    struct Started {
        let pid: Int32
        let stdin: FileHandle

        /// Writes the job and closes stdin: the worker runs it.
        func handOver(_ job: BackgroundJob) throws {
            stdin.write(Data(job.json.jsonString().utf8))
            try stdin.close()
        }

        /// Closes stdin without a job: the worker reads none and exits.
        func abandon() { try? stdin.close() }
    }

    /// Starts the worker detached from this process's output.
    func start() throws -> Started {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return Started(pid: process.processIdentifier, stdin: input.fileHandleForWriting)
    }
}

/// A prepared execution handed to a worker: final parameter values (secrets included) travel on
/// the worker's stdin, never in argv or its environment.
public struct BackgroundJob: Sendable {
    public var executionId: String
    public var actionRef: String
    public var parameters: [String: JSONValue]
    public var user: String

    var json: JSONValue {
        ["id": .string(executionId), "action": .string(actionRef), "parameters": .object(parameters), "user": .string(user)]
    }

    /// The job a front end wrote to this worker's stdin.
    public static func read(_ data: Data) throws -> BackgroundJob {
        guard let job = try? JSONValue.parse(data), let id = job["id"]?.stringValue,
              let parameters = job["parameters"]?.objectValue else {
            throw EngineError.badInput("execution work: no job on stdin")
        }
        return BackgroundJob(executionId: id, actionRef: job["action"]?.stringValue ?? "", parameters: parameters,
                             user: job["user"]?.stringValue ?? "squall")
    }
}

extension Engine {
    /// Prepares `request`, starts `worker`, records the execution `requested` and owned by the
    /// worker (so nobody takes it for an orphan) and hands the job over; returns the record at once.
    public func start(_ request: ExecutionRequest, worker: WorkerCommand) throws -> Execution {
        try audited(Self.auditAction(request), target: request.actionRef, quietFailure: true, detail: Self.auditDetail) {
            try startUnaudited(request, worker: worker)
        }
    }

    private func startUnaudited(_ request: ExecutionRequest, worker: WorkerCommand) throws -> Execution {
        let prepared = try prepare(request)
        let started = try worker.start()
        let recorded: Execution
        do {
            recorded = try record(prepared, owner: started.pid)
        } catch {
            started.abandon()
            throw error
        }
        try started.handOver(BackgroundJob(executionId: recorded.id, actionRef: prepared.action.ref,
                                           parameters: prepared.parameters, user: prepared.user))
        return recorded
    }

    /// Runs a job handed over by `start(_:worker:)`, in the worker. The record returned keeps a
    /// big result as text (the worker prints nothing).
    @discardableResult
    public func run(_ job: BackgroundJob) throws -> Execution {
        try executeRecorded(id: job.executionId, parameters: job.parameters, user: job.user, materializingResult: false)
    }
}
