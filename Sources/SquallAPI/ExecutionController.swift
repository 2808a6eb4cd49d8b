import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/executions`: run (`st2 run`, sync and `-a`), list, get, output, cancel, re-run.
/// Executions started here run in the server process, on a thread each (Engine.startInBackground).
struct ExecutionController {
    let engine: Engine
    /// Completed executions' documents as `list` rendered them (ExecutionController+List).
    let documentCache = ExecutionDocumentCache()
    /// Whole list replies, while the store is unchanged (ExecutionPageCache).
    let pageCache = ExecutionPageCache()

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("executions", use: list)
        group.post("executions", use: create)
        group.get("executions/{id}", use: show)
        group.delete("executions/{id}", use: cancel)
        group.get("executions/{id}/output", use: output)
        group.post("executions/{id}/re_run", use: rerun)
        group.get("executions/{id}/children", use: children)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let key = request.uri.query ?? ""
        let version = engine.storeChangeVersion()
        if let version, let page = pageCache.page(key, version: version) {
            return JSONResponse.list(body: page.body, total: page.total, limit: page.limit)
        }
        var query = ExecutionQuery()
        query.action = request.query("action")
        if let status = request.query("status") {
            guard let parsed = ExecutionStatus(rawValue: status) else { throw APIError(.badRequest, "status: '\(status)' is not an execution status") }
            query.status = parsed
        }
        query.user = request.query("user")
        query.triggerInstance = request.query("trigger_instance")
        // `parent=null` (the client's default) means top-level only.
        if let parent = request.query("parent") {
            if parent == "null" { query.topLevelOnly = true } else { query.parent = parent }
        }
        query.startedAfter = try Self.date(request, "timestamp_gt")
        query.startedBefore = try Self.date(request, "timestamp_lt")
        let limit = try request.queryLimit(default: 100)
        query.limit = limit ?? Int(Int32.max)
        query.offset = try request.queryOffset()
        let includeResult = ResultAttribute.requested(by: request)
        query.includeResults = includeResult
        let ascending = try request.queryBool("sort_asc") == true
        let finalQuery = query
        let (body, total) = try await blocking { [self] in try renderedPage(finalQuery, includeResult: includeResult, ascending: ascending) }
        // Kept at the version read before the page: see ExecutionPageCache.keep.
        if let version { pageCache.keep(.init(body: body, total: total, limit: limit), for: key, readAt: version) }
        return JSONResponse.list(body: body, total: total, limit: limit)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let execution = try await find(try context.parameters.require("id"))
        let dropResult = request.query("exclude_attributes")?.split(separator: ",").contains("result") ?? false
        let engine = self.engine
        let children = try await blocking { try engine.childIds(of: execution) }
        return JSONResponse.make(Self.document(execution, includeResult: !dropResult, children: children))
    }

    @Sendable func create(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        guard let ref = body["action"]?.stringValue, !ref.isEmpty else { throw APIError(.badRequest, "action: a string (the action's ref) is required") }
        guard (try? engine.action(ref)) != nil else { throw APIError(.badRequest, "Action \"\(ref)\" cannot be found.") }
        var parameters: [String: JSONValue] = [:]
        if let given = body["parameters"], !given.isNull {
            guard let object = given.objectValue else { throw APIError(.badRequest, "parameters: must be an object") }
            parameters = object
        }
        if let delay = body["delay"], !delay.isNull, delay.intValue != 0 {
            throw APIError(.badRequest, "delay: delayed executions are not supported yet")
        }
        var executionContext: [String: JSONValue] = [:]
        if let trace = body["context"]?["trace_context"] { executionContext["trace_context"] = trace }
        // `"user": null` means the requester; naming another user is for admins (as st2 with RBAC).
        var user = principal.user
        if let named = body["user"]?.stringValue, !named.isEmpty, named != principal.user {
            guard principal.isAdmin else { throw APIError(.forbidden, "only an admin may run an action as another user") }
            user = named
        }
        let executionRequest = ExecutionRequest(actionRef: ref, parameters: parameters, user: user, context: executionContext)
        let engine = self.engine
        let execution = try await blocking { try engine.startInBackground(executionRequest) }
        return JSONResponse.make(Self.document(execution), status: .created)
    }

    @Sendable func cancel(request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let existing = try await find(id)
        // st2 answers 200 with a faultstring when it cannot cancel, and the client prints it.
        if existing.status.isCompleted && existing.status != .canceled {
            return JSONResponse.make(["faultstring": .string("Action cannot be canceled. State = \(existing.status.rawValue).")])
        }
        if existing.status == .canceled { return JSONResponse.make(Self.document(existing)) }
        let engine = self.engine
        do {
            let canceled = try await blocking { try engine.cancel(id: existing.id) }
            return JSONResponse.make(Self.document(canceled))
        } catch EngineError.badInput {
            // Completed between the look-up and the cancel.
            let now = try await find(existing.id)
            return JSONResponse.make(["faultstring": .string("Action cannot be canceled. State = \(now.status.rawValue).")])
        }
    }

    @Sendable func output(request: Request, context: APIRequestContext) async throws -> Response {
        let execution = try await find(try context.parameters.require("id"))
        let only = request.query("output_type").flatMap { $0 == "all" ? nil : OutputStreamKind(rawValue: $0) }
        let engine = self.engine
        let lines = try await blocking { try engine.output(executionId: execution.id) }
        let text = lines.filter { only == nil || $0.stream == only }.map { $0.line + "\n" }.joined()
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func rerun(request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.jsonObject(maxBytes: engine.settings.api.maxBodyBytes)
        let id = try context.parameters.require("id")
        var overrides: [String: JSONValue] = [:]
        if let given = body["parameters"], !given.isNull {
            guard let object = given.objectValue else { throw APIError(.badRequest, "parameters: must be an object") }
            overrides = object
        }
        let tasks = try Self.names(body["tasks"], field: "tasks"), reset = try Self.names(body["reset"], field: "reset")
        let engine = self.engine, given = overrides
        let execution = try await blocking {
            var rerun = try engine.rerunRequest(id: id, overrides: given, tasks: tasks, reset: reset)
            rerun.user = principal.user
            return try engine.startInBackground(rerun)
        }
        return JSONResponse.make(Self.document(execution), status: .created)
    }

    /// A list of task names (`tasks`, `reset` of a re-run); absent or null is none. openapi.yaml's
    /// body check refuses anything but a list or null first; the items (names) are checked here.
    private static func names(_ value: JSONValue?, field: String) throws -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count else {
            throw APIError(.badRequest, "\(field): must be a list of task names")
        }
        return names
    }

    /// The execution with this id (`last`: the newest), else 404 in st2's words.
    func find(_ id: String) async throws -> Execution {
        let engine = self.engine
        if id == "last" {
            guard let newest = try await blocking({ try engine.executions(ExecutionQuery(limit: 1)).items.first }) else {
                throw APIError(.notFound, "No executions found")
            }
            return newest
        }
        guard let execution = try await blocking({ try? engine.execution(id: id) }) else {
            throw APIError(.notFound, "Resource with a id \"\(id)\" not found")
        }
        return execution
    }

    private static func date(_ request: Request, _ name: String) throws -> Date? {
        guard let text = request.query(name) else { return nil }
        guard let date = ISO8601Timestamp.parse(text) else { throw APIError(.badRequest, "\(name): '\(text)' is not an ISO 8601 timestamp") }
        return date
    }

    /// st2's execution document; empty and null fields omitted as st2 does. `children`: the ids
    /// of the executions it started (Engine.childIds), which st2client marks workflows by.
    static func document(_ execution: Execution, includeResult: Bool = true, children: [String] = []) -> JSONValue {
        let name = execution.action.split(separator: ".", maxSplits: 1).last.map(String.init) ?? execution.action
        let pack = execution.action.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        var document: [String: JSONValue] = [
            "id": .string(execution.id), "status": .string(execution.status.rawValue),
            "action": ["ref": .string(execution.action), "name": .string(name), "pack": .string(pack),
                       "runner_type": .string(execution.runner)],
            "runner": ["name": .string(execution.runner)],
            "liveaction": ["id": .string(execution.id), "parameters": .object(execution.parameters)],
            "start_timestamp": .string(Timestamps.format(execution.startTimestamp)),
            "log": .array(execution.log.map { ["status": .string($0.status.rawValue), "timestamp": .string(Timestamps.format($0.timestamp))] }),
        ]
        if !execution.parameters.isEmpty { document["parameters"] = .object(execution.parameters) }
        if !execution.context.isEmpty {
            // The child's pid is squall's bookkeeping, not st2's.
            var context = execution.context
            context["child_pid"] = nil
            document["context"] = .object(context)
        }
        if let end = execution.endTimestamp {
            document["end_timestamp"] = .string(Timestamps.format(end))
            document["elapsed_seconds"] = .double((end.timeIntervalSince(execution.startTimestamp) * 1000).rounded() / 1000)
        }
        if includeResult, let result = execution.result, !result.isNull { document["result"] = result }
        if let parent = execution.context["parent"]?["execution_id"]?.stringValue { document["parent"] = .string(parent) }
        if !children.isEmpty { document["children"] = .array(children.map { .string($0) }) }
        return .object(document)
    }
}

/// ISO 8601 timestamps as the client sends them (with or without fraction and zone).
enum ISO8601Timestamp {
    static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        return plain.date(from: text + "Z")
    }
}
