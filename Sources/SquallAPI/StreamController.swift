import Foundation
import HTTPTypes
import Hummingbird
import SquallEngine
import SquallModel

/// `GET /stream/v1/stream`: st2's server-sent events, chunked, one flushed chunk per event (the
/// client reads in 128-byte pieces and would otherwise sit on events). Built by polling the facade:
/// with `end_execution_id` it follows that execution (status changes and output lines) and closes
/// after its final update, sent at once when it had already ended; without, it announces
/// executions created and updated. A bare newline every 25 s of silence keeps idle clients' connections.
struct StreamController {
    let engine: Engine
    static let heartbeat: TimeInterval = 25
    static let poll: Duration = .milliseconds(200)

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("stream", use: stream)
    }

    @Sendable func stream(request: Request, context: APIRequestContext) async throws -> Response {
        let filter = EventFilter(request)
        let engine = self.engine
        let followed = request.query("end_execution_id")
        if let followed { _ = try await find(followed) }
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=UTF-8", .cacheControl: "no-cache",
                                   HTTPField.Name("X-Accel-Buffering")!: "no"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var events = EventWriter(writer: writer)
            try await events.raw("\n")
            if let followed {
                try await Self.follow(followed, engine: engine, filter: filter, events: &events)
            } else {
                try await Self.announce(engine: engine, filter: filter, events: &events)
            }
            try await events.writer.finish(nil)
        })
    }

    /// One execution until it ends: output lines and status changes, then its final update.
    static func follow(_ id: String, engine: Engine, filter: EventFilter, events: inout EventWriter) async throws {
        var lastStatus: ExecutionStatus? = nil
        var after: Int? = nil
        while true {
            let execution = try await blocking { try engine.execution(id: id) }
            let seen = after
            for line in try await blocking({ try engine.output(executionId: id, after: seen) }) {
                after = line.sequence
                try await events.send("st2.execution.output__create", outputDocument(line, execution), filter)
            }
            if execution.status != lastStatus {
                lastStatus = execution.status
                // The final update goes out even when its event was not asked for: it is the end.
                if execution.status.isCompleted {
                    try await events.send("st2.execution__update", ExecutionController.document(execution), filter, force: filter.endEvent != nil)
                    return
                }
                try await events.send("st2.execution__update", ExecutionController.document(execution), filter)
            }
            try await events.heartbeatIfIdle()
            try await Task.sleep(for: poll)
        }
    }

    /// Executions created and updated from now on, until the client goes (a failed write).
    static func announce(engine: Engine, filter: EventFilter, events: inout EventWriter) async throws {
        var known: [String: ExecutionStatus] = [:]
        for execution in try await blocking({ try engine.executions(ExecutionQuery(limit: 100)).items }) { known[execution.id] = execution.status }
        while true {
            let recent = try await blocking { try engine.executions(ExecutionQuery(limit: 100)).items }
            for execution in recent.reversed() {
                guard filter.wants(action: execution.action, execution: execution.id) else { continue }
                switch known[execution.id] {
                case nil:
                    try await events.send("st2.execution__create", ExecutionController.document(execution), filter)
                case let status? where status != execution.status:
                    try await events.send("st2.execution__update", ExecutionController.document(execution), filter)
                default: continue
                }
                known[execution.id] = execution.status
            }
            try await events.heartbeatIfIdle()
            try await Task.sleep(for: poll)
        }
    }

    static func outputDocument(_ line: OutputLine, _ execution: Execution) -> JSONValue {
        [
            "id": .string("\(line.executionId)-\(line.sequence)"), "execution_id": .string(line.executionId),
            "action_ref": .string(execution.action), "runner_ref": .string(execution.runner),
            "timestamp": .string(Timestamps.format(line.timestamp)), "output_type": .string(line.stream.rawValue),
            "data": .string(line.line + "\n"),
        ]
    }

    private func find(_ id: String) async throws -> Execution {
        let engine = self.engine
        guard let execution = try await blocking({ try? engine.execution(id: id) }) else {
            throw APIError(.notFound, "Resource with a id \"\(id)\" not found")
        }
        return execution
    }
}

/// Which events a stream client asked for (`events`, with shell-style `*`; `action_refs`, `execution_ids`).
struct EventFilter: Sendable {
    var events: [String]
    var actionRefs: Set<String>?
    var executionIds: Set<String>?
    var endEvent: String?

    static let defaults = ["st2.announcement__*", "st2.execution__create", "st2.execution__update", "st2.execution__delete",
                           "st2.liveaction__create", "st2.liveaction__update", "st2.liveaction__delete"]

    init(_ request: Request) {
        events = request.query("events").map { $0.split(separator: ",").map { String($0) } } ?? Self.defaults
        actionRefs = request.query("action_refs").map { Set($0.split(separator: ",").map { String($0) }) }
        executionIds = request.query("execution_ids").map { Set($0.split(separator: ",").map { String($0) }) }
        endEvent = request.query("end_event")
    }

    func wants(_ event: String) -> Bool {
        events.contains { pattern in
            pattern.hasSuffix("*") ? event.hasPrefix(String(pattern.dropLast())) : event == pattern
        }
    }

    func wants(action: String, execution: String) -> Bool {
        (actionRefs.map { $0.contains(action) } ?? true) && (executionIds.map { $0.contains(execution) } ?? true)
    }
}

/// Writes `event:`/`data:` blocks, one chunk each, and heartbeats after silence.
struct EventWriter {
    var writer: any ResponseBodyWriter
    var lastWrite = Date()

    mutating func raw(_ text: String) async throws {
        try await writer.write(ByteBuffer(string: text))
        lastWrite = Date()
    }

    mutating func send(_ event: String, _ data: JSONValue, _ filter: EventFilter, force: Bool = false) async throws {
        guard force || filter.wants(event) else { return }
        try await raw("event: \(event)\ndata: \(data.jsonString())\n\n")
    }

    mutating func heartbeatIfIdle() async throws {
        if Date().timeIntervalSince(lastWrite) >= StreamController.heartbeat { try await raw("\n") }
    }
}
