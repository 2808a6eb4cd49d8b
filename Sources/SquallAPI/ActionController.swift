import Foundation
import Hummingbird
import SquallEngine
import SquallModel

/// `/api/v1/actions`: the loaded actions (`st2 action list|get`, and `st2 run`'s first look-up).
struct ActionController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("actions", use: list)
        group.get("actions/{ref_or_id}", use: show)
    }

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let actions = engine.actions(inPack: request.query("pack"))
        return try Paging.page(actions.map(Self.document), request: request, defaultLimit: nil)
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let ref = ResourceID.ref(try context.parameters.require("ref_or_id"))
        guard let action = try? engine.action(ref) else { throw APIError(.notFound, "Resource with a reference or id \"\(ref)\" not found") }
        return JSONResponse.make(Self.document(action))
    }

    static func document(_ action: Action) -> JSONValue {
        .compact([
            "id": .string(ResourceID.of(action.ref)), "ref": .string(action.ref), "uid": .string("action:\(action.pack):\(action.name)"),
            "pack": .string(action.pack), "name": .string(action.name), "runner_type": .string(action.runnerType),
            "description": action.description.map(JSONValue.string), "enabled": .bool(action.enabled),
            "entry_point": .string(action.entryPoint ?? ""), "parameters": ParameterSpec.st2Schemas(action.parameters),
            "output_schema": action.outputSchema, "tags": .array(action.tags),
        ])
    }
}
