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
            "entry_point": .string(action.entryPoint ?? ""), "parameters": ParameterSchemas.document(action.parameters),
            "output_schema": action.outputSchema, "tags": .array(action.tags),
        ])
    }
}

/// Parameter schemas as st2 serves them, secrets' defaults masked.
enum ParameterSchemas {
    static func document(_ parameters: [String: ParameterSpec]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for (name, spec) in parameters {
            var schema: [String: JSONValue] = [:]
            if let type = spec.type { schema["type"] = .string(type.rawValue) }
            if let description = spec.description { schema["description"] = .string(description) }
            if spec.required { schema["required"] = true }
            if spec.immutable { schema["immutable"] = true }
            if spec.secret { schema["secret"] = true }
            if let position = spec.position { schema["position"] = .int(position) }
            if let values = spec.enumValues { schema["enum"] = .array(values) }
            if let value = spec.defaultValue { schema["default"] = spec.secret ? .string(maskedSecret) : value }
            out[name] = .object(schema)
        }
        return .object(out)
    }
}
