import Foundation
import SquallModel
#if canImport(Glibc)
import Glibc
#endif

/// A control connection a request holds for as long as it takes (see `ControlServer.converse`).
struct ControlConnection: Sendable {
    let fd: Int32
    /// From SO_PEERCRED: who asks, whatever the request says.
    let peerUID: uid_t
}

/// `squall run` with this server running (Engine+ServerHandoff): the CLI hands its execution over
/// the control socket; it is prepared, recorded and run here, in one of the `concurrency` slots,
/// so Python actions fork from the warm host.
///   run {action, parameters, timeout?, async?, request_id?}
///     -> {ok: false, error, kind?}   nothing recorded; kind `bad_input`/`not_found`: the CLI's error,
///                                    no kind: the CLI runs it itself (a server stopping, busy, ...)
///     -> {ok: true, execution_id, heartbeat_seconds, execution?}   recorded (`async`: with its record);
///                                    unless `async`, every `heartbeat_seconds` while it runs:
///     -> {ok: true, alive: true}
///                                    and once it ends:
///     -> {ok: true, done: true, execution_id, status, execution?, result_text_bytes?}
/// `execution` is the record (Execution+ControlWire), left out when too big for a line: the CLI
/// then reads the store. A big action result kept as text (asked for with `result_text: true`)
/// follows the line as `result_text_bytes` raw bytes, the record holding the rest (HandedOffResultText). The client closing the connection before `done` (its Ctrl-C or SIGTERM,
/// its death) cancels the execution; a client missing heartbeats stops waiting (Engine+ServerHandoff).
extension Server {
    func converseControl(_ request: JSONValue, _ connection: ControlConnection) -> Bool {
        guard let op = request["op"]?.stringValue, op == "run" || op == "fire_text" else { return false }
        guard lifecycleState == .running else {
            _ = ControlSocket.answer(connection.fd, ControlSocket.refusal("the server is \(lifecycleState.rawValue); request '\(op)' refused"))
            return true
        }
        if op == "fire_text" {
            serveFireWithText(request, connection)
            return true
        }
        AuditContext.$current.withValue(Self.auditContext(of: connection, request: request)) {
            serveRun(request, connection)
        }
        return true
    }

    private func serveRun(_ request: JSONValue, _ connection: ControlConnection) {
        let fd = connection.fd
        let started: (execution: Execution, start: (() -> HandedOffRun)?)
        do {
            started = try startHandedOff(request)
        } catch let error as EngineError {
            let kind: JSONValue
            switch error {
            case .badInput: kind = "bad_input"
            case .notFound: kind = "not_found"
            case .failure: kind = .null
            }
            _ = ControlSocket.answer(fd, ["ok": false, "error": .string(error.description), "kind": kind])
            return
        } catch {
            _ = ControlSocket.answer(fd, ControlSocket.refusal("\(error)"))
            return
        }
        let id = started.execution.id
        // Answered before it starts: a CLI that gets no answer (this server died) knows it never ran.
        var accepted: [String: JSONValue] = ["ok": true, "execution_id": .string(id), "heartbeat_seconds": .double(Self.heartbeatInterval)]
        guard let start = started.start else {
            accepted["execution"] = started.execution.controlWire
            _ = ControlSocket.answer(fd, .object(accepted))
            return
        }
        let answered = ControlSocket.answer(fd, .object(accepted))
        let run = start()
        if !answered { cancelHandedOff(id) }
        waitWatchingClient(run.finished, fd: fd) { [self] in cancelHandedOff(id) }
        // The record as the run left it, unless a cancel may have changed it since: the store's then.
        let completed = run.completed.flatMap { $0.status.isCompleted ? $0 : nil }
        // A big result is sent as its text, never built here (HandedOffResultText).
        if let completed, completed.actionResultText != nil {
            return answerWithResultText(completed, fd: fd, textAccepted: request["result_text"] == true)
        }
        let record = completed ?? (try? engine.execution(id: id))
        var done: [String: JSONValue] = ["ok": true, "done": true, "execution_id": .string(id),
                                         "status": .string(record?.status.rawValue ?? "unknown")]
        if let record {
            // One answer line: a record too big for it is left to the CLI to read from the store.
            var withRecord = done
            withRecord["execution"] = record.controlWire
            let line = JSONValue.object(withRecord).jsonString()
            if line.utf8.count <= Execution.controlWireLimit { _ = ControlSocket.writeLine(fd, line); return }
        }
        _ = ControlSocket.answer(fd, .object(done))
    }

    /// How often a waiting CLI hears that this server is alive (it gives up after 10 missed).
    static let heartbeatInterval: TimeInterval = 1

    /// Records the request; `start` runs it in a slot and gives what is signalled when it ends (nil: `async`, started already).
    private func startHandedOff(_ request: JSONValue) throws -> (execution: Execution, start: (() -> HandedOffRun)?) {
        guard let action = request["action"]?.stringValue, !action.isEmpty else {
            throw EngineError.badInput("run: \"action\" must be an action's ref")
        }
        let parameters = request["parameters"] ?? .object([:])
        guard case .object(let supplied) = parameters else { throw EngineError.badInput("run: \"parameters\" must be a JSON object") }
        let timeout = request["timeout"]
        guard timeout == nil || timeout == .null || timeout?.intValue != nil else {
            throw EngineError.badInput("run: \"timeout\" must be a whole number of seconds")
        }
        let execution = ExecutionRequest(actionRef: action, parameters: supplied, timeoutSeconds: timeout?.intValue)
        if request["async"] == true { return (try engine.startInBackground(execution), nil) }
        let (prepared, recorded) = try engine.prepareAndRecord(execution)
        return (recorded, { [self] in
            let run = HandedOffRun()
            startFromAPI(BackgroundExecution(id: recorded.id, run: { [engine] in
                run.finish(engine.execute(prepared, recorded: recorded, materializingResult: false))
            }, abandon: { [engine] in
                _ = try? engine.cancelUnaudited(id: recorded.id)
                run.finish(nil)
            }))
            return run
        })
    }

    /// Waits for `finished`; calls `clientLeft` once if the client closes its end meanwhile. A
    /// server stopping shuts the read side itself: then the execution runs on within the grace period.
    private func waitWatchingClient(_ finished: DispatchSemaphore, fd: Int32, clientLeft: () -> Void) {
        var watching = true
        var lastHeartbeat = DispatchTime.now()
        while finished.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            guard watching else { continue }
            if DispatchTime.now().uptimeNanoseconds - lastHeartbeat.uptimeNanoseconds >= UInt64(Self.heartbeatInterval * 1e9) {
                lastHeartbeat = .now()
                _ = ControlSocket.answer(fd, ["ok": true, "alive": true])
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0 else { continue }
            watching = false
            if lifecycleState == .running { clientLeft() }
        }
    }

    private func cancelHandedOff(_ id: String) {
        do { try engine.cancel(id: id) } catch {
            logger.info("handed-off execution not canceled", metadata: ["execution": "\(id)", "reason": "\(error)"])
        }
    }

    /// The CLI user the kernel names for the connection; the request id is the client's if it is sane.
    static func auditContext(of connection: ControlConnection, request: JSONValue) -> AuditContext {
        let user = getpwuid(connection.peerUID).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? String(connection.peerUID)
        let given = request["request_id"]?.stringValue ?? ""
        let sane = !given.isEmpty && given.count <= 64 && given.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return AuditContext(actor: "cli:" + user, source: "cli", requestID: sane ? given : UUID().uuidString.lowercased())
    }
}
