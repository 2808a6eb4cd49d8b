import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/triggerinstances`: what the rules engine received, newest first (`st2 trigger-instance list`).
struct TriggerInstanceController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("triggerinstances", use: list)
        group.get("triggerinstances/{id}", use: show)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let trigger = request.query("trigger")
        var status: TriggerInstanceStatus? = nil
        if let text = request.query("status") {
            guard let parsed = TriggerInstanceStatus(rawValue: text) else { throw APIError(.badRequest, "status: '\(text)' is not a trigger instance status") }
            status = parsed
        }
        let limit = try request.queryLimit(default: 100)
        let engine = self.engine, only = status
        let instances = try await blocking { try engine.triggerInstances(trigger: trigger, status: only, limit: limit ?? Int(Int32.max)) }
        return JSONResponse.list(instances.map(Self.document), limit: limit)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let engine = self.engine
        guard let instance = try await blocking({ try? engine.triggerInstance(id: id) }) else {
            throw APIError(.notFound, "Resource with a id \"\(id)\" not found")
        }
        return JSONResponse.make(Self.document(instance))
    }

    static func document(_ instance: TriggerInstanceRecord) -> JSONValue {
        [
            "id": .string(instance.id), "trigger": .string(instance.trigger), "payload": instance.payload,
            "occurrence_time": .string(Timestamps.format(instance.occurrenceTime)), "status": .string(instance.status.rawValue),
        ]
    }
}
