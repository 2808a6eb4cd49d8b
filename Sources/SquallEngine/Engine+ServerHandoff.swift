import Foundation
import Logging
import SquallModel
import SquallSandbox
#if canImport(Glibc)
import Glibc
#endif

/// `squall run` with a server running on the data directory: the execution is handed to it over
/// the control socket (Server+HandedOffRuns) and runs in the server's slots, from its warm hosts.
/// Parameters travel only over that 0600 socket; the server takes the caller's identity from the kernel.
/// The CLI tries this before it loads any pack or opens the store: with a server up, a run costs
/// the CLI one connect, and the server sends the finished record back with its answer.
extension Engine {
    /// What a server that took the execution gave back: its record, or only its id when the
    /// record was too big for an answer line (or the server predates records in answers).
    public enum HandedOffRun: Sendable {
        case record(Execution)
        case recorded(id: String)
    }

    /// How long a server that promised heartbeats may stay silent while the execution runs
    /// before the CLI stops waiting (a frozen, SIGSTOPped or wedged server): 10 heartbeats.
    static let heartbeatSilenceLimit: TimeInterval = 10

    /// Hands `request` to the server running on `settings`' data directory and waits for it to
    /// end (`background`: only until it is recorded). Nil when no server took it: none runs, it is
    /// stopping or busy, it is too old to know `run`, or `run_via_server` is off; the caller then
    /// runs it itself. Bad parameters throw the same error a local run would. Ctrl-C or SIGTERM while
    /// waiting cancels the execution on the server and then ends this process by that signal, as it
    /// ends a local run. A server silent for `heartbeatSilenceLimit` while it runs ends the wait
    /// with an error (the execution may still end there; `execution get` shows it).
    public static func runViaServer(_ request: ExecutionRequest, settings: Settings, requestID: String,
                                    background: Bool) throws -> HandedOffRun? {
        guard settings.runViaServer else { return nil }
        let client = ControlClient(dataDirectory: settings.dataDirectory)
        guard let fd = try? client.connected() else { return nil }
        defer { close(fd) }
        // The server moves the execution's child into cgroups: a move finds the kernel's global
        // cgroup lock's fast path open when another move was made within a grace period, and waits
        // ~11-16 ms for one otherwise. This process's no-op moves while it waits keep it open.
        // (The local path did this while loading packs; measured: a handed-off Python run ~15 ms slower without.)
        CgroupMigrationWarmup.begin()
        defer { CgroupMigrationWarmup.end() }
        ControlSocket.setTimeouts(fd, seconds: 60)
        var message: [String: JSONValue] = [
            "op": "run", "action": .string(request.actionRef), "parameters": .object(request.parameters),
            "async": .bool(background), "request_id": .string(requestID),
            // A big result may come as its text after the last answer (Server+HandedOffResultText).
            "result_text": true,
        ]
        if let timeout = request.timeoutSeconds { message["timeout"] = .int(timeout) }
        // A server turning the connection away (busy, another user) answers before reading: the answer still waits.
        _ = ControlSocket.writeLine(fd, JSONValue.object(message).jsonString())
        var reader = ControlLineReader(fd: fd)
        let answer = reader.next()
        // It may have recorded the execution: running it here too could run it twice.
        if case .timedOut = answer { throw EngineError.failure("the squall server did not answer within 60 s; see squall execution list") }
        guard case .line(let bytes) = answer, let accepted = try? JSONValue.parse(Data(bytes)) else {
            handoffLogger.debug("squall run: the server gave no answer; running here")
            return nil
        }
        guard accepted["ok"] == true, let id = accepted["execution_id"]?.stringValue else {
            let reason = accepted["error"]?.stringValue ?? "refused"
            switch accepted["kind"]?.stringValue {
            case "bad_input": throw EngineError.badInput(reason)
            case "not_found": throw EngineError.notFound(reason)
            default:
                handoffLogger.debug("squall run: the server did not take the execution; running here", metadata: ["reason": "\(reason)"])
                return nil
            }
        }
        var final = accepted
        if !background {
            let heartbeats = accepted["heartbeat_seconds"]?.doubleValue != nil
            final = try waitForServer(fd: fd, reader: &reader, execution: id, heartbeats: heartbeats)
        }
        guard var record = final["execution"].flatMap(Execution.init(controlWire:)) else { return .recorded(id: id) }
        if let count = final["result_text_bytes"]?.intValue {
            // Checked as the server's store took it; anything amiss and the store has the record.
            guard count >= 0, let bytes = reader.bytes(count, deadline: Date().addingTimeInterval(60)),
                  let text = try? JSONText(validating: bytes) else { return .recorded(id: id) }
            record.actionResultText = text
        }
        return .record(record)
    }

    /// Reads until the server says the execution ended; returns that answer. An interrupt closes
    /// this end (the server cancels), waits for the server to record it, then ends the process by that signal.
    private static func waitForServer(fd: Int32, reader: inout ControlLineReader, execution id: String,
                                      heartbeats: Bool) throws -> JSONValue {
        let interrupt = HandoffInterrupt(fd: fd)
        defer { interrupt.restore() }
        var ended: JSONValue?
        var heardAt = Date()
        var silent = false
        reading: while true {
            // As long as the action takes while the server shows signs of life; once interrupted, a
            // server that does not answer the cancel within 30 s does not hold the CLI.
            switch reader.next(deadline: Date().addingTimeInterval(1)) {
            case .line(let bytes):
                heardAt = Date()
                if let line = try? JSONValue.parse(Data(bytes)), line["done"] == true { ended = line; break reading }
            case .timedOut:
                if let since = interrupt.receivedAt, Date().timeIntervalSince(since) > 30 { break reading }
                if heartbeats && Date().timeIntervalSince(heardAt) > heartbeatSilenceLimit { silent = true; break reading }
            case .end, .tooLong:
                break reading
            }
        }
        if let signal = interrupt.received {
            interrupt.restore()
            raise(signal)
        }
        if silent {
            throw EngineError.failure("the squall server gave no sign of life for \(Int(heartbeatSilenceLimit)) s while execution \(id) ran; "
                                      + "stopped waiting (squall execution get \(id) shows how it ends)")
        }
        guard let ended else {
            throw EngineError.failure("the squall server stopped before execution \(id) ended; it will be recorded abandoned")
        }
        return ended
    }
}

private let handoffLogger = Logger(label: "squall.engine")

/// SIGINT and SIGTERM while the CLI waits on the server: the first closes the socket's write side
/// (the server cancels the execution and answers once it is recorded) and is remembered.
private final class HandoffInterrupt: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let lock = NSLock()
    private var signal: Int32?
    private var signalTime: Date?
    private var restored = false

    init(fd: Int32) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            Glibc.signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: .global()))
        }
        self.sources = sources
        for (source, number) in zip(sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [self] in
                let first = lock.withLock { () -> Bool in
                    guard signal == nil else { return false }
                    signal = number
                    signalTime = Date()
                    return true
                }
                guard first else { return }
                shutdown(fd, Int32(SHUT_WR))
            }
            source.resume()
        }
    }

    var received: Int32? { lock.withLock { signal } }
    var receivedAt: Date? { lock.withLock { signalTime } }

    func restore() {
        guard lock.withLock({ () -> Bool in defer { restored = true }; return !restored }) else { return }
        for source in sources { source.cancel() }
        Glibc.signal(SIGINT, SIG_DFL)
        Glibc.signal(SIGTERM, SIG_DFL)
    }
}
